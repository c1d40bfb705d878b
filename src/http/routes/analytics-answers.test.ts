// Comments, the wall, the response list and detail, and the exports over HTTP: parameters from the
// URL, the CSV parsing back (csv-parse) and the XLSX reading back (exceljs) as downloaded, the
// actor's scope, and 400s that name the parameter.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAnalyticsOrganisation, seedAnswers, seedKindSurvey } from '../../../test/support/analytics.ts';
import { type Client, signIn, startTestApp, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
let owner: Client;
let frontDk: Client;
let org: Awaited<ReturnType<typeof seedAnalyticsOrganisation>>;
const ids = { anna: [] as string[], dieter: [] as string[] };
const PERIOD = 'from=2026-01-01&to=2026-05-31';
const day = (n: number) => new Date(Date.UTC(2026, 0, n, 12));

const fields = (response: { json(): { errors?: { field: string }[] } }) => response.json().errors?.map((e) => e.field);

beforeAll(async () => {
  t = await startTestApp();
  org = await seedAnalyticsOrganisation(t.database, 'Answers Routes');
  owner = await signIn(t.app, 'olga@answers-routes.test');
  frontDk = await signIn(t.app, 'dina@answers-routes.test');
  const survey = await seedKindSurvey(t.database, org.workspaceId, { name: 'Relationship' });
  const base = { workspaceId: org.workspaceId, surveyId: survey.surveyId, versionId: survey.versionId };
  ids.anna = await seedAnswers(
    t.database,
    { ...base, unitId: org.denmark, ownerMemberId: org.frontDk.memberId, contactId: org.anna, times: (i) => day(1 + i), comment: (i) => `Anna says ${i}` },
    [10, 3, 9],
  );
  ids.dieter = await seedAnswers(
    t.database,
    { ...base, unitId: org.germany, ownerMemberId: org.frontDe.memberId, contactId: org.dieter, times: (i) => day(10 + i), comment: () => 'Sehr gut' },
    [10, 8],
  );
}, 60_000);
afterAll(() => t?.close());

const ok = async (client: Client, url: string) => {
  const response = await client.get(url);
  expect(response.statusCode, response.body).toBe(200);
  return response;
};

describe('comments and the wall', () => {
  it('searches comments with highlights and pages them', async () => {
    const found = (await ok(owner, `/api/v1/analytics/comments?${PERIOD}&search=says%201`)).json();
    expect(found.items.map((item: { text: string; highlights: unknown }) => [item.text, item.highlights])).toEqual([
      [
        'Anna says 1',
        [
          { start: 5, end: 9 },
          { start: 10, end: 11 },
        ],
      ],
    ]);
    const first = (await ok(owner, `/api/v1/analytics/comments?${PERIOD}&limit=2`)).json();
    expect(first.items.map((item: { text: string }) => item.text)).toEqual(['Sehr gut', 'Sehr gut']);
    const second = (await ok(owner, `/api/v1/analytics/comments?${PERIOD}&limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((item: { text: string }) => item.text)).toEqual(['Anna says 2', 'Anna says 1']);
    expect((await ok(frontDk, `/api/v1/analytics/comments?${PERIOD}&category=promoter`)).json().items).toHaveLength(2);
  });

  it('shows the wall of promoter comments', async () => {
    const wall = (await ok(owner, `/api/v1/analytics/wall?${PERIOD}&limit=3`)).json();
    expect(wall.items.map((item: { text: string; name: string }) => [item.text, item.name])).toEqual([
      ['Sehr gut', 'Dieter K.'],
      ['Anna says 2', 'Anna B.'],
      ['Anna says 0', 'Anna B.'],
    ]);
  });

  it('exports the comments as CSV', async () => {
    const response = await ok(owner, `/api/v1/analytics/comments.csv?${PERIOD}&search=anna`);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="comments-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = parse(response.body, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((row) => [row.comment, row.score, row.contact])).toEqual([
      ['Anna says 2', '9', 'Anna Berg'],
      ['Anna says 1', '3', 'Anna Berg'],
      ['Anna says 0', '10', 'Anna Berg'],
    ]);
  });

  it('rejects bad parameters, naming them', async () => {
    expect(fields(await owner.get('/api/v1/analytics/comments?limit=1000'))).toEqual(['query.limit']);
    expect(fields(await owner.get('/api/v1/analytics/comments?cursor=abc'))).toEqual(['query.cursor']);
    expect(fields(await owner.get('/api/v1/analytics/wall?limit=51'))).toEqual(['query.limit']);
    expect(fields(await owner.get('/api/v1/analytics/comments.csv?category=fan'))).toEqual(['query.category']);
  });
});

describe('responses', () => {
  it("lists the actor's responses and opens one", async () => {
    const list = (await ok(frontDk, `/api/v1/analytics/responses?${PERIOD}`)).json();
    expect(list.items.map((item: { id: string }) => item.id)).toEqual([...ids.anna].reverse());
    const detail = (await ok(frontDk, `/api/v1/analytics/responses/${ids.anna[1]}`)).json();
    expect(detail).toMatchObject({ score: 3, category: 'detractor', contact: { name: 'Anna Berg' }, unit: { name: 'Denmark' } });
    expect(detail.answers).toEqual([expect.objectContaining({ questionKey: 'why', text: 'Anna says 1', question: 'Why did you give that score?' })]);
    expect((await frontDk.get(`/api/v1/analytics/responses/${ids.dieter[0]}`)).statusCode).toBe(404);
    expect(fields(await owner.get('/api/v1/analytics/responses/nope'))).toEqual(['params.id']);
  });

  it('exports responses as CSV and XLSX that read back', async () => {
    const csv = await ok(owner, `/api/v1/analytics/responses.csv?${PERIOD}`);
    expect(csv.headers['content-disposition']).toMatch(/filename="responses-\d{4}-\d{2}-\d{2}\.csv"/);
    const rows = parse(csv.body, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((row) => [row.score, row.contact_name, row['q.why']])).toEqual([
      ['8', 'Dieter Klein', 'Sehr gut'],
      ['10', 'Dieter Klein', 'Sehr gut'],
      ['9', 'Anna Berg', 'Anna says 2'],
      ['3', 'Anna Berg', 'Anna says 1'],
      ['10', 'Anna Berg', 'Anna says 0'],
    ]);
    const xlsx = await ok(frontDk, `/api/v1/analytics/responses.xlsx?${PERIOD}`);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Responses');
    if (!sheet) throw new Error('no Responses sheet');
    expect(sheet.rowCount).toBe(4);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect((sheet.getRow(2).values as unknown[])[header.indexOf('q.why') + 1]).toBe('Anna says 2');
  });

  it('is in the OpenAPI document', async () => {
    const document = (await owner.get('/api/v1/openapi.json')).json();
    for (const path of ['comments', 'comments.csv', 'wall', 'responses', 'responses.csv', 'responses.xlsx', 'responses/{id}']) {
      expect(document.paths[`/api/v1/analytics/${path}`]?.get, path).toBeDefined();
    }
    expect(document.components.schemas.AnalyticsResponseDetail).toBeDefined();
  });
});
