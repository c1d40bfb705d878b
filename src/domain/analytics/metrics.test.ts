// The overview counts exactly the answers each filter and role allows, in SQL: the product brief's
// worked examples (NPS 25 and 27) are two units' answers; every filter picks one of them; managers
// and frontline see only their part; small anonymous groups are never shown.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnswerSnapshot, repeat, seedAnswers, seedKindSurvey } from '../../../test/support/analytics.ts';
import { seedUser, seedWorkspace } from '../../../test/support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { seedInvitationStates } from '../../../test/support/funnel.ts';
import { seedContact } from '../../../test/support/surveys.ts';
import { migrate } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import type { UserActor } from '../access/index.ts';
import { actorForUser } from '../auth/index.ts';
import { createUnit } from '../organisation/index.ts';
import { AnalyticsFilter, type AnalyticsFilterInput } from './filters.ts';
import { compare, overview } from './metrics.ts';

const NOW = new Date();
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

let t: TestDatabase;
const actors: Record<'owner' | 'manager' | 'frontDk' | 'frontDe' | 'otherOwner', UserActor> = {} as never;
const ids = { relationship: '', csat: '', ces: '', enps: '', nordics: '', denmark: '', germany: '', t1: randomUUID(), t2: randomUUID() };

const run = (actor: UserActor, filter: AnalyticsFilterInput) => overview(t.database.db, actor, AnalyticsFilter.parse(filter), NOW);
/** The relationship survey only: the two worked examples, Denmark (25) and Germany (27). */
const nps = async (filter: AnalyticsFilterInput = {}, actor: UserActor = actors.owner) => (await run(actor, { surveyIds: [ids.relationship], ...filter })).nps;

beforeAll(async () => {
  t = await createTestDatabase();
  await migrate(t.database);
  const ws = await seedWorkspace(t.database, 'Metrics Co', 'olga@metrics.test');
  const actorOf = async (userId: string, workspaceId = ws.workspaceId) => {
    const actor = await actorForUser(t.database.db, userId, workspaceId, 'metrics test');
    if (!actor) throw new Error('no actor');
    return actor;
  };
  actors.owner = await actorOf(ws.ownerUserId);
  const unit = async (name: string, parentId: string) => (await createUnit(t.database.db, actors.owner, { name, parentId }, {})).id;
  ids.nordics = await unit('Nordics', ws.rootUnitId);
  ids.denmark = await unit('Denmark', ids.nordics);
  ids.germany = await unit('Germany', ws.rootUnitId);
  actors.manager = await actorOf((await seedUser(t.database, ws.workspaceId, 'max@metrics.test', 'manager', ids.nordics)).userId);
  actors.frontDk = await actorOf((await seedUser(t.database, ws.workspaceId, 'dina@metrics.test', 'frontline', ids.denmark)).userId);
  actors.frontDe = await actorOf((await seedUser(t.database, ws.workspaceId, 'dieter@metrics.test', 'frontline', ids.germany)).userId);

  const relationship = await seedKindSurvey(t.database, ws.workspaceId, { name: 'Relationship' });
  ids.relationship = relationship.surveyId;
  // Placed in Germany today, but answered while in Denmark: the snapshot keeps Denmark.
  const northContact = await seedContact(t.database, ws.workspaceId, ids.germany, { attributes: { region: 'north', tier: 2 } });
  const base = { workspaceId: ws.workspaceId, surveyId: relationship.surveyId, versionId: relationship.versionId };
  const denmark: AnswerSnapshot = {
    ...base,
    unitId: ids.denmark,
    ownerMemberId: actors.frontDk.memberId,
    segment: 'vip',
    channel: 'email',
    language: 'da',
    touchpointId: ids.t1,
    contactId: northContact,
  };
  const germany: AnswerSnapshot = {
    ...base,
    unitId: ids.germany,
    ownerMemberId: actors.frontDe.memberId,
    segment: 'smb',
    channel: 'link',
    language: 'de',
    touchpointId: ids.t2,
    comment: 'Zu teuer',
  };
  // 47% promoters, 31% passives, 22% detractors → 25; 54% / 19% / 27% → 27 (the product brief).
  await seedAnswers(t.database, denmark, repeat({ 10: 47, 8: 31, 3: 22 }));
  await seedAnswers(t.database, germany, repeat({ 9: 54, 7: 19, 0: 27 }));
  // Outside the default 90 days.
  await seedAnswers(t.database, { ...germany, at: daysAgo(120) }, [10, 10, 10, 10, 10]);

  const csat = await seedKindSurvey(t.database, ws.workspaceId, { name: 'Delivery CSAT', kind: 'csat' });
  ids.csat = csat.surveyId;
  await seedAnswers(t.database, { ...germany, surveyId: csat.surveyId, versionId: csat.versionId, kind: 'csat' }, [5, 5, 4, 3, 1]);
  const ces = await seedKindSurvey(t.database, ws.workspaceId, { name: 'Support CES', kind: 'ces' });
  ids.ces = ces.surveyId;
  await seedAnswers(t.database, { ...germany, surveyId: ces.surveyId, versionId: ces.versionId, kind: 'ces' }, [2, 3, 7]);

  // Anonymous eNPS, minimum group 5: Denmark 4 answers (too few), Germany 6. Anonymous: no owner, no contact.
  const enps = await seedKindSurvey(t.database, ws.workspaceId, { name: 'Employee pulse', kind: 'enps', anonymous: true, minGroupSize: 5 });
  ids.enps = enps.surveyId;
  const anonymous = { ...base, surveyId: enps.surveyId, versionId: enps.versionId, kind: 'enps' as const };
  await seedAnswers(t.database, { ...anonymous, unitId: ids.denmark }, [10, 9, 5, 8]);
  await seedAnswers(t.database, { ...anonymous, unitId: ids.germany }, [10, 10, 10, 6, 7, 8]);

  // Email invitations of the relationship survey: Nordics 2 of 4 completed, Germany 1 of 4.
  const sent = { workspaceId: ws.workspaceId, surveyId: relationship.surveyId, at: daysAgo(2) };
  await seedInvitationStates(t.database, { ...sent, unitId: ids.denmark }, ['completed', 'completed', 'sent', 'sent']);
  await seedInvitationStates(t.database, { ...sent, unitId: ids.germany }, ['completed', 'sent', 'sent', 'sent']);

  // Another workspace's answers never count.
  const other = await seedWorkspace(t.database, 'Other Co', 'oscar@metrics.test');
  actors.otherOwner = await actorOf(other.ownerUserId, other.workspaceId);
  const foreign = await seedKindSurvey(t.database, other.workspaceId, { name: 'Relationship' });
  await seedAnswers(
    t.database,
    { workspaceId: other.workspaceId, surveyId: foreign.surveyId, versionId: foreign.versionId, unitId: other.rootUnitId },
    [0, 0, 0],
  );
}, 120_000);
afterAll(() => t?.drop());

