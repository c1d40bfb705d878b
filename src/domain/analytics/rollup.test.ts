// The daily rollup gives exactly the raw overview's counts: answers spread over days, just before
// and after midnight UTC, in two units, for NPS, CSAT and CES surveys; periods that start and end
// mid-day; after scores change and answers are deleted (the triggers keep it current); for a
// manager's subtree; in the local days of the workspace's time zone, rebuilt when it changes. Trends
// and breakdowns read from it give what counting every answer gives. Filters it cannot answer fall
// back (null).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnswerSnapshot, seedAnswers, seedKindSurvey } from '../../../test/support/analytics.ts';
import { seedUser, seedWorkspace } from '../../../test/support/app.ts';
import { createTestDatabase, onPostgres, type TestDatabase } from '../../../test/support/database.ts';
import { seedContact } from '../../../test/support/surveys.ts';
import { migrate } from '../../db/index.ts';
import type { UserActor } from '../access/index.ts';
import { actorForUser } from '../auth/index.ts';
import { createUnit } from '../organisation/index.ts';
import { breakdown } from './breakdown.ts';
import { ANALYTICS_CHANNELS, AnalyticsFilter, type AnalyticsFilterInput, periodOf } from './filters.ts';
import { overview } from './metrics.ts';
import { rollupAggregates, rollupNpsRows } from './rollup.ts';
import { trend } from './trend.ts';

const NOW = new Date('2026-03-10T15:30:00Z');
const at = (iso: string) => new Date(iso);

let t: TestDatabase;
let owner: UserActor;
let manager: UserActor;
const ids = { north: '', south: '', nps: '', csat: '', ces: '' };

// Every channel: a filter the rollup cannot hold that keeps every answer, so the same view is counted from the answers.
const everyAnswer = { channels: [...ANALYTICS_CHANNELS] };

/** The rollup's row against the overview counted from the answers, for the same filter and actor. */
async function expectSameCounts(filter: AnalyticsFilterInput, actor: UserActor = owner) {
  const parsed = AnalyticsFilter.parse(filter);
  const row = await rollupAggregates(t.database.db, actor, parsed, await periodOf(t.database.db, actor.workspaceId, parsed, NOW));
  expect(row, 'the rollup answers this filter').not.toBeNull();
  const raw = await overview(t.database.db, actor, AnalyticsFilter.parse({ ...filter, ...everyAnswer }), NOW);
  expect(row?.answers).toBe(raw.answers);
  expect(row?.nps_n).toBe(raw.nps?.n ?? 0);
  expect([row?.promoters, row?.passives, row?.detractors]).toEqual([raw.nps?.promoters ?? 0, raw.nps?.passives ?? 0, raw.nps?.detractors ?? 0]);
  expect(Array.from({ length: 11 }, (_, score) => row?.[`score_${score}`])).toEqual(raw.nps?.distribution ?? Array(11).fill(0));
  expect(row?.csat_n).toBe(raw.csat?.n ?? 0);
  if (raw.csat) expect(((row?.csat_satisfied ?? 0) / raw.csat.n) * 100).toBeCloseTo(raw.csat.satisfiedPercent, 10);
  expect(row?.csat_mean ?? null).toBe(raw.csat?.mean ?? null);
  expect(row?.ces_mean ?? null).toBe(raw.ces?.mean ?? null);
  return row;
}

