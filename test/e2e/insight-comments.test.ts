// Comments, the 10-wall and responses in Chromium, on a desktop and on a phone: newest first with
// "Load more", a search (in the URL) whose terms are marked, downloads with the same selection,
// a comment opening its whole response and the way back to the list; the wall of promoters; and a
// frontline user who sees only their own customers' answers. Axe clean.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedAnalyticsOrganisation, seedAnswers, seedKindSurvey } from '../support/analytics.ts';
import { expectAccessible, heading, type Server, setUpBrowserAndServers, signIn, snap, VIEWPORTS } from './harness.ts';

const WORKSPACE = 'Havn Energi';
const OWNER = 'olga@havn-energi.test';
const FRONTLINE = 'dina@havn-energi.test';
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);

const env = setUpBrowserAndServers(async (server) => {
  const org = await seedAnalyticsOrganisation(server.database, WORKSPACE);
  const pulse = await seedKindSurvey(server.database, org.workspaceId, { name: 'Customer pulse' });
  const base = { workspaceId: org.workspaceId, surveyId: pulse.surveyId, versionId: pulse.versionId };
  // Anna Berg (Denmark) is Dina's customer; Dieter Klein (Germany) is not.
  const anna = { ...base, unitId: org.denmark, ownerMemberId: org.frontDk.memberId, contactId: org.anna };
  const dieter = { ...base, unitId: org.germany, ownerMemberId: org.frontDe.memberId, contactId: org.dieter };
  await seedAnswers(server.database, { ...anna, at: daysAgo(2), comment: 'The fitter was fast and friendly.' }, [10]);
  await seedAnswers(server.database, { ...dieter, at: daysAgo(4), comment: 'Schnelle Lieferung, fast perfekt.' }, [9]);
  await seedAnswers(server.database, { ...anna, at: daysAgo(5), comment: 'The invoice was wrong twice, and nobody called back.' }, [3]);
  // Twenty older passives, a day apart, so the first page ends among them.
  await seedAnswers(
    server.database,
    { ...anna, comment: (index) => `Good service on visit ${index + 1}.`, times: (index) => daysAgo(10 + index) },
    Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? 8 : 7)),
  );
});

describe.each(VIEWPORTS)('insight comments, wall and responses on $name', ({ name: viewport, options }) => {
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

  const entries = () => page.getByRole('region', { name: /^Comments/ }).locator('ol.entries > li');

  test('comments: newest first, more on request, a marked search in the URL, downloads, the whole response', async () => {
    await page.goto('/insight/comments');
    await expect.poll(() => entries().count()).toBe(20);
    const newest = entries().first();
    await newest.getByText('The fitter was fast and friendly.').waitFor();
    expect(await newest.locator('.answer-score').textContent()).toBe('Score 10 promoter');
    await newest.getByText('Anna Berg').waitFor();
    await newest.getByText('Denmark').waitFor();
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => entries().count()).toBe(23);
    await expectAccessible(page);

    // Every word must occur: "fast" alone finds two comments, "fast friendly" one, with both marked.
    await page.getByLabel('Search the comments').fill('fast');
    await expect.poll(() => entries().count()).toBe(2);
    await page.getByLabel('Search the comments').fill('fast friendly');
    await expect.poll(() => entries().count()).toBe(1);
    expect(await entries().first().locator('mark').allTextContents()).toEqual(['fast', 'friendly']);
    expect(new URL(page.url()).searchParams.get('search')).toBe('fast friendly');
    await page.getByRole('region', { name: 'Comments with “fast friendly”' }).waitFor();

    // The downloads carry the same selection; the session's cookie is enough to fetch them.
    const downloads = page.getByRole('navigation', { name: 'Downloads' });
    const commentsCsv = await page.request.get((await downloads.getByRole('link', { name: 'Comments (CSV)' }).getAttribute('href')) ?? '');
    expect(commentsCsv.headers()['content-type']).toMatch(/^text\/csv/);
    const csv = await commentsCsv.text();
    expect(csv).toContain('The fitter was fast and friendly.');
    expect(csv).not.toContain('Schnelle Lieferung');
    const xlsx = await page.request.get((await downloads.getByRole('link', { name: 'Responses (XLSX)' }).getAttribute('href')) ?? '');
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-disposition']).toMatch(/attachment; filename="responses-.*\.xlsx"/);
    await expectAccessible(page);

    // A detractor's comment opens the whole response; the way back is the filtered response list.
    await page.getByLabel('Search the comments').fill('');
    // Back to the unsearched list, with the pages already loaded.
    await expect.poll(() => entries().count()).toBe(23);
    await page.getByLabel('Answer').selectOption('detractor');
    await expect.poll(() => entries().count()).toBe(1);
    await entries()
      .first()
      .getByRole('link', { name: /^Open the response/ })
      .click();
    await page.getByRole('heading', { level: 1, name: /^Response of / }).waitFor();
    const answers = page.getByRole('region', { name: 'Answers' });
    expect(await answers.locator('.answer-score').textContent()).toBe('Score 3 detractor');
    await answers.getByText('Why did you give that score?').waitFor();
    await answers.getByText('The invoice was wrong twice, and nobody called back.').waitFor();
    await page.getByRole('region', { name: 'At answering time' }).getByText('Denmark').waitFor();
    await page.getByRole('region', { name: 'Contact' }).getByRole('link', { name: 'Anna Berg' }).waitFor();
    await expectAccessible(page);
    await snap(page, `insight-response-${viewport}`);

    await page.locator('.breadcrumb').getByRole('link', { name: 'Responses' }).click();
    await heading(page, 'Insight').waitFor();
    expect(new URL(page.url()).searchParams.get('category')).toBe('detractor');
    const rows = page.getByRole('region', { name: 'Responses' }).getByRole('table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    await rows.first().getByText('The invoice was wrong twice, and nobody called back.').waitFor();
    await expectAccessible(page);
  });

  test('the 10-wall: promoters’ comments as cards, newest first, named by first name and initial', async () => {
    await page.goto('/insight/wall');
    const cards = page.getByRole('region', { name: 'What promoters said' }).getByRole('listitem');
    await expect.poll(() => cards.count()).toBe(2);
    await cards.nth(0).getByText('The fitter was fast and friendly.').waitFor();
    await cards
      .nth(0)
      .getByText(/Anna B\./)
      .waitFor();
    await cards.nth(1).getByText('Schnelle Lieferung, fast perfekt.').waitFor();
    await cards
      .nth(1)
      .getByText(/Dieter K\./)
      .waitFor();
    await expectAccessible(page);
    await snap(page, `insight-wall-${viewport}`);
  });

  test('a frontline user sees only the answers of their own customers, and is told so', async () => {
    const frontline = await env.browser().newContext({ ...options, baseURL: server.base });
    try {
      const own = await frontline.newPage();
      await signIn(own, FRONTLINE, WORKSPACE);
      await own.goto('/insight/comments');
      await own.getByText('What customers say: the answers of your own customers.').waitFor();
      const ownEntries = own.getByRole('region', { name: /^Comments/ }).locator('ol.entries > li');
      await expect.poll(() => ownEntries.count()).toBe(20);
      await own.getByRole('button', { name: 'Load more' }).click();
      await expect.poll(() => ownEntries.count()).toBe(22);
      await own.getByLabel('Search the comments').fill('Schnelle');
      await own.getByText('No comment contains every word searched for.').waitFor();
      await expectAccessible(own);
    } finally {
      await frontline.close();
    }
  });
});