describe('overview', () => {
  it('reproduces the worked examples and counts both together', async () => {
    expect(await nps({ unitId: ids.denmark })).toMatchObject({ n: 100, promoters: 47, passives: 31, detractors: 22, score: 25, lowN: false });
    const germany = await nps({ unitId: ids.germany });
    expect(germany).toMatchObject({ n: 100, promoters: 54, passives: 19, detractors: 27, promoterPercent: 54, detractorPercent: 27 });
    expect(germany?.score).toBeCloseTo(27, 10);
    const both = await nps();
    expect(both).toMatchObject({ n: 200, promoters: 101, detractors: 49 });
    expect(both?.score).toBeCloseTo(26, 10);
    expect(both?.distribution).toEqual([27, 0, 0, 22, 0, 0, 0, 19, 31, 54, 47]);
    // n = 200 → n + 3 = 203; p̂ = 101.75/203 = 0.501232, d̂ = 49.75/203 = 0.245074;
    // variance = 0.746305 − 0.256158² = 0.680688; MoE95 = 1.959964 · √(0.680688/203) · 100 = 11.3495
    expect(both?.marginOfError[95]).toBeCloseTo(11.3495, 3);
  });

  it('narrows by each filter', async () => {
    const n = async (filter: AnalyticsFilterInput) => (await nps(filter))?.n ?? 0;
    const score = async (filter: AnalyticsFilterInput) => Math.round((await nps(filter))?.score ?? Number.NaN);
    expect(await score({ unitId: ids.nordics })).toBe(25);
    expect(await n({ unitId: ids.nordics, includeSubunits: false })).toBe(0);
    expect(await score({ unitId: ids.germany, unitBasis: 'current' })).toBe(25);
    expect(await score({ channels: ['link'] })).toBe(27);
    expect(await score({ channels: ['email', 'kiosk'] })).toBe(25);
    expect(await score({ languages: ['da'] })).toBe(25);
    expect(await score({ touchpointIds: [ids.t2] })).toBe(27);
    expect(await score({ ownerMemberId: actors.frontDk.memberId })).toBe(25);
    expect(await score({ segment: 'smb' })).toBe(27);
    expect(await score({ attributes: { region: 'north' } })).toBe(25);
    expect(await n({ attributes: { region: 'north', tier: '3' } })).toBe(0);
    expect(await n({ attributes: { tier: '2' } })).toBe(100);
    expect(await nps({ category: 'detractor' })).toMatchObject({ n: 49, detractors: 49, score: -100 });
    expect(await score({ hasComment: true })).toBe(27);
    expect(await score({ hasComment: false })).toBe(25);
    expect(await n({ from: daysAgo(200).toISOString() })).toBe(205);
    expect(await n({ from: daysAgo(200).toISOString(), to: daysAgo(100).toISOString() })).toBe(5);
  });

  it('gives CSAT and CES for surveys of those kinds, and a warning below the minimum n', async () => {
    const csat = await run(actors.owner, { surveyIds: [ids.csat] });
    expect(csat.nps).toBeNull();
    expect(csat.csat).toEqual({ n: 5, satisfiedPercent: 60, mean: 3.6 });
    expect((await run(actors.owner, { surveyIds: [ids.ces] })).ces).toEqual({ n: 3, mean: 4 });
    const enps = await run(actors.owner, { surveyIds: [ids.enps] });
    expect(enps.nps).toMatchObject({ n: 10, promoters: 5, detractors: 2, score: 30, lowN: true });
    expect(enps.warnings[0]).toMatch(/Only 10 NPS answers \(fewer than 30\)/);
  });

  it('gives the response rate of email invitations when the filters allow', async () => {
    expect((await run(actors.owner, { surveyIds: [ids.relationship] })).responseRate).toEqual({ sent: 8, completed: 3, rate: 3 / 8, note: null });
    expect((await run(actors.owner, { surveyIds: [ids.relationship], unitId: ids.nordics })).responseRate).toMatchObject({ sent: 4, rate: 0.5 });
    expect((await run(actors.manager, { surveyIds: [ids.relationship] })).responseRate).toMatchObject({ sent: 4, completed: 2 });
    const blocked = (await run(actors.owner, { surveyIds: [ids.relationship], segment: 'vip' })).responseRate;
    expect(blocked).toMatchObject({ rate: null });
    expect(blocked?.note).toMatch(/segment/);
  });
});

