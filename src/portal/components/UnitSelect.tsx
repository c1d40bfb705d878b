// A select of units in tree order, indented by depth.
import type { Unit } from '../api.ts';
import { SelectField } from './Field.tsx';

interface Props {
  label: string;
  name: string;
  units: Unit[];
  defaultValue?: string;
  /** Units that cannot be chosen (a unit's own subtree when moving it). */
  exclude?: ReadonlySet<string>;
  /** A first option with an empty value, such as "All units". */
  emptyOption?: string;
  error?: unknown;
  hint?: string;
  onChange?: (unitId: string) => void;
}

export function UnitSelect({ label, name, units, defaultValue, exclude, emptyOption, error, hint, onChange }: Props) {
  const minDepth = Math.min(...units.map((u) => u.depth));
  return (
    <SelectField
      label={label}
      name={name}
      defaultValue={defaultValue}
      error={error}
      hint={hint}
      onChange={onChange ? (event) => onChange(event.target.value) : undefined}
    >
      {emptyOption !== undefined && <option value="">{emptyOption}</option>}
      {units
        .filter((unit) => !exclude?.has(unit.id))
        .map((unit) => (
          <option key={unit.id} value={unit.id}>
            {'\u00a0\u00a0\u00a0'.repeat(unit.depth - minDepth)}
            {unit.name}
          </option>
        ))}
    </SelectField>
  );
}

/** The ids of a unit and everything under it (units come parents first). */
export function subtreeOf(units: Unit[], rootId: string): Set<string> {
  const ids = new Set([rootId]);
  for (const unit of units) if (unit.parentId && ids.has(unit.parentId)) ids.add(unit.id);
  return ids;
}
