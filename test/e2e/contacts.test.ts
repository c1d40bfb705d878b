// Contacts, accounts and attribute definitions in a real browser against a real server, on a
// desktop and on a phone (dark mode): an owner defines attributes, adds, finds, edits, exports
// and erases a contact; an account lists its contacts; the owner adds, edits and deletes an
// account; a frontline user sees only their own contact and its account, read-only. Every page is
// checked with axe. PORTAL_SCREENSHOTS=/some/dir keeps screenshots.
import fs from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { App } from '../../src/http/types.ts';
import { seedApiKey, seedUser, seedWorkspace, withApiKey } from '../support/app.ts';
import { npsDefinition } from '../support/survey-definition.ts';
import { expectAccessible, heading, navigate, openMenu, type Server, setUpBrowserAndServers, signIn, snap, VIEWPORTS } from './harness.ts';

const WORKSPACE = 'Nordlys Retail';
const OWNER = 'astrid@nordlys.example';
const FRONTLINE = 'finn@nordlys.example';
const ACCOUNT = 'Fjell Bygg AS';

/** Per server (by base URL): a write key and the contact Per Moen, who answers a survey. */
const seeded = new Map<string, { writeKey: string; per: string }>();

async function seed(app: App, key: string, frontlineMemberId: string): Promise<string> {
  const api = withApiKey(app, key);
  const account = await api.post('/api/v1/accounts', { name: ACCOUNT, segment: 'Construction', revenue: 12500000 });
  expect(account.statusCode).toBe(201);
  for (const contact of [
    { firstName: 'Frida', lastName: 'Lunde', email: 'frida@fjellbygg.example', accountId: account.json().id, ownerMemberId: frontlineMemberId },
    { firstName: 'Per', lastName: 'Moen', email: 'per@kunde.example', segment: 'Retail' },
  ]) {
    expect((await api.post('/api/v1/contacts', contact)).statusCode).toBe(201);
  }
  return (await api.get('/api/v1/contacts?q=per%40kunde.example')).json().items[0].id;
}

/** Each server gets a workspace, an account and two contacts: one owned by a frontline user. */
const env = setUpBrowserAndServers(async ({ database, app, base }) => {
  const workspace = await seedWorkspace(database, WORKSPACE, OWNER);
  const frontline = await seedUser(database, workspace.workspaceId, FRONTLINE, 'frontline');
  const writeKey = await seedApiKey(database, workspace.workspaceId, 'write');
  seeded.set(base, { writeKey, per: await seed(app, writeKey, frontline.memberId) });
});

