// Delivers pending outbox emails over SMTP. A claimed email is leased (status 'sending',
// next_attempt_at = the end of the lease); if the process dies mid-send the lease runs out and the
// email is sent again with the same Message-ID, which receiving systems de-duplicate.
//
// Throughput: a claimed batch is sent by CONCURRENCY workers through pooled connections, and the
// acceptances are committed in groups of about COMMIT_GROUP (one statement, one transaction). A worker
// takes its next email only after its last one is committed, so at most CONCURRENCY emails per
// process can be accepted by the server but not yet marked sent: those are the only ones a crash can
// make go out twice.
import { type Selectable, sql } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { type Database, type Db, inTransaction, type OutboxTable } from '../db/index.ts';
import { recordBounce } from '../domain/distribution/bounces.ts';
import { createBodyRenderer, type EmailBodies } from './bodies.ts';
import { createMailRoutes, type MailRoute } from './transports.ts';

const CLAIM_BATCH = 100;
/** Emails sent at the same time: two per pooled connection keep every connection busy while commits run. */
export const DISPATCH_CONCURRENCY = 20;
/**
 * Acceptances committed together. Committing as soon as the last commit ended gave groups of 3–4:
 * a statement, a transaction and a WAL flush for every few emails. Waiting for 10 (or COMMIT_WAIT_MS)
 * still leaves 10 of the 20 workers sending, enough to keep the pool's connections busy.
 */
const COMMIT_GROUP = 10;
const COMMIT_WAIT_MS = 20;
/** A second group may commit while the first waits on a busy server, so its workers are not all held. */
const MAX_COMMITS = 2;
const MAX_ATTEMPTS = 8;
const POLL_MS = 5_000;

export interface MailDispatcher {
  nudge(): void;
  /** Stops claiming, waits for the emails in flight, and hands unsent claimed ones back. */
  stop(): Promise<void>;
  /** Resolves when nothing is due any more (for benchmarks and tests). */
  idle(): Promise<void>;
}

type OutboxRow = Selectable<OutboxTable>;

interface SmtpError {
  responseCode?: number;
  code?: string;
  command?: string;
  message?: string;
}

/** The message nodemailer sends for an outbox row and its bodies: its own sender if it has one, else `defaultFrom`. */
export const outboxMessage = (row: OutboxRow, bodies: EmailBodies, defaultFrom: string) => ({
  from: row.from_address ?? defaultFrom,
  replyTo: row.reply_to ?? undefined,
  to: row.to_address,
  subject: row.subject,
  text: bodies.text,
  html: bodies.html,
  messageId: row.message_id,
  headers: row.headers,
});

/** A rejection of the recipient or the message (5xx to RCPT TO or DATA): the address bounced. */
const isPermanentRejection = (error: SmtpError) =>
  (error.responseCode ?? 0) >= 500 && (error.code === 'EENVELOPE' || error.code === 'EMESSAGE') && !String(error.command ?? '').startsWith('MAIL');

