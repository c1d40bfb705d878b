// The set-based core of every bulk contact write (the batch API and file imports): plan a set of
// inputs against the stored contacts (matched by external id, then email) and apply the plan with
// one insert and one update, whatever the number of rows. Runs in the caller's transaction.
import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { FieldProblem } from '../../errors.ts';
import type { Actor } from '../access/index.ts';
import type { ContactBatchResult } from '../views.ts';
import { orderedUuid } from './ordered-id.ts';
import { applyChange, type ContactInput, type ContactValues, defaultUnitId, NO_CONTACT, prepareContacts, sameValues, valuesOf } from './write.ts';

// One array per column, bound as a parameter and unnested: far cheaper for the server to decode than a
// JSON document of rows, and the statement's text does not grow with the batch.
const COLUMNS = [
  ['id', 'uuid'],
  ['external_id', 'text'],
  ['email', 'text'],
  ['phone', 'text'],
  ['first_name', 'text'],
  ['last_name', 'text'],
  ['language', 'text'],
  ['time_zone', 'text'],
  ['account_id', 'uuid'],
  ['owner_member_id', 'uuid'],
  ['unit_id', 'uuid'],
  ['segment', 'text'],
  ['consent', 'text'],
  ['attributes', 'jsonb'],
] as const;
const NAMES = sql.raw(COLUMNS.map(([name]) => name).join(', '));

type Row = ContactValues & { id: string };

/** `unnest($1::uuid[], $2::text[], …) as x(id, external_id, …)` over the rows. */
function unnestRows(rows: Row[]) {
  const arrays = COLUMNS.map(([name, type]) => {
    const values = rows.map((row) => (name === 'attributes' ? JSON.stringify(row.attributes) : row[name]));
    return sql`${sql.val(values)}::${sql.raw(type)}[]`;
  });
  return sql`unnest(${sql.join(arrays)}) as x(${NAMES})`;
}

const STORED = ['id', ...COLUMNS.slice(1).map(([name]) => name)].map((name) => `c.${name}`).join(', ');

/** Existing live contacts that rows match by external id or by email, in one query. Only the columns a
 * write compares are read. `perKey`: one unique-index lookup per key, so the cost follows the batch, not
 * the table; `limit 1` (a unique index allows one match anyway) keeps the planner from turning the lookups
 * into a join that reads every contact of the workspace, which it prefers while its statistics say the
 * table is small, and which made a large import (a chunk after another) quadratic. Only for callers that
 * keep the statistics current: with stale ones the planner may probe through another index and read the
 * workspace per key. A single batch leaves the planner its choice. */
async function findMatches(db: Db, workspaceId: string, keys: { i: number; external_id: string | null; email: string | null }[], perKey: boolean) {
  const limit = sql.raw(perKey ? 'limit 1' : '');
  const wanted = keys.filter((key) => key.external_id || key.email);
  const result = await sql<Row & { i: number; via: 'external_id' | 'email' }>`
    with k as (select * from unnest(${sql.val(wanted.map((key) => key.i))}::int[], ${sql.val(wanted.map((key) => key.external_id))}::text[],
      ${sql.val(wanted.map((key) => key.email))}::text[]) as x(i, external_id, email))
    select k.i, 'external_id' as via, ${sql.raw(STORED)} from k cross join lateral (select * from contacts c
      where c.workspace_id = ${workspaceId} and c.deleted_at is null and c.external_id is not null and c.external_id = k.external_id ${limit}) c
    union all
    select k.i, 'email' as via, ${sql.raw(STORED)} from k cross join lateral (select * from contacts c
      where c.workspace_id = ${workspaceId} and c.deleted_at is null and c.email is not null and lower(c.email) = k.email ${limit}) c`.execute(db);
  const byExternalId = new Map<number, Row>();
  const byEmail = new Map<number, Row>();
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
 * unchanged, or a problem (named with `rowField(index, name)`). Writes nothing. `normalised`: see prepareContacts;
 * `currentStatistics`: the caller keeps the contacts table analyzed, so matching probes per key (findMatches).
 */
export async function planContacts(
  db: Db,
  actor: Actor,
  inputs: ContactInput[],
  rowField: (index: number, name: string) => string,
  options: { normalised?: boolean; currentStatistics?: boolean } = {},
): Promise<ContactPlan> {
  const { changes, problems } = await prepareContacts(db, actor, inputs, rowField, options);
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
  const { byExternalId, byEmail } = await findMatches(db, actor.workspaceId, keyed, options.currentStatistics ?? false);
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
      // Ordered ids: the insert adds to the right edge of the primary key (ordered-id.ts).
      const id = orderedUuid();
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
    await sql`insert into contacts (workspace_id, ${NAMES}) select ${workspaceId}, ${sql.raw(COLUMNS.map(([name]) => `x.${name}`).join(', '))}
      from ${unnestRows(creates)}`.execute(db);
  }
  if (updates.length > 0) {
    await sql`update contacts c set ${sql.raw(
      COLUMNS.slice(1)
        .map(([name]) => `${name} = x.${name}`)
        .join(', '),
    )}, updated_at = now()
      from ${unnestRows(updates)}
      where c.id = x.id and c.workspace_id = ${workspaceId}`.execute(db);
  }
}
