// Bulk upsert of accounts: up to 10,000 per call, matched by external id, applied all or nothing with
// a constant number of set-based statements, and replayable by idempotency key. Each account is
// checked as a single write would be: a manager writes only accounts placed in their subtree.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Account, Db } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { type Actor, canEditContact, canWriteAccounts, ensure } from '../access/index.ts';
import { type RequestContext, recordAudit } from '../audit/index.ts';
import type { AccountBatchResult } from '../views.ts';
import { type AccountInput, type AccountValues, accountValuesOf, applyAccountChange, prepareAccounts, sameAccountValues } from './accounts-write.ts';
import { MAX_BATCH } from './batch.ts';
import { idempotent } from './idempotency.ts';
import { defaultUnitId } from './write.ts';

const rowField = (i: number, name: string) => `body.accounts.${i}.${name}`;

const COLUMNS = 'name text, external_id text, segment text, revenue numeric, owner_member_id uuid, unit_id uuid, attributes jsonb';
const SET_LIST = ['name', 'external_id', 'segment', 'revenue', 'owner_member_id', 'unit_id', 'attributes'];

type Planned = AccountValues & { id: string };

/** Live accounts with these external ids, with the path of their unit, in one query: one unique-index
 * lookup per key (lateral), so the cost follows the batch, not the table (the planner's statistics lag
 * behind a table just filled). */
async function findMatches(db: Db, workspaceId: string, externalIds: string[]) {
  const result = await sql<Account & { unit_path: string }>`
    with k as (select jsonb_array_elements_text(${JSON.stringify(externalIds)}::jsonb) as external_id)
    select a.*, u.path as unit_path from k cross join lateral (select * from accounts a
      where a.workspace_id = ${workspaceId} and a.deleted_at is null and a.external_id is not null and a.external_id = k.external_id) a
    join units u on u.id = a.unit_id`.execute(db);
  return new Map(result.rows.map((row) => [row.external_id as string, row]));
}

/** Decides for each row: create, update, unchanged, or a problem. Writes nothing. */
async function plan(db: Db, actor: Actor, inputs: AccountInput[]) {
  const { changes, problems } = await prepareAccounts(db, actor, inputs, rowField);
  const keys = changes.map((change, i) => change?.external_id ?? (inputs[i]?.externalId?.trim() || null));
  const seen = new Map<string, number>();
  const refused = new Set<number>();
  keys.forEach((key, i) => {
    if (!changes[i]) return;
    const first = key ? seen.get(key) : undefined;
    if (!key) problems.push({ field: rowField(i, 'externalId'), message: 'a row needs an externalId to be matched on' });
    else if (first !== undefined)
      problems.push({ field: rowField(i, 'externalId'), message: `repeats row ${first}; each externalId may appear once per batch` });
    else {
      seen.set(key, i);
      return;
    }
    refused.add(i);
  });
  const matches = await findMatches(db, actor.workspaceId, [...seen.keys()]);
  const fallbackUnit = await defaultUnitId(db, actor);
  const rows: { i: number; after: Planned; outcome: 'created' | 'updated' | 'unchanged' }[] = [];
  changes.forEach((change, i) => {
    if (!change || refused.has(i)) return;
    const match = matches.get(keys[i] as string);
    // Where a written account ends up is always writable: references resolve only the units and
    // members the actor sees (managers: their subtree), and new accounts default to the actor's unit.
    if (match && !canEditContact(actor, { unitPath: match.unit_path, ownerMemberId: match.owner_member_id })) {
      problems.push({ field: rowField(i, 'externalId'), message: 'belongs to an account you may not change' });
      return;
    }
    const empty: AccountValues = { name: '', external_id: null, segment: null, revenue: null, owner_member_id: null, unit_id: fallbackUnit, attributes: {} };
    const before = match ? accountValuesOf(match) : empty;
    const after = applyAccountChange(before, change);
    if (!after.name) {
      problems.push({ field: rowField(i, 'name'), message: 'a new account needs a name' });
      return;
    }
    const outcome = !match ? 'created' : sameAccountValues(before, after) ? 'unchanged' : 'updated';
    rows.push({ i, after: { ...after, id: match?.id ?? randomUUID() }, outcome });
  });
  return { rows, problems };
}

async function apply(db: Db, workspaceId: string, creates: Planned[], updates: Planned[]) {
  if (creates.length > 0) {
    await sql`insert into accounts (id, workspace_id, ${sql.raw(SET_LIST.join(', '))})
      select x.id, ${workspaceId}, ${sql.raw(SET_LIST.map((c) => `x.${c}`).join(', '))}
      from jsonb_to_recordset(${JSON.stringify(creates)}::jsonb) as x(id uuid, ${sql.raw(COLUMNS)})`.execute(db);
  }
  if (updates.length > 0) {
    await sql`update accounts a set ${sql.raw(SET_LIST.map((c) => `${c} = x.${c}`).join(', '))}, updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as x(id uuid, ${sql.raw(COLUMNS)})
      where a.id = x.id and a.workspace_id = ${workspaceId}`.execute(db);
  }
}

async function upsert(db: Db, actor: Actor, inputs: AccountInput[], context: RequestContext): Promise<AccountBatchResult> {
  const { rows, problems } = await plan(db, actor, inputs);
  if (problems.length > 0) {
    problems.sort((a, b) => a.field.localeCompare(b.field, 'en', { numeric: true }));
    throw new AppError(
      'validation_failed',
      `${problems.length} problems in the batch; nothing was saved. Fix the rows named in errors and send the batch again.`,
      { errors: problems },
    );
  }
  const creates = rows.filter((row) => row.outcome === 'created').map((row) => row.after);
  const updates = rows.filter((row) => row.outcome === 'updated').map((row) => row.after);
  await apply(db, actor.workspaceId, creates, updates);
  const result: AccountBatchResult = {
    created: creates.length,
    updated: updates.length,
    unchanged: rows.length - creates.length - updates.length,
    items: rows.map((row) => ({ index: row.i, id: row.after.id, outcome: row.outcome })),
  };
  await recordAudit(
    db,
    actor,
    {
      workspaceId: actor.workspaceId,
      action: 'account.batch_upserted',
      targetType: 'account',
      after: { created: result.created, updated: result.updated, unchanged: result.unchanged },
    },
    context,
  );
  return result;
}

/** Upserts a batch of accounts in one transaction; see idempotent() for the Idempotency-Key. */
export async function upsertAccounts(
  db: Db,
  actor: Actor,
  inputs: AccountInput[],
  idempotencyKey: string | undefined,
  context: RequestContext,
): Promise<{ result: AccountBatchResult; replayed: boolean }> {
  ensure(canWriteAccounts(actor), 'upsert accounts');
  if (inputs.length > MAX_BATCH) throw AppError.invalid('body.accounts', `must hold at most ${MAX_BATCH} accounts; split the batch`);
  return idempotent(db, actor.workspaceId, idempotencyKey, `accounts.batch\n${JSON.stringify(inputs)}`, (trx) => upsert(trx, actor, inputs, context)).catch(
    (error: unknown) => {
      const { code } = error as { code?: string };
      if (code === '23505') {
        throw new AppError('conflict', 'Another request gave an account one of these external ids meanwhile; nothing was saved. Send the batch again.', {
          errors: [{ field: 'body.accounts', message: 'external ids must be unique within the workspace' }],
        });
      }
      throw error;
    },
  );
}
