// One custom attribute as a form control of its type, and the conversions between the
// stored value and what the control holds.
import type { AttributeDefinition, AttributeValue } from '../api.ts';
import { formatDate, formatNumber } from '../format.ts';
import { SelectField, TextField } from './Field.tsx';

interface Props {
  definition: AttributeDefinition;
  /** The form name of the control (`attributes.<key>` in forms, so server messages find it). */
  name: string;
  defaultValue?: AttributeValue;
  /** The label of the empty choice of a select ("Not set", "Any"). */
  emptyLabel: string;
  error?: unknown;
  label?: string;
  onChange?: (value: string) => void;
}

/** The control's text for a stored value. */
export const attributeText = (value: AttributeValue | undefined) => (value === undefined ? '' : String(value));

/** The value to store for a control's text: empty text is null (no value). */
export function attributeFromText(definition: AttributeDefinition, text: string): AttributeValue | null {
  if (text === '') return null;
  if (definition.type === 'number') return Number(text);
  if (definition.type === 'boolean') return text === 'true';
  return text;
}

export function AttributeInput({ definition, name, defaultValue, emptyLabel, error, label = definition.label, onChange }: Props) {
  const text = attributeText(defaultValue);
  const change = onChange ? (event: { target: { value: string } }) => onChange(event.target.value) : undefined;
  if (definition.type === 'boolean' || definition.type === 'list') {
    return (
      <SelectField label={label} name={name} defaultValue={text} error={error} onChange={change}>
        <option value="">{emptyLabel}</option>
        {definition.type === 'boolean' ? (
          <>
            <option value="true">Yes</option>
            <option value="false">No</option>
          </>
        ) : (
          definition.allowedValues?.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))
        )}
      </SelectField>
    );
  }
  const type = definition.type === 'number' ? 'number' : definition.type === 'date' ? 'date' : 'text';
  return <TextField label={label} name={name} type={type} step={type === 'number' ? 'any' : undefined} defaultValue={text} error={error} onChange={change} />;
}

/** A stored value as people read it. */
export function attributeDisplay(definition: AttributeDefinition, value: AttributeValue | undefined): string | null {
  if (value === undefined) return null;
  if (definition.type === 'boolean') return value ? 'Yes' : 'No';
  if (definition.type === 'number' && typeof value === 'number') return formatNumber(value);
  if (definition.type === 'date' && typeof value === 'string') return formatDate(value);
  return String(value);
}
