// The set-based core of every bulk contact write (the batch API and file imports): plan a set of
// inputs against the stored contacts (matched by external id, then email) and apply the plan with
// one insert and one update, whatever the number of rows. Runs in the caller's transaction.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Contact, Db } from '../../db/index.ts';
import type { FieldProblem } from '../../errors.ts';
import type { Actor } from '../access/index.ts';
import type { ContactBatchResult } from '../views.ts';
import { applyChange, type ContactInput, type ContactValues, defaultUnitId, NO_CONTACT, prepareContacts, sameValues, valuesOf } from './write.ts';

const COLUMNS = `external_id text, email text, phone text, first_name text, last_name text, language text, time_zone text,
  account_id uuid, owner_member_id uuid, unit_id uuid, segment text, consent text, attributes jsonb`;
const SET_LIST = 'external_id, email, phone, first_name, last_name, language, time_zone, account_id, owner_member_id, unit_id, segment, consent, attributes';

/** Existing live contacts that rows match by external id or by email, in one query: one unique-index
 * lookup per key (lateral), so the cost follows the batch, not the table (the planner's statistics lag
 * behind a table filled inside the same transaction). */
async function findMatches(db: Db, workspaceId: string, keys: { i: number; external_id: string | null; email: string | null }[]) {
  const result = await sql<Contact & { i: number; via: 'external_id' | 'email' }>`
    with k as (select * from jsonb_to_recordset(${JSON.stringify(keys)}::jsonb) as x(i int, external_id text, email text))
    select k.i, 'external_id' as via, c.* from k cross join lateral (select * from contacts c
      where c.workspace_id = ${workspaceId} and c.deleted_at is null and c.external_id is not null and c.external_id = k.external_id) c
    union all
    select k.i, 'email' as via, c.* from k cross join lateral (select * from contacts c
      where c.workspace_id = ${workspaceId} and c.deleted_at is null and c.email is not null and lower(c.email) = k.email) c`.execute(db);
  const byExternalId = new Map<number, Contact>();
  const byEmail = new Map<number, Contact>();
  for (const row of result.rows) (row.via === 'external_id' ? byExternalId : byEmail).set(row.i, row);
  return { byExternalId, byEmail };
}

export interface ContactPlan {
  creates: (ContactValues & { id: string })[];
  updates: (ContactValues & { id: string })[];
  items: ContactBatchResult['items'];
  /** The unit each written input's contact has afterwards (by input index); absent for rows with problems. */
  unitIds: (string | undefined)[];
  /** Rows that cannot be written; the plan leaves them out. */
  problems: FieldProblem[];
}

/**
 * Checks every input, finds the contacts they match, and decides for each row: create, update,
 * unchanged, or a problem (named with `rowField(index, name)`). Writes nothing.
 */
export async function planContacts(db: Db, actor: Actor, inputs: ContactInput[], rowField: (index: number, name: string) => string): Promise<ContactPlan> {
  const { changes, problems } = await prepareContacts(db, actor, inputs, rowField);
  const keyed = changes.map((change, i) => ({
    i,
    external_id: change?.external_id ?? (inputs[i]?.externalId?.trim() || null),
    email: change?.email ?? null,
  }));
  // Each key once per batch, and each row with a key.
  const seen = { external_id: new Map<string, number>(), email: new Map<string, number>() };
  const refused = new Set<number>();
  for (const key of keyed) {
    if (!key.external_id && !key.email && changes[key.i]) {
      refused.add(key.i);
      problems.push({ field: rowField(key.i, 'externalId'), message: 'a row needs an externalId or an email to be matched on' });
    }
    for (const name of ['external_id', 'email'] as const) {
      const value = key[name];
      if (!value) continue;
      const first = seen[name].get(value);
      if (first === undefined) seen[name].set(value, key.i);
      else {
        refused.add(key.i);
        problems.push({
          field: rowField(key.i, name === 'email' ? 'email' : 'externalId'),
          message: `repeats row ${first}; each key may appear once per batch`,
        });
      }
    }
  }
  const { byExternalId, byEmail } = await findMatches(db, actor.workspaceId, keyed);
  const fallbackUnit = await defaultUnitId(db, actor);
  const targets = new Map<string, number>();
  const creates: (ContactValues & { id: string })[] = [];
  const updates: (ContactValues & { id: string })[] = [];
  const items: ContactBatchResult['items'] = [];
  const unitIds: (string | undefined)[] = [];
  changes.forEach((change, i) => {
    if (!change || refused.has(i)) return;
    const viaId = byExternalId.get(i);
    const viaEmail = byEmail.get(i);
    const match = viaId ?? viaEmail;
    if (viaId && viaEmail && viaId.id !== viaEmail.id) {
      problems.push({ field: rowField(i, 'email'), message: 'belongs to another contact than the one with this externalId; emails are unique per workspace' });
      return;
    }
    if (!viaId && viaEmail?.external_id && keyed[i]?.external_id) {
      problems.push({ field: rowField(i, 'externalId'), message: 'differs from the externalId of the contact with this email; change that contact first' });
      return;
    }
    if (match) {
      const first = targets.get(match.id);
      if (first !== undefined) {
        problems.push({ field: rowField(i, 'externalId'), message: `matches the same contact as row ${first}` });
        return;
      }
      targets.set(match.id, i);
      const before = valuesOf(match);
      const after = applyChange(before, change);
      const outcome = sameValues(before, after) ? 'unchanged' : 'updated';
      if (outcome === 'updated') updates.push({ ...after, id: match.id });
      items.push({ index: i, id: match.id, outcome });
      unitIds[i] = after.unit_id;
    } else {
      const id = randomUUID();
      const created = { ...applyChange({ ...NO_CONTACT, unit_id: change.unit_id ?? fallbackUnit }, change), id };
      creates.push(created);
      items.push({ index: i, id, outcome: 'created' });
      unitIds[i] = created.unit_id;
    }
  });
  return { creates, updates, items, unitIds, problems };
}

/** Applies a plan: one insert for the new contacts, one update for the changed ones. */
export async function applyContactPlan(db: Db, workspaceId: string, plan: Pick<ContactPlan, 'creates' | 'updates'>): Promise<void> {
  const { creates, updates } = plan;
  if (creates.length > 0) {
    await sql`insert into contacts (id, workspace_id, ${sql.raw(SET_LIST)})
      select x.id, ${workspaceId}, ${sql.raw(
        SET_LIST.split(', ')
          .map((c) => `x.${c}`)
          .join(', '),
      )}
      from jsonb_to_recordset(${JSON.stringify(creates)}::jsonb) as x(id uuid, ${sql.raw(COLUMNS)})`.execute(db);
  }
  if (updates.length > 0) {
    await sql`update contacts c set ${sql.raw(
      SET_LIST.split(', ')
        .map((c) => `${c} = x.${c}`)
        .join(', '),
    )}, updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as x(id uuid, ${sql.raw(COLUMNS)})
      where c.id = x.id and c.workspace_id = ${workspaceId}`.execute(db);
  }
}