describe.each(VIEWPORTS)('contacts on $name', ({ name: viewport, options }) => {
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

  test('the owner defines a list and a number attribute', async () => {
    await navigate(page, 'Contact attributes');
    for (const attribute of [
      { label: 'Region', key: 'region', type: 'list', values: 'North\nSouth' },
      { label: 'Seats', key: 'seats', type: 'number' },
    ]) {
      await page.getByRole('button', { name: 'Add attribute' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add attribute' });
      await dialog.getByLabel('Label').fill(attribute.label);
      await dialog.getByLabel('Key').fill(attribute.key);
      await dialog.getByLabel('Type').selectOption(attribute.type);
      if (attribute.values) await dialog.getByLabel('Allowed values').fill(attribute.values);
      if (attribute.type === 'list') await snap(page, `${viewport}-attribute-dialog`);
      await dialog.getByRole('button', { name: 'Add attribute' }).click();
      await page.getByText(`Attribute ${attribute.label} is added.`).waitFor();
    }
    await page.getByRole('rowheader', { name: 'Region' }).waitFor();
    await snap(page, `${viewport}-attributes`);
    await expectAccessible(page);
  });

  test('adds a contact with attributes and an account, then finds it by search and by attribute', async () => {
    await navigate(page, 'Contacts');
    await page.getByRole('rowheader', { name: 'Per Moen' }).waitFor();
    await page.getByRole('button', { name: 'Add contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add contact' });
    await dialog.getByLabel('First name').fill('Ingrid');
    await dialog.getByLabel('Last name').fill('Dahl');
    await dialog.getByLabel('Email').fill('ingrid@kunde.example');
    await dialog.getByLabel('Find an account').fill('fjell');
    await dialog.getByLabel('Account', { exact: true }).locator('option', { hasText: ACCOUNT }).waitFor({ state: 'attached' });
    await dialog.getByLabel('Account', { exact: true }).selectOption({ label: ACCOUNT });
    await dialog.getByLabel('Region').selectOption('North');
    await dialog.getByLabel('Seats').fill('12');
    await snap(page, `${viewport}-contact-dialog`);
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Add contact' }).click();
    await heading(page, 'Ingrid Dahl').waitFor();
    await page.getByText('Ingrid Dahl is added.').waitFor();

    await navigate(page, 'Contacts');
    await page.getByRole('searchbox', { name: 'Search' }).fill('ingrid');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('rowheader', { name: 'Per Moen' }).waitFor({ state: 'detached' });
    await page.getByRole('rowheader', { name: 'Ingrid Dahl' }).waitFor();
    expect(new URL(page.url()).searchParams.get('q')).toBe('ingrid');

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('rowheader', { name: 'Per Moen' }).waitFor();
    await page.getByLabel('Region').selectOption('North');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('rowheader', { name: 'Per Moen' }).waitFor({ state: 'detached' });
    await page.getByRole('rowheader', { name: 'Ingrid Dahl' }).waitFor();
    expect(new URL(page.url()).searchParams.get('attr.region')).toBe('North');

    // The URL is the view: opened afresh, it shows the same filter and result.
    await page.reload();
    await page.getByRole('rowheader', { name: 'Ingrid Dahl' }).waitFor();
    expect(await page.getByLabel('Region').inputValue()).toBe('North');
    await expect.poll(() => page.getByRole('rowheader').count()).toBe(1);
    await snap(page, `${viewport}-contacts`);
    await expectAccessible(page);
  });

  test('a list value in use cannot be removed: the server says why', async () => {
    await navigate(page, 'Contact attributes');
    await page.getByRole('button', { name: 'Edit Region' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Region' });
    await dialog.getByLabel('Allowed values').fill('South\nWest');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('alert').filter({ hasText: '1 stored values of "region" would not fit' }).waitFor();
    await dialog.getByText('Does not fit the values already stored.').waitFor();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  test('opens, edits, exports and erases the contact', async () => {
    await navigate(page, 'Contacts');
    await page.getByRole('link', { name: 'Ingrid Dahl' }).click();
    await heading(page, 'Ingrid Dahl').waitFor();
    await page.getByRole('link', { name: ACCOUNT }).waitFor();
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Ingrid Dahl' });
    await dialog.getByLabel('Seats').fill('15');
    await dialog.getByLabel('Consent').selectOption('granted');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Ingrid Dahl is saved.').waitFor();
    const details = page.getByRole('definition');
    await details.filter({ hasText: /^15$/ }).waitFor();
    await details.filter({ hasText: /^Granted$/ }).waitFor();
    await snap(page, `${viewport}-contact`);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export data' }).click()]);
    const exported = JSON.parse(fs.readFileSync((await download.path()) ?? '', 'utf8'));
    expect(exported.contact.email).toBe('ingrid@kunde.example');
    expect(download.suggestedFilename()).toMatch(/^contact-.+\.json$/);

    await page.getByRole('button', { name: 'Erase personal data' }).click();
    const erase = page.getByRole('dialog', { name: 'Erase the personal data of Ingrid Dahl?' });
    await erase.getByText('It cannot be undone').waitFor();
    const confirm = erase.getByRole('button', { name: 'Erase for good' });
    expect(await confirm.isDisabled()).toBe(true);
    await erase.getByLabel('Type the contact’s email or ERASE to confirm').fill('ingrid@kunde.example');
    await snap(page, `${viewport}-erase-dialog`);
    await expectAccessible(page);
    await confirm.click();
    await page.getByText('The personal data is erased.').waitFor();
    await heading(page, 'Erased contact').waitFor();
    expect(await page.locator('main').textContent()).not.toContain('ingrid@kunde.example');
    expect(await page.getByRole('button', { name: /^(Edit|Erase personal data)$/ }).count()).toBe(0);
    await snap(page, `${viewport}-contact-erased`);
    await expectAccessible(page);
  });

  test("a contact's page shows the answers they gave through their personal link", async () => {
    const { writeKey, per } = seeded.get(server.base) ?? { writeKey: '', per: '' };
    const api = withApiKey(server.app, writeKey);
    const survey = (await api.post('/api/v1/surveys', { name: `Service ${viewport}`, kind: 'relationship_nps', definition: npsDefinition(['en']) })).json();
    expect((await api.post(`/api/v1/surveys/${survey.id}/publish`)).statusCode).toBe(200);
    const link = (await api.post(`/api/v1/surveys/${survey.id}/links`, { contactId: per })).json();

    const respondent = await (await newContext()).newPage();
    await respondent.goto(new URL(link.url).pathname);
    await respondent.getByRole('radio', { name: '4', exact: true }).check();
    await respondent.getByRole('button', { name: 'Continue' }).click();
    await respondent.getByLabel('Why?').fill('The invoice was wrong twice');
    await respondent.getByRole('button', { name: 'Send answers' }).click();
    await respondent.getByRole('heading', { level: 1, name: 'Thank you' }).waitFor();
    await respondent.context().close();

    await navigate(page, 'Contacts');
    await page.getByRole('link', { name: 'Per Moen' }).click();
    const history = page.getByRole('region', { name: 'Surveys' });
    await history.getByText('The invoice was wrong twice').waitFor();
    await history.getByText('Detractor').waitFor();
    await history.getByText(/^Completed /).waitFor();
    await snap(page, `${viewport}-contact-surveys`);
    await expectAccessible(page);
  });

  test('an account page lists its contacts', async () => {
    await navigate(page, 'Accounts');
    await page.getByRole('link', { name: ACCOUNT }).click();
    await heading(page, ACCOUNT).waitFor();
    await page.getByRole('rowheader', { name: 'Frida Lunde' }).waitFor();
    await expect.poll(() => page.getByRole('rowheader').count()).toBe(1);
    await page.getByText(new Intl.NumberFormat('en-US').format(12500000)).waitFor();
    await snap(page, `${viewport}-account`);
    await expectAccessible(page);
  });

  test('adds, edits and deletes an account; the list names its owner and unit', async () => {
    await navigate(page, 'Accounts');
    await page.getByRole('button', { name: 'Add account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add account' });
    await dialog.getByLabel('Name').fill('Havblikk AS');
    await dialog.getByLabel('Segment').fill('Shipping');
    await dialog.getByLabel('Revenue').fill('980000');
    await dialog.getByLabel('External ID').fill('CRM-77');
    await dialog.getByLabel('Find an owner').fill('finn');
    await dialog.getByLabel('Owner', { exact: true }).locator('option', { hasText: FRONTLINE }).waitFor({ state: 'attached' });
    await dialog.getByLabel('Owner', { exact: true }).selectOption({ label: `finn (${FRONTLINE})` });
    await dialog.getByLabel('Region').selectOption('South');
    await snap(page, `${viewport}-account-dialog`);
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Add account' }).click();
    await heading(page, 'Havblikk AS').waitFor();
    await page.getByText('Havblikk AS is added.').waitFor();
    const details = page.getByRole('definition');
    await details.filter({ hasText: /^CRM-77$/ }).waitFor();
    await details.filter({ hasText: /^South$/ }).waitFor();

    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Havblikk AS' });
    await edit.getByLabel('Name').fill('');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.getByText('Name must not be empty.').waitFor();
    await expectAccessible(page);
    await edit.getByLabel('Name').fill('Havblikk Shipping AS');
    await edit.getByLabel('Revenue').fill('1250000');
    await edit.getByLabel('Region').selectOption('');
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Havblikk Shipping AS is saved.').waitFor();
    await heading(page, 'Havblikk Shipping AS').waitFor();
    await details.filter({ hasText: new Intl.NumberFormat('en-US').format(1250000) }).waitFor();
    await expect.poll(() => details.filter({ hasText: /^South$/ }).count()).toBe(0);
    await snap(page, `${viewport}-account-edited`);
    await expectAccessible(page);

    // The list shows the owner's and the unit's names from the list answer itself.
    await navigate(page, 'Accounts');
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Havblikk Shipping AS' }) });
    await row.getByRole('cell', { name: 'finn' }).waitFor();
    await row.getByRole('cell', { name: WORKSPACE }).waitFor();

    await page.getByRole('link', { name: 'Havblikk Shipping AS' }).click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete Havblikk Shipping AS?' });
    await confirm.getByText('Its contacts are not deleted').waitFor();
    await expectAccessible(page);
    await confirm.getByRole('button', { name: 'Delete account' }).click();
    await heading(page, 'Accounts').waitFor();
    await page.getByText('Havblikk Shipping AS is deleted.').waitFor();
    await page.getByRole('rowheader', { name: ACCOUNT }).waitFor();
    await expect.poll(() => page.getByRole('rowheader', { name: 'Havblikk Shipping AS' }).count()).toBe(0);
    await snap(page, `${viewport}-accounts`);
    await expectAccessible(page);
  });

  test('deletes a contact after confirming', async () => {
    await navigate(page, 'Contacts');
    await page.getByRole('link', { name: 'Per Moen' }).click();
    await heading(page, 'Per Moen').waitFor();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete Per Moen?' });
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Delete contact' }).click();
    await heading(page, 'Contacts').waitFor();
    await page.getByText('Per Moen is deleted.').waitFor();
    await page.getByRole('rowheader', { name: 'Frida Lunde' }).waitFor();
    await expect.poll(() => page.getByRole('rowheader', { name: 'Per Moen' }).count()).toBe(0);
  });

  test('a frontline user sees only their own contact and its account, read-only', async () => {
    const frontline = await newContext();
    try {
      const tab = await frontline.newPage();
      await signIn(tab, FRONTLINE, WORKSPACE);
      await openMenu(tab);
      const links = await tab.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
      expect(links).toEqual(['Overview', 'Insight', 'Cases', 'Members', 'Contacts', 'Accounts', 'Surveys']);
      await navigate(tab, 'Contacts');
      await tab.getByRole('rowheader', { name: 'Frida Lunde' }).waitFor();
      await expect.poll(() => tab.getByRole('rowheader').count()).toBe(1);
      expect(await tab.getByRole('button', { name: 'Add contact' }).count()).toBe(0);
      // The list names the contact's account, which a frontline user may open since the contact is theirs.
      const row = tab.getByRole('row').filter({ has: tab.getByRole('rowheader', { name: 'Frida Lunde' }) });
      await row.getByRole('link', { name: ACCOUNT }).waitFor();
      await expectAccessible(tab);
      await tab.getByRole('link', { name: 'Frida Lunde' }).click();
      await heading(tab, 'Frida Lunde').waitFor();
      expect(await tab.getByRole('button', { name: /^(Edit|Delete|Export data|Erase personal data)$/ }).count()).toBe(0);
      await snap(tab, `${viewport}-frontline-contact`);
      await expectAccessible(tab);
      // The account belongs to nobody, but it is the company of their contact: they may read it, not change it.
      await tab.getByRole('link', { name: ACCOUNT }).click();
      await heading(tab, ACCOUNT).waitFor();
      await tab.getByRole('rowheader', { name: 'Frida Lunde' }).waitFor();
      expect(await tab.getByRole('button', { name: /^(Edit|Delete)$/ }).count()).toBe(0);
      await snap(tab, `${viewport}-frontline-account`);
      await expectAccessible(tab);
    } finally {
      await frontline.close();
    }
  });
});