export function startMailDispatcher(options: { database: Database; config: Config; logger: Logger }): MailDispatcher {
  const { database, config, logger } = options;
  const db = database.db;
  const routes = createMailRoutes(config);
  // Invitations and reminders are rendered here, just before they are sent (bodies.ts).
  const renderer = createBodyRenderer();
  const leaseMs = config.mailLeaseSeconds * 1000;
  let stopped = false;
  let running: Promise<void> | undefined;
  let again = false;
  const buffer: Array<{ row: OutboxRow; route: MailRoute | undefined }> = [];
  /** Claimed by this process and not finished: excluded from claims even if their lease ran out. */
  const inFlight = new Set<string>();

  const claim = async (): Promise<number> => {
    const now = new Date();
    // In the due index's order, so the scan stops after a batch and marks the entries of emails
    // claimed or sent since (dead until vacuum) as such; a bitmap scan revisits them all on every claim.
    const rows = await db.transaction().execute(async (trx) => {
      await sql`set local enable_bitmapscan = off`.execute(trx);
      return trx
        .updateTable('outbox')
        .set({ status: 'sending', attempts: sql`attempts + 1`, next_attempt_at: new Date(now.getTime() + leaseMs) })
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('outbox')
            .select('id')
            .where('status', 'in', ['pending', 'sending'])
            .where('next_attempt_at', '<=', now)
            .$if(inFlight.size > 0, (q) => q.where('id', '<>', sql<string>`all(${[...inFlight]}::uuid[])`))
            .orderBy('next_attempt_at')
            .limit(CLAIM_BATCH)
            .forUpdate()
            .skipLocked(),
        )
        .returningAll()
        .execute();
    });
    if (rows.length === 0) return 0;
    await renderer.load(db, rows);
    const byWorkspace = await routes.resolve(
      db,
      rows.map((row) => row.workspace_id),
    );
    for (const row of rows) {
      inFlight.add(row.id);
      buffer.push({ row, route: byWorkspace.get(row.workspace_id) });
    }
    return rows.length;
  };

  // Group commit of acceptances: one statement for a group, at most MAX_COMMITS groups at a time. A group
  // is committed when it is full, when it has waited COMMIT_WAIT_MS, or when no email is being sent (none
  // will join it).
  let accepted: Array<{ id: string; done: (error?: unknown) => void }> = [];
  let committing = 0;
  let sending = 0;
  let waitTimer: NodeJS.Timeout | undefined;
  const commitNext = async () => {
    committing += 1;
    const group = accepted;
    accepted = [];
    try {
      await markSent(
        db,
        group.map((item) => item.id),
        new Date(),
      );
      for (const item of group) item.done();
    } catch (error) {
      for (const item of group) item.done(error);
    }
    committing -= 1;
    considerCommit();
  };
  const considerCommit = () => {
    if (committing >= MAX_COMMITS || accepted.length === 0) return;
    if (accepted.length >= COMMIT_GROUP || sending === 0) {
      clearTimeout(waitTimer);
      waitTimer = undefined;
      void commitNext();
    } else {
      waitTimer ??= setTimeout(() => {
        waitTimer = undefined;
        if (committing < MAX_COMMITS && accepted.length > 0) void commitNext();
      }, COMMIT_WAIT_MS);
    }
  };
  const commitAccepted = (id: string) =>
    new Promise<void>((resolve, reject) => {
      accepted.push({ id, done: (error) => (error === undefined ? resolve() : reject(error)) });
      considerCommit();
    });

  const deliver = async ({ row, route }: { row: OutboxRow; route: MailRoute | undefined }) => {
    if (!route) {
      // Neither the server nor the workspace (any more) has an SMTP server: visibly undelivered.
      await db.updateTable('outbox').set({ status: 'stored', last_error: 'No SMTP server is configured' }).where('id', '=', row.id).execute();
      return;
    }
    if (!route.transport) {
      // Not a bounce: the workspace's settings need fixing; the email waits with backoff meanwhile.
      await fail(row, { message: route.problem ?? 'The SMTP settings cannot be used' });
      return;
    }
    const bodies = renderer.bodies(row);
    if (!bodies) {
      // Its survey (and with it the published version) was deleted: there is nothing to send.
      await db.updateTable('outbox').set({ status: 'failed', last_error: 'Its survey no longer exists' }).where('id', '=', row.id).execute();
      return;
    }
    route.active += 1;
    sending += 1;
    try {
      const info = await route.transport.sendMail(outboxMessage(row, bodies, route.from)).finally(() => {
        sending -= 1;
      });
      const rejected = (info.rejected ?? []).length > 0 && (info.accepted ?? []).length === 0;
      if (rejected) {
        const reason = String(info.rejectedErrors?.[0]?.message ?? info.response ?? 'recipient rejected');
        await fail(row, { responseCode: 550, code: 'EENVELOPE', message: reason });
      } else {
        await commitAccepted(row.id);
      }
    } catch (error) {
      await fail(row, error as SmtpError);
    } finally {
      routes.release(route);
    }
  };

  const fail = async (row: OutboxRow, error: SmtpError) => {
    const now = new Date();
    const message = String(error.message ?? error).slice(0, 1000);
    const bounced = isPermanentRejection(error);
    const exhausted = row.attempts >= MAX_ATTEMPTS;
    const backoffMs = Math.min(60 * 60 * 1000, 30_000 * 2 ** Math.max(0, row.attempts - 1));
    logger.warn({ outboxId: row.id, responseCode: error.responseCode, code: error.code, bounced, err: message }, 'email delivery failed');
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('outbox')
        .set({ status: bounced || exhausted ? 'failed' : 'pending', last_error: message, next_attempt_at: new Date(now.getTime() + backoffMs) })
        .where('id', '=', row.id)
        .execute();
      // Only a server's answer about this address is a bounce; connection or login trouble is not.
      const temporary = !bounced && (error.responseCode ?? 0) >= 400 && (error.responseCode ?? 0) < 500;
      if (row.workspace_id && (bounced || temporary)) {
        await recordBounce(
          trx,
          {
            workspaceId: row.workspace_id,
            email: row.to_address,
            messageId: row.message_id,
            kind: bounced ? 'permanent' : 'temporary',
            reason: message,
            source: 'smtp',
          },
          now,
        );
      }
      if (exhausted && !bounced) {
        // Given up after the last retry: the invitation never reached its contact, though nothing
        // says the address is wrong (the contact's email stays valid).
        await trx
          .updateTable('survey_invitations')
          .set({ status: 'bounced', bounced_at: now, bounce_reason: `Not delivered after ${row.attempts} attempts: ${message}`.slice(0, 1000) })
          .where('outbox_id', '=', row.id)
          .where('status', '=', 'queued')
          .execute();
      }
    });
  };

  // The next claim starts while the workers still have a batch's tail to send, so they never wait for it.
  let refill: Promise<void> | undefined;
  let drained = false;
  const startRefill = () => {
    refill ??= claim()
      .catch((error: unknown) => {
        logger.error({ err: error }, 'claiming emails failed; retrying at the next poll');
        return 0;
      })
      .then((claimed) => {
        drained = claimed === 0;
      })
      .finally(() => {
        refill = undefined;
      });
  };
  const next = async () => {
    for (;;) {
      if (stopped) return undefined;
      // A batch ahead: a claim takes several round trips, which on a busy server outlast a few emails' sending.
      if (!drained && buffer.length <= CLAIM_BATCH) startRefill();
      const item = buffer.shift();
      if (item) return item;
      if (!refill) return undefined;
      await refill;
    }
  };

  const worker = async () => {
    for (let item = await next(); item; item = await next()) {
      try {
        await deliver(item);
      } catch (error) {
        // The database failed while recording the outcome: the lease runs out and the email is retried.
        logger.error({ err: error, outboxId: item.row.id }, 'recording an email delivery failed');
      } finally {
        inFlight.delete(item.row.id);
      }
    }
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
          drained = false;
          await Promise.all(Array.from({ length: DISPATCH_CONCURRENCY }, worker));
        } while (again && !stopped);
      } finally {
        running = undefined;
      }
    })();
  };

  const timer = setInterval(run, POLL_MS);
  timer.unref();
  run();

  return {
    nudge: run,
    async idle() {
      while (running) await running;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      // Claimed but never handed to the server: due again now rather than after the lease.
      const unsent = buffer.splice(0).map((item) => item.row.id);
      if (unsent.length > 0) {
        await db
          .updateTable('outbox')
          .set({ status: 'pending', attempts: sql`greatest(attempts - 1, 0)`, next_attempt_at: new Date() })
          .where('id', 'in', unsent)
          .where('status', '=', 'sending')
          .execute()
          .catch((error: unknown) => logger.warn({ err: error }, 'could not release claimed emails; they are sent after their lease'));
      }
      routes.close();
    },
  };
}

/** After the SMTP server accepted them: the emails, and the invitations or reminders they carried, are sent. */
export async function markSent(db: Db, outboxIds: string[], now: Date): Promise<void> {
  // One statement for the email rows and their invitations; the ids as one array parameter.
  const ids = sql<string>`any(${outboxIds}::uuid[])`;
  await inTransaction(db, async (trx) => {
    // Statistics taken before a wave was queued say outbox_id is always null, and the planner then reads
    // the whole of survey_invitations for every group instead of ten entries of its outbox_id index
    // (seen in 451 of 1,054 groups at 5,000 in bench/send).
    await sql`set local enable_seqscan = off`.execute(trx);
    await trx
      .with('emails', (q) => q.updateTable('outbox').set({ status: 'sent', sent_at: now, last_error: null }).where('id', '=', ids).returning('id'))
      .with('invitations', (q) =>
        q.updateTable('survey_invitations').set({ status: 'sent', sent_at: now }).where('outbox_id', '=', ids).where('status', '=', 'queued').returning('id'),
      )
      .updateTable('survey_invitations')
      .set({ reminder_sent_at: now })
      .where('reminder_outbox_id', '=', ids)
      .where('reminder_sent_at', 'is', null)
      .execute();
  });
}
