import type { Db } from '../../db/index.ts';
import { type Actor, canGrantRole, canReadOutbox, ensure } from '../access/index.ts';
import { sha256 } from '../auth/secrets.ts';
import { decodeCursor, toPage } from '../paging.ts';
import type { OutboxEmailView } from '../views.ts';

const INVITATION_LINK = /(\/invitation\?token=)([A-Za-z0-9_-]+)/g;

/**
 * Invitation emails carry a link that signs its holder in with the invited role. Admins copy
 * such links by hand when no SMTP server is configured, so the outbox shows a link only to whom
 * could grant that role anyway: never to API keys, and to admins not for owner invitations.
 */
async function hideInvitationLinks(db: Db, actor: Actor, text: string): Promise<string> {
  const tokens = [...text.matchAll(INVITATION_LINK)].map((match) => match[2] as string);
  if (tokens.length === 0) return text;
  const invitations = await db
    .selectFrom('invitations')
    .select(['token_hash', 'role'])
    .where('workspace_id', '=', actor.workspaceId)
    .where(
      'token_hash',
      'in',
      tokens.map((token) => sha256(token)),
    )
    .execute();
  const roleOf = new Map(invitations.map((row) => [row.token_hash, row.role]));
  return text.replace(INVITATION_LINK, (link, path: string, token: string) => {
    const role = roleOf.get(sha256(token));
    return role && canGrantRole(actor, role) ? link : `${path}[hidden: only someone who may grant this role sees the link]`;
  });
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
  const after = decodeCursor(query.cursor, ['timestamp', 'uuid']);
  if (after) {
    const [createdAt, id] = after as [string, string];
    q = q.where((eb) => eb.or([eb('created_at', '<', new Date(createdAt)), eb.and([eb('created_at', '=', new Date(createdAt)), eb('id', '<', id)])]));
  }
  const rows = await q.execute();
  for (const row of rows) row.text_body = await hideInvitationLinks(db, actor, row.text_body);
  return toPage(
    rows,
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
