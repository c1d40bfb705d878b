// Which contacts: the contact list's filters, shared by the list (GET /contacts) and waves, which
// store a filter and evaluate it again every day. A filter is first resolved against the
// workspace (the unit's path, attribute values in their defined type), then applied as SQL
// conditions to any query over `contacts as c` joined with `units as u`.
import { type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../access/index.ts';
import { loadVisibleUnit } from '../organisation/index.ts';
import type { AttributeValue, ConsentState } from '../views.ts';
import { loadAttributeRules } from './attributes.ts';
import { checkAttributeValue } from './fields.ts';

const Uuid = z.uuid({ message: 'must be a UUID such as 3f0c6f5e-8a43-4b8e-9c1e-2b7f1f0e5d2a' });

export const ContactFilter = z
  .object({
    unitId: Uuid.optional(),
    /** With unitId: also the contacts of the units below it. */
    subtree: z.boolean().optional(),
    ownerMemberId: Uuid.optional(),
    accountId: Uuid.optional(),
    segment: z.string().max(200).optional(),
    language: z.string().max(35).optional(),
    consent: z.enum(['unknown', 'granted', 'withdrawn']).optional(),
    attributes: z
      .record(z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be an attribute key'), z.union([z.string().max(200), z.number(), z.boolean()]))
      .optional()
      .meta({ description: 'Attribute key → value; compared in the attribute\'s defined type ("42" matches the number 42).' }),
    q: z.string().trim().min(1).max(200).optional().meta({ description: 'Search in name, email and external id.' }),
  })
  .strict()
  .meta({ id: 'ContactFilter', description: 'Which contacts: every given condition must hold.' });
export type ContactFilter = z.infer<typeof ContactFilter>;

/** A filter checked against the workspace, ready to become SQL. */
export interface ResolvedContactFilter {
  unit?: { id: string; path: string; subtree: boolean };
  ownerMemberId?: string;
  accountId?: string;
  segment?: string;
  language?: string;
  consent?: ConsentState;
  /** Values in their attribute's type, matched with jsonb containment. */
  attributes?: Record<string, AttributeValue>;
  q?: string;
}

/**
 * Checks the filter's unit (visible to the actor, else 404) and attributes (defined, and a value of
 * their type, else 400 naming `${field(key)}`).
 */
export async function resolveContactFilter(
  db: Db,
  actor: Actor,
  filter: ContactFilter,
  attributeField: (key: string) => string,
): Promise<ResolvedContactFilter> {
  const resolved: ResolvedContactFilter = {
    ownerMemberId: filter.ownerMemberId,
    accountId: filter.accountId,
    segment: filter.segment,
    language: filter.language,
    consent: filter.consent,
    q: filter.q,
  };
  if (filter.unitId) {
    const unit = await loadVisibleUnit(db, actor, filter.unitId);
    resolved.unit = { id: unit.id, path: unit.path, subtree: filter.subtree ?? false };
  }
  const entries = Object.entries(filter.attributes ?? {});
  if (entries.length > 0) {
    const rules = await loadAttributeRules(db, actor.workspaceId);
    const wanted: Record<string, AttributeValue> = {};
    for (const [key, raw] of entries) {
      const rule = rules.get(key);
      if (!rule) throw AppError.invalid(attributeField(key), `is not a defined attribute (defined: ${[...rules.keys()].sort().join(', ') || 'none yet'})`);
      const checked = checkAttributeValue(rule, raw);
      if (!checked.ok) throw AppError.invalid(attributeField(key), checked.message);
      wanted[key] = checked.value;
    }
    resolved.attributes = wanted;
  }
  return resolved;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The filter's conditions on `c` (contacts) and `u` (the contact's unit); all must hold. */
export function contactFilterConditions(filter: ResolvedContactFilter): RawBuilder<boolean>[] {
  const conditions: RawBuilder<boolean>[] = [];
  if (filter.unit) {
    conditions.push(filter.unit.subtree ? sql<boolean>`u.path like ${`${filter.unit.path}%`}` : sql<boolean>`c.unit_id = ${filter.unit.id}`);
  }
  if (filter.ownerMemberId) conditions.push(sql<boolean>`c.owner_member_id = ${filter.ownerMemberId}`);
  if (filter.accountId) conditions.push(sql<boolean>`c.account_id = ${filter.accountId}`);
  if (filter.segment) conditions.push(sql<boolean>`c.segment = ${filter.segment}`);
  if (filter.language) conditions.push(sql<boolean>`c.language = ${filter.language}`);
  if (filter.consent) conditions.push(sql<boolean>`c.consent = ${filter.consent}`);
  if (filter.q) {
    const pattern = likePattern(filter.q);
    conditions.push(
      sql<boolean>`(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '') ilike ${pattern} or c.email ilike ${pattern} or c.external_id ilike ${pattern})`,
    );
  }
  if (filter.attributes && Object.keys(filter.attributes).length > 0) {
    conditions.push(sql<boolean>`c.attributes @> ${JSON.stringify(filter.attributes)}::jsonb`);
  }
  return conditions;
}

/** Narrows a query over `contacts as c` joined with `units as u` to the contacts the filter matches. */
export function applyContactFilter<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  filter: ResolvedContactFilter,
): SelectQueryBuilder<DB, TB, O> {
  let q = query;
  for (const condition of contactFilterConditions(filter)) q = q.where(condition);
  return q;
}
