// Emails are written to the outbox inside the transaction that causes them (a password
// reset, an invitation…), so an email exists exactly when its cause was committed.
import { randomUUID } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import type { Db, OutboxStatus } from '../db/index.ts';
import type { RenderInputs } from './bodies.ts';

interface EmailEnvelope {
  workspaceId: string | null;
  kind: 'password_reset' | 'user_invitation' | (string & {});
  to: string;
  subject: string;
  /** A stable Message-ID (an invitation's is derived from its id); by default a random one. */
  messageId?: string;
  /** Extra headers, such as List-Unsubscribe. */
  headers?: Record<string, string>;
  /** The sender and Reply-To for this email, instead of the server's MAIL_FROM. */
  from?: string;
  replyTo?: string;
}

/** An email with its bodies, or an invitation or reminder with what renders them at send time (bodies.ts). */
export type OutgoingEmail = EmailEnvelope &
  ({ text: string; html?: string; render?: undefined } | { render: RenderInputs; text?: undefined; html?: undefined });

export interface MailQueue {
  /** True when the server has an SMTP server (SMTP_URL). Without it only the emails of workspaces
   * with an SMTP server of their own are delivered; the others are stored, visibly undelivered. */
  readonly delivers: boolean;
  /** Host part of Message-IDs. */
  readonly messageIdDomain: string;
  enqueue(db: Db, email: OutgoingEmail): Promise<{ id: string; messageId: string }>;
  /** Like enqueue for many emails in one statement (the send tick queues a chunk at once); results in order. */
  enqueueMany(db: Db, emails: readonly OutgoingEmail[]): Promise<Array<{ id: string; messageId: string }>>;
  /** Tells the dispatcher there is work, after the enqueuing transaction committed. */
  nudge(): void;
}

const rowOf = (email: OutgoingEmail, messageId: string, status: OutboxStatus | RawBuilder<OutboxStatus>) => ({
  workspace_id: email.workspaceId,
  kind: email.kind,
  to_address: email.to,
  subject: email.subject,
  text_body: email.text ?? null,
  html_body: email.html ?? null,
  render: email.render ? JSON.stringify(email.render) : null,
  message_id: messageId,
  headers: JSON.stringify(email.headers ?? {}),
  from_address: email.from ?? null,
  reply_to: email.replyTo ?? null,
  status,
  next_attempt_at: new Date(),
});

export function createMailQueue(options: { delivers: boolean; messageIdDomain: string; onEnqueued?: () => void }): MailQueue {
  const messageIdOf = (email: OutgoingEmail) => email.messageId ?? `<${randomUUID()}@${options.messageIdDomain}>`;
  return {
    delivers: options.delivers,
    messageIdDomain: options.messageIdDomain,
    async enqueue(db, email) {
      const messageId = messageIdOf(email);
      // Decided in the insert itself: a workspace's own SMTP server makes its emails deliverable.
      const status = options.delivers
        ? 'pending'
        : email.workspaceId === null
          ? 'stored'
          : sql<OutboxStatus>`case when exists (select 1 from distribution_settings where workspace_id = ${email.workspaceId} and smtp_host is not null) then 'pending' else 'stored' end`;
      const row = await db
        .insertInto('outbox')
        .values(rowOf(email, messageId, status))
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id: row.id, messageId };
    },
    async enqueueMany(db, emails) {
      if (emails.length === 0) return [];
      const workspaceIds = [...new Set(emails.map((email) => email.workspaceId).filter((id): id is string => id !== null))];
      const ownSmtp =
        options.delivers || workspaceIds.length === 0
          ? new Set<string>()
          : new Set(
              (
                await db
                  .selectFrom('distribution_settings')
                  .select('workspace_id')
                  .where('workspace_id', 'in', workspaceIds)
                  .where('smtp_host', 'is not', null)
                  .execute()
              ).map((row) => row.workspace_id),
            );
      const messageIds = emails.map(messageIdOf);
      const rows = await db
        .insertInto('outbox')
        .values(
          emails.map((email, i) =>
            rowOf(email, messageIds[i] ?? '', options.delivers || (email.workspaceId !== null && ownSmtp.has(email.workspaceId)) ? 'pending' : 'stored'),
          ),
        )
        .returning(['id', 'message_id'])
        .execute();
      const ids = new Map(rows.map((row) => [row.message_id, row.id]));
      return messageIds.map((messageId) => ({ id: ids.get(messageId) ?? '', messageId }));
    },
    nudge() {
      options.onEnqueued?.();
    },
  };
}
