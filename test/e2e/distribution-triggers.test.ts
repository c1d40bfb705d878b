// Trigger rules in a real browser, on a desktop and on a phone (dark mode): an owner adds a rule with
// a condition in the dialog, another system posts an event with a write key, and the event shows
// under Recent events with the invitation it scheduled and a link to the contact. Checked with axe.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Client, seedApiKey, seedWorkspace, withApiKey } from '../support/app.ts';
import { npsDefinition } from '../support/survey-definition.ts';
import { expectAccessible, heading, type Server, setUpBrowserAndServers, signIn, snap, VIEWPORTS } from './harness.ts';

const WORKSPACE = 'Fjord Service';
const OWNER = 'owner@fjord.example';
const SURVEY = 'After the visit';

const keys = new Map<string, string>();

const env = setUpBrowserAndServers(async ({ database, app }) => {
  const workspace = await seedWorkspace(database, WORKSPACE, OWNER);
  const key = await seedApiKey(database, workspace.workspaceId, 'write');
  keys.set(workspace.workspaceId, key);
  const api = withApiKey(app, key);
  const survey = (await api.post('/api/v1/surveys', { name: SURVEY, kind: 'transactional_nps', definition: npsDefinition() })).json();
  await api.post(`/api/v1/surveys/${survey.id}/publish`, {});
});

describe.each(VIEWPORTS)('trigger rules on $name', ({ name: viewport, options }) => {
  let server: Server;
  let context: BrowserContext;
  let page: Page;
  let api: Client;

  beforeAll(async () => {
    server = env.server(viewport);
    const workspace = await server.database.db.selectFrom('workspaces').select('id').executeTakeFirstOrThrow();
    api = withApiKey(server.app, keys.get(workspace.id) ?? '');
    context = await env.browser().newContext({ ...options, baseURL: server.base });
    page = await context.newPage();
    await signIn(page, OWNER, WORKSPACE);
  });

  afterAll(async () => {
    await context?.close();
  });

  test('a rule made in the dialog schedules an invitation for a posted event', async () => {
    await page.goto('/distribution/triggers');
    await heading(page, 'Triggers').waitFor();
    await page.getByRole('button', { name: 'Add trigger rule' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add trigger rule' });
    await dialog.getByLabel('Name').fill('Visit completed');
    await dialog.getByLabel('Event type').fill('service.visit_completed');
    await dialog.getByLabel('Survey').selectOption({ label: SURVEY });
    await dialog.getByRole('button', { name: 'Add condition' }).click();
    const condition = dialog.getByRole('group', { name: 'Condition 1' });
    await condition.getByLabel('Key').fill('technician');
    await condition.getByLabel('Test').selectOption('exists');
    // A unit is chosen from the unit tree, not typed as an id.
    await dialog.getByRole('button', { name: 'Add condition' }).click();
    const unitCondition = dialog.getByRole('group', { name: 'Condition 2' });
    await unitCondition.getByLabel('Field').selectOption('contact.unitId');
    await unitCondition.getByLabel('Unit').selectOption({ index: 1 });
    await dialog.getByLabel('When').selectOption('after');
    await dialog.getByLabel('Minutes after the event').fill('90');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Add trigger rule' }).click();
    await page.getByRole('status').filter({ hasText: 'Trigger rule Visit completed is added.' }).waitFor();
    // The status comes with the answer to the save; the list shows the rule once it is read again.
    const rules = page.getByRole('region', { name: 'Trigger rules' });
    const row = rules.getByRole('row').filter({ hasText: 'Visit completed' });
    await expect.poll(() => row.getByRole('cell').filter({ hasText: '90 minutes after' }).count()).toBe(1);
    await expect.poll(() => row.getByText('service.visit_completed').count()).toBe(1);

    const posted = await api.post('/api/v1/events', {
      type: 'service.visit_completed',
      contact: { externalId: 'CRM-7', email: 'anna@example.com', firstName: 'Anna' },
      properties: { technician: 'Ole' },
    });
    expect(posted.statusCode, posted.body).toBe(202);
    await page.reload();
    const events = page.getByRole('region', { name: 'Recent events' });
    const event = events.getByRole('row').filter({ hasText: 'service.visit_completed' });
    await event.getByText(/Visit completed: invitation scheduled for/).waitFor();
    await expect(event.getByRole('link', { name: 'Anna' }).getAttribute('href')).resolves.toBe(`/contacts/${posted.json().contactId}`);
    await expectAccessible(page);
    await snap(page, `distribution-triggers-${viewport}`);

    // Switching the rule off keeps the rest of it.
    await rules.getByRole('checkbox', { name: /Visit completed is/ }).click();
    await page.getByRole('status').filter({ hasText: 'Visit completed is switched off.' }).waitFor();
    await expect.poll(() => row.getByRole('cell').filter({ hasText: '90 minutes after' }).count()).toBe(1);
    await expect.poll(() => row.getByText('2 conditions').count()).toBe(1);
  });
});
