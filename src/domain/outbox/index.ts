import type { Db, OutboxStatus } from '../../db/index.ts';
import { createBodyRenderer } from '../../mail/index.ts';
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

/** What kinds of email the workspace's outbox holds (password resets belong to no workspace). */
export const OUTBOX_KINDS = ['invitation', 'reminder', 'user_invitation', 'password_reset'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export interface OutboxQuery {
  limit: number;
  cursor?: string;
  kind?: OutboxKind;
  status?: OutboxStatus;
}

/**
 * A page of the workspace's emails, and whether its emails can be delivered at all: the server has
 * an SMTP server (serverSmtp, SMTP_URL) or the workspace set up its own in its sending settings.
 */
export async function listOutbox(db: Db, actor: Actor, query: OutboxQuery, serverSmtp: boolean) {
  ensure(canReadOutbox(actor), "read the workspace's outbox");
  const ownSmtp = serverSmtp
    ? undefined
    : await db
        .selectFrom('distribution_settings')
        .select('smtp_host')
        .where('workspace_id', '=', actor.workspaceId)
        .where('smtp_host', 'is not', null)
        .executeTakeFirst();
  let q = db
    .selectFrom('outbox')
    .selectAll('outbox')
    // The contact an invitation or reminder went to, so the portal can link to them.
    .select((eb) =>
      eb
        .selectFrom('survey_invitations as i')
        .select('i.contact_id')
        .where('i.workspace_id', '=', actor.workspaceId)
        .where((inner) => inner.or([inner('i.outbox_id', '=', inner.ref('outbox.id')), inner('i.reminder_outbox_id', '=', inner.ref('outbox.id'))]))
        .limit(1)
        .as('contact_id'),
    )
    .where('workspace_id', '=', actor.workspaceId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1);
  if (query.kind) q = q.where('kind', '=', query.kind);
  if (query.status) q = q.where('status', '=', query.status);
  const after = decodeCursor(query.cursor, ['timestamp', 'uuid']);
  if (after) {
    const [createdAt, id] = after as [string, string];
    q = q.where((eb) => eb.or([eb('created_at', '<', new Date(createdAt)), eb.and([eb('created_at', '=', new Date(createdAt)), eb('id', '<', id)])]));
  }
  const rows = await q.execute();
  // Invitations and reminders are stored as what renders them: rendered here as the dispatcher sends them.
  const renderer = createBodyRenderer();
  await renderer.load(db, rows);
  const texts = new Map<string, string>();
  for (const row of rows) texts.set(row.id, await hideInvitationLinks(db, actor, renderer.bodies(row)?.text ?? ''));
  const page = toPage(
    rows,
    query.limit,
    (row) => [row.created_at.toISOString(), row.id],
    (row): OutboxEmailView => ({
      id: row.id,
      kind: row.kind,
      to: row.to_address,
      subject: row.subject,
      text: texts.get(row.id) ?? '',
      status: row.status,
      delivered: row.status === 'sent',
      attempts: row.attempts,
      lastError: row.last_error,
      messageId: row.message_id,
      contactId: row.contact_id ?? null,
      createdAt: row.created_at.toISOString(),
      sentAt: row.sent_at?.toISOString() ?? null,
    }),
  );
  return { ...page, smtpConfigured: serverSmtp || ownSmtp !== undefined };
}
