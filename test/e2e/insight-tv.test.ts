// TV mode in Chromium, on a desktop and on a phone: opened from insight with its filters, without
// the menu, large NPS ± margin, then the trend and the wall taking turns every 15 seconds (the
// page's clock is driven by the test, so nothing waits), pause and next, a refresh every minute,
// and a device that asks for reduced motion starting paused. Axe clean on every view.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedAnswers, seedKindSurvey } from '../support/analytics.ts';
import { seedWorkspace } from '../support/app.ts';
import { expectAccessible, heading, navigate, type Server, setUpBrowserAndServers, signIn, snap, VIEWPORTS } from './harness.ts';

const WORKSPACE = 'Skov Bank';
const OWNER = 'sofie@skov.example';
const DAY = 86_400_000;

const env = setUpBrowserAndServers(async (server) => {
  const ws = await seedWorkspace(server.database, WORKSPACE, OWNER);
  const pulse = await seedKindSurvey(server.database, ws.workspaceId, { name: 'Customer pulse' });
  const other = await seedKindSurvey(server.database, ws.workspaceId, { name: 'Onboarding' });
  const at = new Date(Date.now() - 2 * DAY);
  const base = { workspaceId: ws.workspaceId, unitId: ws.rootUnitId, at };
  // Customer pulse: 6 promoters, 2 passives, 2 detractors (+40); two promoters wrote something.
  await seedAnswers(server.database, { ...base, surveyId: pulse.surveyId, versionId: pulse.versionId }, [10, 9, 9, 10, 8, 7, 3, 5]);
  await seedAnswers(server.database, { ...base, surveyId: pulse.surveyId, versionId: pulse.versionId, comment: 'Helpful advisor, quick answers.' }, [10]);
  await seedAnswers(
    server.database,
    { ...base, surveyId: pulse.surveyId, versionId: pulse.versionId, at: new Date(Date.now() - DAY), comment: 'Best bank app I have used.' },
    [9],
  );
  // Onboarding (filtered away): 3 detractors.
  await seedAnswers(server.database, { ...base, surveyId: other.surveyId, versionId: other.versionId, comment: 'Slow onboarding.' }, [1, 2, 3]);
});

describe.each(VIEWPORTS)('TV mode on $name', ({ name: viewport, options }) => {
  let server: Server;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = env.server(viewport);
    context = await env.browser().newContext({ ...options, baseURL: server.base, reducedMotion: 'no-preference' });
    page = await context.newPage();
    await page.clock.install();
  });
  afterAll(async () => {
    await context?.close();
  });

  test('rotates score, trend and wall with the filters of insight, pauses, goes on, refreshes every minute', async () => {
    await signIn(page, OWNER, WORKSPACE);
    await navigate(page, 'Insight');
    await page.getByLabel('Survey').selectOption({ label: 'Customer pulse' });
    await page.getByRole('link', { name: 'TV mode' }).click();
    await heading(page, WORKSPACE).waitFor();
    expect(new URL(page.url()).pathname).toBe('/tv');
    expect(new URL(page.url()).searchParams.get('surveyIds')).not.toBeNull();
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    await page.getByText('NPS of the last 90 days: every answer of the workspace.').waitFor();

    const slide = page.getByRole('region', { name: 'Score' });
    await expect.poll(() => slide.locator('.tv-nps-value').textContent()).toBe('+40');
    await slide.getByText(/^10 answers, 95% confidence\./).waitFor();
    await page.getByText(/^View 1 of 3: Score\. The views take turns every 15 seconds\./).waitFor();
    await expectAccessible(page);
    await snap(page, `insight-tv-score-${viewport}`);

    // Fifteen seconds later the trend, fifteen more the wall (Onboarding's comment is filtered away).
    await page.clock.fastForward(15_000);
    await page
      .getByRole('region', { name: 'Trend' })
      .getByRole('img', { name: /^Line chart of NPS per week: .*\+40/ })
      .waitFor();
    await expectAccessible(page);
    await page.clock.fastForward(15_000);
    const wall = page.getByRole('region', { name: 'What promoters said' });
    await expect
      .poll(() => wall.getByRole('listitem').allTextContents())
      .toEqual([expect.stringContaining('Best bank app I have used.'), expect.stringContaining('Helpful advisor, quick answers.')]);
    await expectAccessible(page);
    await snap(page, `insight-tv-wall-${viewport}`);

    // Paused, it stays; "Next view" still moves on, back to the score.
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByText(/^View 3 of 3: What promoters said\. Paused\./).waitFor();
    await page.clock.fastForward(30_000);
    await wall.waitFor();
    await page.getByRole('button', { name: 'Next view' }).click();
    await page.getByRole('region', { name: 'Score' }).waitFor();

    // The numbers are fetched again every minute.
    const trendRequests: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/v1/analytics/trend') trendRequests.push(request.url());
    });
    await page.clock.fastForward(61_000);
    await expect.poll(() => trendRequests.length).toBeGreaterThan(0);
    expect(new URL(trendRequests[0] ?? '').searchParams.get('surveyIds')).not.toBeNull();

    await page.getByRole('link', { name: 'Leave TV mode' }).click();
    await heading(page, 'Insight').waitFor();
    expect(new URL(page.url()).searchParams.get('surveyIds')).not.toBeNull();
  });

  test('a device that asks for reduced motion starts paused', async () => {
    const calm = await env.browser().newContext({ ...options, baseURL: server.base, reducedMotion: 'reduce' });
    try {
      const tv = await calm.newPage();
      await signIn(tv, OWNER, WORKSPACE);
      await tv.goto('/tv?days=30');
      await tv.getByText('NPS of the last 30 days: every answer of the workspace.').waitFor();
      await tv.getByText(/^View 1 of 3: Score\. Paused\./).waitFor();
      await tv.getByRole('button', { name: 'Play' }).waitFor();
      await expect.poll(() => tv.getByRole('region', { name: 'Score' }).locator('.tv-nps-value').textContent()).toBe('+8');
      await expectAccessible(tv);
    } finally {
      await calm.close();
    }
  });
});
