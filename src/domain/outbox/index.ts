import type { Db } from '../../db/index.ts';
import { type Actor, canReadOutbox, ensure } from '../access/index.ts';
import { decodeCursor, toPage } from '../paging.ts';

export interface OutboxEmailView {
  id: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  status: 'pending' | 'sending' | 'sent' | 'stored' | 'failed';
  /** True only when an SMTP server accepted the email. */
  delivered: boolean;
  attempts: number;
  lastError: string | null;
  messageId: string;
  createdAt: string;
  sentAt: string | null;
}

export async function listOutbox(db: Db, actor: Actor, query: { limit: number; cursor?: string }) {
  ensure(canReadOutbox(actor), "read the workspace's outbox");
  let q = db
    .selectFrom('outbox')
    .selectAll()
    .where('workspace_id', '=', actor.workspaceId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1);
  const after = decodeCursor(query.cursor, 2);
  if (after) {
    const [createdAt, id] = after as [string, string];
    q = q.where((eb) => eb.or([eb('created_at', '<', new Date(createdAt)), eb.and([eb('created_at', '=', new Date(createdAt)), eb('id', '<', id)])]));
  }
  return toPage(
    await q.execute(),
    query.limit,
    (row) => [row.created_at.toISOString(), row.id],
    (row): OutboxEmailView => ({
      id: row.id,
      kind: row.kind,
      to: row.to_address,
      subject: row.subject,
      text: row.text_body,
      status: row.status,
      delivered: row.status === 'sent',
      attempts: row.attempts,
      lastError: row.last_error,
      messageId: row.message_id,
      createdAt: row.created_at.toISOString(),
      sentAt: row.sent_at?.toISOString() ?? null,
    }),
  );
}
