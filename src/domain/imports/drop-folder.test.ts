// The import drop folder on a real folder: complete files are imported with the workspace's
// drop-folder mapping and end in done/ or failed/ with their report; files being written are left
// alone; concurrent scans claim each file once; a scan after a crash finishes what was claimed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedApiKey, seedWorkspace, startTestApp, type TestApp, withApiKey } from '../../../test/support/app.ts';
import { multipart } from '../../../test/support/imports.ts';
import { parseConfig } from '../../config.ts';
import { importDropFolderJob, JOBS, type JobQueue, startJobs } from '../../jobs/index.ts';
import { createMailQueue } from '../../mail/index.ts';
import type { SavedImportMappingView } from '../views.ts';
import { dropFolderHasFiles, runImport, scanDropFolder } from './index.ts';

const logger = pino({ level: 'silent' });
const fixture = (name: string) => fs.readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)));
const bom = (lines: string[]) => `\uFEFF${lines.map((line) => `${line}\r\n`).join('')}`;
const HOUR_AGO = new Date(Date.now() - 3_600_000);

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

let t: TestApp;
let base: string;
/** IMPORT_DROP_DIR of the test app, whose job queue scans it every minute: only the job-queue test uses it. */
let appRoot: string;
/** The folder a test scans itself: its own, so the app's scheduled scans never touch it. */
let root: string;
let n = 0;

beforeAll(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'anbefal-drop-'));
  appRoot = path.join(base, 'app');
  t = await startTestApp({ IMPORT_DROP_DIR: appRoot });
});
beforeEach(() => {
  root = fs.mkdtempSync(path.join(base, 'scan-'));
});
afterAll(async () => {
  await t.close();
  fs.rmSync(base, { recursive: true, force: true });
});

/** Queued imports are collected, so a test decides when they run (as the import job would). */
function scanner() {
  const queued: string[] = [];
  return {
    queued,
    scan: () => scanDropFolder({ database: t.database, root, logger, quietSeconds: 30, queueImport: async (id) => void queued.push(id) }),
    /** Runs what the scans queued, like the import job. */
    async runQueued() {
      for (const id of queued.splice(0)) await runImport(t.database, id, logger, { final: true });
    },
  };
}

/** A workspace with what the Danish fixture refers to; dropFolder saves its suggested mapping for the drop folder. */
async function workspace(dropFolder: { policy: string; unknownOwners: string } | null) {
  n += 1;
  const seeded = await seedWorkspace(t.database, `Drop ${n}`, `drop${n}@anbefal.test`);
  const key = await seedApiKey(t.database, seeded.workspaceId, 'write');
  const api = withApiKey(t.app, key);
  const units: string[] = [];
  for (const name of ['Aarhus', 'København']) {
    const unit = await api.post('/api/v1/units', { name, parentId: seeded.rootUnitId });
    expect(unit.statusCode, unit.body).toBe(201);
    units.push(unit.json().id);
  }
  const ida = await api.post('/api/v1/members', { name: 'Ida', email: 'ida@anbefal.test', externalId: 'owner-7', unitId: units[0] });
  expect(ida.statusCode, ida.body).toBe(201);
  for (const definition of [
    { key: 'customer_since', label: 'Kunde siden', type: 'date' },
    { key: 'revenue', label: 'Omsætning', type: 'number' },
    { key: 'tier', label: 'Kundetype', type: 'list', allowedValues: ['Privat', 'Erhverv'] },
    { key: 'newsletter', label: 'Nyhedsbrev', type: 'boolean' },
    { key: 'note', label: 'Note', type: 'text' },
  ]) {
    expect((await api.post('/api/v1/attribute-definitions', definition)).statusCode).toBe(201);
  }
  let mapping: SavedImportMappingView | undefined;
  if (dropFolder) {
    const body = multipart([
      { name: 'dryRun', value: 'true' },
      { name: 'file', filename: 'export.csv', content: fixture('danish-bom-semicolon-crlf.csv') },
    ]);
    const dry = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      payload: body.payload,
      headers: { ...body.headers, authorization: `Bearer ${key}` },
    });
    expect(dry.statusCode, dry.body).toBe(202);
    const saved = await api.post('/api/v1/import-mappings', { name: 'Nightly CRM', mapping: dry.json().suggestedMapping, dropFolder });
    expect(saved.statusCode, saved.body).toBe(201);
    mapping = saved.json();
  }
  const folder = (sub: string) => path.join(root, seeded.workspaceId, sub);
  const drop = (name: string, content: Buffer | string, modified = HOUR_AGO) => {
    fs.mkdirSync(folder('incoming'), { recursive: true });
    const file = path.join(folder('incoming'), name);
    fs.writeFileSync(file, content);
    fs.utimesSync(file, modified, modified);
  };
  const list = (sub: string) => (fs.existsSync(folder(sub)) ? fs.readdirSync(folder(sub)).sort() : []);
  const imports = () => t.database.db.selectFrom('imports').selectAll().where('workspace_id', '=', seeded.workspaceId).where('dry_run', '=', false).execute();
  const contacts = () =>
    t.database.db.selectFrom('contacts').select(['external_id', 'email']).where('workspace_id', '=', seeded.workspaceId).orderBy('external_id').execute();
  return { ...seeded, api, mapping, folder, drop, list, imports, contacts };
}

