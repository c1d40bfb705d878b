// The names a list shows beside a contact's or account's unit and owner ids, joined in the list
// query (no lookup per row). A name the reader may not see is null, as a read of it would be 404.
import { type Actor, canViewMember, canViewUnit } from '../access/index.ts';

/** The joined columns: the row's unit, and its owner with the owner's unit path. */
export interface NameColumns {
  unit_id: string;
  unit_path: string;
  unit_name: string;
  owner_member_id: string | null;
  owner_name: string | null;
  owner_unit_path: string | null;
}

export const visibleNames = (actor: Actor, row: NameColumns) => ({
  unitName: canViewUnit(actor, { id: row.unit_id, path: row.unit_path }) ? row.unit_name : null,
  ownerName:
    row.owner_member_id !== null &&
    row.owner_name !== null &&
    row.owner_unit_path !== null &&
    canViewMember(actor, { id: row.owner_member_id, unitPath: row.owner_unit_path })
      ? row.owner_name
      : null,
});
