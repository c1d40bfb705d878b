// Sending alert notifications (the loop-notify job, every minute). Rows are claimed by pushing
// next_attempt_at ahead, so no transaction stays open during HTTP and a second process skips them.
// Email goes to the outbox (the dispatcher delivers it, with its own retries). Slack, Teams and
// webhooks are POSTed through the integrations transport, with the same SSRF guard as signed
// webhooks (private and loopback targets only when the workspace allows them) and the same
// backoff: 30 s · 2^(n−1), at most 6 h apart, failed after MAX_ATTEMPTS.
import type { Config } from '../../config.ts';
import { type Db, inTransaction } from '../../db/index.ts';
import type { MailQueue } from '../../mail/index.ts';
import { afterAttempt, postJson, type SendResult } from '../integrations/index.ts';
import type { AlertFacts } from './evaluate.ts';
import { alertEmail, caseUrl, slackMessage, teamsMessage, webhookMessage } from './payloads.ts';

const CLAIM_MS = 60_000;
const BATCH = 50;

type Claimed = {
  id: string;
  workspace_id: string;
  channel: 'email' | 'slack' | 'teams' | 'webhook';
  target: string;
  facts: unknown;
  attempts: number;
  allow_private: boolean | null;
};

function bodyFor(row: Claimed, facts: AlertFacts, url: string): string {
  if (row.channel === 'slack') return JSON.stringify(slackMessage(facts, url));
  if (row.channel === 'teams') return JSON.stringify(teamsMessage(facts, url));
  return JSON.stringify(webhookMessage(facts, url));
}

async function send(db: Db, config: Config, mail: MailQueue, row: Claimed, now: Date): Promise<SendResult> {
  const facts = row.facts as AlertFacts;
  const url = caseUrl(config.publicUrl, facts.caseId);
  if (row.channel !== 'email') return postJson({ url: row.target, body: bodyFor(row, facts, url), headers: {}, allowPrivate: row.allow_private ?? false });
  const email = alertEmail(facts, url);
  await inTransaction(db, async (trx) => {
    await mail.enqueue(trx, { workspaceId: row.workspace_id, kind: 'case_alert', to: row.target, ...email });
    await trx
      .updateTable('alert_notifications')
      .set({ status: 'delivered', delivered_at: now, attempts: row.attempts + 1, next_attempt_at: null })
      .where('id', '=', row.id)
      .execute();
  });
  return { ok: true, status: null, error: null };
}

/** Sends due notifications (up to a batch); returns how many went out and how many failed this time. */
export async function deliverAlertNotifications(db: Db, config: Config, mail: MailQueue, now: Date): Promise<{ sent: number; failed: number }> {
  const claimed = await db
    .updateTable('alert_notifications')
    .set({ next_attempt_at: new Date(now.getTime() + CLAIM_MS) })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('alert_notifications')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .limit(BATCH)
        .forUpdate()
        .skipLocked(),
    )
    .returning('id')
    .execute();
  if (claimed.length === 0) return { sent: 0, failed: 0 };
  const rows = await db
    .selectFrom('alert_notifications as n')
    .leftJoin('integration_settings as s', 's.workspace_id', 'n.workspace_id')
    .select(['n.id', 'n.workspace_id', 'n.channel', 'n.target', 'n.facts', 'n.attempts', 's.webhooks_allow_private as allow_private'])
    .where(
      'n.id',
      'in',
      claimed.map((row) => row.id),
    )
    .execute();
  let sent = 0;
  let failed = 0;
  for (const row of rows) {
    const result = await send(db, config, mail, row, now);
    if (result.ok) sent += 1;
    else failed += 1;
    if (row.channel === 'email') continue;
    const attempts = row.attempts + 1;
    await db
      .updateTable('alert_notifications')
      .set(afterAttempt(result, attempts, now))
      .where('id', '=', row.id)
      .execute();
  }
  if (rows.some((row) => row.channel === 'email')) mail.nudge();
  return { sent, failed };
}
