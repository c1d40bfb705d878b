// The trend: months and weeks cut in the workspace's time zone (Copenhagen), each bucket's NPS with
// its band, significant changes marked, empty buckets kept, the previous period compared, the
// actor's scope, and anonymous buckets below the minimum (and their complements) never shown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repeat, seedAnalyticsOrganisation, seedAnswers, seedKindSurvey } from '../../../test/support/analytics.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { migrate } from '../../db/index.ts';
import type { UserActor } from '../access/index.ts';
import { AnalyticsFilter, type AnalyticsFilterInput } from './filters.ts';
import { adjustedWaldMargin } from './statistics.ts';
import { type TrendOptions, trend } from './trend.ts';

const NOW = new Date('2026-06-01T00:00:00Z');
let t: TestDatabase;
let org: Awaited<ReturnType<typeof seedAnalyticsOrganisation>>;
const ids = { relationship: '', enps: '' };

const QUARTER = { from: '2026-01-01T00:00:00+01:00', to: '2026-05-01T00:00:00+02:00' };
const run = (filter: AnalyticsFilterInput, options: Partial<TrendOptions> = {}, actor: UserActor = org.owner) =>
  trend(t.database.db, actor, AnalyticsFilter.parse(filter), { interval: 'month', confidence: 95, ...options }, NOW);

beforeAll(async () => {
  t = await createTestDatabase();
  await migrate(t.database);
  org = await seedAnalyticsOrganisation(t.database, 'Trend Co');
  const survey = await seedKindSurvey(t.database, org.workspaceId, { name: 'Relationship' });
  ids.relationship = survey.surveyId;
  const base = { workspaceId: org.workspaceId, surveyId: survey.surveyId, versionId: survey.versionId };
  const denmark = { ...base, unitId: org.denmark, ownerMemberId: org.frontDk.memberId };
  // January: the brief's 25 (Denmark). 31 January 23:30 UTC is already 1 February in Copenhagen:
  // February holds the brief's 27 (Germany). March: 30 promoters. April: nothing.
  await seedAnswers(t.database, { ...denmark, at: new Date('2026-01-15T12:00:00Z') }, repeat({ 10: 47, 8: 31, 3: 22 }));
  await seedAnswers(t.database, { ...base, unitId: org.germany, at: new Date('2026-01-31T23:30:00Z') }, repeat({ 9: 54, 7: 19, 0: 27 }));
  await seedAnswers(t.database, { ...denmark, at: new Date('2026-03-10T12:00:00Z') }, repeat({ 10: 30 }));
  // The period before (September–December 2025): 20 detractors.
  await seedAnswers(t.database, { ...denmark, at: new Date('2025-11-20T12:00:00Z') }, repeat({ 2: 20 }));

  // Anonymous eNPS, minimum 5: January 6 answers, February 3, March 7.
  const enps = await seedKindSurvey(t.database, org.workspaceId, { name: 'Pulse', kind: 'enps', anonymous: true, minGroupSize: 5 });
  ids.enps = enps.surveyId;
  const anonymous = { ...base, surveyId: enps.surveyId, versionId: enps.versionId, kind: 'enps' as const, unitId: org.denmark };
  await seedAnswers(t.database, { ...anonymous, at: new Date('2026-01-20T12:00:00Z') }, [10, 10, 9, 8, 3, 10]);
  await seedAnswers(t.database, { ...anonymous, at: new Date('2026-02-20T12:00:00Z') }, [0, 10, 9]);
  await seedAnswers(t.database, { ...anonymous, at: new Date('2026-03-20T12:00:00Z') }, [10, 10, 10, 10, 9, 2, 7]);
}, 120_000);
afterAll(() => t?.drop());

