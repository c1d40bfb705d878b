// Bulk upsert: up to 10,000 contacts per call, matched by external id, then email, applied all or
// nothing with a constant number of set-based statements, and replayable by idempotency key.
import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { type Contact, type Db, inTransaction } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { type Actor, canManageContactData, ensure } from '../access/index.ts';
import { type RequestContext, recordAudit } from '../audit/index.ts';
import type { ContactBatchResult } from '../views.ts';
import { applyChange, type ContactInput, type ContactValues, defaultUnitId, NO_CONTACT, prepareContacts, sameValues, valuesOf } from './write.ts';

export const MAX_BATCH = 10_000;
const IDEMPOTENCY_HOURS = 24;

const COLUMNS = `external_id text, email text, phone text, first_name text, last_name text, language text, time_zone text,
  account_id uuid, owner_member_id uuid, unit_id uuid, segment text, consent text, attributes jsonb`;
const SET_LIST = 'external_id, email, phone, first_name, last_name, language, time_zone, account_id, owner_member_id, unit_id, segment, consent, attributes';

/** Existing live contacts that rows match by external id or by email, in one query. */
async function findMatches(db: Db, workspaceId: string, keys: { i: number; external_id: string | null; email: string | null }[]) {
  const result = await sql<Contact & { i: number; via: 'external_id' | 'email' }>`
    with k as (select * from jsonb_to_recordset(${JSON.stringify(keys)}::jsonb) as x(i int, external_id text, email text))
    select k.i, 'external_id' as via, c.* from k join contacts c
      on c.workspace_id = ${workspaceId} and c.deleted_at is null and c.external_id = k.external_id
    union all
    select k.i, 'email' as via, c.* from k join contacts c
      on c.workspace_id = ${workspaceId} and c.deleted_at is null and lower(c.email) = k.email`.execute(db);
  const byExternalId = new Map<number, Contact>();
  const byEmail = new Map<number, Contact>();
  for (const row of result.rows) (row.via === 'external_id' ? byExternalId : byEmail).set(row.i, row);
  return { byExternalId, byEmail };
}

const rowField = (i: number, name: string) => `body.contacts.${i}.${name}`;

async function upsert(db: Db, actor: Actor, inputs: ContactInput[], context: RequestContext): Promise<ContactBatchResult> {
  const { changes, problems } = await prepareContacts(db, actor, inputs, rowField);
  const keyed = changes.map((change, i) => ({
    i,
    external_id: change?.external_id ?? (inputs[i]?.externalId?.trim() || null),
    email: change?.email ?? null,
  }));
  // Each key once per batch, and each row with a key.
  const seen = { external_id: new Map<string, number>(), email: new Map<string, number>() };
  for (const key of keyed) {
    if (!key.external_id && !key.email && changes[key.i]) {
      problems.push({ field: rowField(key.i, 'externalId'), message: 'a row needs an externalId or an email to be matched on' });
    }
    for (const name of ['external_id', 'email'] as const) {
      const value = key[name];
      if (!value) continue;
      const first = seen[name].get(value);
      if (first === undefined) seen[name].set(value, key.i);
      else
        problems.push({
          field: rowField(key.i, name === 'email' ? 'email' : 'externalId'),
          message: `repeats row ${first}; each key may appear once per batch`,
        });
    }
  }
  const { byExternalId, byEmail } = await findMatches(db, actor.workspaceId, keyed);
  const fallbackUnit = await defaultUnitId(db, actor);
  const targets = new Map<string, number>();
  const creates: (ContactValues & { id: string })[] = [];
  const updates: (ContactValues & { id: string })[] = [];
  const items: ContactBatchResult['items'] = [];
  changes.forEach((change, i) => {
    if (!change) return;
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
    } else {
      const id = randomUUID();
      creates.push({ ...applyChange({ ...NO_CONTACT, unit_id: change.unit_id ?? fallbackUnit }, change), id });
      items.push({ index: i, id, outcome: 'created' });
    }
  });
  if (problems.length > 0) {
    problems.sort((a, b) => a.field.localeCompare(b.field, 'en', { numeric: true }));
    throw new AppError(
      'validation_failed',
      `${problems.length} problems in the batch; nothing was saved. Fix the rows named in errors and send the batch again.`,
      {
        errors: problems,
      },
    );
  }
  if (creates.length > 0) {
    await sql`insert into contacts (id, workspace_id, ${sql.raw(SET_LIST)})
      select x.id, ${actor.workspaceId}, ${sql.raw(
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
      where c.id = x.id and c.workspace_id = ${actor.workspaceId}`.execute(db);
  }
  const result: ContactBatchResult = {
    created: creates.length,
    updated: updates.length,
    unchanged: items.length - creates.length - updates.length,
    items: items.sort((a, b) => a.index - b.index),
  };
  await recordAudit(
    db,
    actor,
    {
      workspaceId: actor.workspaceId,
      action: 'contact.batch_upserted',
      targetType: 'contact',
      after: { created: result.created, updated: result.updated, unchanged: result.unchanged },
    },
    context,
  );
  return result;
}

