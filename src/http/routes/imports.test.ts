// Contact imports through the API: upload → job → exact counts, stored contacts and report; the
// reject policy, dry runs, re-runs, saved mappings, and uploads refused with the field named.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedApiKey, seedWorkspace, startTestApp, type TestApp, withApiKey } from '../../../test/support/app.ts';
import { type FormPart, multipart, waitForImport } from '../../../test/support/imports.ts';
import type { ImportDetailView, ImportView, SavedImportMappingView } from '../../domain/views.ts';

const fixture = (name: string) => fs.readFileSync(fileURLToPath(new URL(`../../domain/imports/fixtures/${name}`, import.meta.url)));
const bom = (lines: string[]) => `\uFEFF${lines.map((line) => `${line}\r\n`).join('')}`;

let t: TestApp;
let n = 0;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

/** A fresh workspace with the units, members and attributes the fixtures refer to, and a write key. */
async function workspace() {
  n += 1;
  const seeded = await seedWorkspace(t.database, `Import ${n}`, `owner${n}@anbefal.test`);
  const key = await seedApiKey(t.database, seeded.workspaceId, 'write');
  const api = withApiKey(t.app, key);
  const units: Record<string, string> = {};
  for (const name of ['Aarhus', 'København', 'London', 'Stockholm']) {
    const created = await api.post('/api/v1/units', { name, parentId: seeded.rootUnitId });
    expect(created.statusCode, created.body).toBe(201);
    units[name] = created.json().id;
  }
  const ida = await api.post('/api/v1/members', { name: 'Ida', email: 'ida@anbefal.test', externalId: 'owner-7', unitId: units.Aarhus });
  expect(ida.statusCode, ida.body).toBe(201);
  for (const definition of [
    { key: 'customer_since', label: 'Kunde siden', type: 'date' },
    { key: 'revenue', label: 'Omsætning', type: 'number' },
    { key: 'tier', label: 'Kundetype', type: 'list', allowedValues: ['Privat', 'Erhverv'] },
    { key: 'newsletter', label: 'Nyhedsbrev', type: 'boolean' },
    { key: 'note', label: 'Note', type: 'text' },
  ]) {
    const created = await api.post('/api/v1/attribute-definitions', definition);
    expect(created.statusCode, created.body).toBe(201);
  }
  const upload = (parts: FormPart[]) => t.app.inject({ method: 'POST', url: '/api/v1/imports', ...withKey(multipart(parts)) });
  const withKey = (body: { payload: Buffer; headers: Record<string, string> }) => ({ ...body, headers: { ...body.headers, authorization: `Bearer ${key}` } });
  const finished = (id: string) => waitForImport(async () => (await api.get(`/api/v1/imports/${id}`)).json() as ImportView);
  /** Uploads, expects 202, waits for the job. */
  const importFile = async (name: string, fields: Record<string, string> = {}, content: Buffer | string = fixture(name)) => {
    const response = await upload([...Object.entries(fields).map(([field, value]) => ({ name: field, value })), { name: 'file', filename: name, content }]);
    expect(response.statusCode, response.body).toBe(202);
    return { created: response.json() as ImportView & { suggestedMapping: unknown }, done: await finished(response.json().id) };
  };
  const contacts = () =>
    t.database.db
      .selectFrom('contacts as c')
      .leftJoin('units as u', 'u.id', 'c.unit_id')
      .leftJoin('members as m', 'm.id', 'c.owner_member_id')
      .select([
        'c.external_id',
        'c.email',
        'c.first_name',
        'c.last_name',
        'c.phone',
        'c.language',
        'u.name as unit',
        'm.email as owner',
        'c.attributes',
        'c.consent',
      ])
      .where('c.workspace_id', '=', seeded.workspaceId)
      .orderBy('c.external_id')
      .execute();
  return { ...seeded, key, api, upload, importFile, finished, contacts, units };
}

