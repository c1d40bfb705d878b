// Alert rules: CRUD for owner, admin and write keys (read by whole-workspace readers and managers),
// audited, and the three defaults every workspace starts with.
import { type Db, inTransaction } from '../../db/index.ts';
import { type Actor, canManageAlertRules, canViewAlertRules, ensure, ensureVisible } from '../access/index.ts';
import { type RequestContext, recordAudit } from '../audit/index.ts';
import type { AlertActionView, AlertConditionView, AlertRuleView } from '../views.ts';
import { parseInput } from './parse.ts';
import { AlertRuleCreate, AlertRulePatch, DEFAULT_RULES } from './rule-schema.ts';

const COLUMNS = ['id', 'name', 'enabled', 'conditions', 'actions', 'default_key', 'created_at', 'updated_at'] as const;

type RuleRow = {
  id: string;
  name: string;
  enabled: boolean;
  conditions: unknown;
  actions: unknown;
  default_key: AlertRuleView['defaultKey'];
  created_at: Date;
  updated_at: Date;
};

export const ruleView = (row: RuleRow): AlertRuleView => ({
  id: row.id,
  name: row.name,
  enabled: row.enabled,
  conditions: row.conditions as AlertConditionView[],
  actions: row.actions as AlertActionView[],
  defaultKey: row.default_key,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** Writes the default rules of a new workspace (the migration wrote them for existing ones). */
export async function seedDefaultAlertRules(trx: Db, workspaceId: string): Promise<void> {
  const now = Date.now();
  await trx
    .insertInto('alert_rules')
    .values(
      // A millisecond apart: rules run in creation order, so the detractor alarm opens the case and
      // a contact request on the same answer is noted on it.
      DEFAULT_RULES.map((rule, i) => ({
        created_at: new Date(now + i),
        workspace_id: workspaceId,
        name: rule.create.name,
        conditions: JSON.stringify(rule.create.conditions),
        actions: JSON.stringify(rule.create.actions),
        default_key: rule.defaultKey,
      })),
    )
    .execute();
}

export async function listAlertRules(db: Db, actor: Actor): Promise<AlertRuleView[]> {
  ensure(canViewAlertRules(actor), 'read alert rules');
  const rows = await db.selectFrom('alert_rules').select(COLUMNS).where('workspace_id', '=', actor.workspaceId).orderBy('created_at').orderBy('id').execute();
  return rows.map(ruleView);
}

async function findRule(db: Db, actor: Actor, id: string): Promise<RuleRow> {
  const row = await db.selectFrom('alert_rules').select(COLUMNS).where('workspace_id', '=', actor.workspaceId).where('id', '=', id).executeTakeFirst();
  ensureVisible(row !== undefined, 'alert rule');
  return row as RuleRow;
}

export async function getAlertRule(db: Db, actor: Actor, id: string): Promise<AlertRuleView> {
  const row = await findRule(db, actor, id);
  ensure(canViewAlertRules(actor), 'read alert rules');
  return ruleView(row);
}

export async function createAlertRule(db: Db, actor: Actor, raw: AlertRuleCreate, context: RequestContext = {}): Promise<AlertRuleView> {
  ensure(canManageAlertRules(actor), 'create alert rules');
  const input = parseInput(AlertRuleCreate, raw);
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto('alert_rules')
      .values({
        workspace_id: actor.workspaceId,
        name: input.name,
        enabled: input.enabled ?? true,
        conditions: JSON.stringify(input.conditions),
        actions: JSON.stringify(input.actions),
      })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    const view = ruleView(row);
    await recordAudit(
      trx,
      actor,
      { workspaceId: actor.workspaceId, action: 'alert_rule.created', targetType: 'alert_rule', targetId: row.id, after: view },
      context,
    );
    return view;
  });
}

export async function updateAlertRule(db: Db, actor: Actor, id: string, raw: AlertRulePatch, context: RequestContext = {}): Promise<AlertRuleView> {
  return inTransaction(db, async (trx) => {
    const before = ruleView(await findRule(trx, actor, id));
    ensure(canManageAlertRules(actor), 'change alert rules');
    const patch = parseInput(AlertRulePatch, raw);
    const row = await trx
      .updateTable('alert_rules')
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
        ...(patch.conditions !== undefined ? { conditions: JSON.stringify(patch.conditions) } : {}),
        ...(patch.actions !== undefined ? { actions: JSON.stringify(patch.actions) } : {}),
        updated_at: new Date(),
      })
      .where('workspace_id', '=', actor.workspaceId)
      .where('id', '=', id)
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    const after = ruleView(row);
    await recordAudit(
      trx,
      actor,
      { workspaceId: actor.workspaceId, action: 'alert_rule.updated', targetType: 'alert_rule', targetId: id, before, after },
      context,
    );
    return after;
  });
}

/** Deletes a rule; its cases stay (without a rule), its pending notifications are still sent. */
export async function deleteAlertRule(db: Db, actor: Actor, id: string, context: RequestContext = {}): Promise<void> {
  await inTransaction(db, async (trx) => {
    const before = ruleView(await findRule(trx, actor, id));
    ensure(canManageAlertRules(actor), 'delete alert rules');
    await trx.deleteFrom('alert_rules').where('workspace_id', '=', actor.workspaceId).where('id', '=', id).execute();
    await recordAudit(trx, actor, { workspaceId: actor.workspaceId, action: 'alert_rule.deleted', targetType: 'alert_rule', targetId: id, before }, context);
  });
}
