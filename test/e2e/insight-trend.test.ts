// The trend and the breakdown in Chromium, on a desktop and on a phone: NPS per week with its band,
// a significant change marked and said in words, the previous period, the chart downloaded as PNG
// and SVG; the breakdown by unit with
// drill-down and the way back, and by a contact attribute. Interval, dimension and unit opened
// live in the URL. Axe clean.
import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repeat, seedAnalyticsOrganisation, seedAnswers, seedKindSurvey } from '../support/analytics.ts';
import { countPixels, decodePng, near } from '../support/png.ts';
import { expectAccessible, navigate, type Server, setUpBrowserAndServers, signIn, snap, VIEWPORTS } from './harness.ts';

const WORKSPACE = 'Fjord Tele';
const OWNER = 'olga@fjord-tele.test';
const DAY = 86_400_000;

const env = setUpBrowserAndServers(async (server) => {
  const org = await seedAnalyticsOrganisation(server.database, WORKSPACE);
  await server.database.db
    .insertInto('attribute_definitions')
    .values({ workspace_id: org.workspaceId, key: 'region', label: 'Region', type: 'text' })
    .execute();
  const pulse = await seedKindSurvey(server.database, org.workspaceId, { name: 'Customer pulse' });
  const base = { workspaceId: org.workspaceId, surveyId: pulse.surveyId, versionId: pulse.versionId };
  const denmark = { ...base, unitId: org.denmark, ownerMemberId: org.frontDk.memberId, contactId: org.anna };
  const germany = { ...base, unitId: org.germany, ownerMemberId: org.frontDe.memberId, contactId: org.dieter };
  const daysAgo = (days: number) => new Date(Date.now() - days * DAY);
  // Eight weeks ago, Denmark: 2 promoters, 10 detractors (−67).
  await seedAnswers(server.database, { ...denmark, at: daysAgo(56) }, repeat({ 9: 2, 3: 10 }));
  // This week: Denmark 12 promoters, 1 detractor; Germany 3 promoters, 3 passives, 4 detractors: +43 together.
  await seedAnswers(server.database, { ...denmark, at: daysAgo(3) }, repeat({ 10: 12, 5: 1 }));
  await seedAnswers(server.database, { ...germany, at: daysAgo(3) }, repeat({ 9: 3, 7: 3, 2: 4 }));
  // The 90 days before: 5 promoters, 5 detractors (0).
  await seedAnswers(server.database, { ...denmark, at: daysAgo(120) }, repeat({ 10: 5, 0: 5 }));
});