describe('import drop folder', () => {
  it('imports a complete file with the drop-folder mapping and moves it to done/ with its report; a second file of the same name gets a suffix', async () => {
    const w = await workspace({ policy: 'skip_bad_rows', unknownOwners: 'report' });
    expect(w.mapping?.dropFolder).toEqual({ policy: 'skip_bad_rows', unknownOwners: 'report' });
    expect(w.list('incoming')).toEqual([]);
    const s = scanner();
    w.drop('export.csv', fixture('danish-bom-semicolon-crlf.csv'));

    const first = await s.scan();
    expect(first).toMatchObject({ scanned: true, done: [], failed: [] });
    expect(first.queued).toHaveLength(1);
    expect(w.list('incoming')).toEqual([]);
    expect(w.list('processing')).toEqual([expect.stringMatching(/^\d{8}T\d{6}Z-[0-9a-f]{6}--export\.csv$/)]);
    const [queued] = await w.imports();
    expect(queued).toMatchObject({ status: 'queued', file_name: 'export.csv', created_by_type: 'system', created_by: null, policy: 'skip_bad_rows' });
    expect(queued?.mapping).toEqual(w.mapping?.mapping);

    // The import has not run yet: the file stays claimed.
    expect((await s.scan()).done).toEqual([]);
    expect(w.list('processing')).toHaveLength(1);

    await s.runQueued();
    expect((await s.scan()).done).toEqual([`${w.workspaceId}/export.csv`]);
    expect(w.list('processing')).toEqual([]);
    expect(w.list('done')).toEqual(['export.csv', 'export.csv.report.csv']);
    expect(fs.readFileSync(path.join(w.folder('done'), 'export.csv'))).toEqual(fixture('danish-bom-semicolon-crlf.csv'));
    expect(fs.readFileSync(path.join(w.folder('done'), 'export.csv.report.csv'), 'utf8')).toBe(DANISH_REPORT);
    expect(await w.contacts()).toEqual([
      { external_id: 'C-1001', email: 'soren.kierkegaard@example.dk' },
      { external_id: 'C-1002', email: 'anne@example.dk' },
    ]);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['actor_type', 'actor_label', 'target_id'])
      .where('workspace_id', '=', w.workspaceId)
      .where('action', '=', 'contacts.imported')
      .execute();
    expect(audit).toEqual([{ actor_type: 'system', actor_label: 'Import drop folder', target_id: queued?.id }]);

    w.drop('export.csv', fixture('danish-bom-semicolon-crlf.csv'));
    await s.scan();
    await s.runQueued();
    const again = await s.scan();
    expect(again.done).toEqual([expect.stringMatching(new RegExp(`^${w.workspaceId}/export\\.\\d{8}T\\d{6}Z-[0-9a-f]{6}\\.csv$`))]);
    const suffixed = path.basename(again.done[0] ?? '');
    expect(w.list('done')).toEqual(['export.csv', 'export.csv.report.csv', suffixed, `${suffixed}.report.csv`].sort());
    expect((await w.imports()).map((row) => row.status)).toEqual(['succeeded', 'succeeded']);
  });

  it('leaves files alone that are still being written: recently modified, dot files, .tmp, .part and .filepart', async () => {
    const w = await workspace({ policy: 'skip_bad_rows', unknownOwners: 'report' });
    const s = scanner();
    w.drop('fresh.csv', fixture('danish-bom-semicolon-crlf.csv'), new Date());
    for (const name of ['.upload.csv', 'a.csv.tmp', 'b.csv.part', 'c.CSV.PART', 'd.csv.filepart']) w.drop(name, 'Kundenummer\r\nC-1\r\n');
    expect(await s.scan()).toEqual({ scanned: true, queued: [], done: [], failed: [] });
    expect(w.list('incoming')).toEqual(['.upload.csv', 'a.csv.tmp', 'b.csv.part', 'c.CSV.PART', 'd.csv.filepart', 'fresh.csv']);
    expect(await w.imports()).toEqual([]);
  });

  it('moves a file that cannot be imported to failed/ with a report saying why: binary data, rejected rows, no drop-folder mapping', async () => {
    const w = await workspace({ policy: 'reject_file', unknownOwners: 'report' });
    const s = scanner();
    w.drop('report.xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)]));
    w.drop('export.csv', fixture('danish-bom-semicolon-crlf.csv'));
    const scanned = await s.scan();
    expect(scanned.failed).toEqual([`${w.workspaceId}/report.xls`]);
    expect(scanned.queued).toHaveLength(1);
    const xlsReport = fs.readFileSync(path.join(w.folder('failed'), 'report.xls.report.csv'), 'utf8');
    expect(xlsReport.startsWith('\uFEFFrow,column,field,value,problem,allowed\r\n,,,,')).toBe(true);
    expect(xlsReport).toMatch(/xls/i);

    await s.runQueued();
    expect((await s.scan()).failed).toEqual([`${w.workspaceId}/export.csv`]);
    expect(w.list('failed')).toEqual(['export.csv', 'export.csv.report.csv', 'report.xls', 'report.xls.report.csv']);
    expect(fs.readFileSync(path.join(w.folder('failed'), 'export.csv.report.csv'), 'utf8')).toBe(DANISH_REPORT);
    expect((await w.imports()).map((row) => row.status)).toEqual(['rejected']);
    expect(await w.contacts()).toEqual([]);

    const bare = await workspace(null);
    bare.drop('export.csv', fixture('danish-bom-semicolon-crlf.csv'));
    expect((await s.scan()).failed).toEqual([`${bare.workspaceId}/export.csv`]);
    const howTo = fs.readFileSync(path.join(bare.folder('failed'), 'export.csv.report.csv'), 'utf8');
    expect(howTo).toContain('has no saved mapping to import with');
    expect(howTo).toContain('POST /api/v1/import-mappings');
    expect(await bare.imports()).toEqual([]);
  });

  it('claims each file once when two scans run at the same time', async () => {
    const w = await workspace({ policy: 'skip_bad_rows', unknownOwners: 'report' });
    const s = scanner();
    for (const name of ['a.csv', 'b.csv', 'c.csv']) w.drop(name, fixture('danish-bom-semicolon-crlf.csv'));
    // The app's own scheduled scan may hold the lock at that moment (then neither test scan runs):
    // scan in pairs until the files are claimed; never do two scans of a pair both run.
    const queued: string[] = [];
    for (let round = 0; round < 50 && queued.length < 3; round++) {
      const results = await Promise.all([s.scan(), s.scan()]);
      expect(results.filter((r) => r.scanned).length).toBeLessThanOrEqual(1);
      queued.push(...results.flatMap((r) => r.queued));
      if (queued.length < 3) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(queued).toHaveLength(3);
    expect(new Set(queued).size).toBe(3);
    expect((await s.scan()).queued).toEqual([]);
    const rows = await w.imports();
    expect(rows.map((row) => row.file_name).sort()).toEqual(['a.csv', 'b.csv', 'c.csv']);
    expect(s.queued.sort()).toEqual(rows.map((row) => row.id).sort());
  });

  it('after a crash finishes what was claimed: a file without its import, an upload cut short, a report written but the file not moved', async () => {
    const w = await workspace({ policy: 'skip_bad_rows', unknownOwners: 'report' });
    const s = scanner();
    fs.mkdirSync(w.folder('processing'), { recursive: true });
    // Claimed, then the process died before the import was created.
    fs.writeFileSync(path.join(w.folder('processing'), '20261122T010000Z-aaaaaa--orphan.csv'), fixture('danish-bom-semicolon-crlf.csv'));
    // Claimed, the import created, then the process died while the file streamed into the database.
    fs.writeFileSync(path.join(w.folder('processing'), '20261122T010000Z-bbbbbb--cut.csv'), fixture('danish-bom-semicolon-crlf.csv'));
    const cut = await t.database.db
      .insertInto('imports')
      .values({
        workspace_id: w.workspaceId,
        created_by_type: 'system',
        actor: '{}',
        file_name: 'cut.csv',
        format: 'csv',
        headers: '[]',
        mapping: '{}',
        policy: 'skip_bad_rows',
        unknown_owners: 'report',
        dry_run: false,
        status: 'queued',
        drop_file: '20261122T010000Z-bbbbbb--cut.csv',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.database.db
      .insertInto('import_files')
      .values({ import_id: cut.id, seq: 0, data: Buffer.from('Kundenummer;') })
      .execute();

    const resumed = await s.scan();
    expect(resumed.queued.sort()).toEqual([`${w.workspaceId}/20261122T010000Z-aaaaaa--orphan.csv`, `${w.workspaceId}/20261122T010000Z-bbbbbb--cut.csv`]);
    expect(await t.database.db.selectFrom('imports').select('id').where('id', '=', cut.id).execute()).toEqual([]);
    const rows = await w.imports();
    expect(rows.map((row) => [row.file_name, row.file_size]).sort()).toEqual([
      ['cut.csv', fixture('danish-bom-semicolon-crlf.csv').length],
      ['orphan.csv', fixture('danish-bom-semicolon-crlf.csv').length],
    ]);

    // The imports ran; the process died after writing one file's report, before moving the file.
    await s.runQueued();
    fs.mkdirSync(w.folder('done'), { recursive: true });
    fs.writeFileSync(path.join(w.folder('done'), 'orphan.csv.report.csv'), 'half');
    const moved = await s.scan();
    expect(moved.done.sort()).toEqual([`${w.workspaceId}/cut.csv`, `${w.workspaceId}/orphan.csv`]);
    expect(w.list('done')).toEqual(['cut.csv', 'cut.csv.report.csv', 'orphan.csv', 'orphan.csv.report.csv']);
    expect(fs.readFileSync(path.join(w.folder('done'), 'orphan.csv.report.csv'), 'utf8')).toBe(DANISH_REPORT);
    expect((await w.imports()).map((row) => [row.status, row.drop_file])).toEqual([
      ['succeeded', null],
      ['succeeded', null],
    ]);
    expect(await w.contacts()).toHaveLength(2);
  });

  it('is set up through saved mappings: one drop-folder mapping per workspace, kept when saved again without dropFolder, cleared with null', async () => {
    const w = await workspace({ policy: 'skip_bad_rows', unknownOwners: 'report' });
    const mapping = { version: 1, columns: { Kundenummer: 'externalId' } };
    const other = await w.api.post('/api/v1/import-mappings', { name: 'Other CRM', mapping });
    expect(other.json().dropFolder).toBeNull();
    const uses = async () =>
      Object.fromEntries(((await w.api.get('/api/v1/import-mappings')).json().items as SavedImportMappingView[]).map((m) => [m.name, m.dropFolder]));

    expect((await w.api.post('/api/v1/import-mappings', { name: 'nightly crm', mapping: w.mapping?.mapping })).json().dropFolder).toEqual({
      policy: 'skip_bad_rows',
      unknownOwners: 'report',
    });
    const moved = await w.api.post('/api/v1/import-mappings', { name: 'Other CRM', mapping, dropFolder: { policy: 'reject_file', unknownOwners: 'create' } });
    expect(moved.statusCode, moved.body).toBe(201);
    expect(await uses()).toEqual({ 'nightly crm': null, 'Other CRM': { policy: 'reject_file', unknownOwners: 'create' } });
    expect((await w.api.post('/api/v1/import-mappings', { name: 'Other CRM', mapping, dropFolder: null })).json().dropFolder).toBeNull();
    expect(await uses()).toEqual({ 'nightly crm': null, 'Other CRM': null });

    const bad = await w.api.post('/api/v1/import-mappings', { name: 'Other CRM', mapping, dropFolder: { policy: 'import_all', unknownOwners: 'report' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'body.dropFolder.policy' })]);
  });

  it('leaves folders alone that name no workspace', async () => {
    expect(await dropFolderHasFiles(root)).toBe(false);
    expect(await dropFolderHasFiles(path.join(root, 'missing'))).toBe(false);
    fs.mkdirSync(path.join(root, 'not-a-workspace', 'incoming'), { recursive: true });
    fs.writeFileSync(path.join(root, 'not-a-workspace', 'incoming', 'x.csv'), 'Kundenummer\r\nC-1\r\n');
    fs.utimesSync(path.join(root, 'not-a-workspace', 'incoming', 'x.csv'), HOUR_AGO, HOUR_AGO);
    expect(await dropFolderHasFiles(root)).toBe(true);
    await scanner().scan();
    expect(fs.readdirSync(path.join(root, 'not-a-workspace'))).toEqual(['incoming']);
    expect(fs.readdirSync(path.join(root, 'not-a-workspace', 'incoming'))).toEqual(['x.csv']);
  });

  it('runs on the job queue: scheduled every minute, and a file sent to the scan job ends in done/ once its import job has run', async () => {
    const schedules = await t.database.db
      .selectFrom('pgboss.schedule' as never)
      .select(['name as name', 'cron as cron'] as never[])
      .orderBy('name' as never)
      .execute();
    expect(schedules).toEqual(
      expect.arrayContaining([
        { name: 'import-drop-folder', cron: '* * * * *' },
        { name: 'import-retention', cron: '17 3 * * *' },
      ]),
    );
    root = appRoot;
    const w = await workspace({ policy: 'skip_bad_rows', unknownOwners: 'report' });
    w.drop('nightly.csv', fixture('danish-bom-semicolon-crlf.csv'));
    // A second queue on the same database, as a second process would run (the test app runs one too).
    const config = parseConfig({ NODE_ENV: 'test', IMPORT_DROP_DIR: appRoot });
    const mail = createMailQueue({ delivers: false, messageIdDomain: 'localhost' });
    const queue: JobQueue = await startJobs(t.database, logger, config, mail, JOBS);
    try {
      await queue.send(importDropFolderJob, {});
      while (!w.list('done').includes('nightly.csv.report.csv')) await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await queue.stop(5000);
    }
    expect(w.list('done')).toEqual(['nightly.csv', 'nightly.csv.report.csv']);
    expect(w.list('processing')).toEqual([]);
    expect(await w.contacts()).toHaveLength(2);
  });
});
