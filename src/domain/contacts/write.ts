// The shared path of every contact write (one contact or ten thousand): check and normalise the
// fields, resolve owners, units and accounts in bulk, then merge a change into the stored row.
import { sql } from 'kysely';
import type { Consent, Contact, Db } from '../../db/index.ts';
import type { FieldProblem } from '../../errors.ts';
import type { Actor } from '../access/index.ts';
import type { AttributeValue } from '../views.ts';
import { loadAttributeRules } from './attributes.ts';
import { type AttributeRule, type Checked, checkAttributes, checkEmail, checkLanguage, checkPhone, checkTimeZone, mergeAttributes } from './fields.ts';
import { accountField, loadReferences, mentionsAccount, mentionsOwner, mentionsUnit, ownerField, type RefInput, unitField } from './references.ts';

/** A contact as a caller sends it: absent fields stay as they are, null clears a field. */
export interface ContactInput extends RefInput {
  externalId?: string | null;
  email?: string | null;
  phone?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  language?: string | null;
  timeZone?: string | null;
  segment?: string | null;
  consent?: Consent;
  attributes?: Record<string, unknown>;
}

/** The columns a write sets. */
export interface ContactValues {
  external_id: string | null;
  email: string | null;
  phone: string | null;
  first_name: string | null;
  last_name: string | null;
  language: string | null;
  time_zone: string | null;
  account_id: string | null;
  owner_member_id: string | null;
  unit_id: string;
  segment: string | null;
  consent: Consent;
  attributes: Record<string, AttributeValue>;
}

export type ContactChange = Partial<Omit<ContactValues, 'attributes'>> & { attributes?: Record<string, AttributeValue | null> };

const text = (value: string | null | undefined) => (value === undefined ? undefined : value === null || value.trim() === '' ? null : value.trim());

/** The workspace's country for phone numbers written without a country code (settings.defaultCountry, else DK). */
async function defaultCountry(db: Db, workspaceId: string): Promise<string> {
  const row = await sql<{ country: string | null }>`select settings ->> 'defaultCountry' as country from workspaces where id = ${workspaceId}`.execute(db);
  return row.rows[0]?.country ?? 'DK';
}

/**
 * Checks and normalises each input; `field(i, name)` names a field of input i in problems
 * (`body.email`, `body.contacts.12.email`). A change is null where its input has problems.
 * `normalised`: the caller has already checked every field with these rules and passes their canonical
 * values (a file import's rows), so only the references are resolved here.
 */
export async function prepareContacts(
  db: Db,
  actor: Actor,
  inputs: ContactInput[],
  field: (index: number, name: string) => string,
  options: { normalised?: boolean } = {},
): Promise<{ changes: (ContactChange | null)[]; problems: FieldProblem[] }> {
  const [rules, country, refs] = await Promise.all([
    options.normalised ? new Map<string, AttributeRule>() : loadAttributeRules(db, actor.workspaceId),
    options.normalised ? '' : defaultCountry(db, actor.workspaceId),
    loadReferences(db, actor, inputs),
  ]);
  const problems: FieldProblem[] = [];
  const changes = inputs.map((input, i) => {
    const before = problems.length;
    const change: ContactChange = {};
    const checked = <T>(name: string, value: string | null | undefined, check: (v: string) => Checked<T>): T | null | undefined => {
      const v = text(value);
      if (v === undefined || v === null || options.normalised) return v as T | null | undefined;
      const result = check(v);
      if (result.ok) return result.value;
      problems.push({ field: field(i, name), message: result.message });
      return undefined;
    };
    const set = <K extends keyof ContactChange>(key: K, value: ContactChange[K] | undefined) => {
      if (value !== undefined) change[key] = value;
    };
    set('external_id', text(input.externalId));
    set('email', checked('email', input.email, checkEmail));
    set(
      'phone',
      checked('phone', input.phone, (v) => checkPhone(v, country)),
    );
    set('first_name', text(input.firstName));
    set('last_name', text(input.lastName));
    set('language', checked('language', input.language, checkLanguage));
    set('time_zone', checked('timeZone', input.timeZone, checkTimeZone));
    set('segment', text(input.segment));
    set('consent', input.consent);
    if (input.attributes !== undefined) {
      change.attributes = options.normalised
        ? (input.attributes as Record<string, AttributeValue>)
        : checkAttributes(rules, input.attributes, field(i, 'attributes'), problems);
    }

    if (mentionsOwner(input)) {
      const owner = refs.member(input);
      if (owner === undefined) {
        problems.push({
          field: field(i, ownerField(input)),
          message: 'names no member you may see in this workspace; use the id, email or external id of a member',
        });
      } else {
        change.owner_member_id = owner?.id ?? null;
        // A contact's unit follows its owner unless a unit is given.
        if (owner && !mentionsUnit(input)) change.unit_id = owner.unitId;
      }
    }
    if (mentionsUnit(input)) {
      const unit = refs.unit(input);
      if (unit === undefined)
        problems.push({ field: field(i, unitField(input)), message: 'names no unit you may see in this workspace; use the id or external id of a unit' });
      else if (unit) change.unit_id = unit.id;
    }
    if (mentionsAccount(input)) {
      const account = refs.account(input);
      if (account === undefined)
        problems.push({ field: field(i, accountField(input)), message: 'names no account of this workspace; use the id or external id of an account' });
      else change.account_id = account;
    }
    return problems.length === before ? change : null;
  });
  return { changes, problems };
}

export const NO_CONTACT: Omit<ContactValues, 'unit_id'> = {
  external_id: null,
  email: null,
  phone: null,
  first_name: null,
  last_name: null,
  language: null,
  time_zone: null,
  account_id: null,
  owner_member_id: null,
  segment: null,
  consent: 'unknown',
  attributes: {},
};

export const valuesOf = (row: Pick<Contact, keyof ContactValues>): ContactValues => ({
  external_id: row.external_id,
  email: row.email,
  phone: row.phone,
  first_name: row.first_name,
  last_name: row.last_name,
  language: row.language,
  time_zone: row.time_zone,
  account_id: row.account_id,
  owner_member_id: row.owner_member_id,
  unit_id: row.unit_id,
  segment: row.segment,
  consent: row.consent,
  attributes: mergeAttributes(row.attributes ?? {}, {}),
});

/** The stored values after a change. */
export const applyChange = (stored: ContactValues, change: ContactChange): ContactValues => ({
  ...stored,
  ...change,
  attributes: change.attributes ? mergeAttributes(stored.attributes, change.attributes) : stored.attributes,
});

export const sameValues = (a: ContactValues, b: ContactValues) => JSON.stringify(a) === JSON.stringify({ ...a, ...b });

/** Where a new contact goes when neither a unit nor an owner is given: the creator's unit, or the root for API keys. */
export async function defaultUnitId(db: Db, actor: Actor): Promise<string> {
  if (actor.kind === 'user') return actor.unitId;
  const root = await db.selectFrom('units').select('id').where('workspace_id', '=', actor.workspaceId).where('parent_id', 'is', null).executeTakeFirstOrThrow();
  return root.id;
}

/** What an audit entry says about a contact: which fields changed, never their personal values. */
export const changedFields = (before: ContactValues | null, after: ContactValues): string[] =>
  (Object.keys(after) as (keyof ContactValues)[]).filter((key) => JSON.stringify(before?.[key] ?? null) !== JSON.stringify(after[key] ?? null));