describe('trend', () => {
  it('gives one bucket per month in the workspace time zone, with the band and significant changes', async () => {
    const result = await run({ surveyIds: [ids.relationship], ...QUARTER });
    expect(result.timeZone).toBe('Europe/Copenhagen');
    expect(result.buckets.map((b) => b.start)).toEqual(['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01']);
    expect(result.buckets.map((b) => b.nps?.n ?? 0)).toEqual([100, 100, 30, 0]);
    const [january, february, march, april] = result.buckets;
    expect(january?.from).toBe('2025-12-31T23:00:00.000Z');
    expect(january?.to).toBe('2026-01-31T23:00:00.000Z');
    expect(january?.nps?.score).toBe(25);
    expect(february?.nps?.score).toBeCloseTo(27, 10);
    // n = 100: n̂ = 103, p̂ = 47.75/103, d̂ = 22.75/103 → MoE95 = 15.27
    const margin = adjustedWaldMargin({ n: 100, promoters: 47, detractors: 22 }, 95) ?? 0;
    expect(margin).toBeCloseTo(15.27, 2);
    expect(january?.band).toEqual({ low: 25 - margin, high: 25 + margin });
    expect(march?.band?.high).toBe(100);
    expect(january?.change).toBeNull();
    expect(february?.change).toMatchObject({ since: '2026-01-01', words: 'not significant', significant: false });
    expect(february?.change?.difference).toBeCloseTo(2, 10);
    expect(march?.change).toMatchObject({ since: '2026-02-01', words: 'significant at 99%', significant: true });
    expect(april).toMatchObject({ nps: null, band: null, change: null, suppressed: false });
  });

  it('takes the chosen confidence and week buckets starting on Monday', async () => {
    const wide = await run({ surveyIds: [ids.relationship], ...QUARTER }, { confidence: 99 });
    expect(wide.buckets[0]?.band?.high).toBeCloseTo(25 + (adjustedWaldMargin({ n: 100, promoters: 47, detractors: 22 }, 99) ?? 0), 10);
    const weeks = await run({ surveyIds: [ids.relationship], from: '2026-01-12T00:00:00+01:00', to: '2026-02-09T00:00:00+01:00' }, { interval: 'week' });
    expect(weeks.buckets.map((b) => [b.start, b.nps?.n ?? 0])).toEqual([
      ['2026-01-12', 100],
      ['2026-01-19', 0],
      ['2026-01-26', 100],
      ['2026-02-02', 0],
    ]);
    const quarters = await run({ surveyIds: [ids.relationship], ...QUARTER }, { interval: 'quarter' });
    expect(quarters.buckets.map((b) => [b.start, b.nps?.n])).toEqual([
      ['2026-01-01', 230],
      ['2026-04-01', undefined],
    ]);
  });

  it('compares the period with the one of equal length before it', async () => {
    const result = await run({ surveyIds: [ids.relationship], from: '2026-01-01', to: '2026-03-31' });
    // Whole days of Copenhagen: 1 January 00:00 CET to 1 April 00:00 CEST is 90 days less the hour
    // summer time took, and the period before ends where this one starts.
    expect(result.period).toEqual({ from: '2025-12-31T23:00:00.000Z', to: '2026-03-31T22:00:00.000Z' });
    expect(result.previousPeriod).toMatchObject({ from: '2025-10-03T00:00:00.000Z', to: '2025-12-31T23:00:00.000Z', suppressed: false });
    expect(result.previousPeriod.nps).toMatchObject({ n: 20, score: -100 });
    expect(result.total?.n).toBe(230);
    expect(result.previousPeriod.difference?.words).toBe('significant at 99%');
  });

  it("counts only the actor's scope and filters", async () => {
    const manager = await run({ surveyIds: [ids.relationship], ...QUARTER }, {}, org.manager);
    expect(manager.buckets.map((b) => b.nps?.n ?? 0)).toEqual([100, 0, 30, 0]);
    const frontDe = await run({ surveyIds: [ids.relationship], ...QUARTER }, {}, org.frontDe);
    expect(frontDe.buckets.map((b) => b.nps?.n ?? 0)).toEqual([0, 0, 0, 0]);
    const detractors = await run({ surveyIds: [ids.relationship], category: 'detractor', ...QUARTER });
    expect(detractors.buckets.map((b) => b.nps?.n ?? 0)).toEqual([22, 27, 0, 0]);
  });

  it('never shows an anonymous bucket below the minimum, nor the one that would give it away', async () => {
    const result = await run({ surveyIds: [ids.enps], ...QUARTER });
    expect(result.buckets.map((b) => [b.suppressed, b.nps?.n ?? null])).toEqual([
      [true, null],
      [true, null],
      [false, 7],
      [false, null],
    ]);
    expect(result.buckets[1]?.suppressionReason).toMatch(/minimum group size/);
    expect(result.buckets[0]?.suppressionReason).toMatch(/subtracting/);
    expect(result.buckets[2]?.change).toBeNull();
    // The whole quarter holds 16 ≥ 5 answers; the empty quarter before has nothing to compare.
    expect(result.total?.n).toBe(16);
    expect(result.warnings).toEqual([expect.stringMatching(/Only 16 NPS answers/)]);
    expect(result.previousPeriod).toMatchObject({ suppressed: false, nps: null, difference: null, note: expect.stringMatching(/Not tested/) });
    // February alone (3 answers) is below the minimum as a whole, and so is January (6) against it.
    const february = await run({ surveyIds: [ids.enps], from: '2026-02-01T00:00:00+01:00', to: '2026-03-01T00:00:00+01:00' });
    expect(february.total).toBeNull();
    expect(february.warnings).toEqual([expect.stringMatching(/minimum group size/)]);
    expect(february.previousPeriod).toMatchObject({ suppressed: false, nps: { n: 6 }, difference: null });
    const march = await run({ surveyIds: [ids.enps], from: '2026-03-01T00:00:00+01:00', to: '2026-03-29T00:00:00+01:00' });
    expect(march.total?.n).toBe(7);
    expect(march.previousPeriod).toMatchObject({ suppressed: true, nps: null, difference: null });
  });

  it('refuses more than 1,000 buckets, naming the interval', async () => {
    await expect(run({ from: '2020-01-01', to: '2026-01-01' }, { interval: 'day' })).rejects.toMatchObject({
      code: 'validation_failed',
      details: { errors: [{ field: 'query.interval' }] },
    });
  });
});
