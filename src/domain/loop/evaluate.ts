// Turning a finished answer into work, inside the transaction that finished it: every enabled rule
// of the workspace is matched; a match opens a case (one per answer and kind, so a detractor who
// also asks to be called gets one case, with the second rule noted on its timeline) and writes its
// notifications, which the loop-notify job sends. Evaluating the same answer again adds nothing:
// cases are unique per answer and kind, notifications per rule, answer, action and target.
import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { CaseKind } from '../../db/schema.ts';
import { addBusinessHours } from './business-hours.ts';
import { type LoadedAnswer, loadAnswer } from './facts.ts';
import { ruleMatches } from './match.ts';
import { caseUnit, recipients, resolveOwner } from './owners.ts';
import { type AlertAction, AlertAction as AlertActionSchema, AlertCondition } from './rule-schema.ts';
import { type LoopRules, loadLoopRules } from './settings.ts';
import { addCaseEvent, emitCaseWebhook, SYSTEM } from './timeline.ts';

export interface EvaluationResult {
  matchedRules: string[];
  casesOpened: number;
  notifications: number;
}

/** What a notification says, whatever the channel; rendered when it is sent. */
export interface AlertFacts {
  ruleName: string;
  caseId: string | null;
  caseKind: CaseKind | null;
  dueAt: string | null;
  /** The loop calendar's zone, for showing the due time. */
  timeZone: string;
  ownerName: string | null;
  surveyName: string;
  score: number | null;
  category: string | null;
  contactName: string | null;
  comment: string | null;
  language: string;
  answeredAt: string | null;
}

type Rule = { id: string; name: string; conditions: AlertCondition[]; actions: AlertAction[] };

async function enabledRules(trx: Db, workspaceId: string): Promise<Rule[]> {
  const rows = await trx
    .selectFrom('alert_rules')
    .select(['id', 'name', 'conditions', 'actions'])
    .where('workspace_id', '=', workspaceId)
    .where('enabled', '=', true)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  // Rules were validated when saved; a document an older version wrote and this one cannot read is skipped, not fatal to the answer.
  return rows.flatMap((row) => {
    const conditions = AlertCondition.array().safeParse(row.conditions);
    const actions = AlertActionSchema.array().safeParse(row.actions);
    return conditions.success && actions.success ? [{ id: row.id, name: row.name, conditions: conditions.data, actions: actions.data }] : [];
  });
}

interface Opened {
  caseId: string;
  ownerMemberId: string | null;
  dueAt: Date;
  created: boolean;
}

async function openCase(
  trx: Db,
  answer: LoadedAnswer,
  rule: Rule,
  action: Extract<AlertAction, { type: 'create_case' }>,
  settings: LoopRules,
  now: Date,
): Promise<Opened> {
  const unit = await caseUnit(trx, answer.workspaceId, answer.unitIds);
  const ownerMemberId = await resolveOwner(trx, {
    workspaceId: answer.workspaceId,
    contactOwnerId: answer.ownerMemberId,
    unitPath: unit.path,
    programmeLeadId: settings.programmeLeadMemberId,
  });
  const slaHours = action.slaHours ?? settings.defaultSlaHours;
  const dueAt = addBusinessHours(now, slaHours, settings.calendar);
  const inserted = await trx
    .insertInto('cases')
    .values({
      workspace_id: answer.workspaceId,
      rule_id: rule.id,
      response_id: answer.responseId,
      contact_id: answer.contactId,
      unit_id: unit.id,
      kind: action.kind,
      title: rule.name,
      owner_member_id: ownerMemberId,
      sla_hours: slaHours,
      due_at: dueAt,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['response_id', 'kind']).doNothing())
    .returning(['id'])
    .executeTakeFirst();
  if (inserted) {
    await addCaseEvent(trx, {
      caseId: inserted.id,
      workspaceId: answer.workspaceId,
      kind: 'created',
      actor: SYSTEM,
      data: { ruleId: rule.id, ruleName: rule.name, ownerMemberId, dueAt: dueAt.toISOString(), slaHours },
      now,
    });
    await emitCaseWebhook(trx, inserted.id, 'case.created', 'created', now);
    return { caseId: inserted.id, ownerMemberId, dueAt, created: true };
  }
  const existing = await trx
    .selectFrom('cases')
    .select(['id', 'rule_id', 'owner_member_id', 'due_at'])
    .where('response_id', '=', answer.responseId)
    .where('kind', '=', action.kind)
    .executeTakeFirstOrThrow();
  const noted =
    existing.rule_id === rule.id ||
    (await trx
      .selectFrom('case_events')
      .select('id')
      .where('case_id', '=', existing.id)
      .where('kind', '=', 'rule_matched')
      .where(sql<boolean>`data->>'ruleId' = ${rule.id}`)
      .executeTakeFirst()) !== undefined;
  if (!noted)
    await addCaseEvent(trx, {
      caseId: existing.id,
      workspaceId: answer.workspaceId,
      kind: 'rule_matched',
      actor: SYSTEM,
      data: { ruleId: rule.id, ruleName: rule.name },
      now,
    });
  return { caseId: existing.id, ownerMemberId: existing.owner_member_id, dueAt: existing.due_at, created: false };
}