describe(`daily rollup (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  beforeAll(async () => {
    t = await createTestDatabase();
    await migrate(t.database);
    const ws = await seedWorkspace(t.database, 'Rollup Co', 'rita@rollup.test');
    owner = (await actorForUser(t.database.db, ws.ownerUserId, ws.workspaceId, 'test')) as UserActor;
    ids.north = (await createUnit(t.database.db, owner, { name: 'North', parentId: ws.rootUnitId }, {})).id;
    ids.south = (await createUnit(t.database.db, owner, { name: 'South', parentId: ws.rootUnitId }, {})).id;
    const managerUser = await seedUser(t.database, ws.workspaceId, 'max@rollup.test', 'manager', ids.north);
    manager = (await actorForUser(t.database.db, managerUser.userId, ws.workspaceId, 'test')) as UserActor;
    const survey = async (name: string, kind: 'relationship_nps' | 'csat' | 'ces') => {
      const created = await seedKindSurvey(t.database, ws.workspaceId, { name, kind });
      return { workspaceId: ws.workspaceId, surveyId: created.surveyId, versionId: created.versionId, kind };
    };
    const nps = await survey('NPS', 'relationship_nps');
    const csat = await survey('CSAT', 'csat');
    const ces = await survey('CES', 'ces');
    Object.assign(ids, { nps: nps.surveyId, csat: csat.surveyId, ces: ces.surveyId });
    const answers: [AnswerSnapshot, number[]][] = [
      [{ ...nps, unitId: ids.north, at: at('2026-03-01T23:59:59Z') }, [10, 9, 3]],
      [{ ...nps, unitId: ids.north, at: at('2026-03-02T00:00:00Z') }, [7, 8, 0]],
      [{ ...nps, unitId: ids.south, at: at('2026-03-02T11:00:00Z') }, [10, 6]],
      [{ ...nps, unitId: ids.south, at: at('2026-03-05T08:00:00Z') }, [9, 9, 9, 2]],
      [{ ...nps, unitId: null, at: at('2026-03-09T22:00:00Z') }, [10]],
      [{ ...nps, unitId: ids.north, at: at('2026-03-10T09:00:00Z') }, [5, 10]],
      [{ ...csat, unitId: ids.north, at: at('2026-03-03T10:00:00Z') }, [5, 4, 2]],
      [{ ...ces, unitId: ids.south, at: at('2026-03-04T10:00:00Z') }, [2, 7]],
    ];
    for (const [snapshot, scores] of answers) await seedAnswers(t.database, snapshot, scores);
  }, 120_000);
  afterAll(() => t?.drop());

  it('matches the raw counts over whole days and over periods that begin and end mid-day', async () => {
    const whole = await expectSameCounts({ from: '2026-03-01', to: '2026-03-09' });
    expect(whole?.answers).toBe(18);
    await expectSameCounts({ from: '2026-03-01T12:00:00Z', to: '2026-03-10T10:00:00Z' });
    await expectSameCounts({ from: '2026-03-01T23:59:59Z', to: '2026-03-05T08:00:00Z' });
    await expectSameCounts({ from: '2026-02-01', surveyIds: [ids.csat, ids.ces] });
  });

  it('narrows by unit subtree and by a manager’s scope', async () => {
    expect((await expectSameCounts({ from: '2026-02-01', unitId: ids.north }))?.nps_n).toBe(8);
    await expectSameCounts({ from: '2026-02-01', unitId: ids.south, includeSubunits: false });
    expect((await expectSameCounts({ from: '2026-02-01' }, manager))?.answers).toBe(11);
  });

  it('follows changed scores, moved answers and deletions through the triggers', async () => {
    const db = t.database.db;
    await db.updateTable('responses').set({ score: 10, category: 'promoter' }).where('survey_id', '=', ids.nps).where('score', '=', 0).execute();
    await sql`update responses set started_at = '2026-03-06T12:00:00Z', unit_id = ${ids.north} where survey_id = ${ids.nps} and score = 2`.execute(db);
    await db.deleteFrom('responses').where('survey_id', '=', ids.csat).where('score', '=', 2).execute();
    await db.updateTable('responses').set({ updated_at: NOW, language: 'da' }).execute();
    await expectSameCounts({ from: '2026-02-01' });
    await expectSameCounts({ from: '2026-02-01', unitId: ids.north });
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from response_daily_counts where answers < 0`.execute(db);
    expect(rows[0]?.n).toBe(0);
  });

  it('rebuilds a workspace to the same counts', async () => {
    const before = await expectSameCounts({ from: '2026-02-01' });
    await sql`select response_daily_counts_rebuild(${owner.workspaceId})`.execute(t.database.db);
    expect(await expectSameCounts({ from: '2026-02-01' })).toEqual(before);
  });

  it('leaves filters it does not hold, frontline scope and periods under a day to the raw count', async () => {
    const period = { from: at('2026-02-01'), to: NOW };
    const none = async (filter: AnalyticsFilterInput, actor: UserActor = owner) =>
      rollupAggregates(t.database.db, actor, AnalyticsFilter.parse(filter), period);
    expect(await none({ channels: ['email'] })).toBeNull();
    expect(await none({ attributes: { tier: 'gold' } })).toBeNull();
    expect(await none({ unitId: ids.north, unitBasis: 'current' })).toBeNull();
    expect(
      await rollupAggregates(t.database.db, owner, AnalyticsFilter.parse({}), { from: at('2026-03-02T01:00:00Z'), to: at('2026-03-02T20:00:00Z') }),
    ).toBeNull();
    const frontline = { ...manager, role: 'frontline' as const };
    expect(await none({}, frontline)).toBeNull();
  });

  describe('trends and breakdowns', () => {
    const setZone = (timeZone: string) =>
      sql`insert into distribution_settings (workspace_id, time_zone) values (${owner.workspaceId}, ${timeZone})
          on conflict (workspace_id) do update set time_zone = excluded.time_zone`.execute(t.database.db);

    it('give the same buckets and groups from the rollup as from every answer, in UTC and in Copenhagen', async () => {
      for (const zone of ['UTC', 'Europe/Copenhagen']) {
        await setZone(zone);
        for (const filter of [
          { from: '2026-02-20', to: '2026-03-10T12:00:00Z' },
          { from: '2026-03-01T23:00:00Z', to: '2026-03-09T23:00:00Z' },
          { from: '2026-02-01', unitId: ids.north },
        ] satisfies AnalyticsFilterInput[]) {
          const parsed = AnalyticsFilter.parse(filter);
          expect(
            await rollupNpsRows(t.database.db, owner, parsed, await periodOf(t.database.db, owner.workspaceId, parsed, NOW)),
            'the rollup answers this filter',
          ).not.toBeNull();
          for (const interval of ['day', 'week', 'month'] as const) {
            const fromRollup = await trend(t.database.db, owner, parsed, { interval, confidence: 95 }, NOW);
            const counted = await trend(t.database.db, owner, AnalyticsFilter.parse({ ...filter, ...everyAnswer }), { interval, confidence: 95 }, NOW);
            expect(fromRollup.buckets, `${zone} ${interval} ${JSON.stringify(filter)}`).toEqual(counted.buckets);
            expect(fromRollup.buckets.some((bucket) => bucket.nps !== null)).toBe(true);
          }
          for (const dimension of ['unit', 'survey', 'month'] as const) {
            const fromRollup = await breakdown(t.database.db, owner, parsed, { dimension, limit: 10 }, NOW);
            const counted = await breakdown(t.database.db, owner, AnalyticsFilter.parse({ ...filter, ...everyAnswer }), { dimension, limit: 10 }, NOW);
            expect(fromRollup.rows, `${zone} ${dimension}`).toEqual(counted.rows);
            expect(fromRollup.total).toEqual(counted.total);
          }
        }
      }
    });

    it("keeps the rollup's days in the workspace's zone: an answer at 23:30 UTC counts on the next day in Copenhagen", async () => {
      await setZone('Europe/Copenhagen');
      const day = async (date: string) =>
        (
          await sql<{
            n: number;
          }>`select coalesce(sum(answers), 0)::int as n from response_daily_counts where workspace_id = ${owner.workspaceId} and day = ${date}::date`.execute(
            t.database.db,
          )
        ).rows[0]?.n ?? 0;
      // 2026-03-09T22:00Z is 23:00 in Copenhagen (still the 9th); 2026-03-01T23:59:59Z is 00:59:59 on the 2nd.
      const copenhagen = { first: await day('2026-03-01'), second: await day('2026-03-02') };
      await setZone('UTC');
      const utc = { first: await day('2026-03-01'), second: await day('2026-03-02') };
      expect(copenhagen.first).toBe(utc.first - 3);
      expect(copenhagen.second).toBe(utc.second + 3);
    });
  });

  describe('per contact attribute', () => {
    // Its own workspace: contacts with a list, a boolean and a text attribute, and answers on several days.
    let acme: UserActor;
    const contacts = { solar: '', wind: '', solarGreen: '', bare: '' };
    let version = { surveyId: '', versionId: '' };
    const product = (value: string) => ({ from: '2026-02-01', attributes: { product: value } });
    const rows = async () =>
      (
        await sql`select attribute_key, value, day::text, survey_id, unit_id, answers, promoters, passives, detractors, score_sum
          from response_attribute_daily_counts
          where workspace_id = ${acme.workspaceId} and (answers, promoters, passives, detractors) <> (0, 0, 0, 0)
          order by 1, 2, 3, 4, 5`.execute(t.database.db)
      ).rows;
    /** What the triggers kept is what counting every answer again gives, and no count went below zero. */
    const expectMaintainedAsRebuilt = async () => {
      const maintained = await rows();
      const { rows: negative } = await sql`select 1 from response_attribute_daily_counts where answers < 0 or promoters < 0`.execute(t.database.db);
      expect(negative).toEqual([]);
      await sql`select response_attribute_counts_rebuild(${acme.workspaceId})`.execute(t.database.db);
      expect(await rows()).toEqual(maintained);
    };

    beforeAll(async () => {
      const db = t.database.db;
      const ws = await seedWorkspace(t.database, 'Attribute Co', 'ada@attribute.test');
      acme = (await actorForUser(db, ws.ownerUserId, ws.workspaceId, 'test')) as UserActor;
      await db
        .insertInto('attribute_definitions')
        .values([
          { workspace_id: ws.workspaceId, key: 'product', label: 'Product', type: 'list', allowed_values: JSON.stringify(['Solar', 'Wind', 'Hydro']) },
          { workspace_id: ws.workspaceId, key: 'green', label: 'Green tariff', type: 'boolean', allowed_values: null },
          { workspace_id: ws.workspaceId, key: 'tier', label: 'Tier', type: 'text', allowed_values: null },
        ])
        .execute();
      contacts.solar = await seedContact(t.database, ws.workspaceId, ws.rootUnitId, { attributes: { product: 'Solar', tier: 'gold' } });
      contacts.wind = await seedContact(t.database, ws.workspaceId, ws.rootUnitId, { attributes: { product: 'Wind', green: false } });
      contacts.solarGreen = await seedContact(t.database, ws.workspaceId, ws.rootUnitId, { attributes: { product: 'Solar', green: true } });
      contacts.bare = await seedContact(t.database, ws.workspaceId, ws.rootUnitId);
      version = await seedKindSurvey(t.database, ws.workspaceId, { name: 'NPS', kind: 'relationship_nps' });
      const answer = (contactId: string, iso: string, scores: number[]) =>
        seedAnswers(t.database, { workspaceId: ws.workspaceId, ...version, unitId: ws.rootUnitId, contactId, at: at(iso) }, scores);
      await answer(contacts.solar, '2026-03-01T23:30:00Z', [10, 3]);
      await answer(contacts.solar, '2026-03-04T10:00:00Z', [8]);
      await answer(contacts.wind, '2026-03-02T10:00:00Z', [9, 9, 0]);
      await answer(contacts.solarGreen, '2026-03-03T10:00:00Z', [6, 10]);
      await answer(contacts.solarGreen, '2026-03-10T09:00:00Z', [7]);
      await answer(contacts.bare, '2026-03-05T10:00:00Z', [10]);
    });

    it('answers a filter on one list or boolean attribute with the counts of its contacts’ answers', async () => {
      expect((await expectSameCounts(product('Solar'), acme))?.nps_n).toBe(6);
      expect((await expectSameCounts(product('Wind'), acme))?.nps_n).toBe(3);
      expect((await expectSameCounts(product('Hydro'), acme))?.nps_n).toBe(0);
      expect((await expectSameCounts({ from: '2026-02-01', attributes: { green: 'true' } }, acme))?.nps_n).toBe(3);
      await expectSameCounts({ from: '2026-03-01T12:00:00Z', to: '2026-03-10T10:00:00Z', attributes: { product: 'Solar' } }, acme);
      const parsed = AnalyticsFilter.parse(product('Solar'));
      const fromRollup = await trend(t.database.db, acme, parsed, { interval: 'day', confidence: 95 }, NOW);
      const counted = await trend(
        t.database.db,
        acme,
        AnalyticsFilter.parse({ ...product('Solar'), ...everyAnswer }),
        { interval: 'day', confidence: 95 },
        NOW,
      );
      expect(await rollupNpsRows(t.database.db, acme, parsed, await periodOf(t.database.db, acme.workspaceId, parsed, NOW))).not.toBeNull();
      expect(fromRollup.buckets).toEqual(counted.buckets);
      await expectMaintainedAsRebuilt();
    });

    it('leaves text attributes and two attributes at once to the raw count', async () => {
      const none = (attributes: Record<string, string>) =>
        rollupAggregates(t.database.db, acme, AnalyticsFilter.parse({ attributes }), { from: at('2026-02-01'), to: NOW });
      expect(await none({ tier: 'gold' })).toBeNull();
      expect(await none({ product: 'Solar', green: 'true' })).toBeNull();
    });

    it('moves every answer of a contact whose attribute changes, and follows new, changed, unlinked and deleted answers and contacts', async () => {
      const db = t.database.db;
      // Filters read today's value: all of the contact's answers move from Solar to Wind.
      await sql`update contacts set attributes = attributes || '{"product": "Wind"}' where id = ${contacts.solar}`.execute(db);
      expect((await expectSameCounts(product('Solar'), acme))?.nps_n).toBe(3);
      expect((await expectSameCounts(product('Wind'), acme))?.nps_n).toBe(6);
      await db.updateTable('contacts').set({ updated_at: NOW }).execute();
      await db.updateTable('responses').set({ score: 10, category: 'promoter' }).where('contact_id', '=', contacts.wind).where('score', '=', 0).execute();
      await db.updateTable('responses').set({ contact_id: null }).where('contact_id', '=', contacts.solarGreen).where('score', '=', 7).execute();
      await db.deleteFrom('responses').where('contact_id', '=', contacts.solar).where('score', '=', 8).execute();
      await db.updateTable('responses').set({ contact_id: contacts.solarGreen }).where('contact_id', '=', contacts.bare).execute();
      expect((await expectSameCounts(product('Solar'), acme))?.nps_n).toBe(3);
      expect((await expectSameCounts(product('Wind'), acme))?.promoters).toBe(4);
      await expectSameCounts({ from: '2026-02-01', attributes: { green: 'true' } }, acme);
      await expectMaintainedAsRebuilt();
      await db.deleteFrom('contacts').where('id', '=', contacts.wind).execute();
      expect((await expectSameCounts(product('Wind'), acme))?.nps_n).toBe(2);
      await expectMaintainedAsRebuilt();
    });

    it('counts an attribute whose definition becomes a list, and forgets one that stops being one', async () => {
      const db = t.database.db;
      await db
        .updateTable('attribute_definitions')
        .set({ type: 'list', allowed_values: JSON.stringify(['gold', 'silver']) })
        .where('workspace_id', '=', acme.workspaceId)
        .where('key', '=', 'tier')
        .execute();
      expect((await expectSameCounts({ from: '2026-02-01', attributes: { tier: 'gold' } }, acme))?.nps_n).toBe(2);
      await db.deleteFrom('attribute_definitions').where('workspace_id', '=', acme.workspaceId).where('key', '=', 'product').execute();
      const { rows: left } =
        await sql`select 1 from response_attribute_daily_counts where workspace_id = ${acme.workspaceId} and attribute_key = 'product'`.execute(db);
      expect(left).toEqual([]);
      expect(await rollupAggregates(db, acme, AnalyticsFilter.parse(product('Solar')), { from: at('2026-02-01'), to: NOW })).toBeNull();
      await expectMaintainedAsRebuilt();
    });
  });
});
