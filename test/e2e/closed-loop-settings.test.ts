// Cases → Alert rules and Loop settings in Chromium, on a desktop and on a phone (dark mode): an
// admin finds the three built-in rules, adds a keyword rule (a missing name is named beside its
// field), switches it off and deletes it; changes the working-time calendar, the SLA and the root
// causes and finds them after a reload; a manager reads both without controls to change them.
// Each screen is checked with axe.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedUser, seedWorkspace } from '../support/app.ts';
import { expectAccessible, heading, navigate, type Server, setUpBrowserAndServers, signIn, snap, VIEWPORTS } from './harness.ts';

const WORKSPACE = 'Fjord Dental';
const ADMIN = 'ada@fjord.example';
const MANAGER = 'mads@fjord.example';

const env = setUpBrowserAndServers(async ({ database }) => {
  const workspace = await seedWorkspace(database, WORKSPACE, 'owner@fjord.example');
  await seedUser(database, workspace.workspaceId, ADMIN, 'admin');
  await seedUser(database, workspace.workspaceId, MANAGER, 'manager');
});

async function openCasesPart(page: Page, part: 'Alert rules' | 'Loop settings') {
  await navigate(page, 'Cases');
  await page.getByRole('navigation', { name: 'Cases' }).getByRole('link', { name: part }).click();
  await heading(page, part).waitFor();
}

