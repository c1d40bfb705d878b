// Trigger rules: an event of a type whose conditions all hold schedules an invitation to a survey
// after a delay, at most once per contact within the rule's de-duplication window. events.ts applies
// them; this file keeps them (owner, admin and write keys change them, distribution viewers read them).
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { type Db, inTransaction } from '../../db/index.ts';
import type { TriggerRulesTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { type Actor, canManageDistribution, canViewDistribution, ensure, ensureVisible } from '../access/index.ts';
import { type RequestContext, recordAudit } from '../audit/index.ts';
import type { TriggerRuleView } from '../views.ts';
import { TIME_OF_DAY } from './calendar.ts';

export const EVENT_TYPE = /^[a-z][a-z0-9_.-]{0,79}$/;
export const EventType = z.string().regex(EVENT_TYPE, 'must start with a lowercase letter, then up to 79 of a-z, 0-9, _ . -, such as order.delivered');

/** What a condition may look at: the event's properties and the contact's segment, language, unit (with its subtree) and attributes. */
const CONDITION_FIELD = /^(properties\.[^\s]{1,100}|contact\.(segment|language|unitId)|contact\.attributes\.[a-z][a-z0-9_]{0,62})$/;

const Scalar = z.union([z.string().max(1000), z.number(), z.boolean()]);
const Comparable = z.union([z.number(), z.iso.datetime({ offset: true }), z.iso.date()]);

export const TriggerCondition = z
  .object({
    field: z.string().regex(CONDITION_FIELD, 'must be properties.<key>, contact.segment, contact.language, contact.unitId or contact.attributes.<key>'),
    op: z.enum(['equals', 'not_equals', 'in', 'exists', 'not_exists', 'gt', 'lt']),
    value: z.union([Scalar, z.array(Scalar).min(1).max(100)]).optional(),
  })
  .superRefine((condition, ctx) => {
    const issue = (message: string) => ctx.addIssue({ code: 'custom', path: ['value'], message });
    const { op, value } = condition;
    if (op === 'exists' || op === 'not_exists') {
      if (value !== undefined) issue(`must be left out with ${op}`);
    } else if (op === 'in') {
      if (!Array.isArray(value)) issue('must be a list of 1 to 100 values with in');
    } else if (op === 'gt' || op === 'lt') {
      if (!Comparable.safeParse(value).success) issue(`must be a number or an ISO date such as 2026-10-25 with ${op}`);
    } else if (value === undefined || Array.isArray(value)) issue(`must be one string, number or boolean with ${op}`);
    if (condition.field === 'contact.unitId' && (op === 'gt' || op === 'lt'))
      ctx.addIssue({ code: 'custom', path: ['op'], message: 'cannot compare units; use equals, not_equals or in' });
  });
export type TriggerCondition = z.infer<typeof TriggerCondition>;

export const TriggerDelay = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('after'),
    minutes: z.number().int().min(0, 'must be between 0 and 43200 (30 days)').max(43_200, 'must be between 0 and 43200 (30 days)'),
  }),
  z.object({ kind: z.literal('next_business_day'), at: z.string().regex(TIME_OF_DAY, 'must be a time of day HH:MM such as 10:00') }),
]);
export type TriggerDelay = z.infer<typeof TriggerDelay>;

const ruleFields = {
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  eventType: EventType,
  surveyId: z.uuid({ message: 'must be a UUID such as 3f0c6f5e-8a43-4b8e-9c1e-2b7f1f0e5d2a' }),
  conditions: z.array(TriggerCondition).max(20, 'must hold at most 20 conditions'),
  delay: TriggerDelay,
  dedupeDays: z.number().int().min(0, 'must be between 0 and 730').max(730, 'must be between 0 and 730'),
  enabled: z.boolean(),
};

export const TriggerRuleInput = z.object({
  ...ruleFields,
  conditions: ruleFields.conditions.default([]),
  dedupeDays: ruleFields.dedupeDays.default(30),
  enabled: ruleFields.enabled.default(true),
});
export type TriggerRuleInput = z.infer<typeof TriggerRuleInput>;
/** A change: absent fields stay as they are (no defaults here, or a PATCH would reset them). */
export const TriggerRulePatch = z.object(ruleFields).partial();
export type TriggerRulePatch = z.infer<typeof TriggerRulePatch>;

type RuleRow = Selectable<TriggerRulesTable> & { survey_name: string; survey_status: 'draft' | 'active' | 'closed' };

