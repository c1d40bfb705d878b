// The audit log of privileged actions. Entries are written in the same transaction as the
// change they describe, so the log never claims a change that did not happen (or misses one).
import type { Db } from '../../db/index.ts';
import { type Actor, canReadAuditLog, ensure } from '../access/index.ts';
import type { AuditEntryView, Page } from '../views.ts';

/** Where a request came from, carried into audit entries. */
export interface RequestContext {
  ip?: string;
  requestId?: string;
}

export type AuditActor = Actor | { kind: 'system'; label: string } | { kind: 'user_self'; userId: string; label: string };

export interface AuditEvent {
  workspaceId: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
}

const toJson = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

export async function recordAudit(db: Db, actor: AuditActor, event: AuditEvent, context: RequestContext = {}) {
  const actorColumns =
    actor.kind === 'api_key'
      ? { actor_type: 'api_key' as const, actor_id: actor.keyId }
      : actor.kind === 'user'
        ? { actor_type: 'user' as const, actor_id: actor.userId }
        : actor.kind === 'user_self'
          ? { actor_type: 'user' as const, actor_id: actor.userId }
          : { actor_type: 'system' as const, actor_id: null };
  await db
    .insertInto('audit_log')
    .values({
      workspace_id: event.workspaceId,
      ...actorColumns,
      actor_label: actor.label,
      action: event.action,
      target_type: event.targetType,
      target_id: event.targetId ?? null,
      before: toJson(event.before),
      after: toJson(event.after),
      ip: context.ip ?? null,
      request_id: context.requestId ?? null,
    })
    .execute();
}

export interface AuditQuery {
  limit: number;
  /** Return entries older than this id (cursor pagination, newest first). */
  before?: number;
  action?: string;
  targetType?: string;
}

export async function listAuditLog(db: Db, actor: Actor, query: AuditQuery): Promise<Page<AuditEntryView>> {
  ensure(canReadAuditLog(actor), 'read the audit log');
  let q = db
    .selectFrom('audit_log')
    .selectAll()
    .where('workspace_id', '=', actor.workspaceId)
    .orderBy('id', 'desc')
    .limit(query.limit + 1);
  if (query.before !== undefined) q = q.where('id', '<', query.before);
  if (query.action) q = q.where('action', '=', query.action);
  if (query.targetType) q = q.where('target_type', '=', query.targetType);
  const rows = await q.execute();
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((row) => ({
      id: row.id,
      at: row.created_at.toISOString(),
      actor: { type: row.actor_type, id: row.actor_id, label: row.actor_label },
      action: row.action,
      target: { type: row.target_type, id: row.target_id },
      before: row.before ?? null,
      after: row.after ?? null,
      ip: row.ip,
      requestId: row.request_id,
    })),
    nextCursor: rows.length > query.limit ? String(page.at(-1)?.id) : null,
  };
}
