// Labelled inputs for the draft: each names its field path, so the server's problems for that
// path appear under it and the problem summary can move focus to it.
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react';
import type { LocalizedText } from '../../../domain/surveys/definition.ts';
import { useEditor, useProblems } from './context.tsx';
import { fieldId, LANGUAGE_NAMES, withText } from './draft.ts';

interface Shell {
  label: string;
  path: string;
  hint?: ReactNode;
  exact?: boolean;
}

/** "must be at least 1" reads best after the label; other messages stand alone. */
const sentence = (label: string, message: string) =>
  /^must\b/.test(message) ? `${label} ${message}.` : `${message.charAt(0).toUpperCase()}${message.slice(1)}${/[.!?]$/.test(message) ? '' : '.'}`;

function useShell({ label, path, hint, exact }: Shell) {
  const id = fieldId(path);
  const messages = useProblems(path, exact);
  const describedBy = [hint ? `${id}-hint` : '', messages.length ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const control = { id, 'aria-invalid': messages.length ? true : undefined, 'aria-describedby': describedBy } as const;
  const shell = (child: ReactNode) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {child}
      {messages.length > 0 && (
        <p id={`${id}-error`} className="field-error">
          {messages.map((m) => sentence(label, m)).join(' ')}
        </p>
      )}
    </div>
  );
  return { control, shell };
}

/** A text in the language being edited; other languages are kept. The default language's text is the hint when translating. */
export function LocalizedField({
  label,
  path,
  value,
  onChange,
  multiline = false,
  hint,
}: Shell & { value: LocalizedText | undefined; onChange: (next: LocalizedText) => void; multiline?: boolean }) {
  const { language, definition, readOnly } = useEditor();
  const source = definition.defaultLanguage;
  const original = language !== source ? value?.[source] : undefined;
  const sourceHint = original ? `${LANGUAGE_NAMES[source]}: ${original}` : undefined;
  const { control, shell } = useShell({ label: `${label} (${LANGUAGE_NAMES[language]})`, path, hint: sourceHint ?? hint });
  const common = {
    ...control,
    value: value?.[language] ?? '',
    readOnly,
    onChange: (e: { target: { value: string } }) => onChange(withText(value, language, e.target.value)),
  };
  return shell(multiline ? <textarea rows={3} {...common} /> : <input type="text" {...common} />);
}

export function InputField({ label, path, hint, exact, ...input }: Shell & Omit<InputHTMLAttributes<HTMLInputElement>, 'id'>) {
  const { readOnly } = useEditor();
  const { control, shell } = useShell({ label, path, hint, exact });
  return shell(<input type="text" readOnly={readOnly} {...input} {...control} />);
}

export function ChoiceField({ label, path, hint, exact, children, ...select }: Shell & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'>) {
  const { readOnly } = useEditor();
  const { control, shell } = useShell({ label, path, hint, exact });
  return shell(
    <select disabled={readOnly} {...select} {...control}>
      {children}
    </select>,
  );
}

export function CheckField({ label, checked, onChange }: { label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  const { readOnly } = useEditor();
  return (
    <label className="checkbox">
      <input type="checkbox" checked={checked} disabled={readOnly} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}

/** A group of checkboxes (categories, answers, attribute values) with the problems of its path. */
export function CheckGroup({
  legend,
  path,
  options,
  selected,
  onChange,
}: {
  legend: string;
  path: string;
  options: { value: string; label: string }[];
  selected: readonly string[];
  onChange: (values: string[]) => void;
}) {
  const id = fieldId(path);
  const messages = useProblems(path);
  return (
    <fieldset className="fieldset" id={id} tabIndex={-1} aria-describedby={messages.length ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      <div className="check-row">
        {options.map((option) => (
          <CheckField
            key={option.value}
            label={option.label}
            checked={selected.includes(option.value)}
            onChange={(on) => onChange(on ? [...selected, option.value] : selected.filter((v) => v !== option.value))}
          />
        ))}
      </div>
      {messages.length > 0 && (
        <p id={`${id}-error`} className="field-error">
          {messages.map((m) => sentence(legend, m)).join(' ')}
        </p>
      )}
    </fieldset>
  );
}
