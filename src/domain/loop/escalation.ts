// Escalation (the loop-escalate job, every five minutes): an open case without first contact past
// its due time notifies the manager of its unit (level 1); each further SLA period, counted in
// working hours, notifies the next manager up the tree, and the programme lead after the top.
// A level is claimed by a conditional update of cases.escalation_level, so each is sent once even
// when runs overlap, and recorded on the timeline.
import { type Db, inTransaction } from '../../db/index.ts';
import type { MailQueue } from '../../mail/index.ts';
import { renderEmail } from '../../mail/templates.ts';
import { CLOSED_CASE_STATUSES } from '../views.ts';
import { addBusinessHours } from './business-hours.ts';
import { personName } from './facts.ts';
import { managerChain, recipients } from './owners.ts';
import { caseUrl } from './payloads.ts';
import { type LoopRules, loadLoopRules } from './settings.ts';
import { addCaseEvent, emitCaseWebhook, SYSTEM } from './timeline.ts';

const BATCH = 200;

export interface EscalationResult {
  escalated: number;
}

/** When level n (1-based) is due: the due time, plus n−1 further SLA periods of working time. */
export const escalationDueAt = (dueAt: Date, slaHours: number, level: number, rules: LoopRules): Date =>
  level <= 1 ? dueAt : addBusinessHours(dueAt, (level - 1) * slaHours, rules.calendar);

export async function escalateOverdueCases(db: Db, mail: MailQueue, publicUrl: string, now: Date): Promise<EscalationResult> {
  const candidates = await db
    .selectFrom('cases as c')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .leftJoin('contacts as ct', 'ct.id', 'c.contact_id')
    .leftJoin('members as o', 'o.id', 'c.owner_member_id')
    .select([
      'c.id',
      'c.workspace_id',
      'c.title',
      'c.owner_member_id',
      'o.name as owner_name',
      'c.due_at',
      'c.sla_hours',
      'c.escalation_level',
      'u.path',
      'ct.first_name',
      'ct.last_name',
      'ct.email',
    ])
    .where('c.status', 'not in', [...CLOSED_CASE_STATUSES])
    .where('c.first_contact_at', 'is', null)
    .where('c.due_at', '<', now)
    .orderBy('c.due_at')
    .limit(BATCH)
    .execute();
  const rulesOf = new Map<string, LoopRules>();
  let escalated = 0;
  for (const row of candidates) {
    let rules = rulesOf.get(row.workspace_id);
    if (!rules) {
      rules = await loadLoopRules(db, row.workspace_id, now);
      rulesOf.set(row.workspace_id, rules);
    }
    const level = row.escalation_level + 1;
    if (escalationDueAt(row.due_at, row.sla_hours, level, rules) > now) continue;
    const chain = (await managerChain(db, row.workspace_id, row.path)).filter((id) => id !== row.owner_member_id);
    if (rules.programmeLeadMemberId && rules.programmeLeadMemberId !== row.owner_member_id && !chain.includes(rules.programmeLeadMemberId))
      chain.push(rules.programmeLeadMemberId);
    const memberId = chain[level - 1];
    if (!memberId) continue;
    const done = await inTransaction(db, async (trx) => {
      const claimed = await trx
        .updateTable('cases')
        .set({ escalation_level: level, updated_at: now })
        .where('id', '=', row.id)
        .where('escalation_level', '=', level - 1)
        .where('first_contact_at', 'is', null)
        .returning('id')
        .executeTakeFirst();
      if (!claimed) return false;
      const recipient = (await recipients(trx, row.workspace_id, [memberId])).get(memberId);
      await addCaseEvent(trx, {
        caseId: row.id,
        workspaceId: row.workspace_id,
        kind: 'escalated',
        actor: SYSTEM,
        data: { level, memberId, notified: recipient?.email != null },
        now,
      });
      await emitCaseWebhook(trx, row.id, 'case.updated', 'escalated', now);
      if (recipient?.email) {
        const customer = personName(row.first_name, row.last_name, row.email) ?? 'an anonymous respondent';
        const hoursLate = Math.round((now.getTime() - row.due_at.getTime()) / 3_600_000);
        await mail.enqueue(trx, {
          workspaceId: row.workspace_id,
          kind: 'case_escalation',
          to: recipient.email,
          ...renderEmail({
            subject: `Overdue: ${row.title} for ${customer}`,
            paragraphs: [
              `Hi ${recipient.name},`,
              `The case "${row.title}" for ${customer} has had no first contact, and was due ${hoursLate} hours ago. Its owner is ${row.owner_name ?? 'nobody yet'}.`,
              'Please make sure someone calls the customer, or reassign the case.',
            ],
            action: { label: 'Open the case', url: caseUrl(publicUrl, row.id) },
            footer: `Escalation level ${level}: you manage the case's unit or one above it.`,
          }),
        });
      }
      return true;
    });
    if (done) escalated += 1;
  }
  if (escalated > 0) mail.nudge();
  return { escalated };
}
