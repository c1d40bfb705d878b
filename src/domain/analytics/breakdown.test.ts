// Breakdowns: exact NPS per group for every dimension, the difference to the total and the test
// against the rest, unit drill-down with subtree totals, the limit's "other" row, sorting, the
// actor's scope, and anonymous groups below the minimum (and their complements) never shown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repeat, seedAnalyticsOrganisation, seedAnswers, seedKindSurvey } from '../../../test/support/analytics.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { migrate } from '../../db/index.ts';
import type { UserActor } from '../access/index.ts';
import { type BreakdownOptions, breakdown } from './breakdown.ts';
import { AnalyticsFilter, type AnalyticsFilterInput } from './filters.ts';

const NOW = new Date('2026-06-01T00:00:00Z');
const PERIOD = { from: '2026-01-01', to: '2026-02-28' };
let t: TestDatabase;
let org: Awaited<ReturnType<typeof seedAnalyticsOrganisation>>;
const ids = { relationship: '', transactional: '', enps: '', touchpoint: '' };

const run = (filter: AnalyticsFilterInput, options: Partial<BreakdownOptions>, actor: UserActor = org.owner) =>
  breakdown(t.database.db, actor, AnalyticsFilter.parse({ ...PERIOD, ...filter }), { dimension: 'unit', limit: 50, ...options }, NOW);
const relationship = () => ({ surveyIds: [ids.relationship] });
/** Both NPS surveys, without the eNPS. */
const both = () => ({ surveyIds: [ids.relationship, ids.transactional] });
const summary = (rows: Awaited<ReturnType<typeof run>>['rows']) =>
  rows.map((row) => [row.label, row.nps?.n ?? null, row.nps ? Math.round(row.nps.score) : null]);

