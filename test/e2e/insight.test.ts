// The insight overview in Chromium, on a desktop and on a phone (dark mode): NPS with its margin of
// error, the comparison with the previous period in words, the split and the 0–10 distribution;
// filters live in the URL, so a reloaded (or shared) address shows the same view. Axe clean.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedAnswers, seedKindSurvey } from '../support/analytics.ts';
import { seedWorkspace } from '../support/app.ts';
import { decodePng } from '../support/png.ts';
import { seedContact } from '../support/surveys.ts';
import { expectAccessible, heading, navigate, type Server, setUpBrowserAndServers, signIn, snap, VIEWPORTS } from './harness.ts';

const WORKSPACE = 'Nordlys Energi';
const OWNER = 'ingrid@nordlys.example';
const DAY = 86_400_000;

const env = setUpBrowserAndServers(async (server) => {
  const ws = await seedWorkspace(server.database, WORKSPACE, OWNER);
  const pulse = await seedKindSurvey(server.database, ws.workspaceId, { name: 'Customer pulse' });
  const onboarding = await seedKindSurvey(server.database, ws.workspaceId, { name: 'Onboarding' });
  const snapshot = (survey: { surveyId: string; versionId: string }, at: Date) => ({
    workspaceId: ws.workspaceId,
    surveyId: survey.surveyId,
    versionId: survey.versionId,
    unitId: ws.rootUnitId,
    at,
  });
  const recent = new Date(Date.now() - 2 * DAY);
  // This period: Customer pulse 6 promoters, 2 passives, 2 detractors (NPS +40), the two detractors
  // and one promoter from customers in the north (NPS −33 there); Onboarding 3 detractors.
  await server.database.db
    .insertInto('attribute_definitions')
    .values({ workspace_id: ws.workspaceId, key: 'region', label: 'Region', type: 'list', allowed_values: JSON.stringify(['North', 'South']) })
    .execute();
  const north = await seedContact(server.database, ws.workspaceId, ws.rootUnitId, { attributes: { region: 'North' } });
  await seedAnswers(server.database, { ...snapshot(pulse, recent), contactId: north }, [10, 3, 5]);
  await seedAnswers(server.database, snapshot(pulse, recent), [10, 9, 9, 10, 9, 8, 7]);
  await seedAnswers(server.database, snapshot(onboarding, recent), [2, 4, 6]);
  // The 90 days before: Customer pulse 5 promoters and 5 detractors (NPS 0).
  await seedAnswers(server.database, snapshot(pulse, new Date(Date.now() - 120 * DAY)), [10, 10, 9, 9, 9, 0, 1, 2, 3, 4]);
});

describe.each(VIEWPORTS)('insight overview on $name', ({ name: viewport, options }) => {
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

  test('shows NPS with its margin and the change in words, and keeps the filters in the URL', async () => {
    await signIn(page, OWNER, WORKSPACE);
    await navigate(page, 'Insight');

    const nps = page.getByRole('region', { name: 'Net Promoter Score' });
    // Both surveys: 6 promoters and 5 detractors of 13 answers = +8.
    await expect.poll(() => nps.locator('.nps-value').textContent()).toBe('+8');
    await nps.getByText('13 answers').waitFor();
    await nps.getByText(/^±\d+/).waitFor();
    await nps.getByText('at 95% confidence').waitFor();
    await expectAccessible(page);

    await page.getByLabel('Survey').selectOption({ label: 'Customer pulse' });
    await expect.poll(() => nps.locator('.nps-value').textContent()).toBe('+40');
    await nps.getByText('10 answers', { exact: true }).waitFor();
    await nps.getByText(/\+40 against the previous period \(0, 10 answers\)/).waitFor();
    await expect.poll(() => nps.getByRole('strong').textContent()).toMatch(/^(not significant|significant at 9\d%)$/);
    const split = page.getByRole('region', { name: 'Promoters, passives, detractors' });
    await split.getByText('60%').waitFor();
    await split.getByText('20%').first().waitFor();
    await page
      .getByRole('region', { name: 'Answers per score' })
      .getByRole('img', { name: /answers per score from 0 to 10: 0, 0, 0, 1, 0, 1, 0, 1, 1, 3, 3\./ })
      .waitFor();
    expect(new URL(page.url()).searchParams.get('surveyIds')).not.toBeNull();
    // The chart downloads with the same filters, drawn by the server.
    const pngHref = await page
      .getByRole('navigation', { name: 'Download the distribution chart' })
      .getByRole('link', { name: 'Download PNG' })
      .getAttribute('href');
    expect(new URL(pngHref ?? '', page.url()).searchParams.get('surveyIds')).toBe(new URL(page.url()).searchParams.get('surveyIds'));
    const png = await page.request.get(pngHref ?? '');
    expect(png.headers()['content-type']).toBe('image/png');
    expect(decodePng(await png.body())).toMatchObject({ width: 800, height: 400 });

    // The address is the view: opened again, it shows the same filters and numbers.
    await page.reload();
    await heading(page, 'Insight').waitFor();
    await expect.poll(() => nps.locator('.nps-value').textContent()).toBe('+40');
    expect(await page.getByLabel('Survey').inputValue()).not.toBe('');

    await page.getByText('More filters').click();
    await page.getByLabel('Confidence').selectOption('99');
    await nps.getByText('at 99% confidence').waitFor();
    expect(new URL(page.url()).searchParams.get('confidence')).toBe('99');
    // A contact attribute (today's value) narrows the answers to those customers.
    await page.getByLabel('Region').selectOption('North');
    await expect.poll(() => nps.locator('.nps-value').textContent()).toBe('\u221233');
    expect(new URL(page.url()).searchParams.getAll('attribute')).toEqual(['region:North']);
    await page.getByRole('button', { name: 'Clear 2 filters' }).click();
    await expect.poll(() => nps.locator('.nps-value').textContent()).toBe('+8');
    await expectAccessible(page);
    await snap(page, `insight-overview-${viewport}`);
  });
});
