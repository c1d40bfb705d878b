// The two choices of an import, each a group of radio buttons that says in plain words what it does.
import { useId } from 'react';
import type { Import } from '../../api.ts';
import { OWNER_LABELS, POLICY_LABELS } from './labels.ts';

type Choices = Record<string, { label: string; hint: string }>;

function RadioGroup<T extends string>({
  legend,
  name,
  choices,
  value,
  onChange,
}: {
  legend: string;
  name: string;
  choices: Choices & Record<T, { label: string; hint: string }>;
  value: T;
  onChange: (value: T) => void;
}) {
  const id = useId();
  return (
    <fieldset className="fieldset choices">
      <legend>{legend}</legend>
      {(Object.entries(choices) as [T, { label: string; hint: string }][]).map(([choice, { label, hint }]) => (
        <div key={choice} className="choice">
          <input
            type="radio"
            id={`${id}-${choice}`}
            name={name}
            value={choice}
            checked={value === choice}
            aria-describedby={`${id}-${choice}-hint`}
            onChange={() => onChange(choice)}
          />
          <label htmlFor={`${id}-${choice}`}>{label}</label>
          <p id={`${id}-${choice}-hint`} className="hint">
            {hint}
          </p>
        </div>
      ))}
    </fieldset>
  );
}

export interface Options {
  policy: Import['policy'];
  unknownOwners: Import['unknownOwners'];
}

export function ImportOptions({ value, onChange }: { value: Options; onChange: (value: Options) => void }) {
  return (
    <div className="form-grid">
      <RadioGroup
        legend="Rows with problems"
        name="policy"
        choices={POLICY_LABELS}
        value={value.policy}
        onChange={(policy) => onChange({ ...value, policy })}
      />
      <RadioGroup
        legend="Owners who are not members yet"
        name="unknownOwners"
        choices={OWNER_LABELS}
        value={value.unknownOwners}
        onChange={(unknownOwners) => onChange({ ...value, unknownOwners })}
      />
    </div>
  );
}
