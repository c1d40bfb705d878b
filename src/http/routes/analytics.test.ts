// GET /api/v1/analytics/overview and POST /api/v1/analytics/compare: filters in the URL (repeated
// parameters, attribute=key:value), role scope through real sign-ins and keys, plain-word
// significance, suppression of small anonymous groups, and 400s that name the parameter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repeat, seedAnswers, seedKindSurvey } from '../../../test/support/analytics.ts';
import { type Client, seedApiKey, seedUser, seedWorkspace, signIn, startTestApp, type TestApp, withApiKey } from '../../../test/support/app.ts';
import { seedContact } from '../../../test/support/surveys.ts';
import { actorForUser } from '../../domain/auth/index.ts';
import { createUnit } from '../../domain/organisation/index.ts';

let t: TestApp;
let owner: Awaited<ReturnType<typeof signIn>>;
let manager: Awaited<ReturnType<typeof signIn>>;
let frontline: Awaited<ReturnType<typeof signIn>>;
let readKey = '';
const ids = { relationship: '', enps: '', denmark: '', germany: '' };

const fields = (response: { json(): { errors?: { field: string }[] } }) => response.json().errors?.map((e) => e.field);

beforeAll(async () => {
  t = await startTestApp();
  const ws = await seedWorkspace(t.database, 'Analytics Routes', 'olga@analytics-routes.test');
  const ownerActor = await actorForUser(t.database.db, ws.ownerUserId, ws.workspaceId, 'test');
  if (!ownerActor) throw new Error('no owner actor');
  ids.denmark = (await createUnit(t.database.db, ownerActor, { name: 'Denmark', parentId: ws.rootUnitId }, {})).id;
  ids.germany = (await createUnit(t.database.db, ownerActor, { name: 'Germany', parentId: ws.rootUnitId }, {})).id;
  await seedUser(t.database, ws.workspaceId, 'max@analytics-routes.test', 'manager', ids.germany);
  const fay = await seedUser(t.database, ws.workspaceId, 'fay@analytics-routes.test', 'frontline', ids.denmark);
  owner = await signIn(t.app, 'olga@analytics-routes.test');
  manager = await signIn(t.app, 'max@analytics-routes.test');
  frontline = await signIn(t.app, 'fay@analytics-routes.test');
  readKey = await seedApiKey(t.database, ws.workspaceId, 'read');

  const survey = await seedKindSurvey(t.database, ws.workspaceId, { name: 'Relationship' });
  ids.relationship = survey.surveyId;
  const contact = await seedContact(t.database, ws.workspaceId, ids.denmark, { attributes: { region: 'north' } });
  const base = { workspaceId: ws.workspaceId, surveyId: survey.surveyId, versionId: survey.versionId };
  // The product brief's worked examples: Denmark 47/31/22 → 25 (Fay's customers), Germany 54/19/27 → 27.
  await seedAnswers(
    t.database,
    { ...base, unitId: ids.denmark, ownerMemberId: fay.memberId, contactId: contact, channel: 'email' },
    repeat({ 10: 47, 8: 31, 3: 22 }),
  );
  await seedAnswers(t.database, { ...base, unitId: ids.germany, channel: 'kiosk', comment: 'Slow delivery' }, repeat({ 9: 54, 7: 19, 0: 27 }));
  const enps = await seedKindSurvey(t.database, ws.workspaceId, { name: 'Employee pulse', kind: 'enps', anonymous: true, minGroupSize: 10 });
  ids.enps = enps.surveyId;
  await seedAnswers(t.database, { ...base, surveyId: enps.surveyId, versionId: enps.versionId, kind: 'enps', unitId: ids.germany }, [10, 9, 3]);
}, 60_000);
afterAll(() => t?.close());

