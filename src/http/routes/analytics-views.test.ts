// GET /api/v1/analytics/trend, /breakdown and the SVG and PNG charts: the view's parameters from the URL,
// exact numbers through real sign-ins and keys, and 400s that name the parameter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repeat, seedAnalyticsOrganisation, seedAnswers, seedKindSurvey } from '../../../test/support/analytics.ts';
import { type Client, seedApiKey, signIn, startTestApp, type TestApp, withApiKey } from '../../../test/support/app.ts';
import { decodePng, PNG_SIGNATURE } from '../../../test/support/png.ts';

let t: TestApp;
let owner: Client;
let manager: Client;
let org: Awaited<ReturnType<typeof seedAnalyticsOrganisation>>;
let surveyId = '';
// Whole months in Copenhagen time (a date alone means a UTC day).
const PERIOD = 'from=2026-01-01T00:00:00%2B01:00&to=2026-03-01T00:00:00%2B01:00';

const fields = (response: { json(): { errors?: { field: string }[] } }) => response.json().errors?.map((e) => e.field);

beforeAll(async () => {
  t = await startTestApp();
  org = await seedAnalyticsOrganisation(t.database, 'Views Routes');
  owner = await signIn(t.app, 'olga@views-routes.test');
  manager = await signIn(t.app, 'max@views-routes.test');
  const survey = await seedKindSurvey(t.database, org.workspaceId, { name: 'Relationship' });
  surveyId = survey.surveyId;
  const base = { workspaceId: org.workspaceId, surveyId: survey.surveyId, versionId: survey.versionId };
  await seedAnswers(t.database, { ...base, unitId: org.denmark, segment: 'vip', at: new Date('2026-01-15T12:00:00Z') }, repeat({ 10: 47, 8: 31, 3: 22 }));
  await seedAnswers(t.database, { ...base, unitId: org.germany, segment: 'smb', at: new Date('2026-02-10T12:00:00Z') }, repeat({ 9: 54, 7: 19, 0: 27 }));
}, 60_000);
afterAll(() => t?.close());

const ok = async (client: Client, url: string) => {
  const response = await client.get(url);
  expect(response.statusCode, response.body).toBe(200);
  return response;
};

describe('GET /api/v1/analytics/trend', () => {
  it('answers buckets with bands and changes, at the chosen interval and confidence', async () => {
    const body = (await ok(owner, `/api/v1/analytics/trend?${PERIOD}&surveyIds=${surveyId}&interval=month&confidence=99`)).json();
    expect(body).toMatchObject({ interval: 'month', confidence: 99, timeZone: 'Europe/Copenhagen' });
    expect(body.buckets.map((b: { start: string; nps: { score: number } | null }) => [b.start, b.nps && Math.round(b.nps.score)])).toEqual([
      ['2026-01-01', 25],
      ['2026-02-01', 27],
    ]);
    expect(body.buckets[1].change).toMatchObject({ since: '2026-01-01', words: 'not significant', significant: false });
    const key = await seedApiKey(t.database, org.workspaceId, 'read');
    expect((await ok(withApiKey(t.app, key), `/api/v1/analytics/trend?${PERIOD}&interval=week`)).json().buckets).toHaveLength(9);
  });

  it('rejects bad parameters, naming them', async () => {
    expect(fields(await owner.get('/api/v1/analytics/trend?interval=year'))).toEqual(['query.interval']);
    expect(fields(await owner.get('/api/v1/analytics/trend?confidence=80'))).toEqual(['query.confidence']);
    expect(fields(await owner.get('/api/v1/analytics/trend?interval=day&from=2020-01-01&to=2026-01-01'))).toEqual(['query.interval']);
  });
});

