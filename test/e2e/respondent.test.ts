// The respondent pages in Chromium on a phone (dark mode): a full NPS survey with and without
// JavaScript, a keyboard-only run, a real click on an email score link, and axe on every page
// and state page in all six languages (and in English once more on a desktop in light mode).
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/domain/surveys/definition.ts';
import { UI_STRINGS } from '../../src/survey-ui/strings.ts';
import { seedWorkspace } from '../support/app.ts';
import { responsesOf, seedContact, seedInvitation, seedSurvey } from '../support/surveys.ts';
import { expectAccessible, type Server, setUpBrowserAndServers, snap, VIEWPORTS } from './harness.ts';

const seeded = new Map<Server, { workspaceId: string; unitId: string }>();
const env = setUpBrowserAndServers(async (server) => {
  const workspace = await seedWorkspace(server.database, 'Hygge Bikes', 'owner@hygge.test');
  seeded.set(server, { workspaceId: workspace.workspaceId, unitId: workspace.rootUnitId });
});

async function link(server: Server, options: { anonymous?: boolean; publicLink?: boolean; kiosk?: boolean } = {}) {
  const { workspaceId, unitId } = seeded.get(server) as { workspaceId: string; unitId: string };
  const survey = await seedSurvey(server.database, workspaceId, options);
  const contactId = await seedContact(server.database, workspaceId, unitId, { firstName: 'Astrid' });
  const token = await seedInvitation(server.database, { workspaceId, surveyId: survey.surveyId, contactId });
  return { ...survey, token };
}

async function withContext<T>(
  options: { javaScriptEnabled?: boolean } | undefined,
  run: (page: Page, context: BrowserContext, server: Server) => Promise<T>,
  viewport = 'phone',
) {
  const server = env.server(viewport);
  const viewportOptions = VIEWPORTS.find((v) => v.name === viewport)?.options ?? {};
  const context = await env.browser().newContext({ ...viewportOptions, baseURL: server.base, ...options });
  const outside: string[] = [];
  context.on('request', (request) => {
    if (!request.url().startsWith(server.base)) outside.push(request.url());
  });
  try {
    const page = await context.newPage();
    const result = await run(page, context, server);
    // Respondent pages never ask another origin for anything.
    expect(outside).toEqual([]);
    return result;
  } finally {
    await context.close();
  }
}

const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();

async function answerWithPointer(page: Page) {
  await page.getByRole('radio', { name: '9', exact: true }).check();
  await snap(page, 'respondent-score');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('What do you like most about us?').fill('Quick repairs');
  await snap(page, 'respondent-why');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('group', { name: 'May we contact you about your answer?' }).getByRole('radio', { name: 'Yes' }).check();
  await page.getByRole('group', { name: 'How satisfied are you with our service?' }).getByRole('radio', { name: '4', exact: true }).check();
  await page.getByLabel('Your email address').fill('astrid@example.com');
  await snap(page, 'respondent-last');
  await page.getByRole('button', { name: 'Send answers' }).click();
  await h1(page, 'Thank you');
  await page.getByText('Thank you! Would you tell others?').waitFor();
}

