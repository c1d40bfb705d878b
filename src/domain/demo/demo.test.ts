// The demo workspace as a visitor would meet it: they can sign in with the printed password, the
// organisation spans four countries, there are 5,000 customers and 18 months of answers whose
// comments are in the customer's language and fit the score, and units, touchpoints and seasons
// really differ. The same seed gives the same answers and cases; a second run with the same name
// refuses. (The cases themselves: cases.test.ts.)
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestApp, type TestApp } from '../../../test/support/app.ts';
import { onPostgres } from '../../../test/support/database.ts';
import { AppError } from '../../errors.ts';
import type { UserActor } from '../access/index.ts';
import { periodOf } from '../analytics/filters.ts';
import { AnalyticsFilter, type AnalyticsFilterInput, compare, overview, rollupAggregates } from '../analytics/index.ts';
import { actorForUser } from '../auth/index.ts';
import { createDemoWorkspace, DEMO_CONTACTS, type DemoSummary, PHRASES } from './index.ts';

// A fixed moment: the seasons of the answers, and so every count below, depend only on the seed.
const NOW = new Date('2026-06-15T12:00:00Z');
const RESPONSES = 2000;

let t: TestApp;
let demo: DemoSummary;
let twin: DemoSummary;
let other: DemoSummary;
const actors: Record<string, UserActor> = {};

const actorOf = async (summary: DemoSummary) => {
  const user = await t.database.db.selectFrom('users').select('id').where('email', '=', summary.signIn.email).executeTakeFirstOrThrow();
  const actor = await actorForUser(t.database.db, user.id, summary.workspaceId, 'demo test');
  if (!actor) throw new Error('the demo owner has no role');
  return actor;
};
const period = { from: new Date(NOW.getTime() - 600 * 86_400_000).toISOString(), to: NOW.toISOString() };
const npsOf = async (summary: DemoSummary, filter: AnalyticsFilterInput = {}) => {
  const view = await overview(t.database.db, actors[summary.workspaceId] as UserActor, AnalyticsFilter.parse({ ...period, ...filter }), NOW);
  return view.nps;
};
const unitId = async (workspaceId: string, name: string) =>
  (await t.database.db.selectFrom('units').select('id').where('workspace_id', '=', workspaceId).where('name', '=', name).executeTakeFirstOrThrow()).id;