beforeAll(async () => {
  t = await createTestDatabase();
  await migrate(t.database);
  org = await seedAnalyticsOrganisation(t.database, 'Breakdown Co');
  ids.touchpoint = (
    await t.database.db
      .insertInto('touchpoints')
      .values({ workspace_id: org.workspaceId, key: 'delivery', name: 'Delivery' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const survey = await seedKindSurvey(t.database, org.workspaceId, { name: 'Relationship' });
  ids.relationship = survey.surveyId;
  const base = { workspaceId: org.workspaceId, surveyId: survey.surveyId, versionId: survey.versionId };
  // Denmark 25 (Anna of Alfa, owned by Dina), Germany 27 (Dieter, owned by Dieter): the brief's examples.
  await seedAnswers(
    t.database,
    {
      ...base,
      at: new Date('2026-01-15T12:00:00Z'),
      unitId: org.denmark,
      ownerMemberId: org.frontDk.memberId,
      contactId: org.anna,
      accountId: org.alfa,
      segment: 'vip',
      channel: 'email',
      language: 'da',
      touchpointId: ids.touchpoint,
    },
    repeat({ 10: 47, 8: 31, 3: 22 }),
  );
  await seedAnswers(
    t.database,
    {
      ...base,
      at: new Date('2026-02-10T12:00:00Z'),
      unitId: org.germany,
      ownerMemberId: org.frontDe.memberId,
      contactId: org.dieter,
      segment: 'smb',
      channel: 'link',
      language: 'de',
    },
    repeat({ 9: 54, 7: 19, 0: 27 }),
  );
  // Ten detractors placed directly on Nordics, through a kiosk (no contact, no owner).
  const transactional = await seedKindSurvey(t.database, org.workspaceId, { name: 'Transactional', kind: 'transactional_nps' });
  ids.transactional = transactional.surveyId;
  await seedAnswers(
    t.database,
    {
      ...base,
      surveyId: transactional.surveyId,
      versionId: transactional.versionId,
      at: new Date('2026-02-10T12:00:00Z'),
      unitId: org.nordics,
      channel: 'kiosk',
    },
    repeat({ 0: 10 }),
  );
  // Anonymous eNPS, minimum 5: Denmark 3, Nordics directly 8, Germany 6.
  const enps = await seedKindSurvey(t.database, org.workspaceId, { name: 'Pulse', kind: 'enps', anonymous: true, minGroupSize: 5 });
  ids.enps = enps.surveyId;
  const anonymous = { ...base, surveyId: enps.surveyId, versionId: enps.versionId, kind: 'enps' as const, at: new Date('2026-01-20T12:00:00Z') };
  await seedAnswers(t.database, { ...anonymous, unitId: org.denmark }, [10, 9, 3]);
  await seedAnswers(t.database, { ...anonymous, unitId: org.nordics }, [10, 10, 10, 9, 8, 7, 2, 1]);
  await seedAnswers(t.database, { ...anonymous, unitId: org.germany }, [10, 10, 9, 6, 5, 8]);
}, 120_000);
afterAll(() => t?.drop());

describe('breakdown by unit', () => {
  it('gives the children of the top unit with their subtree totals, the difference to the total and the test against the rest', async () => {
    const result = await run(relationship(), { sort: 'label' });
    expect(result.parent).toMatchObject({ name: 'Breakdown Co' });
    expect(result.total).toMatchObject({ n: 200, promoters: 101, detractors: 49 });
    expect(summary(result.rows)).toEqual([
      ['Germany', 100, 27],
      ['Nordics', 100, 25],
    ]);
    const [germany, nordics] = result.rows;
    expect(nordics).toMatchObject({ key: org.nordics, kind: 'group', hasChildren: true, suppressed: false });
    expect(germany?.hasChildren).toBe(false);
    expect(nordics?.differenceToTotal).toBeCloseTo(-1, 10);
    expect(nordics?.againstRest).toMatchObject({ words: 'not significant' });
    expect(nordics?.againstRest?.difference).toBeCloseTo(-2, 10);
    expect(result.groups).toBe(2);
  });

  it('drills down into a unit: its children and the answers placed on it directly', async () => {
    const result = await run(both(), { parentUnitId: org.nordics, sort: 'n' });
    expect(result.total?.n).toBe(110);
    expect(summary(result.rows)).toEqual([
      ['Denmark', 100, 25],
      ['Nordics (placed directly)', 10, -100],
    ]);
    expect(result.rows[1]).toMatchObject({ kind: 'direct', key: org.nordics, hasChildren: false });
    expect(result.rows[1]?.againstRest?.words).toBe('significant at 99%');
    expect(result.rows[1]?.nps?.lowN).toBe(true);
    expect(result.warnings.join(' ')).toMatch(/1 of the groups shown have fewer than 30/);
    // The manager of Nordics starts there; the frontline person in Denmark sees their own customers there.
    expect(summary((await run(both(), { sort: 'n' }, org.manager)).rows)).toEqual(summary(result.rows));
    expect(summary((await run(both(), {}, org.frontDk)).rows)).toEqual([['Denmark (placed directly)', 100, 25]]);
  });

  it("uses today's unit of the contact with unitBasis=current", async () => {
    const result = await run({ unitBasis: 'current' }, { parentUnitId: org.nordics });
    expect(summary(result.rows)).toEqual([['Denmark', 100, 25]]);
  });

  it('limits the rows, adding the rest as "other", sorted by score', async () => {
    const result = await run(both(), { sort: 'score', limit: 1 });
    expect(result.groups).toBe(2);
    expect(summary(result.rows)).toEqual([
      ['Germany', 100, 27],
      ['Other', 110, 14],
    ]);
    expect(result.rows[1]).toMatchObject({ kind: 'other', key: null });
    expect((await run(both(), { sort: 'score', direction: 'asc' })).rows.map((row) => row.label)).toEqual(['Nordics', 'Germany']);
  });

  it('hides units the actor does not see', async () => {
    await expect(run(both(), { parentUnitId: org.germany }, org.manager)).rejects.toMatchObject({ code: 'not_found' });
    await expect(run(both(), { parentUnitId: org.nordics }, org.frontDk)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('never shows an anonymous group below the minimum, nor the one that would give it away', async () => {
    const top = await run({ surveyIds: [ids.enps] }, { sort: 'label' });
    expect(summary(top.rows)).toEqual([
      ['Germany', 6, 17],
      ['Nordics', 11, 27],
    ]);
    const nordics = await run({ surveyIds: [ids.enps] }, { parentUnitId: org.nordics });
    expect(nordics.total?.n).toBe(11);
    expect(nordics.rows.map((row) => [row.kind, row.suppressed, row.nps])).toEqual([
      ['direct', true, null],
      ['group', true, null],
    ]);
    const denmark = await run({ surveyIds: [ids.enps] }, { parentUnitId: org.denmark });
    expect(denmark).toMatchObject({ totalSuppressed: true, total: null });
    expect(denmark.rows[0]).toMatchObject({ suppressed: true, nps: null, againstRest: null });
  });
});

describe('breakdown by other dimensions', () => {
  const labels = async (dimension: BreakdownOptions['dimension'], filter: AnalyticsFilterInput = both()) =>
    summary((await run(filter, { dimension, sort: 'label' })).rows);

  it('groups by owner, account, survey, touchpoint, segment, channel, language, month and contact attribute', async () => {
    expect(await labels('owner')).toEqual([
      ['dieter', 100, 27],
      ['dina', 100, 25],
      ['No owner', 10, -100],
    ]);
    expect(await labels('account')).toEqual([
      ['Alfa', 100, 25],
      ['No account', 110, 15],
    ]);
    expect(await labels('survey')).toEqual([
      ['Relationship', 200, 26],
      ['Transactional', 10, -100],
    ]);
    expect(await labels('touchpoint', relationship())).toEqual([
      ['Delivery', 100, 25],
      ['No touchpoint', 100, 27],
    ]);
    expect(await labels('segment')).toEqual([
      ['smb', 100, 27],
      ['vip', 100, 25],
      ['No segment', 10, -100],
    ]);
    expect(await labels('channel')).toEqual([
      ['email', 100, 25],
      ['kiosk', 10, -100],
      ['link', 100, 27],
    ]);
    expect(await labels('language', relationship())).toEqual([
      ['da', 100, 25],
      ['de', 100, 27],
    ]);
    expect(await labels('month', relationship())).toEqual([
      ['2026-01', 100, 25],
      ['2026-02', 100, 27],
    ]);
    expect(await labels('attr.region')).toEqual([
      ['north', 100, 25],
      ['south', 100, 27],
      ['No value', 10, -100],
    ]);
  });

  it("counts only the actor's scope", async () => {
    expect(summary((await run(both(), { dimension: 'owner' }, org.frontDe)).rows)).toEqual([['dieter', 100, 27]]);
    expect(summary((await run(both(), { dimension: 'segment', sort: 'label' }, org.manager)).rows)).toEqual([
      ['vip', 100, 25],
      ['No segment', 10, -100],
    ]);
  });
});