describe('answering a survey in Chromium on a phone', () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`completes a full NPS survey with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, async () => {
      await withContext({ javaScriptEnabled }, async (page, _context, server) => {
        const survey = await link(server);
        await page.goto(`/s/${survey.token}`);
        await h1(page, 'Your feedback to Hygge Bikes');
        await answerWithPointer(page);
        const [response] = await responsesOf(server.database, survey.surveyId);
        expect(response).toMatchObject({ score: 9, category: 'promoter', score_source: 'interactive' });
        expect(response?.completed_at).not.toBeNull();
        expect(response?.answers.why?.text_value).toBe('Quick repairs');
        expect(response?.answers.contact_ok?.choice_values).toEqual(['yes']);
        expect(Number(response?.answers.service?.number_value)).toBe(4);
        expect(response?.answers.email?.text_value).toBe('astrid@example.com');
      });
    });
  }

  it('can be answered with the keyboard alone', async () => {
    await withContext(undefined, async (page, _context, server) => {
      const survey = await link(server);
      await page.goto(`/s/${survey.token}`);
      const focused = () => page.evaluate(() => `${document.activeElement?.tagName}:${(document.activeElement as HTMLInputElement | null)?.name ?? ''}`);
      const tabTo = async (target: string) => {
        for (let i = 0; i < 30 && (await focused()) !== target; i++) await page.keyboard.press('Tab');
        expect(await focused()).toBe(target);
      };
      await tabTo('INPUT:recommend');
      for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter');
      await page.getByText('Why did you give that score?').waitFor();
      await tabTo('TEXTAREA:why');
      await page.keyboard.type('Good');
      await tabTo('BUTTON:');
      await page.keyboard.press('Enter');
      await page.getByText('May we contact you about your answer?').waitFor();
      await tabTo('INPUT:contact_ok');
      await page.keyboard.press('Space');
      await tabTo('BUTTON:');
      await page.keyboard.press('Enter');
      await h1(page, 'Thank you');
      const [response] = await responsesOf(server.database, survey.surveyId);
      expect(response).toMatchObject({ score: 8, category: 'passive' });
      expect(response?.answers.why?.text_value).toBe('Good');
      expect(response?.answers.contact_ok?.choice_values).toEqual(['yes']);
    });
  });

  it('records the score of a link clicked in the email, and the visible button confirms it', async () => {
    await withContext(undefined, async (page, _context, server) => {
      const survey = await link(server);
      await page.setContent(`<p>How likely…? <a href="${server.base}/s/${survey.token}?score=7">7</a></p>`);
      const posted = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/s/${survey.token}`));
      await page.getByRole('link', { name: '7' }).click();
      expect((await posted).status()).toBe(204);
      expect(await page.getByRole('radio', { name: '7', exact: true }).isChecked()).toBe(true);
      expect((await responsesOf(server.database, survey.surveyId)).map((r) => [r.score, r.score_source])).toEqual([[7, 'email_link']]);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByText('Why did you give that score?').waitFor();
      expect((await responsesOf(server.database, survey.surveyId)).map((r) => [r.score, r.score_source])).toEqual([[7, 'interactive']]);
    });
  });
});

describe('accessibility of every respondent page', () => {
  // Every page in English on both viewports and in Danish on a phone; in the other languages the
  // pages whose words differ most (the first page, its error state, the thank-you page): axe is
  // the slow part of this suite, and the markup of the other pages does not change with language.
  const everyPage = (language: string, viewport: string) => language === 'en' || (language === 'da' && viewport === 'phone');
  const cases = [...LANGUAGES.map((language) => ({ language, viewport: 'phone' })), { language: 'en' as const, viewport: 'desktop' }];
  it.each(cases)('finds no axe violations in $language on $viewport', async ({ language, viewport }) => {
    const full = everyPage(language, viewport);
    await withContext(
      undefined,
      async (page, _context, server) => {
        const ui = UI_STRINGS[language];
        const survey = await link(server);
        await page.goto(`/s/${survey.token}?lang=${language}`);
        await expectAccessible(page);
        await page.getByRole('button', { name: ui.continue }).click();
        await page.getByRole('alert').waitFor();
        await expectAccessible(page);
        await page.getByRole('radio', { name: '3', exact: true }).check();
        await page.getByRole('button', { name: ui.continue }).click();
        await page.getByRole('button', { name: ui.back }).waitFor();
        if (full) await expectAccessible(page);
        await page.getByRole('button', { name: ui.continue }).click();
        await page.getByRole('button', { name: ui.send }).waitFor();
        if (full) await expectAccessible(page);
        await page.getByRole('button', { name: ui.send }).click();
        await h1(page, ui.thankYou);
        await expectAccessible(page);
        if (!full) return;
        for (const state of ['closed', 'expired', 'used', 'unknown'] as const) {
          await page.goto(`/s/-/${state}?lang=${language}`);
          await h1(page, ui[`${state}Title`]);
          await expectAccessible(page);
        }
        const kiosk = await link(server, { anonymous: true, kiosk: true });
        await page.goto(`/k/${kiosk.slug}?lang=${language}`);
        await expectAccessible(page);
      },
      viewport,
    );
  });
});
