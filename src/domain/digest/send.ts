// The weekly digest run (the insight-digest job, hourly): for each workspace whose Monday morning
// has come (dueWeek), each manager and frontline member who signs in and has not opted out gets
// last week's digest once. The digest is gathered outside any transaction; then one transaction
// claims (member, week) in insight_digests and queues the email in the outbox. A second run or a
// second process that gathered the same digest loses the insert and queues nothing.
import { sql } from 'kysely';
import { type Db, inTransaction } from '../../db/index.ts';
import type { MailQueue } from '../../mail/index.ts';
import { randomToken, sha256 } from '../auth/secrets.ts';
import type { AnalyticsOverviewView } from '../views.ts';
import { companyWeek, DIGEST_ROLES, type DigestRecipient, type DigestRole, gatherDigest, isEmpty } from './content.ts';
import { renderDigest } from './email.ts';
import { type DigestWeek, dueWeek } from './week.ts';

/** Where an email's unsubscribe link points: GET shows a confirmation, POST (or one-click) opts out. */
export const digestUnsubscribeUrl = (publicUrl: string, token: string) => `${publicUrl.replace(/\/+$/, '')}/digest/unsubscribe/${token}`;

export interface DigestRunResult {
  /** Emails queued. */
  sent: number;
  /** Members whose week had nothing to tell (decided, no email). */
  empty: number;
  /** Members whose digest could not be gathered; a later run tries them again. */
  failed: Array<{ memberId: string; error: unknown }>;
}

/** Members due a digest for the week: manager or frontline, signing in, not opted out, not yet decided. */
async function dueRecipients(db: Db, workspaceId: string, week: string): Promise<DigestRecipient[]> {
  const rows = await db
    .selectFrom('members as m')
    .innerJoin('users as usr', 'usr.id', 'm.user_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
    .select([
      'm.id',
      'm.workspace_id',
      'm.name',
      'm.role',
      'm.user_id',
      'usr.email',
      'u.id as unit_id',
      'u.path',
      'u.name as unit_name',
      'w.name as workspace_name',
    ])
    .where('m.workspace_id', '=', workspaceId)
    .where('m.role', 'in', [...DIGEST_ROLES])
    .where('m.weekly_digest_opted_out_at', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('insight_digests as d').select(sql`1`.as('one')).whereRef('d.member_id', '=', 'm.id').where('d.week', '=', week))),
    )
    .orderBy('m.id')
    .execute();
  return rows.map((row) => ({
    workspaceId: row.workspace_id,
    workspaceName: row.workspace_name,
    memberId: row.id,
    userId: row.user_id as string,
    name: row.name,
    email: row.email,
    role: row.role as DigestRole,
    unitId: row.unit_id,
    unitPath: row.path,
    unitName: row.unit_name,
  }));
}

/** Gathers, claims and queues one member's digest; 'taken' when another run decided it already or the member opted out meanwhile. */
async function sendOne(
  db: Db,
  mail: MailQueue,
  publicUrl: string,
  recipient: DigestRecipient,
  week: DigestWeek,
  company: AnalyticsOverviewView | null,
  now: Date,
): Promise<'sent' | 'empty' | 'taken'> {
  const content = await gatherDigest(db, recipient, week, company, now);
  const empty = isEmpty(content);
  const token = randomToken();
  return inTransaction(db, async (trx) => {
    // Opting out while the digest was gathered wins; the row lock orders this with the opt-out's update.
    const member = await trx.selectFrom('members').select('weekly_digest_opted_out_at').where('id', '=', recipient.memberId).forUpdate().executeTakeFirst();
    if (!member || member.weekly_digest_opted_out_at !== null) return 'taken';
    const claimed = await trx
      .insertInto('insight_digests')
      .values({
        workspace_id: recipient.workspaceId,
        member_id: recipient.memberId,
        week: week.week,
        emailed: !empty,
        unsubscribe_token_hash: empty ? null : sha256(token),
      })
      .onConflict((oc) => oc.columns(['member_id', 'week']).doNothing())
      .returning('member_id')
      .executeTakeFirst();
    if (!claimed) return 'taken';
    if (empty) return 'empty';
    const rendered = renderDigest(content, { publicUrl, unsubscribeUrl: digestUnsubscribeUrl(publicUrl, token) });
    await mail.enqueue(trx, {
      workspaceId: recipient.workspaceId,
      kind: 'insight_digest',
      to: recipient.email,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      headers: rendered.headers,
    });
    return 'sent';
  });
}

export async function sendWeeklyDigests(db: Db, mail: MailQueue, publicUrl: string, now: Date): Promise<DigestRunResult> {
  const workspaces = await db
    .selectFrom('workspaces as w')
    .leftJoin('loop_settings as s', 's.workspace_id', 'w.id')
    .select(['w.id', 's.time_zone'])
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('members as m')
          .select(sql`1`.as('one'))
          .whereRef('m.workspace_id', '=', 'w.id')
          .where('m.role', 'in', [...DIGEST_ROLES])
          .where('m.user_id', 'is not', null),
      ),
    )
    .orderBy('w.id')
    .execute();
  const result: DigestRunResult = { sent: 0, empty: 0, failed: [] };
  for (const workspace of workspaces) {
    // The loop calendar's zone; a workspace that never saved loop settings has the migration's default.
    const week = dueWeek(now, workspace.time_zone ?? 'Europe/Copenhagen');
    if (!week) continue;
    const recipients = await dueRecipients(db, workspace.id, week.week);
    if (recipients.length === 0) continue;
    const company = recipients.some((r) => r.role === 'manager') ? await companyWeek(db, workspace.id, week, now) : null;
    for (const recipient of recipients) {
      try {
        const outcome = await sendOne(db, mail, publicUrl, recipient, week, company, now);
        if (outcome === 'sent') result.sent += 1;
        if (outcome === 'empty') result.empty += 1;
      } catch (error) {
        result.failed.push({ memberId: recipient.memberId, error });
      }
    }
  }
  if (result.sent > 0) mail.nudge();
  return result;
}