describe(`anbefal demo (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, { timeout: 300_000 }, () => {
  beforeAll(async () => {
    t = await startTestApp();
    demo = await createDemoWorkspace(t.database.db, { name: 'Nordlys Energi', seed: 7, responses: RESPONSES, now: NOW });
    twin = await createDemoWorkspace(t.database.db, { name: 'Nordlys Twin', seed: 7, responses: RESPONSES, now: NOW });
    other = await createDemoWorkspace(t.database.db, { name: 'Nordlys Other', seed: 8, responses: RESPONSES, now: NOW });
    for (const summary of [demo, twin, other]) actors[summary.workspaceId] = await actorOf(summary);
  }, 300_000);
  afterAll(() => t?.close());

  it('prints credentials that sign in to the new workspace as its owner', async () => {
    const owner = await signIn(t.app, demo.signIn.email, demo.signIn.password);
    const me = await owner.get('/api/v1/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ workspace: { id: demo.workspaceId, name: 'Nordlys Energi', role: 'owner' } });
  });

  it('builds a unit tree of country → region → branch in Denmark, Sweden, Norway and Germany', async () => {
    const { rows } = await sql<{ depth: number; names: string[] }>`
      select length(path) - length(replace(path, '/', '')) - 1 as depth, array_agg(name order by name) as names
      from units where workspace_id = ${demo.workspaceId} group by 1 order by 1`.execute(t.database.db);
    expect(rows.map((row) => row.depth)).toEqual([1, 2, 3, 4]);
    expect(rows[1]?.names).toEqual(['Danmark', 'Deutschland', 'Norge', 'Sverige']);
    expect(rows[3]?.names).toEqual(expect.arrayContaining(['Aarhus', 'Köln', 'Bergen', 'Göteborg']));
    expect(demo.units).toBe(rows.reduce((sum, row) => sum + row.names.length, 0));
  });

  it('has 5,000 contacts with owners, segments, accounts and attributes, in the languages of their countries', async () => {
    const { rows } = await sql<{ contacts: number; owned: number; with_account: number; product: number; languages: string[] }>`
      select count(*)::int as contacts, count(owner_member_id)::int as owned, count(account_id)::int as with_account,
        count(*) filter (where attributes ? 'product')::int as product, array_agg(distinct language order by language) as languages
      from contacts where workspace_id = ${demo.workspaceId}`.execute(t.database.db);
    expect(rows[0]).toMatchObject({ contacts: DEMO_CONTACTS, owned: DEMO_CONTACTS, product: DEMO_CONTACTS, languages: ['da', 'de', 'en', 'nb', 'sv'] });
    expect(rows[0]?.with_account).toBeGreaterThan(DEMO_CONTACTS * 0.2);
  });

  it('spreads the answers over 18 months and keeps about 30% response rate', async () => {
    const { rows } = await sql<{ n: number; months: number; first: Date; last: Date }>`
      select count(*)::int as n, count(distinct date_trunc('month', started_at))::int as months, min(started_at) as first, max(started_at) as last
      from responses where workspace_id = ${demo.workspaceId}`.execute(t.database.db);
    const row = rows[0];
    expect(row?.n).toBe(RESPONSES);
    expect(row?.months).toBeGreaterThanOrEqual(18);
    expect(new Date(row?.first ?? 0).getTime()).toBeGreaterThan(NOW.getTime() - 549 * 86_400_000);
    expect(new Date(row?.last ?? 0).getTime()).toBeLessThan(NOW.getTime());
    const view = await overview(t.database.db, actors[demo.workspaceId] as UserActor, AnalyticsFilter.parse(period), NOW);
    expect(view.responseRate?.rate).toBeGreaterThan(0.2);
    expect(view.responseRate?.rate).toBeLessThan(0.4);
  });

  it("writes comments in the contact's language that fit the score", async () => {
    const { rows } = await sql<{ language: string; category: 'promoter' | 'passive' | 'detractor'; text: string }>`
      select c.language, r.category, a.text_value as text
      from response_answers a join responses r on r.id = a.response_id join contacts c on c.id = r.contact_id
      where a.workspace_id = ${demo.workspaceId} and a.question_key = 'why'`.execute(t.database.db);
    expect(rows.length).toBeGreaterThan(RESPONSES * 0.3);
    expect(new Set(rows.map((row) => row.language))).toEqual(new Set(['da', 'sv', 'nb', 'de', 'en']));
    for (const row of rows) {
      const bank = PHRASES[row.language as keyof typeof PHRASES][row.category];
      expect(
        bank.lead.some((lead) => row.text.startsWith(`${lead} `)),
        `${row.language} ${row.category}: ${row.text}`,
      ).toBe(true);
      expect(
        bank.detail.some((detail) => row.text.includes(detail)),
        row.text,
      ).toBe(true);
    }
  });

  it('answers the follow-up ratings on 1–5, higher with higher scores', async () => {
    const { rows } = await sql<{ category: string; mean: number; low: number; high: number }>`
      select r.category, avg(a.number_value)::float8 as mean, min(a.number_value)::int as low, max(a.number_value)::int as high
      from response_answers a join responses r on r.id = a.response_id
      where a.workspace_id = ${demo.workspaceId} and a.question_key not in ('nps', 'why', 'may_contact') group by r.category`.execute(t.database.db);
    const mean = Object.fromEntries(rows.map((row) => [row.category, row.mean]));
    expect(rows.every((row) => row.low >= 1 && row.high <= 5)).toBe(true);
    expect(mean.promoter).toBeGreaterThan(mean.passive ?? 5);
    expect(mean.passive).toBeGreaterThan(mean.detractor ?? 5);
  });

  it('shows real differences between countries, touchpoints and seasons', async () => {
    const norway = AnalyticsFilter.parse({ ...period, unitId: await unitId(demo.workspaceId, 'Norge') });
    const germany = AnalyticsFilter.parse({ ...period, unitId: await unitId(demo.workspaceId, 'Deutschland') });
    const countries = await compare(t.database.db, actors[demo.workspaceId] as UserActor, norway, germany, NOW);
    expect(countries.difference?.difference).toBeGreaterThan(15);
    expect(countries.difference?.words).toMatch(/^significant/);

    const surveys = await t.database.db.selectFrom('surveys').select(['id', 'name']).where('workspace_id', '=', demo.workspaceId).execute();
    const surveyId = (name: string) => surveys.find((survey) => survey.name === name)?.id as string;
    const installation = await npsOf(demo, { surveyIds: [surveyId('NPS after installation')] });
    const support = await npsOf(demo, { surveyIds: [surveyId('NPS after customer support')] });
    expect((installation?.score ?? 0) - (support?.score ?? 0)).toBeGreaterThan(10);

    const { rows } = await sql<{ season: string; nps: number }>`
      select case when extract(month from started_at) in (12, 1, 2) then 'winter' else 'summer' end as season,
        100.0 * (count(*) filter (where category = 'promoter') - count(*) filter (where category = 'detractor')) / count(*) as nps
      from responses where workspace_id = ${demo.workspaceId} and extract(month from started_at) in (12, 1, 2, 6, 7, 8) group by 1`.execute(t.database.db);
    const season = Object.fromEntries(rows.map((row) => [row.season, Number(row.nps)]));
    expect((season.summer ?? 0) - (season.winter ?? 0)).toBeGreaterThan(5);
  });

  it('counts the generated answers into the daily rollup, which the triggers skipped during the bulk load', async () => {
    const filter = AnalyticsFilter.parse({ from: '2024-12-01', to: '2026-06-14' });
    const actor = actors[demo.workspaceId] as UserActor;
    const row = await rollupAggregates(t.database.db, actor, filter, await periodOf(t.database.db, actor.workspaceId, filter, NOW));
    const raw = await overview(t.database.db, actor, filter, NOW);
    expect(row?.answers).toBe(raw.answers);
    expect(Array.from({ length: 11 }, (_, score) => row?.[`score_${score}`])).toEqual(raw.nps?.distribution);
  });

  it('gives the same answers for the same seed and others for another seed', async () => {
    const [first, same, different] = await Promise.all([npsOf(demo), npsOf(twin), npsOf(other)]);
    expect(same?.distribution).toEqual(first?.distribution);
    expect(same?.score).toBe(first?.score);
    expect(different?.distribution).not.toEqual(first?.distribution);
    const aarhus = await npsOf(demo, { unitId: await unitId(demo.workspaceId, 'Aarhus') });
    const twinAarhus = await npsOf(twin, { unitId: await unitId(twin.workspaceId, 'Aarhus') });
    expect(twinAarhus?.distribution).toEqual(aarhus?.distribution);
    // The cases too: the same ones, worked the same way.
    const casesOf = async (summary: DemoSummary) =>
      (
        await sql<{ kind: string; status: string; n: number; contacted: number; escalations: number }>`
          select kind, status, count(*)::int as n, count(first_contact_at)::int as contacted, sum(escalation_level)::int as escalations
          from cases where workspace_id = ${summary.workspaceId} group by kind, status order by kind, status`.execute(t.database.db)
      ).rows;
    expect(await casesOf(twin)).toEqual(await casesOf(demo));
    expect(await casesOf(other)).not.toEqual(await casesOf(demo));
  });

  it('refuses a second demo with the same name and leaves nothing behind', async () => {
    const count = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('workspaces')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const again = createDemoWorkspace(t.database.db, { name: 'nordlys energi', seed: 7, responses: 10, now: NOW });
    await expect(again).rejects.toBeInstanceOf(AppError);
    await expect(again).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/already exists; pass --workspace/) });
    expect(await count()).toBe(before);
  });

  it('names the option that is out of range', async () => {
    await expect(createDemoWorkspace(t.database.db, { name: 'X', seed: 1, responses: 0, now: NOW })).rejects.toMatchObject({
      message: expect.stringMatching(/--responses/),
    });
    await expect(createDemoWorkspace(t.database.db, { name: 'X', seed: -1, responses: 5, now: NOW })).rejects.toMatchObject({
      message: expect.stringMatching(/--seed/),
    });
  });
});
