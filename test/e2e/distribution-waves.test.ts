// Waves in a real browser, on a desktop and on a phone (dark mode): with contacts made through the
// API, an owner fills in a new one-off wave, the preview counts who would be invited and shows an
// opted-out contact as skipped with its reason, the wave is scheduled and listed, and its details
// show the pause and cancel actions. Checked with axe.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedApiKey, seedWorkspace, withApiKey } from '../support/app.ts';
import { npsDefinition } from '../support/survey-definition.ts';
import { expectAccessible, heading, setUpBrowserAndServers, signIn, snap, VIEWPORTS } from './harness.ts';

const WORKSPACE = 'Lyng Energi';
const OWNER = 'owner@lyng.example';
const SURVEY = 'Relationship 2031';

const env = setUpBrowserAndServers(async ({ database, app }) => {
  const workspace = await seedWorkspace(database, WORKSPACE, OWNER);
  const api = withApiKey(app, await seedApiKey(database, workspace.workspaceId, 'write'));
  const survey = (await api.post('/api/v1/surveys', { name: SURVEY, kind: 'relationship_nps', definition: npsDefinition() })).json();
  await api.post(`/api/v1/surveys/${survey.id}/publish`, {});
  for (const [firstName, email] of [
    ['Ingrid', 'ingrid@lyng.example'],
    ['Jonas', 'jonas@lyng.example'],
    ['Oda', 'oda@lyng.example'],
  ]) {
    const created = await api.post('/api/v1/contacts', { firstName, email, segment: 'business' });
    expect(created.statusCode, created.body).toBe(201);
  }
  await api.post('/api/v1/contacts', { firstName: 'Private', email: 'private@lyng.example', segment: 'private' });
  // Oda opted out through an unsubscribe link.
  await database.db.updateTable('contacts').set({ opted_out_at: new Date() }).where('email', '=', 'oda@lyng.example').execute();
});

describe.each(VIEWPORTS)('waves on $name', ({ name: viewport, options }) => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await env.browser().newContext({ ...options, baseURL: env.server(viewport).base });
    page = await context.newPage();
    await signIn(page, OWNER, WORKSPACE);
  });

  afterAll(async () => {
    await context?.close();
  });

  test('a previewed one-off wave is scheduled and listed', async () => {
    await page.goto('/distribution/waves');
    await heading(page, 'Waves').waitFor();
    await page.getByText('No waves yet.').waitFor();
    await page.getByRole('button', { name: 'New wave' }).click();
    const dialog = page.getByRole('dialog', { name: 'New wave' });
    await dialog.getByLabel('Name', { exact: true }).fill('Business customers');
    await dialog.getByLabel('Survey').selectOption({ label: SURVEY });
    await dialog.getByLabel('Segment').fill('business');
    await dialog.getByRole('button', { name: 'Preview' }).click();

    const preview = dialog.getByRole('region', { name: 'Preview' });
    await preview.waitFor();
    await expect(preview.getByRole('definition').allTextContents()).resolves.toEqual(['3', '2', '1']);
    await preview.getByText('Opted out: 1').waitFor();
    const skipped = preview.getByRole('row').filter({ hasText: 'Oda' });
    await skipped.getByText('oda@lyng.example').waitFor();
    await skipped.getByText('Opted out').waitFor();
    await expectAccessible(page);
    await snap(page, `distribution-waves-preview-${viewport}`);

    // Next week, so the wave is still scheduled (and can be paused) when its details are opened.
    const nextWeek = new Date(Date.now() + 7 * 86_400_000);
    const local = new Date(nextWeek.getTime() - nextWeek.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await dialog.getByLabel('Start', { exact: true }).fill(local);
    await dialog.getByRole('button', { name: 'Schedule wave' }).click();
    await page.getByRole('status').filter({ hasText: 'Wave Business customers is scheduled.' }).waitFor();
    const row = page.getByRole('region', { name: 'Wave list' }).getByRole('row').filter({ hasText: 'Business customers' });
    await row.getByText(SURVEY).waitFor();
    await row.getByText('One-off').waitFor();

    await row.getByRole('button', { name: 'Details of Business customers' }).click();
    const details = page.getByRole('dialog', { name: 'Business customers' });
    await details.getByText('Segment business').waitFor();
    await details.getByRole('button', { name: 'Pause' }).waitFor();
    await details.getByRole('button', { name: 'Cancel wave' }).waitFor();
    await expectAccessible(page);
    await snap(page, `distribution-waves-${viewport}`);
  });
});
