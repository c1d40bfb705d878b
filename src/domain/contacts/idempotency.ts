// Replayable bulk writes: with an Idempotency-Key, the first successful answer is kept for 24 hours;
// the same key with the same body gets that answer again without re-applying it, the same key with
// another body is a 409.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { type Db, inTransaction } from '../../db/index.ts';
import { AppError } from '../../errors.ts';

const IDEMPOTENCY_HOURS = 24;

/**
 * Runs `write` in one transaction, or answers what it answered before for this key. `request`
 * names the endpoint and holds the body, so one key cannot replay another endpoint's answer.
 */
export async function idempotent<T>(
  db: Db,
  workspaceId: string,
  key: string | undefined,
  request: string,
  write: (trx: Db) => Promise<T>,
): Promise<{ result: T; replayed: boolean }> {
  const hash = createHash('sha256').update(request).digest('hex');
  return inTransaction(db, async (trx) => {
    if (key !== undefined) {
      const kept = await trx
        .selectFrom('idempotency_keys')
        .select(['request_hash', 'response'])
        .where('workspace_id', '=', workspaceId)
        .where('key', '=', key)
        .where('created_at', '>', sql<Date>`now() - make_interval(hours => ${IDEMPOTENCY_HOURS})`)
        .executeTakeFirst();
      if (kept) {
        if (kept.request_hash !== hash) {
          throw new AppError('conflict', 'This Idempotency-Key was used in the last 24 hours for a different request; use a new key for a new batch.', {
            errors: [{ field: 'headers.idempotency-key', message: 'was already used for another body' }],
          });
        }
        return { result: kept.response as T, replayed: true };
      }
    }
    const result = await write(trx);
    if (key !== undefined) {
      // Expired keys (this one included, if it expired) make room; live ones were answered above.
      await trx
        .deleteFrom('idempotency_keys')
        .where('workspace_id', '=', workspaceId)
        .where('created_at', '<=', sql<Date>`now() - make_interval(hours => ${IDEMPOTENCY_HOURS})`)
        .execute();
      await trx
        .insertInto('idempotency_keys')
        .values({ workspace_id: workspaceId, key, request_hash: hash, response: JSON.stringify(result) })
        .execute();
    }
    return { result, replayed: false };
  }).catch((error: unknown) => {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code === '23505' && constraint === 'idempotency_keys_pkey') {
      throw new AppError('conflict', 'Another request with this Idempotency-Key is being processed; retry in a moment to get its answer.');
    }
    throw error;
  });
}