const DANISH_REPORT = bom([
  'row;column;field;value;problem;allowed',
  '5;E-mail;email;bad-email@;Not a valid email address;an email address such as name@example.com',
  '5;Kunde siden;attr.customer_since;31.02.2024;Not a date in the calendar;a date as 2024-03-01 or 01.03.2024 (day first)',
  '5;Nyhedsbrev;attr.newsletter;måske;Not yes or no;ja/nej, yes/no, ja/nein, kyllä/ei, 1/0 or true/false',
  '6;Kundenummer;externalId;C-1001;Duplicate: row 2 has the same external id;each external id once per file',
  '8;Kundenummer / E-mail;externalId;;Neither an external id nor an email: the contact cannot be matched;an external id or an email in every row',
  '9;Ansvarlig;ownerEmail;ukendt@anbefal.test;Not a member of this workspace;the email or external id of a member (or choose to create unknown owners as members without login)',
  '9;Afdeling;unitName;Odense;No unit has this name;the name of a unit of the organisation',
  '9;Kundetype;attr.tier;VIP;Not one of the allowed values;Privat, Erhverv',
  '9;Omsætning;attr.revenue;1.500;Ambiguous: the mark could separate thousands or decimals;a number such as 1234,5 or 1234.5 (thousands separators are allowed when there are decimals: 1.234,50)',
]);