describe.each(VIEWPORTS)('alert rules and loop settings on $name', ({ name: viewport, options }) => {
  let server: Server;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = env.server(viewport);
    context = await env.browser().newContext({ ...options, baseURL: server.base });
    page = await context.newPage();
    await signIn(page, ADMIN, WORKSPACE);
  });
  afterAll(async () => {
    await context?.close();
  });

  test('an admin adds a keyword rule, switches it off and deletes it', async () => {
    await openCasesPart(page, 'Alert rules');
    const rules = page.getByRole('region', { name: 'Alert rules' });
    for (const name of ['Detractor alarm', 'Contact request', 'Promoter lead: thank and activate']) await rules.getByRole('rowheader', { name }).waitFor();
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Add alert rule' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add alert rule' });
    await dialog.getByLabel('Kind of condition').selectOption({ label: 'Comment contains keywords' });
    await dialog.getByLabel('Keywords in English').fill('angry, cancel my order');
    await dialog.getByLabel('Keywords in Danish').fill('vred');
    await dialog.getByRole('button', { name: 'Add condition' }).click();
    await dialog.getByLabel('Lowest score').fill('0');
    await dialog.getByLabel('Highest score').fill('4');
    await dialog.getByLabel('Due within (working hours)').fill('4');
    await dialog.getByRole('button', { name: 'Add action' }).click();
    await dialog.getByLabel('Also email').fill('cx@fjord.example');
    await dialog.getByRole('button', { name: 'Add alert rule' }).click();
    // The name was left empty: the server's message stands beside the field.
    await dialog.getByText('Name must not be empty.').waitFor();
    await expectAccessible(page);

    await dialog.getByLabel('Name').fill('Angry patient');
    await dialog.getByRole('button', { name: 'Add alert rule' }).click();
    await page.getByText('Alert rule Angry patient is added.').waitFor();
    const row = rules.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Angry patient' }) });
    await row.getByText('comment mentions angry, cancel my order (en); vred (da) and score 0–4').waitFor();
    await row.getByText('follow-up case, due in 4 working hours, email the owner, cx@fjord.example').waitFor();
    const stored = await server.database.db
      .selectFrom('alert_rules')
      .select(['conditions', 'actions'])
      .where('name', '=', 'Angry patient')
      .executeTakeFirstOrThrow();
    expect(stored.conditions).toEqual([
      { type: 'keywords', keywords: { en: ['angry', 'cancel my order'], da: ['vred'] } },
      { type: 'score', min: 0, max: 4 },
    ]);
    expect(stored.actions).toEqual([
      { type: 'create_case', kind: 'follow_up', slaHours: 4 },
      { type: 'email', toOwner: true, addresses: ['cx@fjord.example'] },
    ]);

    // The box follows the saved rule, so it changes once the server has answered.
    await row.getByLabel('Angry patient is On').click();
    await page.getByText('Angry patient is switched off.').waitFor();
    expect(await row.getByLabel('Angry patient is Off').isChecked()).toBe(false);
    await snap(page, `${viewport}-alert-rules`);

    await row.getByRole('button', { name: 'Delete Angry patient' }).click();
    await page.getByRole('dialog', { name: 'Delete Angry patient?' }).getByRole('button', { name: 'Delete alert rule' }).click();
    await page.getByText('Alert rule Angry patient is deleted.').waitFor();
    await expect.poll(() => rules.getByRole('rowheader', { name: 'Angry patient' }).count()).toBe(0);
    await expectAccessible(page);
  });

  test('an admin changes the working-time calendar, the SLA and the root causes, and finds them after a reload', async () => {
    await openCasesPart(page, 'Loop settings');
    await expectAccessible(page);
    const zone = page.getByLabel('Time zone', { exact: true });
    await zone.fill('Mars/Olympus');
    await page.getByRole('button', { name: 'Save loop settings' }).click();
    await page.getByText(/^Time zone must be an IANA time zone such as Europe\/Copenhagen/).waitFor();
    expect(await zone.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page);

    await zone.fill('Europe/Oslo');
    await page.getByLabel('Working hours from').fill('09:00');
    await page.getByLabel('Working hours until').fill('17:30');
    await page.getByLabel('Friday').uncheck();
    await page.getByLabel('Public holidays of').fill('NO');
    await page.getByLabel('Other days off').fill('2026-12-24\n2026-12-31');
    await page.getByLabel('Default SLA (working hours)').fill('16');
    await page.getByLabel('Root causes').fill('Waiting time\nTreatment\nPrice\nBooking');
    await page.getByRole('button', { name: 'Save loop settings' }).click();
    await page.getByText('The loop settings are saved.').waitFor();

    await page.reload();
    await heading(page, 'Loop settings').waitFor();
    expect(await page.getByLabel('Working hours from').inputValue()).toBe('09:00');
    expect(await page.getByLabel('Friday').isChecked()).toBe(false);
    expect(await page.getByLabel('Root causes').inputValue()).toBe('Waiting time\nTreatment\nPrice\nBooking');
    const stored = await server.database.db
      .selectFrom('loop_settings')
      .select(['time_zone', 'workdays', 'start_minute', 'end_minute', 'holidays', 'holiday_country', 'default_sla_hours', 'root_causes'])
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({
      time_zone: 'Europe/Oslo',
      workdays: [1, 2, 3, 4],
      start_minute: 540,
      end_minute: 1050,
      holidays: ['2026-12-24', '2026-12-31'],
      holiday_country: 'NO',
      default_sla_hours: 16,
      root_causes: ['Waiting time', 'Treatment', 'Price', 'Booking'],
    });
    await snap(page, `${viewport}-loop-settings`);
  });

  test('a manager reads the rules and settings and can change neither', async () => {
    const managerContext = await env.browser().newContext({ ...options, baseURL: server.base });
    try {
      const managerPage = await managerContext.newPage();
      await signIn(managerPage, MANAGER, WORKSPACE);
      await openCasesPart(managerPage, 'Alert rules');
      await managerPage.getByText('You can read the alert rules; owners and admins change them.').waitFor();
      await managerPage.getByRole('rowheader', { name: 'Detractor alarm' }).waitFor();
      expect(await managerPage.getByRole('button', { name: 'Add alert rule' }).count()).toBe(0);
      expect(await managerPage.getByRole('button', { name: /^Edit / }).count()).toBe(0);
      await expectAccessible(managerPage);

      await openCasesPart(managerPage, 'Loop settings');
      await managerPage.getByText('You can read these settings; owners and admins change them.').waitFor();
      expect(await managerPage.getByLabel('Default SLA (working hours)').isDisabled()).toBe(true);
      expect(await managerPage.getByRole('button', { name: 'Save loop settings' }).count()).toBe(0);
      await expectAccessible(managerPage);
    } finally {
      await managerContext.close();
    }
  });
});
