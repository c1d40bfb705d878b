// The shared path of every account write (one account or ten thousand): check and normalise the
// fields, resolve owners and units in bulk, then merge a change into the stored row.
import type { Account, Db } from '../../db/index.ts';
import type { FieldProblem } from '../../errors.ts';
import type { Actor } from '../access/index.ts';
import type { AttributeValue } from '../views.ts';
import { loadAttributeRules } from './attributes.ts';
import { checkAttributes, mergeAttributes } from './fields.ts';
import { loadReferences, mentionsOwner, mentionsUnit, ownerField, type RefInput, unitField } from './references.ts';

/** An account as a caller sends it: absent fields stay as they are, null clears a field. */
export interface AccountInput extends Omit<RefInput, 'accountId' | 'accountExternalId'> {
  name?: string;
  externalId?: string | null;
  segment?: string | null;
  revenue?: number | null;
  attributes?: Record<string, unknown>;
}

/** The columns a write sets. */
export interface AccountValues {
  name: string;
  external_id: string | null;
  segment: string | null;
  revenue: number | null;
  owner_member_id: string | null;
  unit_id: string;
  attributes: Record<string, AttributeValue>;
}

export type AccountChange = Partial<Omit<AccountValues, 'attributes'>> & { attributes?: Record<string, AttributeValue | null> };

const text = (value: string | null | undefined) => (value === undefined ? undefined : value === null || value.trim() === '' ? null : value.trim());

/**
 * Checks and normalises each input; `field(i, name)` names a field of input i in problems
 * (`body.name`, `body.accounts.12.name`). A change is null where its input has problems.
 */
export async function prepareAccounts(
  db: Db,
  actor: Actor,
  inputs: AccountInput[],
  field: (index: number, name: string) => string,
): Promise<{ changes: (AccountChange | null)[]; problems: FieldProblem[] }> {
  const [rules, refs] = await Promise.all([loadAttributeRules(db, actor.workspaceId), loadReferences(db, actor, inputs)]);
  const problems: FieldProblem[] = [];
  const changes = inputs.map((input, i) => {
    const before = problems.length;
    const change: AccountChange = {};
    if (input.name !== undefined) change.name = input.name.trim();
    const externalId = text(input.externalId);
    if (externalId !== undefined) change.external_id = externalId;
    const segment = text(input.segment);
    if (segment !== undefined) change.segment = segment;
    if (input.revenue !== undefined) change.revenue = input.revenue;
    if (input.attributes !== undefined) change.attributes = checkAttributes(rules, input.attributes, field(i, 'attributes'), problems);
    if (mentionsOwner(input)) {
      const owner = refs.member(input);
      if (owner === undefined) {
        problems.push({ field: field(i, ownerField(input)), message: 'names no member you may see in this workspace' });
      } else {
        change.owner_member_id = owner?.id ?? null;
        // An account's unit follows its owner unless a unit is given.
        if (owner && !mentionsUnit(input)) change.unit_id = owner.unitId;
      }
    }
    if (mentionsUnit(input)) {
      const unit = refs.unit(input);
      if (!unit) problems.push({ field: field(i, unitField(input)), message: 'names no unit you may see in this workspace' });
      else change.unit_id = unit.id;
    }
    return problems.length === before ? change : null;
  });
  return { changes, problems };
}

export const accountValuesOf = (row: Account): AccountValues => ({
  name: row.name,
  external_id: row.external_id,
  segment: row.segment,
  revenue: row.revenue === null ? null : Number(row.revenue),
  owner_member_id: row.owner_member_id,
  unit_id: row.unit_id,
  attributes: mergeAttributes(row.attributes ?? {}, {}),
});

/** The stored values after a change. */
export const applyAccountChange = (stored: AccountValues, change: AccountChange): AccountValues => ({
  ...stored,
  ...change,
  attributes: change.attributes ? mergeAttributes(stored.attributes, change.attributes) : stored.attributes,
});

export const sameAccountValues = (a: AccountValues, b: AccountValues) => JSON.stringify(a) === JSON.stringify({ ...a, ...b });

/** What an audit entry says about an account. */
export const accountSnapshot = (v: AccountValues) => ({ name: v.name, externalId: v.external_id, unitId: v.unit_id, ownerMemberId: v.owner_member_id });
