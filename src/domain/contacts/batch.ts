// Bulk upsert: up to 10,000 contacts per call, matched by external id, then email, applied all or
// nothing with a constant number of set-based statements, and replayable by idempotency key.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { type Db, inTransaction } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { type Actor, canManageContactData, ensure } from '../access/index.ts';
import { type RequestContext, recordAudit } from '../audit/index.ts';
import type { ContactBatchResult } from '../views.ts';
import { applyContactPlan, planContacts } from './bulk.ts';
import type { ContactInput } from './write.ts';

export const MAX_BATCH = 10_000;
const IDEMPOTENCY_HOURS = 24;

const rowField = (i: number, name: string) => `body.contacts.${i}.${name}`;

async function upsert(db: Db, actor: Actor, inputs: ContactInput[], context: RequestContext): Promise<ContactBatchResult> {
  const plan = await planContacts(db, actor, inputs, rowField);
  const { problems } = plan;
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
  await applyContactPlan(db, actor.workspaceId, plan);
  const result: ContactBatchResult = {
    created: plan.creates.length,
    updated: plan.updates.length,
    unchanged: plan.items.length - plan.creates.length - plan.updates.length,
    items: plan.items.sort((a, b) => a.index - b.index),
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
