// Emails are written to the outbox inside the transaction that causes them (a password
// reset, an invitation…), so an email exists exactly when its cause was committed.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/index.ts';

export interface OutgoingEmail {
  workspaceId: string | null;
  kind: 'password_reset' | 'user_invitation' | (string & {});
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** A stable Message-ID (an invitation's is derived from its id); by default a random one. */
  messageId?: string;
  /** Extra headers, such as List-Unsubscribe. */
  headers?: Record<string, string>;
  /** The sender and Reply-To for this email, instead of the server's MAIL_FROM. */
  from?: string;
  replyTo?: string;
}

export interface MailQueue {
  /** False when no SMTP server is configured: emails are stored, visibly undelivered. */
  readonly delivers: boolean;
  /** Host part of Message-IDs. */
  readonly messageIdDomain: string;
  enqueue(db: Db, email: OutgoingEmail): Promise<{ id: string; messageId: string }>;
  /** Tells the dispatcher there is work, after the enqueuing transaction committed. */
  nudge(): void;
}

export function createMailQueue(options: { delivers: boolean; messageIdDomain: string; onEnqueued?: () => void }): MailQueue {
  return {
    delivers: options.delivers,
    messageIdDomain: options.messageIdDomain,
    async enqueue(db, email) {
      const messageId = email.messageId ?? `<${randomUUID()}@${options.messageIdDomain}>`;
      const row = await db
        .insertInto('outbox')
        .values({
          workspace_id: email.workspaceId,
          kind: email.kind,
          to_address: email.to,
          subject: email.subject,
          text_body: email.text,
          html_body: email.html ?? null,
          message_id: messageId,
          headers: JSON.stringify(email.headers ?? {}),
          from_address: email.from ?? null,
          reply_to: email.replyTo ?? null,
          status: options.delivers ? 'pending' : 'stored',
          next_attempt_at: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id: row.id, messageId };
    },
    nudge() {
      options.onEnqueued?.();
    },
  };
}
