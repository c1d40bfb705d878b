import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { issueSetupToken } from '../../src/domain/auth/index.ts';
import { seedUser, seedWorkspace, TEST_PASSWORD } from '../support/app.ts';
import { expectAccessible, heading, navigate, openMenu, type Server, setUpBrowserAndServers, signIn, snap, VIEWPORTS } from './harness.ts';

const OWNER = { name: 'Astrid Holm', email: 'astrid@nordlys.example' };
const WORKSPACE = 'Nordlys Retail';

const env = setUpBrowserAndServers();

/** Picks an option by its visible text (unit options are indented by depth). */
async function selectByText(select: Locator, text: string) {
  const value = await select
    .locator('option')
    .filter({ hasText: new RegExp(`^\\s*${text}$`) })
    .getAttribute('value');
  await select.selectOption(value ?? '');
}

/** The name of a unit in the tree (or in a part of it). */
const unitName = (scope: Page | Locator, name: string) => scope.locator('.tree-name', { hasText: new RegExp(`^${name}$`) });

/** The list item of a unit in the tree, holding its row and its children. */
const unitItem = (page: Page, name: string) =>
  page.getByRole('listitem').filter({ has: page.locator(':scope > .tree-row').filter({ has: unitName(page, name) }) });

describe.each(VIEWPORTS)('portal on $name', ({ name: viewport, options }) => {
  let server: Server;
  let context: BrowserContext;
  let page: Page;
  const newContext = () => env.browser().newContext({ ...options, baseURL: server.base });

  beforeAll(async () => {
    server = env.server(viewport);
    context = await newContext();
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
  });

  test('first-run setup through the printed link signs the owner in', async () => {
    const token = await issueSetupToken(server.database.db);
    await page.goto(`/setup?token=${token}`);
    await heading(page, 'Set up Anbefal').waitFor();
    await expectAccessible(page);
    await page.getByLabel('Workspace name').fill(WORKSPACE);
    await page.getByLabel('Your name').fill(OWNER.name);
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel('Password').fill('too short');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.getByText('Password must be at least 10 characters.').waitFor();
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await heading(page, WORKSPACE).waitFor();
    await page.getByRole('link', { name: 'Units' }).last().waitFor();
    await snap(page, `${viewport}-overview`);
    await expectAccessible(page);
  });

  test('signs out, resets a password and signs in again', async () => {
    await openMenu(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading(page, 'Sign in').waitFor();
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await heading(page, 'Reset your password').waitFor();
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByText(`If an account exists for ${OWNER.email}`).waitFor();
    await expectAccessible(page);

    await page.goto('/reset-password?token=not-a-real-token');
    await page.getByLabel('New password').fill('a new password 2');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByRole('alert').filter({ hasText: 'expired' }).waitFor();

    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await signIn(page, OWNER.email, WORKSPACE);
  });

  test('builds the unit tree: add, add a child, rename, move, delete', async () => {
    await navigate(page, 'Units');
    await unitItem(page, WORKSPACE).waitFor();
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Add unit', exact: true }).click();
    let dialog = page.getByRole('dialog', { name: 'Add unit' });
    await dialog.getByLabel('Name').fill('Sales');
    await dialog.getByRole('button', { name: 'Add unit' }).click();
    await page.getByText('Unit Sales is added.').waitFor();

    await page.getByRole('button', { name: 'Add unit under Sales' }).click();
    dialog = page.getByRole('dialog', { name: 'Add unit' });
    await dialog.getByLabel('Name').fill('Nordic');
    await dialog.getByRole('button', { name: 'Add unit' }).click();
    await unitName(unitItem(page, 'Sales').getByRole('list'), 'Nordic').waitFor();

    // A unit with children cannot go: the server's reason is shown in the dialog.
    await page.getByRole('button', { name: 'Delete Sales' }).click();
    dialog = page.getByRole('dialog', { name: 'Delete Sales?' });
    await dialog.getByRole('button', { name: 'Delete unit' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'still has 1 child units' }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Edit Nordic' }).click();
    dialog = page.getByRole('dialog', { name: 'Edit Nordic' });
    await dialog.getByLabel('Manager', { exact: true }).waitFor();
    await snap(page, `${viewport}-unit-dialog`);
    await expectAccessible(page);
    await dialog.getByLabel('Name').fill('Nordics');
    await dialog.getByLabel('Find a manager').fill('astrid');
    const manager = dialog.getByLabel('Manager', { exact: true });
    await manager.locator('option', { hasText: OWNER.name }).waitFor({ state: 'attached' });
    await manager.selectOption({ label: `${OWNER.name} (${OWNER.email})` });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Unit Nordics is saved.').waitFor();
    await unitItem(page, 'Nordics').getByText(`Manager: ${OWNER.name}`).waitFor();

    await page.getByRole('button', { name: 'Edit Nordics' }).click();
    dialog = page.getByRole('dialog', { name: 'Edit Nordics' });
    await selectByText(dialog.getByLabel('Parent unit'), WORKSPACE);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Unit Nordics is saved.').waitFor();
    await unitName(unitItem(page, 'Sales'), 'Nordics').waitFor({ state: 'detached' });
    await unitItem(page, 'Nordics').waitFor();

    await page.getByRole('button', { name: 'Delete Nordics' }).click();
    await page.getByRole('dialog', { name: 'Delete Nordics?' }).getByRole('button', { name: 'Delete unit' }).click();
    await page.getByText('Unit Nordics is deleted.').waitFor();
    await unitItem(page, 'Nordics').waitFor({ state: 'detached' });
    await snap(page, `${viewport}-units`);
  });

  test('adds a member, showing field errors first', async () => {
    await navigate(page, 'Members');
    await page.getByRole('button', { name: 'Add member' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add member' });
    await dialog.getByLabel('Name').fill('Mia Jensen');
    await dialog.getByLabel('Email').fill('not an email');
    await selectByText(dialog.getByLabel('Unit'), 'Sales');
    await dialog.getByRole('button', { name: 'Add member' }).click();
    await dialog.getByText('Email must be an email address such as anna@example.com.').waitFor();
    await expectAccessible(page);
    await dialog.getByLabel('Email').fill('mia@nordlys.example');
    await dialog.getByRole('button', { name: 'Add member' }).click();
    await page.getByText('Mia Jensen is added to Sales.').waitFor();

    // More members than one page holds: the rest come with "Load more".
    const { csrfToken } = await (await context.request.get('/api/v1/auth/me')).json();
    const unitId = (await (await context.request.get('/api/v1/units')).json()).items[0].id;
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        context.request.post('/api/v1/members', { headers: { 'x-csrf-token': csrfToken }, data: { name: `Zz Member ${String(i).padStart(2, '0')}`, unitId } }),
      ),
    );
    await page.reload();
    await page.getByRole('rowheader', { name: 'Mia Jensen' }).waitFor();
    expect(await page.getByRole('rowheader', { name: 'Zz Member 49' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.getByRole('rowheader', { name: 'Zz Member 49' }).waitFor();
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Edit Mia Jensen' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Mia Jensen' });
    await edit.getByLabel('External ID').fill('EMP-7');
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Mia Jensen is saved.').waitFor();
    await page.getByRole('rowheader', { name: 'Mia Jensen ID EMP-7' }).waitFor();

    await page.getByRole('button', { name: 'Delete Zz Member 00' }).click();
    await page.getByRole('dialog', { name: 'Delete Zz Member 00?' }).getByRole('button', { name: 'Delete member' }).click();
    await page.getByText('Zz Member 00 is deleted.').waitFor();
    await page.getByRole('rowheader', { name: 'Zz Member 00' }).waitFor({ state: 'detached' });

    await page.getByRole('searchbox', { name: 'Search' }).fill('mia');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('rowheader', { name: 'Mia Jensen' }).waitFor();
    await page.getByRole('rowheader', { name: `${OWNER.name} (you)` }).waitFor({ state: 'detached' });
    await snap(page, `${viewport}-members`);
    await expectAccessible(page);
  });

  test('invites a user; the outbox shows the invitation as not delivered; the link works', async () => {
    await navigate(page, 'Users and roles');
    await page.getByRole('button', { name: 'Invite user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite user' });
    await dialog.getByLabel('Email').fill('lars@nordlys.example');
    await dialog.getByLabel('Name').fill('Lars Berg');
    await dialog.getByLabel('Role').selectOption('frontline');
    await selectByText(dialog.getByLabel('Unit'), 'Sales');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('An invitation is on its way to lars@nordlys.example.').waitFor();
    await page
      .getByRole('row', { name: /Lars Berg/ })
      .getByText('Invited')
      .waitFor();
    await page.getByLabel('Role of Lars Berg').selectOption('manager');
    await page.getByText('Lars Berg is now manager.').waitFor();
    await snap(page, `${viewport}-users`);
    await expectAccessible(page);

    await navigate(page, 'Outbox');
    const email = page.getByRole('listitem').filter({ hasText: `You are invited to ${WORKSPACE} on Anbefal` });
    await email.getByText('Not delivered — no SMTP server configured').waitFor();
    await email.getByText('Show message').click();
    const link = /\/invitation\?token=[\w-]+/.exec((await email.locator('pre').textContent()) ?? '')?.[0];
    expect(link).toBeDefined();
    await snap(page, `${viewport}-outbox`);
    await expectAccessible(page);

    const invitee = await newContext();
    try {
      const tab = await invitee.newPage();
      await tab.goto(link ?? '');
      await heading(tab, 'Accept invitation').waitFor();
      await expectAccessible(tab);
      await tab.getByLabel('Password').fill(TEST_PASSWORD);
      await tab.getByRole('button', { name: 'Join workspace' }).click();
      await heading(tab, WORKSPACE).waitFor();
      await openMenu(tab);
      const nav = tab.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'Members' }).waitFor();
      expect(await nav.getByRole('link', { name: 'API keys' }).count()).toBe(0);
    } finally {
      await invitee.close();
    }
  });

  test('creates an API key, shows it once, then revokes it', async () => {
    await navigate(page, 'API keys');
    await page.getByLabel('Name').fill('CRM sync');
    await page.getByLabel('Access').selectOption('write');
    await page.getByRole('button', { name: 'Create key' }).click();
    const dialog = page.getByRole('dialog', { name: 'API key “CRM sync” is created' });
    const key = await dialog.getByLabel('Your new API key').inputValue();
    expect(key).toMatch(/^anb_/);
    await dialog.getByText('It is shown only this once').waitFor();
    await snap(page, `${viewport}-api-key`);
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(key);

    const row = page.getByRole('row', { name: /CRM sync/ });
    await row.getByText('Active').waitFor();
    await row.getByRole('button', { name: 'Revoke CRM sync' }).click();
    await page.getByRole('dialog', { name: 'Revoke CRM sync?' }).getByRole('button', { name: 'Revoke key' }).click();
    await row.getByText('Revoked').waitFor();
  });

  test('the audit log lists those actions with before and after', async () => {
    await navigate(page, 'Audit log');
    const entries = page
      .getByRole('list')
      .filter({ has: page.getByRole('listitem') })
      .last();
    // The 50 members added above fill the first page; the unit changes are on the next.
    await entries.getByText('API key revoked', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Load more' }).click();
    for (const action of [
      'API key revoked',
      'API key created',
      'User joined',
      'User invited',
      'Member created',
      'Unit deleted',
      'Unit updated',
      'Unit created',
    ]) {
      await entries.getByText(action, { exact: true }).first().waitFor();
    }
    const renamed = page.getByRole('listitem').filter({ hasText: 'Unit updated' }).last();
    await renamed.getByText('Show changes').click();
    const name = renamed.getByRole('definition').filter({ hasText: 'Nordic' });
    expect(await name.textContent()).toBe('from Nordic → to Nordics');
    await snap(page, `${viewport}-audit-log`);
    await expectAccessible(page);

    await page.getByLabel('Show entries about').selectOption('api_key');
    await entries.getByText('Unit created', { exact: true }).first().waitFor({ state: 'detached' });
    await entries.getByText('API key created', { exact: true }).waitFor();
  });

  test('renames the workspace and switches to another one', async () => {
    await navigate(page, 'Workspace settings');
    await page.getByLabel('Workspace name').fill(`${WORKSPACE} AS`);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('The workspace name is saved.').waitFor();
    await expectAccessible(page);
    await page.getByLabel('Workspace name').fill(WORKSPACE);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('The workspace name is saved.').waitFor();

    const other = await seedWorkspace(server.database, 'Fjord Logistics', 'owner@fjord.example');
    await seedUser(server.database, other.workspaceId, OWNER.email, 'admin');
    await page.reload();
    await openMenu(page);
    await page.getByRole('button', { name: /^Workspace/ }).click();
    await page.getByRole('button', { name: /Fjord Logistics/ }).click();
    await heading(page, 'Fjord Logistics').waitFor();
    await page.getByText('Your role is admin').waitFor();

    await openMenu(page);
    await page.getByRole('button', { name: /^Workspace/ }).click();
    await snap(page, `${viewport}-switcher`);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Create workspace' }).click();
    await heading(page, 'Create workspace').waitFor();
    await page.getByLabel('Workspace name').fill('Fjord Labs');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await heading(page, 'Fjord Labs').waitFor();
    await page.getByText('Your role is owner').waitFor();

    await openMenu(page);
    await page.getByRole('button', { name: /^Workspace/ }).click();
    await page.getByRole('button', { name: new RegExp(WORKSPACE) }).click();
    await heading(page, WORKSPACE).waitFor();
  });

  test('an analyst reads everything and can change nothing', async () => {
    const workspace = await server.database.db.selectFrom('workspaces').select('id').where('name', '=', WORKSPACE).executeTakeFirstOrThrow();
    await seedUser(server.database, workspace.id, 'ada@nordlys.example', 'analyst');
    const analyst = await newContext();
    try {
      const tab = await analyst.newPage();
      await signIn(tab, 'ada@nordlys.example', WORKSPACE);
      await openMenu(tab);
      const nav = tab.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'Users and roles' }).waitFor();
      for (const hidden of ['API keys', 'Audit log', 'Outbox', 'Workspace settings']) expect(await nav.getByRole('link', { name: hidden }).count()).toBe(0);

      await navigate(tab, 'Units');
      await unitItem(tab, 'Sales').waitFor();
      expect(await tab.getByRole('button', { name: /^(Add unit|Edit|Delete)/ }).count()).toBe(0);

      await navigate(tab, 'Members');
      await tab.getByRole('rowheader', { name: 'Mia Jensen' }).waitFor();
      expect(await tab.getByRole('button', { name: /^(Add member|Edit|Delete)/ }).count()).toBe(0);

      await navigate(tab, 'Users and roles');
      await tab.getByRole('rowheader', { name: 'Lars Berg' }).waitFor();
      expect(await tab.getByRole('button', { name: /^(Invite user|Remove access|Withdraw)/ }).count()).toBe(0);
      expect(await tab.getByRole('combobox').count()).toBe(0);

      // Typing the address of an admin page gets the server's refusal, not a broken page.
      await tab.goto('/api-keys');
      await tab.getByRole('alert').filter({ hasText: 'Your role does not allow you to list API keys.' }).waitFor();
      await expectAccessible(tab);
    } finally {
      await analyst.close();
    }
  });

  test('a frontline user sees only themselves', async () => {
    const workspace = await server.database.db.selectFrom('workspaces').select('id').where('name', '=', WORKSPACE).executeTakeFirstOrThrow();
    await seedUser(server.database, workspace.id, 'finn@nordlys.example', 'frontline');
    const frontline = await newContext();
    try {
      const tab = await frontline.newPage();
      await signIn(tab, 'finn@nordlys.example', WORKSPACE);
      await tab.getByText('Your unit').waitFor();
      await expectAccessible(tab);
      await openMenu(tab);
      const links = await tab.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
      expect(links).toEqual(['Overview', 'Insight', 'Cases', 'Members', 'Contacts', 'Accounts', 'Surveys']);

      await navigate(tab, 'Members');
      await tab.getByRole('rowheader', { name: 'finn (you)' }).waitFor();
      expect(await tab.getByRole('rowheader').count()).toBe(1);
      expect(await tab.getByRole('button', { name: /^(Add member|Edit|Delete)/ }).count()).toBe(0);
    } finally {
      await frontline.close();
    }
  });
});
