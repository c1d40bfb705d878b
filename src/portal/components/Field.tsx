// Labelled form controls that show the server's message for their field.
import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes, useId } from 'react';
import { ApiError } from '../api.ts';

interface FieldProps {
  label: string;
  name: string;
  /** The failed submission; its message for `name` is shown under the control. */
  error?: unknown;
  hint?: string;
  /** For controls whose purpose the surrounding table makes clear; screen readers still hear the label. */
  hideLabel?: boolean;
}

/** "must be at least 10 characters" reads best after the label; other messages stand alone. */
function sentence(label: string, message: string): string {
  if (/^must\b/.test(message)) return `${label} ${message}.`;
  return `${message.charAt(0).toUpperCase()}${message.slice(1)}${/[.!?]$/.test(message) ? '' : '.'}`;
}

function useField({ label, name, error, hint, hideLabel }: FieldProps) {
  const id = useId();
  const message = error instanceof ApiError ? error.fieldMessage(name) : undefined;
  const describedBy = [hint ? `${id}-hint` : '', message ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const control = { id, name, 'aria-invalid': message ? true : undefined, 'aria-describedby': describedBy } as const;
  const shell = (child: ReactNode) => (
    <div className="field">
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : undefined}>
        {label}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {child}
      {message && (
        <p id={`${id}-error`} className="field-error">
          {sentence(label, message)}
        </p>
      )}
    </div>
  );
  return { control, shell };
}

export function TextField({ label, name, error, hint, hideLabel, ...input }: FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'id'>) {
  const { control, shell } = useField({ label, name, error, hint, hideLabel });
  return shell(<input type="text" {...input} {...control} />);
}

export function SelectField({
  label,
  name,
  error,
  hint,
  hideLabel,
  children,
  ...select
}: FieldProps & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'name' | 'id'>) {
  const { control, shell } = useField({ label, name, error, hint, hideLabel });
  return shell(
    <select {...select} {...control}>
      {children}
    </select>,
  );
}

export function TextAreaField({
  label,
  name,
  error,
  hint,
  hideLabel,
  ...textarea
}: FieldProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'name' | 'id'>) {
  const { control, shell } = useField({ label, name, error, hint, hideLabel });
  return shell(<textarea {...textarea} {...control} />);
}
