// Trigger rules in the domain: what they keep, who may change them, units named by conditions,
// and what deleting one does to the invitations it scheduled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedUser, seedWorkspace, startTestApp, type TestApp } from '../../../test/support/app.ts';
import { npsDefinition } from '../../../test/support/survey-definition.ts';
import type { Db } from '../../db/index.ts';
import type { UserActor } from '../access/index.ts';
import { actorForUser } from '../auth/index.ts';
import { createUnit } from '../organisation/index.ts';
import { createSurvey, publishSurvey, SurveyDefinition } from '../surveys/index.ts';
import { recordEvent } from './events.ts';
import { createTriggerRule, deleteTriggerRule, getTriggerRule, listTriggerRules, TriggerRuleInput, updateTriggerRule } from './triggers.ts';

let t: TestApp;
let db: Db;
let owner: UserActor;
let manager: UserActor;
let surveyId: string;
let unitId: string;

beforeAll(async () => {
  t = await startTestApp();
  db = t.database.db;
  const ws = await seedWorkspace(t.database, 'Rules Domain Co', 'owner@rules-domain.test');
  owner = (await actorForUser(db, ws.ownerUserId, ws.workspaceId, 'test')) as UserActor;
  unitId = (await createUnit(db, owner, { name: 'Aarhus', parentId: ws.rootUnitId }, {})).id;
  const seeded = await seedUser(t.database, ws.workspaceId, 'manager@rules-domain.test', 'manager', unitId);
  manager = (await actorForUser(db, seeded.userId, ws.workspaceId, 'test')) as UserActor;
  surveyId = (await createSurvey(db, owner, { name: 'Visit', kind: 'transactional_nps', definition: SurveyDefinition.parse(npsDefinition()) })).id;
  await publishSurvey(db, owner, surveyId);
});
afterAll(() => t?.close());

const input = (extra: Record<string, unknown> = {}) =>
  TriggerRuleInput.parse({ name: 'Visit done', eventType: 'visit.done', surveyId, delay: { kind: 'after', minutes: 30 }, ...extra });

describe('trigger rules', () => {
  it('default to enabled, a 30-day window and no conditions', async () => {
    const rule = await createTriggerRule(db, owner, input());
    expect(rule).toMatchObject({ enabled: true, dedupeDays: 30, conditions: [], surveyStatus: 'active', surveyName: 'Visit' });
    expect(await getTriggerRule(db, owner, rule.id)).toEqual(rule);
  });

  it('are read by managers, changed only by those who manage distribution', async () => {
    const rule = await createTriggerRule(db, owner, input());
    expect((await listTriggerRules(db, manager)).map((r) => r.id)).toContain(rule.id);
    await expect(createTriggerRule(db, manager, input())).rejects.toMatchObject({ code: 'forbidden' });
    await expect(updateTriggerRule(db, manager, rule.id, { enabled: false })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(deleteTriggerRule(db, manager, rule.id)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('accept units of the workspace in unit conditions', async () => {
    const rule = await createTriggerRule(db, owner, input({ conditions: [{ field: 'contact.unitId', op: 'in', value: [unitId] }] }));
    expect(rule.conditions).toEqual([{ field: 'contact.unitId', op: 'in', value: [unitId] }]);
    await expect(
      updateTriggerRule(db, owner, rule.id, { conditions: [{ field: 'contact.unitId', op: 'in', value: [unitId, 'elsewhere'] }] }),
    ).rejects.toMatchObject({ code: 'validation_failed', details: { errors: [{ field: 'body.conditions.0.value.1' }] } });
  });

  it('cancel the invitations still waiting when deleted; sent ones stay as they are', async () => {
    const rule = await createTriggerRule(db, owner, input({ eventType: 'visit.deleted_rule', dedupeDays: 0 }));
    const made = [];
    for (const externalId of ['del-1', 'del-2'])
      made.push((await recordEvent(db, owner, { type: 'visit.deleted_rule', contact: { externalId } }, new Date())).result);
    const sentId = made[1]?.invitations[0]?.invitationId as string;
    await db.updateTable('survey_invitations').set({ status: 'sent', sent_at: new Date() }).where('id', '=', sentId).execute();
    await deleteTriggerRule(db, owner, rule.id);
    const rows = await db
      .selectFrom('survey_invitations')
      .select(['id', 'status'])
      .where(
        'id',
        'in',
        made.map((m) => m.invitations[0]?.invitationId as string),
      )
      .execute();
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ [made[0]?.invitations[0]?.invitationId as string]: 'cancelled', [sentId]: 'sent' });
  });
});
