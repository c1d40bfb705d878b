// The choices of a single or multiple choice question: key, label in the editing language, order.
import type { LocalizedText } from '../../../domain/surveys/definition.ts';
import { useEditor, useProblems } from './context.tsx';
import { fieldId, moved } from './draft.ts';
import { InputField, LocalizedField } from './inputs.tsx';

interface Choice {
  key: string;
  label: LocalizedText;
}

export function ChoicesEditor({ choices, path, onChange }: { choices: Choice[]; path: string; onChange: (choices: Choice[]) => void }) {
  const { readOnly } = useEditor();
  const messages = useProblems(path, true);
  const set = (index: number, choice: Choice) => onChange(choices.map((c, n) => (n === index ? choice : c)));
  const add = () => {
    const used = new Set(choices.map((c) => c.key));
    let n = choices.length + 1;
    while (used.has(`option_${n}`)) n += 1;
    onChange([...choices, { key: `option_${n}`, label: {} }]);
  };
  return (
    <fieldset className="fieldset" id={fieldId(path)} tabIndex={-1}>
      <legend>Choices</legend>
      {messages.length > 0 && <p className="field-error">{messages.join(' ')}</p>}
      <ol className="choice-list">
        {choices.map((choice, index) => (
          // Choices are edited in place; their key is editable, so the position identifies them.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <li key={index} className="choice-row">
            <LocalizedField
              label={`Choice ${index + 1}`}
              path={`${path}.${index}.label`}
              value={choice.label}
              onChange={(label) => set(index, { ...choice, label })}
            />
            <InputField
              label={`Key of choice ${index + 1}`}
              path={`${path}.${index}.key`}
              value={choice.key}
              autoComplete="off"
              onChange={(e) => set(index, { ...choice, key: e.target.value })}
            />
            {!readOnly && (
              <div className="row-actions">
                <button type="button" className="button button-small" disabled={index === 0} onClick={() => onChange(moved(choices, index, index - 1))}>
                  Up<span className="visually-hidden"> (choice {index + 1})</span>
                </button>
                <button
                  type="button"
                  className="button button-small"
                  disabled={index === choices.length - 1}
                  onClick={() => onChange(moved(choices, index, index + 1))}
                >
                  Down<span className="visually-hidden"> (choice {index + 1})</span>
                </button>
                <button
                  type="button"
                  className="button button-small button-danger-quiet"
                  disabled={choices.length <= 2}
                  onClick={() => onChange(choices.filter((_, n) => n !== index))}
                >
                  Remove<span className="visually-hidden"> choice {index + 1}</span>
                </button>
              </div>
            )}
          </li>
        ))}
      </ol>
      {!readOnly && (
        <button type="button" className="button button-small" onClick={add}>
          Add a choice
        </button>
      )}
    </fieldset>
  );
}
