// Translation workbooks over HTTP: download, fill in with ExcelJS, upload as the raw body; the draft
// gets the texts and a new revision, and a bad file changes nothing.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedApiKey, seedUser, seedWorkspace, signIn, startTestApp, type TestApp } from '../../../test/support/app.ts';
import { npsDefinition } from '../../../test/support/survey-definition.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let t: TestApp;
let owner: Awaited<ReturnType<typeof signIn>>;
let analyst: Awaited<ReturnType<typeof signIn>>;
let writeKey: string;
let n = 0;

beforeAll(async () => {
  t = await startTestApp();
  const seeded = await seedWorkspace(t.database, 'Words Co', 'wendy@words.test');
  await seedUser(t.database, seeded.workspaceId, 'ann@words.test', 'analyst');
  owner = await signIn(t.app, 'wendy@words.test');
  analyst = await signIn(t.app, 'ann@words.test');
  writeKey = await seedApiKey(t.database, seeded.workspaceId, 'write');
});
afterAll(() => t?.close());

/** A draft in English and Danish that should also be in Swedish. */
async function survey(): Promise<{ id: string; draftRevision: number; untranslated: { id: string; language: string }[] }> {
  const created = await owner.post('/api/v1/surveys', { name: `Words ${++n}`, kind: 'relationship_nps', definition: npsDefinition(['en', 'da', 'sv']) });
  expect(created.statusCode, created.body).toBe(201);
  return created.json();
}

const upload = (id: string, file: Buffer, headers: Record<string, string> = { cookie: owner.cookie, 'x-csrf-token': owner.csrfToken }) =>
  t.app.inject({ method: 'PUT', url: `/api/v1/surveys/${id}/translations.xlsx`, headers: { ...headers, 'content-type': XLSX }, payload: file });

async function download(id: string, as = owner) {
  const response = await as.get(`/api/v1/surveys/${id}/translations.xlsx`);
  expect(response.statusCode, response.body).toBe(200);
  return response;
}

async function sheetOf(file: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file as unknown as ArrayBuffer);
  return workbook.getWorksheet('Translations') as ExcelJS.Worksheet;
}

/** Writes Swedish (column D) into every row of the sheet, and returns the edited file. */
async function translated(file: Buffer, edit: (sheet: ExcelJS.Worksheet) => void = () => undefined): Promise<Buffer> {
  const sheet = await sheetOf(file);
  for (let row = 3; row <= sheet.rowCount; row++) sheet.getRow(row).getCell(4).value = `Svenska ${row}`;
  edit(sheet);
  return Buffer.from(await sheet.workbook.xlsx.writeBuffer());
}

describe('translation workbooks', () => {
  it('round trip: export, fill in Swedish, import; the draft has the texts and nothing is left untranslated', async () => {
    const { id, draftRevision, untranslated } = await survey();
    expect(untranslated.filter((u) => u.language === 'sv').length).toBeGreaterThan(0);

    const exported = await download(id, analyst);
    expect(exported.headers['content-type']).toBe(XLSX);
    expect(exported.headers['content-disposition']).toMatch(/^attachment; filename="Words \d+ - translations\.xlsx"/);
    const sheet = await sheetOf(exported.rawPayload);
    expect(sheet.getRow(2).values).toEqual([undefined, 'Text id', 'English (en)', 'Dansk (da)', 'Svenska (sv)']);

    const imported = await upload(id, await translated(exported.rawPayload));
    expect(imported.statusCode, imported.body).toBe(200);
    const body = imported.json();
    expect(body.changedTexts).toBe(sheet.rowCount - 2);
    expect(body.draftRevision).toBe(draftRevision + 1);
    expect(body.untranslated).toEqual([]);
    expect(body.draft.pages[0].questions[0].text).toMatchObject({ en: expect.any(String), sv: 'Svenska 3' });
    expect((await owner.get(`/api/v1/surveys/${id}`)).json().untranslated).toEqual([]);

    // The same file again changes nothing, so the revision stays.
    const again = await upload(id, await translated(exported.rawPayload), { authorization: `Bearer ${writeKey}` });
    expect(again.json()).toMatchObject({ changedTexts: 0, draftRevision: draftRevision + 1 });
  });

  it('refuses a bad file as a whole with every problem named by row and column, and changes nothing', async () => {
    const { id, draftRevision } = await survey();
    const exported = await download(id);
    const file = await translated(exported.rawPayload, (sheet) => {
      sheet.addRow(['question.removed.text', 'Gone']);
      sheet.getRow(3).getCell(3).value = 'x'.repeat(2001);
      sheet.getRow(2).getCell(5).value = 'Deutsch (de)';
    });
    const refused = await upload(id, file);
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    const fields = refused.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['column E', 'row 3, column C', expect.stringMatching(/^row \d+$/)]));
    const after = (await owner.get(`/api/v1/surveys/${id}`)).json();
    expect(after.draftRevision).toBe(draftRevision);
    expect(after.untranslated.some((u: { language: string }) => u.language === 'sv')).toBe(true);
  });

  it('refuses what is not a workbook, other content types, and roles that may not edit surveys', async () => {
    const { id } = await survey();
    const csv = await upload(id, Buffer.from('Text id;sv\nintro;Hej\n'));
    expect(csv.statusCode).toBe(400);
    expect(csv.json().errors[0]).toMatchObject({ field: 'body', message: expect.stringContaining('not an Excel .xlsx file') });
    const json = await owner.request('PUT', `/api/v1/surveys/${id}/translations.xlsx`, { rows: [] });
    expect(json.statusCode).toBe(415);
    const exported = await download(id);
    const denied = await upload(id, await translated(exported.rawPayload), { cookie: analyst.cookie, 'x-csrf-token': analyst.csrfToken });
    expect(denied.statusCode).toBe(403);
    expect((await owner.get('/api/v1/surveys/00000000-0000-4000-8000-000000000000/translations.xlsx')).statusCode).toBe(404);
  });
});
