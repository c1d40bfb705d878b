// Distribution → Sending settings in Chromium, on a desktop and on a phone (dark mode): an admin
// changes the send window, the sending days and the reminder, saves and finds them after a reload;
// a wrong time zone is named beside its field; the connection test answers; a manager reads the
// page without the email server and cannot change it; and a survey sets its own reminder and
// quarantine in the editor's settings. Each screen is checked with axe.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedApiKey, seedUser, seedWorkspace, withApiKey } from '../support/app.ts';
import { npsDefinition } from '../support/survey-definition.ts';
import { expectAccessible, heading, openMenu, type Server, setUpBrowserAndServers, signIn, snap, VIEWPORTS } from './harness.ts';

const WORKSPACE = 'Havbris Forsikring';
const ADMIN = 'ada@havbris.example';
const MANAGER = 'mads@havbris.example';
const SURVEY = 'Claims follow-up';

const surveys = new Map<string, string>();

const env = setUpBrowserAndServers(async ({ database, app }) => {
  const workspace = await seedWorkspace(database, WORKSPACE, 'owner@havbris.example');
  await seedUser(database, workspace.workspaceId, ADMIN, 'admin');
  await seedUser(database, workspace.workspaceId, MANAGER, 'manager');
  const api = withApiKey(app, await seedApiKey(database, workspace.workspaceId, 'write'));
  const created = await api.post('/api/v1/surveys', { name: SURVEY, kind: 'transactional_nps', definition: npsDefinition() });
  surveys.set(workspace.workspaceId, created.json().id);
});

async function openSendingSettings(page: Page) {
  await openMenu(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Distribution', exact: true }).click();
  await page.getByRole('navigation', { name: 'Distribution' }).getByRole('link', { name: 'Sending settings' }).click();
  await heading(page, 'Sending settings').waitFor();
  await page.getByLabel('Send from').waitFor();
}

describe.each(VIEWPORTS)('sending settings on $name', ({ name: viewport, options }) => {
  let server: Server;
  let context: BrowserContext;
  let page: Page;
  let surveyId: string;

  beforeAll(async () => {
    server = env.server(viewport);
    const workspace = await server.database.db.selectFrom('workspaces').select('id').executeTakeFirstOrThrow();
    surveyId = surveys.get(workspace.id) ?? '';
    context = await env.browser().newContext({ ...options, baseURL: server.base });
    page = await context.newPage();
    await signIn(page, ADMIN, WORKSPACE);
  });
  afterAll(async () => {
    await context?.close();
  });

  test('an admin changes the send window, the days and the reminder, and finds them after a reload', async () => {
    await openSendingSettings(page);
    await expectAccessible(page);
    await page.getByLabel('Send from').fill('08:00');
    await page.getByLabel('Send until').fill('15:30');
    await page.getByLabel('Friday').uncheck();
    await page.getByLabel('Saturday').check();
    await page.getByLabel('Reminder').selectOption({ label: 'After 6 days' });
    await page.getByRole('button', { name: 'Save sending settings' }).click();
    await page.getByText('The sending settings are saved.').waitFor();

    await page.reload();
    await heading(page, 'Sending settings').waitFor();
    expect(await page.getByLabel('Send from').inputValue()).toBe('08:00');
    expect(await page.getByLabel('Send until').inputValue()).toBe('15:30');
    expect(await page.getByLabel('Friday').isChecked()).toBe(false);
    expect(await page.getByLabel('Saturday').isChecked()).toBe(true);
    expect(await page.getByLabel('Reminder').inputValue()).toBe('6');
    const stored = await server.database.db
      .selectFrom('distribution_settings')
      .select(['window_start_minute', 'window_end_minute', 'window_weekdays', 'reminder_days'])
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ window_start_minute: 480, window_end_minute: 930, window_weekdays: [1, 2, 3, 4, 6], reminder_days: 6 });
    await snap(page, `${viewport}-sending-settings`);
  });

  test('a wrong time zone is named beside its field, and the connection test answers', async () => {
    const zone = page.getByLabel('Time zone', { exact: true });
    await zone.fill('Mars/Olympus');
    await page.getByRole('button', { name: 'Save sending settings' }).click();
    const message = page.getByText('Time zone must be an IANA time zone such as Europe/Copenhagen (got "Mars/Olympus").');
    await message.waitFor();
    expect(await zone.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await zone.getAttribute('aria-describedby')) ?? '';
    expect(describedBy.split(' ')).toContain(await message.getAttribute('id'));
    await page.getByText('Correct the highlighted fields and try again.').waitFor();
    await expectAccessible(page);

    await zone.fill('Europe/Oslo');
    await page.getByRole('button', { name: 'Save sending settings' }).click();
    await page.getByText('The sending settings are saved.').waitFor();

    // No email server anywhere in this test: the test says so instead of failing.
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText(/It does not work: No SMTP server is set/).waitFor();
  });

  test('a manager reads the settings without the email server and can change nothing', async () => {
    const managerContext = await env.browser().newContext({ ...options, baseURL: server.base });
    try {
      const managerPage = await managerContext.newPage();
      await signIn(managerPage, MANAGER, WORKSPACE);
      await openSendingSettings(managerPage);
      await managerPage.getByText('You can read these settings; owners and admins change them.').waitFor();
      expect(await managerPage.getByLabel('Send from').inputValue()).toBe('08:00');
      expect(await managerPage.getByLabel('Send from').isDisabled()).toBe(true);
      expect(await managerPage.getByLabel('Time zone', { exact: true }).inputValue()).toBe('Europe/Oslo');
      expect(await managerPage.getByRole('button', { name: 'Save sending settings' }).count()).toBe(0);
      expect(await managerPage.getByText('Email server (SMTP)').count()).toBe(0);
      expect(await managerPage.getByRole('button', { name: 'Test connection' }).count()).toBe(0);
      await expectAccessible(managerPage);
    } finally {
      await managerContext.close();
    }
  });

  test("a survey sets its own reminder and quarantine in the editor's settings", async () => {
    await page.goto(`/surveys/${surveyId}`);
    await page.getByRole('tab', { name: 'Settings', exact: true }).click();
    await page.getByRole('tabpanel', { name: 'Settings' }).waitFor();
    const reminder = page.getByLabel('Reminder');
    // The workspace's value is shown beside "use the workspace setting", once the settings have loaded.
    await expect.poll(() => reminder.locator('option[value=""]').textContent()).toBe('Workspace setting (after 6 days)');
    await reminder.selectOption({ label: 'No reminder' });
    await page.getByLabel('Days without a new invitation after an answer').fill('120');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('The settings are saved.').waitFor();
    await expectAccessible(page);

    await page.reload();
    await page.getByRole('tab', { name: 'Settings', exact: true }).click();
    await page.getByRole('tabpanel', { name: 'Settings' }).waitFor();
    expect(await page.getByLabel('Reminder').inputValue()).toBe('off');
    expect(await page.getByLabel('Days without a new invitation after an answer').inputValue()).toBe('120');
    expect(await page.getByLabel('Days without a new invitation after an invitation').inputValue()).toBe('');
    const row = await server.database.db.selectFrom('surveys').select('distribution').where('id', '=', surveyId).executeTakeFirstOrThrow();
    expect(row.distribution).toEqual({ reminderDays: null, quarantineAnsweredDays: 120 });
  });
});
