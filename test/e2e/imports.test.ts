// The contact import wizard in a real browser against a real server, on a desktop and on a phone
// (dark mode): an owner uploads a real CRM export (danish-bom-semicolon-crlf.csv), checks the
// suggested mapping beside the file's values, reads the dry run's exact numbers and problems, leaves
// a column out and checks again, saves the mapping, downloads the report, imports for real and finds
// the contacts; the history lists the import and a saved mapping maps the next upload. A manager
// sees no way to import. Every step is checked with axe. PORTAL_SCREENSHOTS=/some/dir keeps screenshots.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedApiKey, seedUser, seedWorkspace, withApiKey } from '../support/app.ts';
import { expectAccessible, heading, navigate, openMenu, type Server, setUpBrowserAndServers, signIn, snap, VIEWPORTS } from './harness.ts';

const WORKSPACE = 'Nordlys Retail';
const OWNER = 'astrid@nordlys.example';
const MANAGER = 'mona@nordlys.example';
const FILE = 'danish-bom-semicolon-crlf.csv';
const FIXTURE = fileURLToPath(new URL(`../../src/domain/imports/fixtures/${FILE}`, import.meta.url));

/** The units, owner and attributes the fixture refers to (as in src/http/routes/imports.test.ts). */
const env = setUpBrowserAndServers(async ({ database, app }) => {
  const workspace = await seedWorkspace(database, WORKSPACE, OWNER);
  await seedUser(database, workspace.workspaceId, MANAGER, 'manager');
  const api = withApiKey(app, await seedApiKey(database, workspace.workspaceId, 'write'));
  const units: Record<string, string> = {};
  for (const name of ['Aarhus', 'København']) {
    const created = await api.post('/api/v1/units', { name, parentId: workspace.rootUnitId });
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
});

const stepHeading = (page: Page, name: string) => page.getByRole('heading', { level: 2, name, exact: true });
const columnField = (page: Page, header: string) => page.getByLabel(`Field for the column ${header}`, { exact: true });
/** The dry run's or import's figures, by their label. */
const stat = (page: Page, label: string) => page.locator('.stat', { has: page.getByText(label, { exact: true }) }).getByRole('definition');

describe.each(VIEWPORTS)('contact import on $name', ({ name: viewport, options }) => {
  let server: Server;
  let context: BrowserContext;
  let page: Page;
  const newContext = () => env.browser().newContext({ ...options, baseURL: server.base });

  beforeAll(async () => {
    server = env.server(viewport);
    context = await newContext();
    page = await context.newPage();
    await signIn(page, OWNER, WORKSPACE);
  });

  afterAll(async () => {
    await context?.close();
  });

  test('uploads a CRM export as a dry run; without a file the form says so', async () => {
    await navigate(page, 'Contacts');
    await page.getByRole('link', { name: 'Import contacts' }).click();
    await heading(page, 'Import contacts').waitFor();
    expect(await page.getByRole('list', { name: 'Import steps' }).locator('[aria-current="step"]').textContent()).toBe('1Upload');
    await expectAccessible(page);

    // Without a file the form says so beside the field, and nothing is sent.
    await page.getByRole('button', { name: 'Upload and check' }).click();
    await page.getByText('Choose a CSV, TXT or XLSX file.').waitFor();
    await page.getByRole('alert').filter({ hasText: 'Correct the highlighted fields and try again.' }).waitFor();
    await expectAccessible(page);

    await page.getByLabel('File', { exact: true }).setInputFiles(FIXTURE);
    await page.getByLabel('Import the good rows, skip the rows with problems').waitFor();
    expect(await page.getByLabel('Import the good rows, skip the rows with problems').isChecked()).toBe(true);
    expect(await page.getByLabel('Report them as problems').isChecked()).toBe(true);
    await snap(page, `${viewport}-import-upload`);
    await page.getByRole('button', { name: 'Upload and check' }).click();
    await stepHeading(page, `Map the columns of ${FILE}`).waitFor();
  });

  test('maps the columns beside their first values, as suggested from the headers', async () => {
    const suggested: Record<string, string> = {
      Kundenummer: 'externalId',
      'E-mail': 'email',
      Efternavn: 'lastName',
      Ansvarlig: 'ownerEmail',
      Afdeling: 'unitName',
      Omsætning: 'attr.revenue',
      Note: 'attr.note',
    };
    for (const [header, field] of Object.entries(suggested)) expect(await columnField(page, header).inputValue()).toBe(field);
    // The first values of each column stand beside it: row 3's last name, the owner's email.
    const efternavn = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Efternavn', exact: true }) });
    await efternavn.getByText('Ærø', { exact: true }).waitFor();
    await page.getByText('Owners are matched by their email.').waitFor();
    await snap(page, `${viewport}-import-map`);
    await expectAccessible(page);
  });

  test('the dry run says exactly what the import would do, with the first problems', async () => {
    await page.getByRole('button', { name: 'Check the file with this mapping' }).click();
    await stepHeading(page, 'What the import would do').waitFor();
    expect(await stat(page, 'Would be created').textContent()).toBe('2');
    expect(await stat(page, 'Would be updated').textContent()).toBe('0');
    expect(await stat(page, 'Would stay unchanged').textContent()).toBe('0');
    expect(await stat(page, 'Rows with problems').textContent()).toBe('3');
    expect(await stat(page, 'Duplicates in the file').textContent()).toBe('1');
    await page.getByText('6 rows read. Nothing is stored yet: this was a dry run.').waitFor();
    const problems = page.getByRole('table', { name: '9 problems' });
    expect(await problems.getByRole('row').count()).toBe(10);
    const first = problems.getByRole('row').nth(1);
    expect(await first.getByRole('rowheader').textContent()).toBe('5');
    expect(await first.getByRole('cell').allTextContents()).toEqual([
      'E-mail',
      'bad-email@',
      'Not a valid email address',
      'an email address such as name@example.com',
    ]);
    await problems.getByRole('cell', { name: 'Ambiguous: the mark could separate thousands or decimals' }).waitFor();
    await snap(page, `${viewport}-import-dry-run`);
    await expectAccessible(page);
  });

  test('leaves a column out, checks again, saves the mapping and downloads the report', async () => {
    await page.getByRole('button', { name: 'Change the mapping or options' }).click();
    await stepHeading(page, `Map the columns of ${FILE}`).waitFor();
    // The sample values survive the step change.
    await page.getByRole('row').filter({ hasText: 'Efternavn' }).getByText('Ærø', { exact: true }).waitFor();
    await columnField(page, 'Omsætning').selectOption('');

    await page.getByLabel('Name', { exact: true }).fill('Nightly CRM export');
    await page.getByRole('button', { name: 'Save mapping' }).click();
    await page.getByText('The mapping Nightly CRM export is saved.', { exact: false }).waitFor();
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Check the file with this mapping' }).click();
    await stepHeading(page, 'What the import would do').waitFor();
    const problems = page.getByRole('table', { name: '8 problems' });
    await problems.waitFor();
    expect(await problems.getByRole('cell', { name: 'Omsætning', exact: true }).count()).toBe(0);
    expect(await stat(page, 'Would be created').textContent()).toBe('2');
    await page.getByText('Importing for real creates 2 and updates 0 contacts, and skips 4 rows with problems.').waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^Download the full report/ }).click()]);
    expect(download.suggestedFilename()).toBe('danish-bom-semicolon-crlf-report.csv');
    const lines = fs.readFileSync((await download.path()) ?? '', 'utf8').split('\r\n');
    expect(lines[0]).toBe('\uFEFFrow;column;field;value;problem;allowed');
    expect(lines[1]).toBe('5;E-mail;email;bad-email@;Not a valid email address;an email address such as name@example.com');
    expect(lines.filter(Boolean)).toHaveLength(9);
  });

  test('imports for real, shows the result, and the contacts appear in the contact list', async () => {
    await page.getByRole('button', { name: 'Import for real' }).click();
    await stepHeading(page, 'The contacts are imported').waitFor();
    expect(await page.getByRole('list', { name: 'Import steps' }).locator('[aria-current="step"]').textContent()).toBe('4Import');
    expect(await stat(page, 'Created').textContent()).toBe('2');
    expect(await stat(page, 'Updated').textContent()).toBe('0');
    expect(await stat(page, 'Rows with problems').textContent()).toBe('3');
    await page.getByText('6 rows read. The contacts are stored.').waitFor();
    expect(await page.getByRole('button', { name: /Import for real|Change the mapping/ }).count()).toBe(0);
    await snap(page, `${viewport}-import-done`);
    await expectAccessible(page);

    await page.getByRole('link', { name: 'See the contacts' }).click();
    await heading(page, 'Contacts').waitFor();
    await page.getByRole('rowheader', { name: 'Søren Kierkegaard' }).waitFor();
    await page.getByRole('rowheader', { name: 'Anne Ærø' }).waitFor();
    expect(await page.getByRole('rowheader').count()).toBe(2);
  });

  test('the history lists the import with its counts and report; a saved mapping maps the next upload', async () => {
    await navigate(page, 'Imports');
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: FILE }) });
    await row.getByText('Imported', { exact: true }).waitFor();
    await row.getByText('astrid', { exact: true }).waitFor();
    await row.getByText('2 created, 0 updated, 4 skipped').waitFor();
    await row.getByRole('link', { name: `Report of ${FILE} (8 problems)` }).waitFor();
    await snap(page, `${viewport}-imports`);
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Import contacts' }).click();
    await heading(page, 'Import contacts').waitFor();
    await page.getByLabel('Column mapping').selectOption({ label: 'Nightly CRM export' });
    await page.getByLabel('File', { exact: true }).setInputFiles(FIXTURE);
    await page.getByRole('button', { name: 'Upload and check' }).click();
    await stepHeading(page, `Map the columns of ${FILE}`).waitFor();
    expect(await columnField(page, 'Omsætning').inputValue()).toBe('');
    expect(await columnField(page, 'Kundenummer').inputValue()).toBe('externalId');
    await page.getByRole('button', { name: 'Check the file with this mapping' }).click();
    // The same file again: both valid rows are already stored as they are.
    await stepHeading(page, 'What the import would do').waitFor();
    expect(await stat(page, 'Would stay unchanged').textContent()).toBe('2');
    expect(await stat(page, 'Would be created').textContent()).toBe('0');

    // Once retention has deleted the file, the import cannot run again: the page says so and keeps the report.
    const id = new URL(page.url()).pathname.split('/').pop() ?? '';
    await server.database.db.updateTable('imports').set({ file_removed_at: new Date() }).where('id', '=', id).execute();
    await page.reload();
    await page.getByText('The uploaded file was deleted on').waitFor();
    await stepHeading(page, 'What the import would do').waitFor();
    expect(await page.getByRole('button', { name: /^(Import for real|Change the mapping or options)$/ }).count()).toBe(0);
    await page.getByRole('link', { name: /^Download the full report/ }).waitFor();
    await expectAccessible(page);
  });

  test('a manager sees no way to import contacts', async () => {
    const manager = await newContext();
    try {
      const tab = await manager.newPage();
      await signIn(tab, MANAGER, WORKSPACE);
      await openMenu(tab);
      expect(await tab.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Imports' }).count()).toBe(0);
      await navigate(tab, 'Contacts');
      await tab.getByRole('button', { name: 'Add contact' }).waitFor();
      expect(await tab.getByRole('link', { name: 'Import contacts' }).count()).toBe(0);
      await tab.goto('/imports');
      await tab
        .getByRole('alert')
        .filter({ hasText: /import/i })
        .waitFor();
    } finally {
      await manager.close();
    }
  });
});