describe('contact imports', () => {
  it('imports danish-bom-semicolon-crlf.csv: exact counts, stored contacts, report; the same file again changes nothing', async () => {
    const w = await workspace();
    const { created, done } = await w.importFile('danish-bom-semicolon-crlf.csv');
    expect(created).toMatchObject({ status: 'queued', format: 'csv', encoding: 'utf-8-bom', delimiter: ';', policy: 'skip_bad_rows', dryRun: false });
    expect(created.headers).toEqual(Object.keys(created.mapping.columns));
    expect(created.suggestedMapping).toEqual(created.mapping);
    expect(done).toMatchObject({
      status: 'succeeded',
      rowsTotal: 6,
      rowsDone: 6,
      problemCount: 9,
      error: null,
      counts: { rowsRead: 6, valid: 2, invalid: 3, duplicates: 1, created: 2, updated: 0, unchanged: 0, skipped: 4 },
    });
    expect(await w.contacts()).toEqual([
      {
        external_id: 'C-1001',
        email: 'soren.kierkegaard@example.dk',
        first_name: 'Søren',
        last_name: 'Kierkegaard',
        phone: '+4520123456',
        language: 'da',
        unit: 'Aarhus',
        owner: 'ida@anbefal.test',
        attributes: { tier: 'Privat', customer_since: '2024-03-01', revenue: 1234.5, newsletter: true },
        consent: 'unknown',
      },
      {
        external_id: 'C-1002',
        email: 'anne@example.dk',
        first_name: 'Anne',
        last_name: 'Ærø',
        phone: '+4587654321',
        language: 'da-DK',
        unit: 'København',
        owner: 'ida@anbefal.test',
        attributes: {
          tier: 'Erhverv',
          customer_since: '2024-03-01',
          revenue: 1234.5,
          newsletter: false,
          note: 'Ringer helst\r\nom formiddagen; aldrig "sent"',
        },
        consent: 'unknown',
      },
    ]);
    const report = await w.api.get(`/api/v1/imports/${done.id}/report.csv`);
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(report.headers['content-disposition']).toContain('danish-bom-semicolon-crlf-report.csv');
    expect(report.body).toBe(DANISH_REPORT);

    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'target_id', 'after'])
      .where('action', '=', 'contacts.imported')
      .where('target_id', '=', done.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({ created: 2, updated: 0, unchanged: 0, skipped: 4 });

    const again = await w.importFile('danish-bom-semicolon-crlf.csv');
    expect(again.done.counts).toMatchObject({ valid: 2, created: 0, updated: 0, unchanged: 2 });
    expect(await w.contacts()).toHaveLength(2);
  });

  it('imports swedish-danish-windows-1252.csv (Windows-1252) and contacts.xlsx with exact counts', async () => {
    const w = await workspace();
    const swedish = await w.importFile('swedish-danish-windows-1252.csv');
    expect(swedish.created).toMatchObject({ encoding: 'windows-1252', delimiter: ',' });
    expect(swedish.done.counts).toEqual({ rowsRead: 3, valid: 2, invalid: 1, duplicates: 0, created: 2, updated: 0, unchanged: 0, skipped: 1 });
    expect((await w.contacts()).map((c) => [c.external_id, c.first_name, c.last_name, c.language, c.unit])).toEqual([
      ['K-1', 'Søren', 'Kierkegaard', 'da', 'Aarhus'],
      ['K-2', 'Åsa', 'Öberg', 'sv-SE', 'Stockholm'],
    ]);

    const other = await workspace();
    const xlsx = await other.importFile('contacts.xlsx', { unknownOwners: 'create' });
    expect(xlsx.created).toMatchObject({ format: 'xlsx', encoding: null, delimiter: null, unknownOwners: 'create' });
    expect(xlsx.done.counts).toEqual({ rowsRead: 3, valid: 2, invalid: 1, duplicates: 0, created: 2, updated: 0, unchanged: 0, skipped: 1 });
    expect((await other.contacts()).map((c) => [c.external_id, c.email, c.attributes])).toEqual([
      ['1002', 'asa@example.se', { customer_since: '2023-12-24', revenue: 3000, newsletter: false }],
      ['C-1', 'soren@example.dk', { customer_since: '2024-03-01', revenue: 0.3, newsletter: true }],
    ]);
    const report = await other.api.get(`/api/v1/imports/${xlsx.done.id}/report.csv`);
    expect(report.body.split('\r\n')).toHaveLength(5);
  });

  it('reuses a saved mapping (english-tab.txt with the owner column as external ids)', async () => {
    const w = await workspace();
    const first = await w.importFile('english-tab.txt', { dryRun: 'true' });
    const columns = { ...(first.created.suggestedMapping as { columns: Record<string, string | null> }).columns, Owner: 'ownerExternalId' };
    const saved = await w.api.post('/api/v1/import-mappings', { name: 'CRM export', mapping: { version: 1, columns }, headers: first.created.headers });
    expect(saved.statusCode, saved.body).toBe(201);
    const mapping = saved.json() as SavedImportMappingView;
    expect((await w.api.get('/api/v1/import-mappings')).json().items).toEqual([mapping]);

    const { created, done } = await w.importFile('english-tab.txt', { mappingId: mapping.id });
    expect(created.mapping.columns.Owner).toBe('ownerExternalId');
    expect(done.counts).toEqual({ rowsRead: 3, valid: 1, invalid: 2, duplicates: 0, created: 1, updated: 0, unchanged: 0, skipped: 2 });
    expect(await w.contacts()).toMatchObject([{ external_id: 'A-1', owner: 'ida@anbefal.test', unit: 'London', consent: 'granted', language: 'en-GB' }]);

    expect((await w.api.delete(`/api/v1/import-mappings/${mapping.id}`)).statusCode).toBe(204);
    expect((await w.api.delete(`/api/v1/import-mappings/${mapping.id}`)).statusCode).toBe(404);
    const gone = await w.upload([
      { name: 'mappingId', value: mapping.id },
      { name: 'file', filename: 'english-tab.txt', content: fixture('english-tab.txt') },
    ]);
    expect(gone.statusCode).toBe(400);
    expect(gone.json().errors).toEqual([expect.objectContaining({ field: 'body.mappingId' })]);
  });

  it('rejects the whole file under reject_file: nothing stored, the report names the problems', async () => {
    const w = await workspace();
    const { done } = await w.importFile('danish-bom-semicolon-crlf.csv', { policy: 'reject_file' });
    expect(done).toMatchObject({ status: 'rejected', problemCount: 9, counts: { valid: 2, invalid: 3, duplicates: 1, created: 0, skipped: 4 } });
    expect(await w.contacts()).toEqual([]);
    expect((await w.api.get(`/api/v1/imports/${done.id}/report.csv`)).body).toBe(DANISH_REPORT);
  });

  it('a dry run stores nothing and says what would happen; running it for real then stores exactly that', async () => {
    const w = await workspace();
    const { done } = await w.importFile('danish-bom-semicolon-crlf.csv', { dryRun: 'true' });
    expect(done).toMatchObject({ status: 'succeeded', dryRun: true, counts: { created: 2, updated: 0, unchanged: 0, skipped: 4 } });
    expect(await w.contacts()).toEqual([]);
    const audit = await t.database.db.selectFrom('audit_log').select('id').where('action', '=', 'contacts.imported').where('target_id', '=', done.id).execute();
    expect(audit).toEqual([]);

    const run = await w.api.post(`/api/v1/imports/${done.id}/run`, { dryRun: false });
    expect(run.statusCode, run.body).toBe(202);
    expect(run.json()).toMatchObject({ status: 'queued', dryRun: false, counts: null });
    const real = await w.finished(done.id);
    expect(real).toMatchObject({ status: 'succeeded', dryRun: false, counts: { created: 2, updated: 0, unchanged: 0, skipped: 4 } });
    expect(await w.contacts()).toHaveLength(2);
  });

  it('shows sample rows with the upload and the first problems with the import; a dry run runs again with a corrected mapping and policy', async () => {
    const w = await workspace();
    const { created, done } = await w.importFile('danish-bom-semicolon-crlf.csv', { dryRun: 'true' });
    const sample = (created as unknown as { sample: { rowNumber: number; values: Record<string, string> }[] }).sample;
    expect(sample.map((row) => row.rowNumber)).toEqual([2, 3, 5, 6, 8]);
    expect(sample[1]?.values).toMatchObject({ Kundenummer: 'C-1002', Efternavn: 'Ærø', Note: 'Ringer helst\r\nom formiddagen; aldrig "sent"' });
    const detail = (await w.api.get(`/api/v1/imports/${done.id}`)).json() as ImportDetailView;
    expect(detail.problems).toHaveLength(9);
    expect(detail.problems[0]).toEqual({
      row: 5,
      column: 'E-mail',
      field: 'email',
      value: 'bad-email@',
      problem: 'Not a valid email address',
      allowed: 'an email address such as name@example.com',
    });
    expect(detail.problems[8]).toMatchObject({ row: 9, column: 'Omsætning', value: '1.500' });

    const columns = { ...done.mapping.columns, Ansvarlig: null, Omsætning: null };
    const bad = await w.api.post(`/api/v1/imports/${done.id}/run`, { dryRun: true, mapping: { version: 1, columns: { ...columns, Nope: 'email' } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'mapping.columns.Nope' })]));

    const run = await w.api.post(`/api/v1/imports/${done.id}/run`, { dryRun: true, mapping: { version: 1, columns }, policy: 'reject_file' });
    expect(run.statusCode, run.body).toBe(202);
    expect(run.json()).toMatchObject({
      status: 'queued',
      policy: 'reject_file',
      unknownOwners: 'report',
      mapping: { columns: { Ansvarlig: null, Omsætning: null } },
    });
    const again = (await w.finished(done.id)) as ImportDetailView;
    expect(again).toMatchObject({ status: 'rejected', dryRun: true, problemCount: 7, counts: { valid: 2, invalid: 3, duplicates: 1 } });
    expect(again.problems.map((p) => p.column)).not.toContain('Ansvarlig');
    expect(await w.contacts()).toEqual([]);
  });

  it('creates unknown owners as members without login when asked, and reports rows the contacts refuse', async () => {
    const w = await workspace();
    const file = ['Kundenummer;E-mail;Ansvarlig', 'N-1;n1@example.dk;new.owner@example.dk', 'N-2;n1@example.dk;ida@anbefal.test', 'N-3;n3@example.dk;'].join(
      '\n',
    );
    const { done } = await w.importFile('owners.csv', { unknownOwners: 'create' }, file);
    // N-2 repeats N-1's email under another key: found when written, skipped and reported.
    expect(done.counts).toEqual({ rowsRead: 3, valid: 3, invalid: 0, duplicates: 0, created: 2, updated: 0, unchanged: 0, skipped: 1 });
    const root = await t.database.db.selectFrom('units').select('name').where('id', '=', w.rootUnitId).executeTakeFirstOrThrow();
    expect((await w.contacts()).map((c) => [c.external_id, c.owner, c.unit])).toEqual([
      ['N-1', 'new.owner@example.dk', root.name],
      ['N-3', null, root.name],
    ]);
    const member = await t.database.db.selectFrom('members').select(['name', 'user_id', 'role']).where('email', '=', 'new.owner@example.dk').execute();
    expect(member).toEqual([{ name: 'new.owner@example.dk', user_id: null, role: null }]);
    const report = (await w.api.get(`/api/v1/imports/${done.id}/report.csv`)).body.split('\r\n');
    expect(report[1]).toMatch(/^3;E-mail;email;n1@example\.dk;"repeats row 2; each key may appear once per file";/);
  });

  it('refuses bad uploads with 400 naming the field, and keeps nothing of them', async () => {
    const w = await workspace();
    const file = { name: 'file', filename: 'danish.csv', content: fixture('danish-bom-semicolon-crlf.csv') };
    const problems = async (parts: FormPart[]) => {
      const response = await w.upload(parts);
      expect(response.statusCode, response.body).toBe(400);
      return (response.json().errors as { field: string }[]).map((e) => e.field);
    };
    expect(await problems([{ name: 'policy', value: 'skip_bad_rows' }])).toEqual(['body.file']);
    expect(await problems([{ name: 'policy', value: 'sometimes' }, file])).toEqual(['body.policy']);
    expect(await problems([file, { name: 'unknownOwners', value: 'ignore' }])).toEqual(['body.unknownOwners']);
    expect(await problems([{ name: 'mapping', value: '{not json' }, file])).toEqual(['body.mapping']);
    expect(await problems([{ name: 'mapping', value: JSON.stringify({ version: 1, columns: { Kundenummer: 'externalId', Nope: 'email' } }) }, file])).toEqual([
      'mapping.columns.Nope',
    ]);
    expect(await problems([{ name: 'file', filename: 'empty.csv', content: fixture('empty.csv') }])).toEqual(['file']);
    const json = await w.api.post('/api/v1/imports', { file: 'x' });
    expect(json.statusCode).toBe(400);
    expect(json.json().errors).toEqual([expect.objectContaining({ field: 'body.file' })]);

    expect((await w.api.get('/api/v1/imports')).json().items).toEqual([]);
    expect(await t.database.db.selectFrom('imports').select('id').where('workspace_id', '=', w.workspaceId).execute()).toEqual([]);
  });

  it('lists imports newest first by cursor; a running import cannot be run again', async () => {
    const w = await workspace();
    const ids: string[] = [];
    for (const name of ['english-tab.txt', 'swedish-danish-windows-1252.csv', 'english-tab.txt'])
      ids.push((await w.importFile(name, { dryRun: 'true' })).done.id);
    const first = (await w.api.get('/api/v1/imports?limit=2')).json();
    const second = (await w.api.get(`/api/v1/imports?limit=2&cursor=${first.nextCursor}`)).json();
    expect([...first.items, ...second.items].map((i: ImportView) => i.id)).toEqual(ids.reverse());
    expect(first.items[0].uploadedBy).toEqual({ kind: 'api_key', name: 'write key' });
    expect(second.nextCursor).toBeNull();

    const id = ids[0] as string;
    await t.database.db.updateTable('imports').set({ status: 'running' }).where('id', '=', id).execute();
    const refused = await w.api.post(`/api/v1/imports/${id}/run`, {});
    expect(refused.statusCode).toBe(409);
    await t.database.db.updateTable('imports').set({ status: 'succeeded' }).where('id', '=', id).execute();
  });
});