describe('role scope', () => {
  it('gives managers their subtree and frontline their own customers', async () => {
    expect(await nps({}, actors.manager)).toMatchObject({ n: 100, score: 25 });
    expect(await nps({}, actors.frontDk)).toMatchObject({ n: 100, score: 25 });
    expect(Math.round((await nps({}, actors.frontDe))?.score ?? 0)).toBe(27);
    expect(await nps({ unitId: ids.denmark }, actors.frontDk)).toMatchObject({ n: 100 });
    expect(await nps({}, actors.otherOwner)).toBeNull();
  });

  it('hides units outside a manager subtree and units of other workspaces', async () => {
    await expect(run(actors.manager, { unitId: ids.germany })).rejects.toMatchObject({ code: 'not_found' });
    await expect(run(actors.frontDk, { unitId: ids.germany })).rejects.toMatchObject({ code: 'not_found' });
    await expect(run(actors.otherOwner, { unitId: ids.denmark })).rejects.toBeInstanceOf(AppError);
  });
});

describe('anonymous surveys', () => {
  it('suppresses a group below the minimum size, never giving its numbers', async () => {
    const small = await run(actors.owner, { surveyIds: [ids.enps], unitId: ids.denmark });
    expect(small).toMatchObject({ suppressed: true, answers: null, nps: null, csat: null, ces: null, responseRate: null });
    expect(small.suppressionReason).toMatch(/Employee pulse.*minimum group size \(5\)/);
    // A manager of Nordics sees only Denmark's 4 eNPS answers: suppressed too.
    expect((await run(actors.manager, { surveyIds: [ids.enps] })).suppressed).toBe(true);
    expect((await run(actors.owner, { surveyIds: [ids.enps], unitId: ids.germany })).nps).toMatchObject({ n: 6 });
  });
});

describe('compare', () => {
  it('calls a clear difference significant and equal groups not significant', async () => {
    const parse = (filter: AnalyticsFilterInput) => AnalyticsFilter.parse({ surveyIds: [ids.relationship], ...filter });
    const different = await compare(t.database.db, actors.owner, parse({ segment: 'vip' }), parse({ category: 'detractor' }), NOW);
    expect(different.difference).toMatchObject({ difference: 125, words: 'significant at 99%' });
    const same = await compare(t.database.db, actors.owner, parse({ unitId: ids.denmark }), parse({ unitId: ids.germany }), NOW);
    expect(same.difference?.words).toBe('not significant');
    expect(same.difference?.difference).toBeCloseTo(-2, 10);
    const suppressed = await compare(
      t.database.db,
      actors.owner,
      parse({ unitId: ids.denmark }),
      AnalyticsFilter.parse({ surveyIds: [ids.enps], unitId: ids.denmark }),
      NOW,
    );
    expect(suppressed.difference).toBeNull();
    expect(suppressed.b.suppressed).toBe(true);
  });
});
