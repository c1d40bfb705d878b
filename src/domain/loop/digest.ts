// The daily digest (the loop-digest job): each owner with open cases gets one email listing them,
// most urgent first. One per member and local day of the workspace's loop calendar: the insert
// into loop_digests that wins sends the email in the same transaction, so a second run (or a
// second process) that day sends nothing.
import { sql } from 'kysely';
import { DateTime } from 'luxon';
import { type Db, inTransaction } from '../../db/index.ts';
import type { MailQueue } from '../../mail/index.ts';
import { renderEmail } from '../../mail/templates.ts';
import { CLOSED_CASE_STATUSES } from '../views.ts';
import { personName } from './facts.ts';
import { recipients } from './owners.ts';
import { caseUrl } from './payloads.ts';

/** At most this many cases are listed in one digest; the rest are counted. */
const LISTED = 30;

export async function sendDailyDigests(db: Db, mail: MailQueue, publicUrl: string, now: Date): Promise<{ sent: number }> {
  const owners = await db
    .selectFrom('cases as c')
    .leftJoin('loop_settings as s', 's.workspace_id', 'c.workspace_id')
    .select(['c.workspace_id', 'c.owner_member_id', 's.time_zone', sql<string>`count(*)`.as('open')])
    .where('c.status', 'not in', [...CLOSED_CASE_STATUSES])
    .where('c.owner_member_id', 'is not', null)
    .groupBy(['c.workspace_id', 'c.owner_member_id', 's.time_zone'])
    .execute();
  let sent = 0;
  for (const owner of owners) {
    const memberId = owner.owner_member_id as string;
    const recipient = (await recipients(db, owner.workspace_id, [memberId])).get(memberId);
    if (!recipient?.email) continue;
    const day = DateTime.fromJSDate(now, { zone: owner.time_zone ?? 'Europe/Copenhagen' }).toISODate() as string;
    const open = Number(owner.open);
    const done = await inTransaction(db, async (trx) => {
      const claimed = await trx
        .insertInto('loop_digests')
        .values({ workspace_id: owner.workspace_id, member_id: memberId, day, case_count: open })
        .onConflict((oc) => oc.columns(['member_id', 'day']).doNothing())
        .returning('member_id')
        .executeTakeFirst();
      if (!claimed) return false;
      const cases = await trx
        .selectFrom('cases as c')
        .leftJoin('contacts as ct', 'ct.id', 'c.contact_id')
        .select(['c.id', 'c.title', 'c.status', 'c.due_at', 'c.first_contact_at', 'ct.first_name', 'ct.last_name', 'ct.email'])
        .where('c.workspace_id', '=', owner.workspace_id)
        .where('c.owner_member_id', '=', memberId)
        .where('c.status', 'not in', [...CLOSED_CASE_STATUSES])
        .orderBy('c.due_at')
        .orderBy('c.id')
        .limit(LISTED)
        .execute();
      const overdue = cases.filter((c) => c.first_contact_at === null && c.due_at < now).length;
      const lines = cases.map((c) => {
        const late = c.first_contact_at === null && c.due_at < now ? 'OVERDUE – ' : '';
        return `${late}${c.title}: ${personName(c.first_name, c.last_name, c.email) ?? 'anonymous'} (${c.status.replace(/_/g, ' ')}) – ${caseUrl(publicUrl, c.id)}`;
      });
      await mail.enqueue(trx, {
        workspaceId: owner.workspace_id,
        kind: 'case_digest',
        to: recipient.email as string,
        ...renderEmail({
          subject: `Your open cases today: ${open}${overdue > 0 ? ` (${overdue} overdue)` : ''}`,
          paragraphs: [
            `Good morning ${recipient.name},`,
            `You have ${open} open case${open === 1 ? '' : 's'}, most urgent first:`,
            ...lines,
            ...(open > LISTED ? [`… and ${open - LISTED} more.`] : []),
          ],
          action: { label: 'Open my cases', url: `${publicUrl.replace(/\/+$/, '')}/cases?mine=true` },
          footer: 'One digest a day while you have open cases.',
        }),
      });
      return true;
    });
    if (done) sent += 1;
  }
  if (sent > 0) mail.nudge();
  return { sent };
}
