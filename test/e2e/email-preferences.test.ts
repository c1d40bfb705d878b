// Email preferences in Chromium, on a desktop and on a phone (dark mode): a frontline member finds
// the page under their account, stops the weekly digest, finds it stopped after a reload and turns
// it on again; an analyst reads that their role does not get it; a digest's link to its week opens
// the insight overview on exactly that period. Each screen is checked with axe.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedUser, seedWorkspace } from '../support/app.ts';
import { expectAccessible, heading, openMenu, type Server, setUpBrowserAndServers, signIn, snap, VIEWPORTS } from './harness.ts';

const WORKSPACE = 'Fjord Bikes';
const FRONTLINE = 'frida@fjord.example';
const ANALYST = 'anton@fjord.example';

const env = setUpBrowserAndServers(async ({ database }) => {
  const workspace = await seedWorkspace(database, WORKSPACE, 'owner@fjord.example');
  await seedUser(database, workspace.workspaceId, FRONTLINE, 'frontline');
  await seedUser(database, workspace.workspaceId, ANALYST, 'analyst');
});

async function openPreferences(page: Page) {
  await openMenu(page);
  await page.getByRole('navigation', { name: 'Your account' }).getByRole('link', { name: 'Email preferences' }).click();
  await heading(page, 'Email preferences').waitFor();
}

describe.each(VIEWPORTS)('email preferences on $name', ({ name: viewport, options }) => {
  let server: Server;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = env.server(viewport);
    context = await env.browser().newContext({ ...options, baseURL: server.base });
    page = await context.newPage();
    await signIn(page, FRONTLINE, WORKSPACE);
  });
  afterAll(async () => {
    await context?.close();
  });

  const optedOutAt = async () =>
    (
      await server.database.db
        .selectFrom('members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select('m.weekly_digest_opted_out_at')
        .where('u.email', '=', FRONTLINE)
        .executeTakeFirstOrThrow()
    ).weekly_digest_opted_out_at;

  test('a frontline member stops the weekly digest, finds it stopped after a reload, and turns it on again', async () => {
    await openPreferences(page);
    const box = page.getByLabel('Send me the weekly digest');
    expect(await box.isChecked()).toBe(true);
    await expectAccessible(page);

    await box.uncheck();
    await page.getByRole('button', { name: 'Save email preferences' }).click();
    await page.getByText('Saved: the weekly digest is stopped.').waitFor();
    expect(await optedOutAt()).toBeInstanceOf(Date);
    await page.getByText(/^Stopped on /).waitFor();
    await expectAccessible(page);
    await snap(page, `${viewport}-email-preferences`);

    await page.reload();
    await heading(page, 'Email preferences').waitFor();
    expect(await page.getByLabel('Send me the weekly digest').isChecked()).toBe(false);

    await page.getByLabel('Send me the weekly digest').check();
    await page.getByRole('button', { name: 'Save email preferences' }).click();
    await page.getByText('Saved: the weekly digest is on.').waitFor();
    expect(await optedOutAt()).toBeNull();
  });

  test('a digest’s link opens the insight overview on exactly its week', async () => {
    await page.goto('/insight?from=2026-02-22T23:00:00.000Z&to=2026-03-01T23:00:00.000Z');
    await heading(page, 'Insight').waitFor();
    const period = page.getByLabel('Period');
    const shown = await period.locator('option:checked').textContent();
    expect(shown).toMatch(/^From .*2026.* to .*2026/);
    expect(shown).not.toContain('T23:00');
    await expectAccessible(page);
  });

  test('an analyst reads that their role does not get the digest', async () => {
    const analystContext = await env.browser().newContext({ ...options, baseURL: server.base });
    try {
      const analystPage = await analystContext.newPage();
      await signIn(analystPage, ANALYST, WORKSPACE);
      await openPreferences(analystPage);
      await analystPage.getByText('The digest goes to managers and frontline members; as an analyst you do not get it.', { exact: false }).waitFor();
      await expectAccessible(analystPage);
    } finally {
      await analystContext.close();
    }
  });
});
