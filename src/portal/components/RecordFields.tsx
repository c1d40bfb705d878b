// The fields contacts and accounts share in their forms: who owns the record, where it is placed in
// the organisation, and the workspace's custom attributes.
import type { AttributeDefinition, AttributeValue, Unit } from '../api.ts';
import { AttributeInput, attributeFromText } from './AttributeInput.tsx';
import { MemberPicker } from './MemberPicker.tsx';
import { UnitSelect } from './UnitSelect.tsx';

export function PlacementFields({
  units,
  ownerMemberId,
  unitId,
  isNew,
  error,
}: {
  units: Unit[];
  ownerMemberId: string | null;
  unitId: string;
  isNew: boolean;
  error: unknown;
}) {
  return (
    <>
      <MemberPicker label="Owner" name="ownerMemberId" initial={ownerMemberId} error={error} />
      <UnitSelect
        label="Unit"
        name="unitId"
        units={units}
        defaultValue={unitId}
        emptyOption={isNew ? "The owner's unit (or yours)" : undefined}
        error={error}
      />
    </>
  );
}

export function AttributeFieldset({
  definitions,
  values,
  error,
}: {
  definitions: AttributeDefinition[];
  values: Record<string, AttributeValue> | undefined;
  error: unknown;
}) {
  if (definitions.length === 0) return null;
  return (
    <fieldset className="stack fieldset">
      <legend>Attributes</legend>
      {definitions.map((definition) => (
        <AttributeInput
          key={definition.id}
          definition={definition}
          name={`attributes.${definition.key}`}
          defaultValue={values?.[definition.key]}
          emptyLabel="Not set"
          error={error}
        />
      ))}
    </fieldset>
  );
}

/**
 * The attributes a form submits: a new record gets only the values given; a change also clears the
 * ones emptied (sent as null), and leaves alone those that were never set.
 */
export function attributesFromForm(
  definitions: AttributeDefinition[],
  text: (name: string) => string,
  stored: Record<string, AttributeValue> | undefined,
): Record<string, AttributeValue | null> {
  const attributes: Record<string, AttributeValue | null> = {};
  for (const definition of definitions) {
    const value = attributeFromText(definition, text(`attributes.${definition.key}`));
    if (value !== null || stored?.[definition.key] !== undefined) attributes[definition.key] = value;
  }
  return attributes;
}