/** The notification rows of a rule's actions (email, Slack, Teams, webhook); returns how many are new. */
async function queueNotifications(trx: Db, answer: LoadedAnswer, rule: Rule, opened: Opened | undefined, settings: LoopRules, now: Date): Promise<number> {
  const ownerId = opened
    ? opened.ownerMemberId
    : await resolveOwner(trx, {
        workspaceId: answer.workspaceId,
        contactOwnerId: answer.ownerMemberId,
        unitPath: (await caseUnit(trx, answer.workspaceId, answer.unitIds)).path,
        programmeLeadId: settings.programmeLeadMemberId,
      });
  const owner = ownerId ? (await recipients(trx, answer.workspaceId, [ownerId])).get(ownerId) : undefined;
  const facts: AlertFacts = {
    ruleName: rule.name,
    caseId: opened?.caseId ?? null,
    caseKind: rule.actions.find((a) => a.type === 'create_case')?.kind ?? null,
    dueAt: opened?.dueAt.toISOString() ?? null,
    timeZone: settings.calendar.timeZone,
    ownerName: owner?.name ?? null,
    surveyName: answer.surveyName,
    score: answer.facts.score,
    category: answer.facts.category,
    contactName: answer.contactName,
    comment: answer.comment,
    language: answer.language,
    answeredAt: (answer.completedAt ?? answer.updatedAt).toISOString(),
  };
  const rows = rule.actions.flatMap((action, index) => {
    const base = { workspace_id: answer.workspaceId, rule_id: rule.id, response_id: answer.responseId, case_id: opened?.caseId ?? null, action_index: index };
    const row = (channel: 'email' | 'slack' | 'teams' | 'webhook', target: string) => ({
      ...base,
      channel,
      target,
      facts: JSON.stringify(facts),
      next_attempt_at: now,
    });
    switch (action.type) {
      case 'create_case':
        return [];
      case 'email': {
        const to = [...(action.toOwner && owner?.email ? [owner.email] : []), ...action.addresses];
        return [...new Set(to.map((address) => address.toLowerCase()))].map((address) => row('email', address));
      }
      default:
        return [row(action.type, action.url)];
    }
  });
  if (rows.length === 0) return 0;
  const inserted = await trx
    .insertInto('alert_notifications')
    .values(rows)
    .onConflict((oc) => oc.columns(['rule_id', 'response_id', 'action_index', 'target']).doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}

/**
 * Runs the workspace's rules on a response, in the caller's transaction: a finished one, or an
 * unfinished one that has a score (src/domain/loop/unfinished.ts decides when).
 */
export async function evaluateAlertRules(trx: Db, responseId: string, now: Date): Promise<EvaluationResult> {
  const result: EvaluationResult = { matchedRules: [], casesOpened: 0, notifications: 0 };
  const answer = await loadAnswer(trx, responseId);
  if (!answer || (answer.completedAt === null && answer.facts.score === null)) return result;
  const rules = (await enabledRules(trx, answer.workspaceId)).filter((rule) => ruleMatches(rule.conditions, answer.facts));
  if (rules.length === 0) return result;
  const settings = await loadLoopRules(trx, answer.workspaceId, now);
  for (const rule of rules) {
    result.matchedRules.push(rule.id);
    const createCase = rule.actions.find((action) => action.type === 'create_case');
    const opened = createCase ? await openCase(trx, answer, rule, createCase, settings, now) : undefined;
    if (opened?.created) result.casesOpened += 1;
    result.notifications += await queueNotifications(trx, answer, rule, opened, settings, now);
  }
  return result;
}
