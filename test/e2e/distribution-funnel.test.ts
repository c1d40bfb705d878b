// The distribution funnel and the outbox in Chromium, on a desktop and on a phone (dark mode):
// invitations in several states show as counts and a response rate in words next to the typical
// B2B average; the grouping lives in the URL; a survey without invitations says what to do; the
// outbox marks the invitation email that no SMTP server delivered. Axe clean on each screen.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMailQueue } from '../../src/mail/outbox.ts';
import { seedWorkspace } from '../support/app.ts';
import { seedInvitationStates, seedWave } from '../support/funnel.ts';
import { seedSurvey } from '../support/surveys.ts';
import { expectAccessible, heading, openMenu, type Server, setUpBrowserAndServers, signIn, snap, VIEWPORTS } from './harness.ts';

const WORKSPACE = 'Nordlys Retail';
const OWNER = 'astrid@nordlys.example';

const env = setUpBrowserAndServers(async (server) => {
  const db = server.database.db;
  const ws = await seedWorkspace(server.database, WORKSPACE, OWNER);
  const pulse = (await seedSurvey(server.database, ws.workspaceId, { name: 'Customer pulse' })).surveyId;
  await seedSurvey(server.database, ws.workspaceId, { name: 'Onboarding' });
  const waveId = await seedWave(server.database, ws.workspaceId, pulse, 'Spring wave');
  // 9 sent, 4 of them clicked, 2 completed (22%); 2 skipped; 1 bounced; 1 waiting in the outbox.
  const [queued] = await seedInvitationStates(
    server.database,
    { workspaceId: ws.workspaceId, surveyId: pulse, unitId: ws.rootUnitId, waveId, at: new Date(Date.now() - 86_400_000) },
    [
      'queued',
      'sent',
      'sent',
      'sent',
      'sent',
      'sent',
      'clicked',
      'clicked',
      'completed',
      'completed',
      { skipped: 'recently_invited' },
      { skipped: 'no_consent' },
      'bounced',
    ],
  );
  // Its email, kept in the outbox as the sender leaves it when no SMTP server is configured.
  const mail = createMailQueue({ delivers: false, messageIdDomain: 'nordlys.example' });
  const email = await mail.enqueue(db, {
    workspaceId: ws.workspaceId,
    kind: 'invitation',
    to: 'pia@example.com',
    subject: 'How are we doing, Pia?',
    text: 'Hi Pia',
  });
  await db
    .updateTable('survey_invitations')
    .set({ outbox_id: email.id })
    .where('id', '=', queued as string)
    .execute();
});

describe.each(VIEWPORTS)('distribution funnel on $name', ({ name: viewport, options }) => {
  let server: Server;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = env.server(viewport);
    context = await env.browser().newContext({ ...options, baseURL: server.base });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
  });

  test('shows the counts and the response rate, keeps the grouping in the URL, and says what to do when empty', async () => {
    await signIn(page, OWNER, WORKSPACE);
    await openMenu(page);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Distribution', exact: true }).click();
    await heading(page, 'Funnel').waitFor();

    const survey = page.getByRole('region', { name: 'Customer pulse' });
    await survey.getByText('22% — around the B2B average of 23%').waitFor();
    const steps = survey.getByRole('list', { name: 'Funnel of Customer pulse' }).getByRole('listitem');
    expect(await steps.allInnerTexts()).toEqual([
      expect.stringMatching(/Sent\s+9/),
      expect.stringMatching(/Clicked\s+4 \(44% of sent\)/),
      expect.stringMatching(/Started\s+2 \(22% of sent\)/),
      expect.stringMatching(/Completed\s+2 \(22% of sent\)/),
    ]);
    await survey.getByText('Invited recently (quarantine): 1').waitFor();
    await survey.getByText('Consent withdrawn: 1').waitFor();
    expect(await survey.getByRole('definition').allInnerTexts()).toEqual(['13', '0', '1', '1', '0', '0', '0', '2']);
    await snap(page, `${viewport}-funnel`);
    await expectAccessible(page);

    await page.getByLabel('Group by').selectOption('wave');
    await page.waitForURL(/[?&]groupBy=wave/);
    await page.getByRole('region', { name: 'Spring wave' }).getByText('22% — around the B2B average of 23%').waitFor();

    // Shared by its address, the view opens as it was left.
    await page.goto('/distribution?groupBy=wave&period=7');
    await page.getByRole('region', { name: 'Spring wave' }).waitFor();
    expect(await page.getByLabel('Period').inputValue()).toBe('7');

    await page.getByLabel('Survey').selectOption({ label: 'Onboarding' });
    await page.getByRole('heading', { name: 'No email invitations in this period' }).waitFor();
    await page.getByRole('link', { name: 'Create a wave' }).waitFor();
    await expectAccessible(page);
  });

  test('the outbox marks the invitation email as not delivered', async () => {
    await page.getByRole('navigation', { name: 'Distribution' }).getByRole('link', { name: 'Outbox' }).click();
    await heading(page, 'Outbox').waitFor();
    await page.getByLabel('Kind').selectOption('invitation');
    await page.waitForURL(/[?&]kind=invitation/);
    const email = page.getByRole('listitem').filter({ hasText: 'How are we doing, Pia?' });
    await email.getByText('Not delivered — no SMTP server configured').waitFor();
    await email.getByText('Survey invitation to pia@example.com').waitFor();
    await email.getByRole('link', { name: 'open the contact' }).waitFor();
    await snap(page, `${viewport}-outbox-invitation`);
    await expectAccessible(page);
  });
});