describe.each(VIEWPORTS)('insight trend and breakdown on $name', ({ name: viewport, options }) => {
  let server: Server;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = env.server(viewport);
    context = await env.browser().newContext({ ...options, baseURL: server.base });
    page = await context.newPage();
    await signIn(page, OWNER, WORKSPACE);
  });
  afterAll(async () => {
    await context?.close();
  });

  test('the trend: NPS per week in its band, the significant change in words, the previous period, a table', async () => {
    await navigate(page, 'Insight');
    await page.getByRole('navigation', { name: 'Insight views' }).getByRole('link', { name: 'Trend' }).click();
    const chartCard = page.getByRole('region', { name: 'NPS per week' });
    // Weekly by default over 90 days; the chart's label lists every week, with and without answers.
    const chart = chartCard.getByRole('img', { name: /^Line chart of NPS per week: Week of .* −67, .* \+43(, .*)?\. Previous period 0\.$/ });
    await chart.waitFor();
    await chartCard.getByText(/The whole period: \+6 \(35 answers\), \+6 against the previous period \(0, 10 answers/).waitFor();
    const change = chartCard.getByRole('listitem').filter({ hasText: /: \+110 points since Week of .*, significant at 99%\.$/ });
    await expect.poll(() => change.count()).toBe(1);
    // The chart is drawn (as SVG), not only labelled.
    await expect.poll(() => chart.locator('svg path').count()).toBeGreaterThan(3);

    // "Download PNG" saves the server's drawing of the same trend (same filters and interval).
    const downloads = chartCard.getByRole('navigation', { name: 'Download the trend chart' });
    const [download] = await Promise.all([page.waitForEvent('download'), downloads.getByRole('link', { name: 'Download PNG' }).click()]);
    expect(download.suggestedFilename()).toBe('trend.png');
    const image = decodePng(await readFile(await download.path()));
    expect([image.width, image.height]).toEqual([800, 400]);
    // Drawn, not only a white background: the significant change's green pin.
    expect(countPixels(image, near('#1e8449'))).toBeGreaterThan(200);
    const svg = await page.request.get((await downloads.getByRole('link', { name: 'Download SVG' }).getAttribute('href')) ?? '');
    expect(svg.headers()['content-type']).toMatch(/^image\/svg\+xml/);
    expect(await svg.text()).toMatch(/aria-label="NPS per week: [^"]*, [^"]* 43[,"]/);

    const table = page.getByRole('region', { name: 'Per week' }).getByRole('table');
    // On a phone each cell's name also carries its column's label (CSS), so rows are found by their text.
    const rowOf = (nps: string) => table.getByRole('row').filter({ hasText: nps });
    await expect.poll(() => rowOf('−67').getByRole('cell').allTextContents()).toEqual(['−67', expect.stringMatching(/^±\d+$/), '12 Few answers', '—']);
    await expect
      .poll(() => rowOf('+43').getByRole('cell').allTextContents())
      .toEqual(['+43', expect.stringMatching(/^±\d+$/), '23 Few answers', '+110, significant at 99%']);
    expect(await table.getByRole('row').count()).toBeGreaterThan(12);
    await expectAccessible(page);

    // The interval is in the URL and survives a reload.
    await page.getByLabel('Interval').selectOption('month');
    await page.getByRole('region', { name: 'NPS per month' }).waitFor();
    expect(new URL(page.url()).searchParams.get('interval')).toBe('month');
    await page.reload();
    await page
      .getByRole('region', { name: 'NPS per month' })
      .getByRole('img', { name: /^Line chart of NPS per month: / })
      .waitFor();
    expect(await page.getByLabel('Interval').inputValue()).toBe('month');
    await snap(page, `insight-trend-${viewport}`);
  });

  test('the breakdown: units with drill-down and the way back, then a contact attribute', async () => {
    await page.goto('/insight/breakdown');
    const card = page.getByRole('region', { name: /^NPS by unit/ });
    await card.getByText(/^Total \+6 ±\d+ at 95% confidence, 35 answers in 2 groups\.$/).waitFor();
    const row = (name: string | RegExp) => card.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
    await expect
      .poll(() =>
        row(/^Nordics/)
          .getByRole('cell')
          .allTextContents(),
      )
      .toEqual(['+12', '25 Few answers', expect.stringMatching(/^±\d+$/), '+6', 'not significant']);
    await expect
      .poll(() => row('Germany').getByRole('cell').allTextContents())
      .toEqual(['−10', '10 Few answers', expect.stringMatching(/^±\d+$/), '−16', 'not significant']);
    await expectAccessible(page);

    // Nordics opens its units; the unit opened is in the URL and the trail leads back.
    await card.getByRole('link', { name: 'Nordics: show its units' }).click();
    const nordics = page.getByRole('region', { name: 'NPS by unit in Nordics' });
    await expect.poll(() => row('Denmark').getByRole('cell').first().textContent()).toBe('+12');
    expect(new URL(page.url()).searchParams.get('parentUnitId')).not.toBeNull();
    await nordics.getByRole('navigation', { name: 'Units above' }).getByText('Nordics').waitFor();
    await expectAccessible(page);
    await page.reload();
    await nordics.getByRole('navigation', { name: 'Units above' }).getByRole('link', { name: 'The top' }).click();
    await row('Germany').waitFor();
    expect(new URL(page.url()).searchParams.get('parentUnitId')).toBeNull();

    // Any contact attribute the workspace defines is a dimension.
    await page.getByLabel('Break down by').selectOption({ label: 'Region (contact attribute)' });
    const regions = page.getByRole('region', { name: 'NPS by Region' });
    await expect
      .poll(() =>
        regions
          .getByRole('row')
          .filter({ has: page.getByRole('rowheader', { name: 'north' }) })
          .getByRole('cell')
          .first()
          .textContent(),
      )
      .toBe('+12');
    expect(new URL(page.url()).searchParams.get('dimension')).toBe('attr.region');
    await expectAccessible(page);
    await snap(page, `insight-breakdown-${viewport}`);
  });
});
