// The funnel counts email invitations in every state, per survey, wave, trigger rule, unit or all
// together, in the period asked for; managers count only their subtree; personal links made through
// the API and other workspaces never count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedUser, seedWorkspace } from '../../../test/support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { seedInvitationStates, seedTriggerRule, seedWave } from '../../../test/support/funnel.ts';
import { seedContact, seedInvitation, seedSurvey } from '../../../test/support/surveys.ts';
import { migrate } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import type { UserActor } from '../access/index.ts';
import { actorForUser } from '../auth/index.ts';
import { createUnit } from '../organisation/index.ts';
import type { FunnelCountsView } from '../views.ts';
import { distributionFunnel, SKIP_REASONS } from './funnel.ts';

const NOW = new Date('2026-06-15T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

let t: TestDatabase;
let owner: UserActor;
let manager: UserActor;
let frontline: UserActor;
const ids = { pulse: '', delivery: '', wave: '', rule: '', nordics: '', denmark: '', germany: '' };

async function actorOf(userId: string, workspaceId: string) {
  const actor = await actorForUser(t.database.db, userId, workspaceId, 'funnel test');
  if (!actor) throw new Error('no actor');
  return actor;
}

beforeAll(async () => {
  t = await createTestDatabase();
  await migrate(t.database);
  const ws = await seedWorkspace(t.database, 'Funnel Co', 'olga@funnel.test');
  owner = await actorOf(ws.ownerUserId, ws.workspaceId);
  const unit = async (name: string, parentId: string) => (await createUnit(t.database.db, owner, { name, parentId }, {})).id;
  ids.nordics = await unit('Nordics', ws.rootUnitId);
  ids.denmark = await unit('Denmark', ids.nordics);
  ids.germany = await unit('Germany', ws.rootUnitId);
  manager = await actorOf((await seedUser(t.database, ws.workspaceId, 'max@funnel.test', 'manager', ids.nordics)).userId, ws.workspaceId);
  frontline = await actorOf((await seedUser(t.database, ws.workspaceId, 'fay@funnel.test', 'frontline', ids.denmark)).userId, ws.workspaceId);

  ids.pulse = (await seedSurvey(t.database, ws.workspaceId, { name: 'Customer pulse' })).surveyId;
  ids.delivery = (await seedSurvey(t.database, ws.workspaceId, { name: 'After delivery' })).surveyId;
  ids.wave = await seedWave(t.database, ws.workspaceId, ids.pulse, 'Spring wave');
  ids.rule = await seedTriggerRule(t.database, ws.workspaceId, ids.delivery, 'Delivered');

  // 13 invitations of the wave to contacts in Denmark, one in each state (two completed).
  await seedInvitationStates(t.database, { workspaceId: ws.workspaceId, surveyId: ids.pulse, unitId: ids.denmark, waveId: ids.wave, at: daysAgo(1) }, [
    'scheduled',
    'queued',
    'sent',
    'clicked',
    'started',
    'completed',
    'completed',
    { skipped: 'recently_invited' },
    { skipped: 'no_consent' },
    'bounced',
    'cancelled',
    'unsubscribed',
    'reminded',
  ]);
  // 3 from the trigger rule to contacts in Germany.
  await seedInvitationStates(
    t.database,
    { workspaceId: ws.workspaceId, surveyId: ids.delivery, unitId: ids.germany, triggerRuleId: ids.rule, at: daysAgo(2) },
    ['sent', 'completed', { skipped: 'duplicate' }],
  );
  // Outside the default 90 days.
  await seedInvitationStates(t.database, { workspaceId: ws.workspaceId, surveyId: ids.pulse, unitId: ids.germany, at: daysAgo(200) }, ['completed']);
  // A personal link made through the API is not an email invitation.
  const linked = await seedContact(t.database, ws.workspaceId, ids.denmark);
  await seedInvitation(t.database, { workspaceId: ws.workspaceId, surveyId: ids.pulse, contactId: linked });
  // Another workspace's invitations never count.
  const other = await seedWorkspace(t.database, 'Other Co', 'otto@other.test');
  const otherSurvey = (await seedSurvey(t.database, other.workspaceId, { name: 'Customer pulse' })).surveyId;
  await seedInvitationStates(t.database, { workspaceId: other.workspaceId, surveyId: otherSurvey, unitId: other.rootUnitId, at: daysAgo(1) }, ['completed']);
}, 60_000);
afterAll(() => t?.drop());

const ZERO_REASONS = Object.fromEntries(SKIP_REASONS.map((reason) => [reason, 0]));

function counts(partial: Partial<Omit<FunnelCountsView, 'skippedByReason'>> & { skippedByReason?: Record<string, number> }): FunnelCountsView {
  return {
    invitations: 0,
    scheduled: 0,
    queued: 0,
    sent: 0,
    skipped: 0,
    bounced: 0,
    cancelled: 0,
    clicked: 0,
    started: 0,
    completed: 0,
    unsubscribed: 0,
    reminded: 0,
    responseRate: null,
    clickRate: null,
    ...partial,
    skippedByReason: { ...ZERO_REASONS, ...partial.skippedByReason } as FunnelCountsView['skippedByReason'],
  };
}

const WAVE_COUNTS = counts({
  invitations: 13,
  scheduled: 1,
  queued: 1,
  sent: 7,
  skipped: 2,
  skippedByReason: { recently_invited: 1, no_consent: 1 },
  bounced: 1,
  cancelled: 1,
  clicked: 4,
  started: 3,
  completed: 2,
  unsubscribed: 1,
  reminded: 1,
  responseRate: 2 / 7,
  clickRate: 4 / 7,
});
const RULE_COUNTS = counts({
  invitations: 3,
  sent: 2,
  skipped: 1,
  skippedByReason: { duplicate: 1 },
  clicked: 1,
  started: 1,
  completed: 1,
  responseRate: 1 / 2,
  clickRate: 1 / 2,
});
const TOTALS = counts({
  invitations: 16,
  scheduled: 1,
  queued: 1,
  sent: 9,
  skipped: 3,
  skippedByReason: { recently_invited: 1, no_consent: 1, duplicate: 1 },
  bounced: 1,
  cancelled: 1,
  clicked: 5,
  started: 4,
  completed: 3,
  unsubscribed: 1,
  reminded: 1,
  responseRate: 3 / 9,
  clickRate: 5 / 9,
});

describe('distributionFunnel', () => {
  it('counts every state per survey over the last 90 days, with rates and the typical ranges', async () => {
    const funnel = await distributionFunnel(t.database.db, owner, {}, NOW);
    expect(funnel).toMatchObject({ groupBy: 'survey', from: daysAgo(90).toISOString(), to: NOW.toISOString() });
    expect(funnel.groups).toEqual([
      { id: ids.delivery, name: 'After delivery', ...RULE_COUNTS },
      { id: ids.pulse, name: 'Customer pulse', ...WAVE_COUNTS },
    ]);
    expect(funnel.totals).toEqual(TOTALS);
    expect(funnel.typicalResponseRates).toMatchObject({ b2c: { average: 0.14, low: 0.03, high: 0.52 }, b2b: { average: 0.23, low: 0.02, high: 0.68 } });
  });

  it('groups by wave, trigger rule, unit, or not at all', async () => {
    const by = async (groupBy: 'wave' | 'trigger' | 'unit' | 'none') => (await distributionFunnel(t.database.db, owner, { groupBy }, NOW)).groups;
    expect(await by('wave')).toEqual([
      { id: ids.wave, name: 'Spring wave', ...WAVE_COUNTS },
      { id: null, name: null, ...RULE_COUNTS },
    ]);
    expect(await by('trigger')).toEqual([
      { id: ids.rule, name: 'Delivered', ...RULE_COUNTS },
      { id: null, name: null, ...WAVE_COUNTS },
    ]);
    expect(await by('unit')).toEqual([
      { id: ids.denmark, name: 'Denmark', ...WAVE_COUNTS },
      { id: ids.germany, name: 'Germany', ...RULE_COUNTS },
    ]);
    expect(await by('none')).toEqual([{ id: null, name: null, ...TOTALS }]);
  });

  it('filters by survey, wave, trigger rule, unit subtree and period', async () => {
    const totals = async (query: Parameters<typeof distributionFunnel>[2]) => (await distributionFunnel(t.database.db, owner, query, NOW)).totals;
    expect(await totals({ surveyId: ids.delivery })).toEqual(RULE_COUNTS);
    expect(await totals({ waveId: ids.wave })).toEqual(WAVE_COUNTS);
    expect(await totals({ triggerRuleId: ids.rule })).toEqual(RULE_COUNTS);
    expect(await totals({ unitId: ids.nordics })).toEqual(WAVE_COUNTS);
    expect(await totals({ unitId: ids.germany })).toEqual(RULE_COUNTS);
    // The invitation of 200 days ago joins when the period reaches it; the last day alone holds only the wave.
    expect(await totals({ surveyId: ids.pulse, from: daysAgo(365) })).toMatchObject({ invitations: 14, sent: 8, completed: 3, responseRate: 3 / 8 });
    expect(await totals({ from: daysAgo(1.5) })).toEqual(WAVE_COUNTS);
    expect(await totals({ from: daysAgo(30), to: daysAgo(1.5) })).toEqual(RULE_COUNTS);
  });

  it('answers an empty funnel with no groups and no rates', async () => {
    const funnel = await distributionFunnel(t.database.db, owner, { from: daysAgo(500), to: daysAgo(400) }, NOW);
    expect(funnel.groups).toEqual([]);
    expect(funnel.totals).toEqual(counts({}));
  });

  it('counts for a manager only the contacts of their subtree, and refuses frontline', async () => {
    const funnel = await distributionFunnel(t.database.db, manager, { groupBy: 'unit' }, NOW);
    expect(funnel.groups).toEqual([{ id: ids.denmark, name: 'Denmark', ...WAVE_COUNTS }]);
    expect((await distributionFunnel(t.database.db, manager, { unitId: ids.germany }, NOW)).totals).toEqual(counts({}));
    await expect(distributionFunnel(t.database.db, frontline, {}, NOW)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('rejects a period that ends before it starts, naming the field', async () => {
    const error = await distributionFunnel(t.database.db, owner, { from: daysAgo(1), to: daysAgo(2) }, NOW).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).details.errors).toEqual([{ field: 'query.from', message: expect.stringContaining('must be before to') }]);
  });
});