const overviewOf = async (client: Client, query: string) => {
  const response = await client.get(`/api/v1/analytics/overview?surveyIds=${ids.relationship}&${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};

describe('GET /api/v1/analytics/overview', () => {
  it('answers NPS with its margin, distribution and warnings, filtered from the URL', async () => {
    const all = await overviewOf(owner, '');
    expect(all.nps).toMatchObject({ n: 200, promoters: 101, passives: 50, detractors: 49, score: 26, lowN: false });
    expect(all.nps.distribution).toEqual([27, 0, 0, 22, 0, 0, 0, 19, 31, 54, 47]);
    expect(all.nps.marginOfError[95]).toBeCloseTo(11.3495, 3);
    expect((await overviewOf(owner, 'attribute=region:north')).nps.score).toBe(25);
    expect(Math.round((await overviewOf(owner, `unitId=${ids.germany}&hasComment=true`)).nps.score)).toBe(27);
    expect((await overviewOf(owner, 'channels=email&channels=kiosk')).nps.n).toBe(200);
    expect((await overviewOf(owner, 'channels=kiosk&channels=api')).nps.n).toBe(100);
    expect((await overviewOf(owner, 'category=promoter')).nps).toMatchObject({ n: 101, score: 100 });
    expect((await overviewOf(withApiKey(t.app, readKey), '')).nps.n).toBe(200);
  });

  it('scopes managers to their subtree and frontline to their own customers', async () => {
    expect(Math.round((await overviewOf(manager, '')).nps.score)).toBe(27);
    expect((await overviewOf(frontline, '')).nps).toMatchObject({ n: 100, score: 25 });
    expect((await manager.get(`/api/v1/analytics/overview?unitId=${ids.denmark}`)).statusCode).toBe(404);
  });

  it('never shows an anonymous group below its minimum size', async () => {
    const response = await owner.get(`/api/v1/analytics/overview?surveyIds=${ids.enps}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ suppressed: true, nps: null, answers: null });
    expect(response.json().suppressionReason).toMatch(/minimum group size \(10\)/);
  });

  it('rejects bad filters, naming the parameter', async () => {
    const bad = async (query: string) => {
      const response = await owner.get(`/api/v1/analytics/overview?${query}`);
      expect(response.statusCode, response.body).toBe(400);
      return { fields: fields(response), detail: response.json().detail as string };
    };
    expect(await bad('channels=fax')).toEqual({ fields: ['query.channels.0'], detail: expect.stringContaining('email, link, kiosk, api') });
    expect((await bad('surveyIds=nope')).fields).toEqual(['query.surveyIds.0']);
    expect((await bad('from=31-03-2026')).fields).toEqual(['query.from']);
    expect(await bad('from=2026-03-02&to=2026-03-01')).toEqual({ fields: ['query.from'], detail: expect.stringContaining('must be before to') });
    expect((await bad('category=fan')).fields).toEqual(['query.category']);
    expect((await bad('hasComment=maybe')).fields).toEqual(['query.hasComment']);
    expect((await bad('attribute=region')).fields).toEqual(['query.attribute.0']);
  });
});

describe('POST /api/v1/analytics/compare', () => {
  it('says in words whether two NPS differ', async () => {
    const compare = async (a: object, b: object) => {
      const response = await owner.post('/api/v1/analytics/compare', {
        a: { surveyIds: [ids.relationship], ...a },
        b: { surveyIds: [ids.relationship], ...b },
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    const units = await compare({ unitId: ids.denmark }, { unitId: ids.germany });
    expect(units.a.nps.score).toBe(25);
    expect(units.difference).toMatchObject({ words: 'not significant' });
    const clear = await compare({ category: 'promoter' }, { channels: ['kiosk'] });
    expect(clear.difference).toMatchObject({ difference: 73, words: 'significant at 99%' });
    const invalid = await owner.post('/api/v1/analytics/compare', { a: { channels: ['fax'] }, b: {} });
    expect(invalid.statusCode).toBe(400);
    expect(fields(invalid)).toEqual(['body.a.channels.0']);
  });

  it('answers account NPS with the same filters', async () => {
    const response = await owner.get(`/api/v1/analytics/account-nps?surveyIds=${ids.relationship}&channels=kiosk`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ accounts: 0, answers: 0, nps: null });
    expect(fields(await owner.get('/api/v1/analytics/account-nps?unitId=nope'))).toEqual(['query.unitId']);
  });

  it('is in the OpenAPI document', async () => {
    const document = (await owner.get('/api/v1/openapi.json')).json();
    expect(document.paths['/api/v1/analytics/overview'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['surveyIds', 'channels', 'unitId', 'attribute', 'hasComment', 'from', 'to']),
    );
    expect(document.components.schemas.AnalyticsOverview).toBeDefined();
    expect(document.components.schemas.AnalyticsComparison).toBeDefined();
    expect(document.paths['/api/v1/analytics/account-nps'].get).toBeDefined();
  });
});
