// API keys: shown once, stored as SHA-256, scoped read or write, revocable. The prefix
// (first characters) is kept in clear so people can tell their keys apart.
import { type ApiKeyScope, type Db, inTransaction } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { type Actor, type ApiKeyActor, canManageAccess, ensure } from '../access/index.ts';
import { type AuditActor, type RequestContext, recordAudit } from '../audit/index.ts';
import { randomToken, sha256 } from '../auth/secrets.ts';
import type { ApiKeyView } from '../views.ts';

const KEY_PREFIX = 'anb_';
const SHOWN_PREFIX_LENGTH = 12;
const TOUCH_INTERVAL_MS = 60_000;

type ApiKeyRow = { id: string; name: string; prefix: string; scope: ApiKeyScope; created_at: Date; last_used_at: Date | null; revoked_at: Date | null };

const view = (row: ApiKeyRow): ApiKeyView => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  scope: row.scope,
  createdAt: row.created_at.toISOString(),
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

/** Creates a key without a permission check: for the CLI (operator) and createApiKey. */
export async function issueApiKey(
  db: Db,
  input: { workspaceId: string; name: string; scope: ApiKeyScope; createdBy: string | null },
  auditActor: AuditActor,
  context: RequestContext = {},
): Promise<ApiKeyView & { key: string }> {
  const key = `${KEY_PREFIX}${randomToken(32)}`;
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto('api_keys')
      .values({
        workspace_id: input.workspaceId,
        name: input.name,
        prefix: key.slice(0, SHOWN_PREFIX_LENGTH),
        key_hash: sha256(key),
        scope: input.scope,
        created_by: input.createdBy,
      })
      .returning(['id', 'name', 'prefix', 'scope', 'created_at', 'last_used_at', 'revoked_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      auditActor,
      {
        workspaceId: input.workspaceId,
        action: 'api_key.created',
        targetType: 'api_key',
        targetId: row.id,
        after: { name: input.name, scope: input.scope, prefix: row.prefix },
      },
      context,
    );
    return { ...view(row), key };
  });
}

export async function createApiKey(db: Db, actor: Actor, input: { name: string; scope: ApiKeyScope }, context: RequestContext) {
  ensure(canManageAccess(actor), 'create API keys');
  return issueApiKey(
    db,
    { workspaceId: actor.workspaceId, name: input.name, scope: input.scope, createdBy: actor.kind === 'user' ? actor.userId : null },
    actor,
    context,
  );
}

export async function listApiKeys(db: Db, actor: Actor): Promise<ApiKeyView[]> {
  ensure(canManageAccess(actor), 'list API keys');
  const rows = await db
    .selectFrom('api_keys')
    .select(['id', 'name', 'prefix', 'scope', 'created_at', 'last_used_at', 'revoked_at'])
    .where('workspace_id', '=', actor.workspaceId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(view);
}

export async function revokeApiKey(db: Db, actor: Actor, keyId: string, context: RequestContext): Promise<ApiKeyView> {
  return inTransaction(db, async (trx) => {
    // Another workspace's key is 404 for everyone; an own key is 403 for those who may not revoke it.
    const existing = await trx.selectFrom('api_keys').select('id').where('workspace_id', '=', actor.workspaceId).where('id', '=', keyId).executeTakeFirst();
    if (!existing) throw AppError.notFound(`The API key ${keyId}`);
    ensure(canManageAccess(actor), 'revoke API keys');
    const row = await trx
      .updateTable('api_keys')
      .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(new Date())) }))
      .where('workspace_id', '=', actor.workspaceId)
      .where('id', '=', keyId)
      .returning(['id', 'name', 'prefix', 'scope', 'created_at', 'last_used_at', 'revoked_at'])
      .executeTakeFirst();
    if (!row) throw AppError.notFound(`The API key ${keyId}`);
    await recordAudit(
      trx,
      actor,
      { workspaceId: actor.workspaceId, action: 'api_key.revoked', targetType: 'api_key', targetId: row.id, before: { name: row.name } },
      context,
    );
    return view(row);
  });
}

/** The actor for a presented key, or undefined for unknown and revoked keys. */
export async function authenticateApiKey(db: Db, presented: string): Promise<ApiKeyActor | undefined> {
  if (!presented.startsWith(KEY_PREFIX)) return undefined;
  const row = await db
    .selectFrom('api_keys')
    .select(['id', 'workspace_id', 'name', 'scope', 'last_used_at'])
    .where('key_hash', '=', sha256(presented))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > TOUCH_INTERVAL_MS) {
    await db.updateTable('api_keys').set({ last_used_at: new Date() }).where('id', '=', row.id).execute();
  }
  return { kind: 'api_key', workspaceId: row.workspace_id, keyId: row.id, scope: row.scope, label: `API key "${row.name}"` };
}