const view = (row: RuleRow): TriggerRuleView => ({
  id: row.id,
  name: row.name,
  eventType: row.event_type,
  surveyId: row.survey_id,
  surveyName: row.survey_name,
  surveyStatus: row.survey_status,
  conditions: row.conditions as TriggerCondition[],
  delay: row.delay as TriggerDelay,
  dedupeDays: row.dedupe_days,
  enabled: row.enabled,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const rulesQuery = (db: Db, workspaceId: string) =>
  db
    .selectFrom('trigger_rules as r')
    .innerJoin('surveys as s', 's.id', 'r.survey_id')
    .selectAll('r')
    .select(['s.name as survey_name', 's.status as survey_status'])
    .where('r.workspace_id', '=', workspaceId);

export async function listTriggerRules(db: Db, actor: Actor): Promise<TriggerRuleView[]> {
  ensure(canViewDistribution(actor), 'see trigger rules');
  const rows = await rulesQuery(db, actor.workspaceId).orderBy('r.created_at').orderBy('r.id').execute();
  return rows.map((row) => view(row as RuleRow));
}

async function loadRule(db: Db, actor: Actor, id: string): Promise<RuleRow> {
  const row = await rulesQuery(db, actor.workspaceId).where('r.id', '=', id).executeTakeFirst();
  ensureVisible(row !== undefined, `The trigger rule ${id}`);
  return row as RuleRow;
}

export async function getTriggerRule(db: Db, actor: Actor, id: string): Promise<TriggerRuleView> {
  const row = await loadRule(db, actor, id);
  ensure(canViewDistribution(actor), 'see trigger rules');
  return view(row);
}

/** The survey must be one of the workspace's (any status: events only schedule for active ones); units named by conditions too. */
async function checkReferences(db: Db, actor: Actor, input: Pick<TriggerRulePatch, 'surveyId' | 'conditions'>): Promise<void> {
  if (input.surveyId !== undefined) {
    const survey = await db
      .selectFrom('surveys')
      .select('id')
      .where('workspace_id', '=', actor.workspaceId)
      .where('id', '=', input.surveyId)
      .executeTakeFirst();
    if (!survey) throw AppError.invalid('body.surveyId', 'names no survey of this workspace');
  }
  const unitIds = new Map<string, string>();
  input.conditions?.forEach((condition, i) => {
    if (condition.field !== 'contact.unitId') return;
    const values = Array.isArray(condition.value) ? condition.value : [condition.value];
    values.forEach((value, j) => {
      if (value !== undefined) unitIds.set(String(value), Array.isArray(condition.value) ? `body.conditions.${i}.value.${j}` : `body.conditions.${i}.value`);
    });
  });
  if (unitIds.size === 0) return;
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const candidates = [...unitIds.keys()].filter((id) => UUID.test(id));
  const found = candidates.length
    ? new Set(
        (await db.selectFrom('units').select('id').where('workspace_id', '=', actor.workspaceId).where('id', 'in', candidates).execute()).map((u) => u.id),
      )
    : new Set<string>();
  const problems = [...unitIds].filter(([id]) => !found.has(id)).map(([, field]) => ({ field, message: 'names no unit of this workspace; use a unit id' }));
  if (problems.length > 0) throw new AppError('validation_failed', problems.map((p) => `${p.field}: ${p.message}`).join('; '), { errors: problems });
}

const auditable = (input: TriggerRulePatch) => ({ ...input });

export async function createTriggerRule(db: Db, actor: Actor, input: TriggerRuleInput, context: RequestContext = {}): Promise<TriggerRuleView> {
  ensure(canManageDistribution(actor), 'create trigger rules');
  return inTransaction(db, async (trx) => {
    await checkReferences(trx, actor, input);
    const row = await trx
      .insertInto('trigger_rules')
      .values({
        workspace_id: actor.workspaceId,
        name: input.name,
        event_type: input.eventType,
        survey_id: input.surveyId,
        conditions: JSON.stringify(input.conditions),
        delay: JSON.stringify(input.delay),
        dedupe_days: input.dedupeDays,
        enabled: input.enabled,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      actor,
      { workspaceId: actor.workspaceId, action: 'trigger_rule.created', targetType: 'trigger_rule', targetId: row.id, after: auditable(input) },
      context,
    );
    return view(await loadRule(trx, actor, row.id));
  });
}

export async function updateTriggerRule(db: Db, actor: Actor, id: string, input: TriggerRulePatch, context: RequestContext = {}): Promise<TriggerRuleView> {
  return inTransaction(db, async (trx) => {
    const before = view(await loadRule(trx, actor, id));
    ensure(canManageDistribution(actor), 'change trigger rules');
    await checkReferences(trx, actor, input);
    await trx
      .updateTable('trigger_rules')
      .set({
        name: input.name,
        event_type: input.eventType,
        survey_id: input.surveyId,
        conditions: input.conditions === undefined ? undefined : JSON.stringify(input.conditions),
        delay: input.delay === undefined ? undefined : JSON.stringify(input.delay),
        dedupe_days: input.dedupeDays,
        enabled: input.enabled,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .where('workspace_id', '=', actor.workspaceId)
      .execute();
    const after = view(await loadRule(trx, actor, id));
    await recordAudit(
      trx,
      actor,
      { workspaceId: actor.workspaceId, action: 'trigger_rule.updated', targetType: 'trigger_rule', targetId: id, before, after: auditable(input) },
      context,
    );
    return after;
  });
}

/** Deleting a rule stops it: its invitations still waiting to go out are cancelled; sent ones stay. */
export async function deleteTriggerRule(db: Db, actor: Actor, id: string, context: RequestContext = {}): Promise<void> {
  await inTransaction(db, async (trx) => {
    const before = view(await loadRule(trx, actor, id));
    ensure(canManageDistribution(actor), 'delete trigger rules');
    const cancelled = await trx
      .updateTable('survey_invitations')
      .set({ status: 'cancelled' })
      .where('workspace_id', '=', actor.workspaceId)
      .where('trigger_rule_id', '=', id)
      .where('status', '=', 'scheduled')
      .executeTakeFirst();
    await trx.deleteFrom('trigger_rules').where('id', '=', id).where('workspace_id', '=', actor.workspaceId).execute();
    await recordAudit(
      trx,
      actor,
      {
        workspaceId: actor.workspaceId,
        action: 'trigger_rule.deleted',
        targetType: 'trigger_rule',
        targetId: id,
        before,
        after: { cancelledInvitations: Number(cancelled.numUpdatedRows) },
      },
      context,
    );
  });
}