describe('GET /api/v1/analytics/breakdown', () => {
  it('answers groups of a dimension with the difference and significance, scoped to the actor', async () => {
    const body = (await ok(owner, `/api/v1/analytics/breakdown?${PERIOD}&dimension=unit&sort=label`)).json();
    expect(body.rows.map((row: { label: string; nps: { n: number } }) => [row.label, row.nps.n])).toEqual([
      ['Germany', 100],
      ['Nordics', 100],
    ]);
    expect(body.rows[1].againstRest.words).toBe('not significant');
    const drill = (await ok(owner, `/api/v1/analytics/breakdown?${PERIOD}&dimension=unit&parentUnitId=${org.nordics}`)).json();
    expect(drill.rows.map((row: { label: string }) => row.label)).toEqual(['Denmark']);
    const segments = (await ok(manager, `/api/v1/analytics/breakdown?${PERIOD}&dimension=segment`)).json();
    expect(segments.rows.map((row: { label: string; nps: { score: number } }) => [row.label, row.nps.score])).toEqual([['vip', 25]]);
    const limited = (await ok(owner, `/api/v1/analytics/breakdown?${PERIOD}&dimension=segment&limit=1&sort=score`)).json();
    expect(limited.rows.map((row: { kind: string; label: string }) => [row.kind, row.label])).toEqual([
      ['group', 'smb'],
      ['other', 'Other'],
    ]);
    expect((await ok(owner, `/api/v1/analytics/breakdown?${PERIOD}&dimension=attr.region`)).json().rows[0].label).toBe('No value');
  });

  it('rejects bad parameters, naming them', async () => {
    const bad = await owner.get('/api/v1/analytics/breakdown?dimension=colour');
    expect(bad.statusCode).toBe(400);
    expect(fields(bad)).toEqual(['query.dimension']);
    expect(bad.json().detail).toMatch(/unit, owner, segment.*attr\.<key>/);
    expect(fields(await owner.get('/api/v1/analytics/breakdown'))).toEqual(['query.dimension']);
    expect(fields(await owner.get('/api/v1/analytics/breakdown?dimension=unit&limit=0'))).toEqual(['query.limit']);
    expect(fields(await owner.get('/api/v1/analytics/breakdown?dimension=unit&sort=size'))).toEqual(['query.sort']);
    expect(fields(await owner.get('/api/v1/analytics/breakdown?dimension=unit&parentUnitId=x'))).toEqual(['query.parentUnitId']);
    expect((await manager.get(`/api/v1/analytics/breakdown?dimension=unit&parentUnitId=${org.germany}`)).statusCode).toBe(404);
  });
});

describe('charts', () => {
  it('draws the trend and the distribution as SVG', async () => {
    const trend = await ok(owner, `/api/v1/analytics/charts/trend.svg?${PERIOD}&width=600&height=300`);
    expect(trend.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(trend.body).toMatch(/^<svg role="img" aria-label="NPS per month: 2026-01-01 25, 2026-02-01 27" width="600" height="300"/);
    const distribution = await ok(owner, `/api/v1/analytics/charts/distribution.svg?${PERIOD}`);
    expect(distribution.body).toContain('NPS 26 (n = 200)');
    expect(fields(await owner.get('/api/v1/analytics/charts/trend.svg?width=5000'))).toEqual(['query.width']);
  });

  it('draws the same charts as PNG images of the requested size', async () => {
    for (const chart of ['trend', 'distribution']) {
      const response = await ok(owner, `/api/v1/analytics/charts/${chart}.png?${PERIOD}&width=640&height=320`);
      expect(response.headers['content-type']).toBe('image/png');
      expect(response.headers['cache-control']).toBe('no-store');
      const png = response.rawPayload;
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      const image = decodePng(png);
      expect([image.width, image.height]).toEqual([640, 320]);
      expect(image.pixels.some((byte) => byte < 128)).toBe(true);
    }
    // The default size, and the same checks on the query as the SVG.
    expect(decodePng((await ok(owner, `/api/v1/analytics/charts/distribution.png?${PERIOD}`)).rawPayload)).toMatchObject({ width: 800, height: 400 });
    expect(fields(await owner.get('/api/v1/analytics/charts/distribution.png?height=100'))).toEqual(['query.height']);
  });

  it('is in the OpenAPI document', async () => {
    const document = (await owner.get('/api/v1/openapi.json')).json();
    for (const path of ['trend', 'breakdown', 'charts/trend.svg', 'charts/distribution.svg', 'charts/trend.png', 'charts/distribution.png'])
      expect(document.paths[`/api/v1/analytics/${path}`].get).toBeDefined();
    expect(Object.keys(document.paths['/api/v1/analytics/charts/trend.png'].get.responses['200'].content)).toEqual(['image/png']);
    expect(document.paths['/api/v1/analytics/breakdown'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['dimension', 'parentUnitId', 'sort', 'limit', 'surveyIds', 'attribute']),
    );
    expect(document.components.schemas.AnalyticsTrend).toBeDefined();
    expect(document.components.schemas.AnalyticsBreakdown).toBeDefined();
  });
});