/**
 * Upserts a batch in one transaction. With an idempotency key, the first successful answer is
 * kept for 24 hours: the same key with the same body gets that answer again without re-applying
 * it; the same key with another body is a 409.
 */
export async function upsertContacts(
  db: Db,
  actor: Actor,
  inputs: ContactInput[],
  idempotencyKey: string | undefined,
  context: RequestContext,
): Promise<{ result: ContactBatchResult; replayed: boolean }> {
  ensure(canManageContactData(actor), 'upsert contacts in bulk');
  if (inputs.length > MAX_BATCH) throw AppError.invalid('body.contacts', `must hold at most ${MAX_BATCH} contacts; split the batch`);
  const hash = createHash('sha256')
    .update(`contacts.batch\n${JSON.stringify(inputs)}`)
    .digest('hex');
  return inTransaction(db, async (trx) => {
    if (idempotencyKey !== undefined) {
      const kept = await trx
        .selectFrom('idempotency_keys')
        .select(['request_hash', 'response'])
        .where('workspace_id', '=', actor.workspaceId)
        .where('key', '=', idempotencyKey)
        .where('created_at', '>', sql<Date>`now() - make_interval(hours => ${IDEMPOTENCY_HOURS})`)
        .executeTakeFirst();
      if (kept) {
        if (kept.request_hash !== hash) {
          throw new AppError('conflict', 'This Idempotency-Key was used in the last 24 hours for a different request; use a new key for a new batch.', {
            errors: [{ field: 'headers.idempotency-key', message: 'was already used for another body' }],
          });
        }
        return { result: kept.response as ContactBatchResult, replayed: true };
      }
    }
    const result = await upsert(trx, actor, inputs, context);
    if (idempotencyKey !== undefined) {
      // Expired keys (this one included, if it expired) make room; live ones were answered above.
      await trx
        .deleteFrom('idempotency_keys')
        .where('workspace_id', '=', actor.workspaceId)
        .where('created_at', '<=', sql<Date>`now() - make_interval(hours => ${IDEMPOTENCY_HOURS})`)
        .execute();
      await trx
        .insertInto('idempotency_keys')
        .values({ workspace_id: actor.workspaceId, key: idempotencyKey, request_hash: hash, response: JSON.stringify(result) })
        .execute();
    }
    return { result, replayed: false };
  }).catch((error: unknown) => {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code === '23505' && constraint === 'idempotency_keys_pkey') {
      throw new AppError('conflict', 'Another request with this Idempotency-Key is being processed; retry in a moment to get its answer.');
    }
    if (code === '23505') {
      throw new AppError('conflict', 'The batch would give two contacts the same email or external id; nothing was saved.', {
        errors: [{ field: 'body.contacts', message: 'emails and external ids must be unique within the workspace' }],
      });
    }
    throw error;
  });
}
