// Delivers pending outbox emails over SMTP. A claimed email is leased (status 'sending',
// next_attempt_at in the future); if the process dies mid-send the lease runs out and the
// email is sent again with the same Message-ID, which receiving systems de-duplicate.

import { sql } from 'kysely';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { Database } from '../db/index.ts';

const LEASE_MS = 5 * 60 * 1000;
const BATCH = 20;
const MAX_ATTEMPTS = 8;
const POLL_MS = 5_000;

export interface MailDispatcher {
  nudge(): void;
  /** Stops claiming and waits for the batch in flight. */
  stop(): Promise<void>;
}

export function startMailDispatcher(options: { database: Database; smtpUrl: string; from: string; logger: Logger }): MailDispatcher {
  const { database, logger } = options;
  // One pooled connection for a batch, not one per email (the second argument would be message defaults).
  // Bounded timeouts: a hung SMTP server must not hold shutdown (or a batch) for nodemailer's 10 minutes.
  const transport = nodemailer.createTransport({ url: options.smtpUrl, pool: true, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 });
  let stopped = false;
  let running: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  const claim = () =>
    database.db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('outbox')
        .selectAll()
        .where('status', 'in', ['pending', 'sending'])
        .where('next_attempt_at', '<=', new Date())
        .orderBy('next_attempt_at')
        .limit(BATCH)
        .forUpdate()
        .skipLocked()
        .execute();
      if (due.length === 0) return due;
      await trx
        .updateTable('outbox')
        .set({ status: 'sending', attempts: sql`attempts + 1`, next_attempt_at: new Date(Date.now() + LEASE_MS) })
        .where(
          'id',
          'in',
          due.map((row) => row.id),
        )
        .execute();
      return due;
    });

  const deliverBatch = async () => {
    const due = await claim();
    for (const email of due) {
      try {
        await transport.sendMail({
          from: options.from,
          to: email.to_address,
          subject: email.subject,
          text: email.text_body,
          html: email.html_body ?? undefined,
          messageId: email.message_id,
        });
        await database.db.updateTable('outbox').set({ status: 'sent', sent_at: new Date(), last_error: null }).where('id', '=', email.id).execute();
      } catch (error) {
        const responseCode = (error as { responseCode?: number }).responseCode ?? 0;
        const permanent = responseCode >= 500 || email.attempts + 1 >= MAX_ATTEMPTS;
        const backoffMs = Math.min(60 * 60 * 1000, 30_000 * 2 ** email.attempts);
        logger.warn({ err: error, outboxId: email.id, permanent }, 'email delivery failed');
        await database.db
          .updateTable('outbox')
          .set({
            status: permanent ? 'failed' : 'pending',
            last_error: String((error as Error).message).slice(0, 1000),
            next_attempt_at: new Date(Date.now() + backoffMs),
          })
          .where('id', '=', email.id)
          .execute();
      }
    }
    return due.length;
  };

  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        do {
          again = false;
          while (!stopped && (await deliverBatch()) === BATCH);
        } while (again && !stopped);
      } catch (error) {
        logger.error({ err: error }, 'mail dispatcher failed; retrying at the next poll');
      } finally {
        running = undefined;
      }
    })();
  };

  timer = setInterval(run, POLL_MS);
  timer.unref();
  run();

  return {
    nudge: run,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
      transport.close();
    },
  };
}
