// The survey editor in a real browser against a real server, on a desktop and on a phone (dark
// mode): an owner manages touchpoints, creates a survey, edits questions with a condition and
// wording per NPS category, translates it into Danish while the untranslated count drops,
// publishes two versions, meets a publish refusal and a concurrent save (409), and a frontline
// user may only look. Every section is checked with axe. PORTAL_SCREENSHOTS=/some/dir keeps screenshots.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Client, seedApiKey, seedUser, seedWorkspace, withApiKey } from '../support/app.ts';
import { expectAccessible, heading, navigate, openMenu, type Server, setUpBrowserAndServers, signIn, snap, VIEWPORTS } from './harness.ts';

const WORKSPACE = 'Nordlys Retail';
const OWNER = 'astrid@nordlys.example';
const FRONTLINE = 'finn@nordlys.example';
const SURVEY = 'Customer pulse';

const keys = new Map<string, string>();

const env = setUpBrowserAndServers(async ({ database }) => {
  const workspace = await seedWorkspace(database, WORKSPACE, OWNER);
  await seedUser(database, workspace.workspaceId, FRONTLINE, 'frontline');
  keys.set(workspace.workspaceId, await seedApiKey(database, workspace.workspaceId, 'write'));
});

const section = (page: Page, name: string) => page.getByRole('tab', { name, exact: true });
const question = (page: Page, pageNumber: number, questionNumber: number) =>
  page.getByRole('group', { name: new RegExp(`^Page ${pageNumber}, Question ${questionNumber}:`) });

async function openSection(page: Page, name: string) {
  await section(page, name).click();
  await page.getByRole('tabpanel', { name }).waitFor();
}

describe.each(VIEWPORTS)('survey editor on $name', ({ name: viewport, options }) => {
  let server: Server;
  let context: BrowserContext;
  let page: Page;
  let api: Client;
  let surveyId: string;

  beforeAll(async () => {
    server = env.server(viewport);
    const workspace = await server.database.db.selectFrom('workspaces').select('id').executeTakeFirstOrThrow();
    api = withApiKey(server.app, keys.get(workspace.id) ?? '');
    context = await env.browser().newContext({ ...options, baseURL: server.base, permissions: ['clipboard-read', 'clipboard-write'] });
    page = await context.newPage();
    await signIn(page, OWNER, WORKSPACE);
  });

  afterAll(async () => {
    await context?.close();
  });

  test('touchpoints: add, rename, reorder and delete', async () => {
    await navigate(page, 'Touchpoints');
    for (const [name, key] of [
      ['After delivery', 'after_delivery'],
      ['Service visit', 'service_visit'],
      ['Support case', 'support_case'],
    ]) {
      await page.getByRole('button', { name: 'Add touchpoint' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add touchpoint' });
      await dialog.getByLabel('Name').fill(name as string);
      await dialog.getByLabel('Key').fill(key as string);
      await dialog.getByRole('button', { name: 'Add touchpoint' }).click();
      await page.getByText(`Touchpoint ${name} is added.`).waitFor();
    }
    await page.getByRole('button', { name: 'Rename Service visit' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename Service visit' });
    await rename.getByLabel('Name').fill('Technician visit');
    await rename.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Touchpoint Technician visit is saved.').waitFor();

    // Moved by keyboard-reachable buttons; the focus follows the moved row.
    await page.getByRole('button', { name: 'Move up Technician visit' }).click();
    await page.getByText('Technician visit is now number 1.').waitFor();
    await expect.poll(() => page.getByRole('rowheader').allTextContents()).toEqual(['Technician visit', 'After delivery', 'Support case']);
    expect(await page.evaluate(() => document.activeElement?.id)).toMatch(/-up$|-down$/);

    await page.getByRole('button', { name: 'Delete Support case' }).click();
    await page.getByRole('dialog', { name: 'Delete Support case?' }).getByRole('button', { name: 'Delete touchpoint' }).click();
    await page.getByText('Touchpoint Support case is deleted.').waitFor();
    // The list reloads after the message appears: read the rows until it has.
    await expect.poll(() => page.getByRole('rowheader').allTextContents()).toEqual(['Technician visit', 'After delivery']);
    const stored = (await api.get('/api/v1/touchpoints')).json() as { key: string }[];
    expect(stored.map((t) => t.key)).toEqual(['service_visit', 'after_delivery']);
    await snap(page, `${viewport}-touchpoints`);
    await expectAccessible(page);
  });

  test('creates a survey and edits questions: category wording, a new question with a condition, a touchpoint', async () => {
    await navigate(page, 'Surveys');
    await page.getByRole('button', { name: 'New survey' }).click();
    const dialog = page.getByRole('dialog', { name: 'New survey' });
    await dialog.getByLabel('Name').fill(SURVEY);
    await dialog.getByLabel('Kind').selectOption('relationship_nps');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Create survey' }).click();
    await heading(page, SURVEY).waitFor();
    await page.getByText(`${SURVEY} is created.`).waitFor();
    surveyId = new URL(page.url()).pathname.split('/').pop() ?? '';

    const why = question(page, 2, 1);
    await why.getByLabel('Question for Detractors (0–6) (English)').fill('What should we do better?');
    await why.getByLabel('Question for Promoters (9–10) (English)').fill('What do you like most?');
    await why.getByLabel('Touchpoint').selectOption({ label: 'After delivery' });

    const secondPage = page.getByRole('region', { name: 'Page 2' });
    await secondPage.getByLabel('Type of the new question').selectOption('yes_no');
    await secondPage.getByRole('button', { name: 'Add question to page 2' }).click();
    const contact = question(page, 2, 2);
    await contact.getByLabel('Key').fill('may_contact');
    await contact.getByLabel('Question (English)').fill('May we contact you about your answer?');
    await contact.getByLabel('When').selectOption('answer');
    await contact.getByLabel('Question', { exact: true }).selectOption('nps');
    await contact.getByLabel('Lowest answer').fill('0');
    await contact.getByLabel('Highest answer').fill('6');
    // Moving it above the "why" question keeps the focus on its Move button.
    await contact.getByRole('button', { name: 'Move up (question 2 on page 2)' }).click();
    await page.getByText('Moved to position 1 on page 2.').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('question-1-0-down');
    await expect.poll(() => question(page, 2, 1).getByLabel('Key').inputValue()).toBe('may_contact');
    await snap(page, `${viewport}-editor-questions`);
    await expectAccessible(page);

    // A page added and removed again; the focus lands on the heading of the page before it.
    await page.getByRole('button', { name: 'Add a page' }).click();
    await page.getByRole('region', { name: 'Page 3' }).waitFor();
    await page.getByRole('button', { name: 'Remove page 3' }).click();
    await page.getByText('Page 3 is removed with its questions.').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('page-1-title');
    expect(await page.getByRole('region', { name: 'Page 3' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('The draft is saved.').waitFor();
    const saved = (await api.get(`/api/v1/surveys/${surveyId}`)).json();
    const [contactQuestion, whyQuestion] = saved.draft.pages[1].questions;
    expect(contactQuestion).toMatchObject({ key: 'may_contact', type: 'yes_no', condition: { type: 'answer', questionKey: 'nps', min: 0, max: 6 } });
    expect(whyQuestion).toMatchObject({
      key: 'why',
      touchpoint: 'after_delivery',
      textByCategory: { detractor: { en: 'What should we do better?' }, promoter: { en: 'What do you like most?' } },
    });
    expect(saved.problems).toEqual([]);
  });

  test('a problem the server finds is shown beside its field', async () => {
    await question(page, 2, 1).getByLabel('Key').fill('nps');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('heading', { name: /to fix before publishing$/ }).waitFor();
    await question(page, 2, 1).getByText('"nps" is used by another question; every question needs its own key.').waitFor();
    expect(await question(page, 2, 1).getByLabel('Key').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page);
    await question(page, 2, 1).getByLabel('Key').fill('may_contact');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('The draft is saved.').waitFor();
    expect(await page.getByRole('heading', { name: /to fix before publishing$/ }).count()).toBe(0);
  });

  test('the texts section edits the thank-you per category with a link', async () => {
    await openSection(page, 'Texts');
    await page.getByLabel('Introduction (English)').fill('Two quick questions about {company}.');
    await page.getByLabel('A thank-you of their own for Promoters (9–10)').check();
    const promoters = page.getByRole('group', { name: 'Thank-you for Promoters (9–10)' });
    await promoters.getByLabel('Text (English)').fill('Thank you! Would you tell others?');
    await promoters.getByLabel('Show a link').check();
    await promoters.getByLabel('Link address').fill('https://example.com/review');
    await promoters.getByLabel('Link text (English)').fill('Write a review');
    await snap(page, `${viewport}-editor-texts`);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('The draft is saved.').waitFor();
  });

  test('translations: adding Danish shows what is untranslated; a workbook and the grid fill it in and the count drops to zero', async () => {
    await openSection(page, 'Languages and translations');
    await page.getByText('Every text is translated.').waitFor();
    await page.getByLabel('Danish', { exact: true }).check();
    const count = page.locator('.untranslated-count');
    const missing = async () => Number(/^(\d+)/.exec((await count.textContent()) ?? '')?.[1] ?? 0);
    // intro; nps text and both labels; may_contact; why with two category wordings; thank-you; the promoters' thank-you and link.
    expect(await missing()).toBe(11);
    await page.getByText('Danish: 11').waitFor();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('The draft is saved.').waitFor();
    await snap(page, `${viewport}-editor-translations`);
    await expectAccessible(page);

    // A translator fills three Danish cells of the downloaded workbook; importing it brings the count down by three.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download translations (XLSX)' }).click()]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await download.path()) ?? '');
    const sheet = workbook.getWorksheet('Translations');
    const filled = new Map([
      ['intro', 'To hurtige spørgsmål om {company}.'],
      ['question.nps.minLabel', 'Slet ikke sandsynligt'],
      ['question.nps.maxLabel', 'Meget sandsynligt'],
    ]);
    sheet?.eachRow((row) => {
      const text = filled.get(String(row.getCell(1).value));
      if (text) row.getCell(3).value = text;
    });
    const translated = path.join(os.tmpdir(), `translations-${viewport}-${Date.now()}.xlsx`);
    await workbook.xlsx.writeFile(translated);
    await page.getByLabel('Translated workbook (XLSX)').setInputFiles(translated);
    await page.getByRole('button', { name: 'Import translations' }).click();
    await page.getByText('3 texts are imported from the workbook.').waitFor();
    fs.rmSync(translated);
    expect(await missing()).toBe(8);
    expect(await page.getByLabel('question.nps.minLabel in Danish').inputValue()).toBe('Slet ikke sandsynligt');

    await page.getByLabel('Show only texts with missing translations').check();
    await page.getByLabel('question.nps.text in Danish').fill('Hvor sandsynligt er det, at du vil anbefale {company} til en ven eller kollega?');
    await expect.poll(missing).toBe(7);
    for (let left = 7; left > 0; left -= 1) {
      // Rows stay while the filter is on, so the next empty Danish cell is found by its placeholder.
      await page
        .getByRole('textbox', { name: / in Danish$/ })
        .and(page.locator(':placeholder-shown'))
        .first()
        .fill(`Dansk tekst ${left}`);
    }
    await page.getByText('Every text is translated.').waitFor();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('The draft is saved.').waitFor();
    const saved = (await api.get(`/api/v1/surveys/${surveyId}`)).json();
    expect(saved.draft.languages).toEqual(['en', 'da']);
    expect(saved.untranslated).toEqual([]);
    await expectAccessible(page);
  });

  test('publishing is refused while a language is untranslated, with the problems listed', async () => {
    await page.getByLabel('Swedish', { exact: true }).check();
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish version 1?' });
    await dialog.getByRole('button', { name: 'Publish version 1' }).click();
    await dialog.getByText(/The survey cannot be published yet: \d+ problems to fix first\./).waitFor();
    await dialog.getByRole('listitem').filter({ hasText: 'has no sv text' }).first().waitFor();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByLabel('Swedish', { exact: true }).uncheck();
  });

  test('publishes version 1, edits, publishes version 2; the versions list shows both', async () => {
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByRole('dialog', { name: 'Publish version 1?' }).getByRole('button', { name: 'Publish version 1' }).click();
    await page.getByText('Version 1 is published.').waitFor();
    await page.getByText('Version 1 is live').waitFor();

    await openSection(page, 'Questions');
    await question(page, 1, 1).getByLabel('Question (English)').fill('How likely are you to recommend {company} to a colleague?');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    const second = page.getByRole('dialog', { name: 'Publish version 2?' });
    await second.getByText('Your unsaved changes are saved first.').waitFor();
    await second.getByRole('button', { name: 'Publish version 2' }).click();
    await page.getByText('Version 2 is published.').waitFor();

    await openSection(page, 'Versions');
    await page.getByRole('rowheader', { name: 'Version 1' }).waitFor();
    expect(await page.getByRole('rowheader').allTextContents()).toEqual(['Version 2', 'Version 1']);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'View version 1' }).click();
    await page.getByRole('heading', { name: 'Version 1 (read-only)' }).waitFor();
    const first = question(page, 1, 1).getByLabel('Question (English)');
    expect(await first.inputValue()).toBe('How likely are you to recommend {company} to a friend or colleague?');
    expect(await first.getAttribute('readonly')).not.toBeNull();
    await snap(page, `${viewport}-editor-version`);
    await expectAccessible(page);
  });

  test('a save over someone else’s newer save is refused, and the editor offers to reload', async () => {
    await openSection(page, 'Questions');
    await question(page, 1, 1).getByLabel('Help text (English)').fill('0 means not at all, 10 means certainly.');
    const current = (await api.get(`/api/v1/surveys/${surveyId}`)).json();
    const other = { ...current.draft, companyName: 'Nordlys' };
    expect((await api.put(`/api/v1/surveys/${surveyId}/draft`, { definition: other, revision: current.draftRevision })).statusCode).toBe(200);

    await page.getByRole('button', { name: 'Save draft' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'The draft was changed by someone else' });
    await alert.waitFor();
    await expectAccessible(page);
    await alert.getByRole('button', { name: 'Reload the survey' }).click();
    await alert.waitFor({ state: 'detached' });
    await openSection(page, 'Texts');
    expect(await page.getByLabel('Company name').inputValue()).toBe('Nordlys');
    await openSection(page, 'Questions');
    expect(await question(page, 1, 1).getByLabel('Help text (English)').inputValue()).toBe('');
  });

  test('the preview shows the saved draft as respondents see it, by language, page and width', async () => {
    await openSection(page, 'Preview');
    const frame = page.locator('iframe');
    const inside = page.frameLocator('iframe');
    await inside.getByText(/How likely are you to recommend .+ to a colleague\?/).waitFor();
    expect(await frame.getAttribute('width')).toBe('375');
    await snap(page, `${viewport}-editor-preview`);
    // The frame holds a respondent page, which respondent.test.ts checks on its own; axe would count
    // its <main> as a second main landmark of the portal page.
    await expectAccessible(page, { exclude: 'iframe' });

    await page.getByLabel('Language', { exact: true }).selectOption('da');
    await expect.poll(() => inside.locator('html').getAttribute('lang')).toBe('da');
    await page.getByLabel('Desktop (1024 px)').check();
    await expect.poll(() => frame.getAttribute('width')).toBe('1024');
    await page.getByLabel('Language', { exact: true }).selectOption('en');
    await page.getByLabel('Page', { exact: true }).selectOption({ label: 'Page 2' });
    await inside.getByText('What is the most important reason for your answer?').waitFor();
    // The preview records nothing.
    const responses = await server.database.db.selectFrom('responses').select('id').execute();
    expect(responses).toEqual([]);
  });

  test('settings: the public link is turned on and shown to copy; tabs follow the arrow keys', async () => {
    await openSection(page, 'Settings');
    await page.getByLabel('Public link, for QR codes and websites').check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('The settings are saved.').waitFor();
    const link = await page.getByLabel('Public link', { exact: true }).inputValue();
    const { slug } = (await api.get(`/api/v1/surveys/${surveyId}`)).json();
    expect(link).toBe(`${server.base}/l/${slug}`);
    await page.getByRole('button', { name: 'Copy public link' }).click();
    await page.getByText('Public link copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await snap(page, `${viewport}-editor-settings`);
    await expectAccessible(page);

    await section(page, 'Settings').focus();
    await page.keyboard.press('ArrowLeft');
    await page.getByRole('tabpanel', { name: 'Languages and translations' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-translations');
    await page.keyboard.press('Home');
    await page.getByRole('tabpanel', { name: 'Questions' }).waitFor();
  });

  test('closing and reopening the survey, each after confirming', async () => {
    await page.getByRole('button', { name: 'Close survey' }).click();
    const close = page.getByRole('dialog', { name: `Close ${SURVEY}?` });
    await expectAccessible(page);
    await close.getByRole('button', { name: 'Close survey' }).click();
    await page.getByRole('button', { name: 'Reopen survey' }).waitFor();
    expect((await api.get(`/api/v1/surveys/${surveyId}`)).json().status).toBe('closed');
    await page.getByRole('button', { name: 'Reopen survey' }).click();
    await page
      .getByRole('dialog', { name: `Reopen ${SURVEY}?` })
      .getByRole('button', { name: 'Reopen survey' })
      .click();
    await page.getByRole('button', { name: 'Close survey' }).waitFor();
    expect((await api.get(`/api/v1/surveys/${surveyId}`)).json().status).toBe('active');
  });

  test('the survey list shows status, version and responses', async () => {
    await navigate(page, 'Surveys');
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: SURVEY }) });
    await row.getByText('Active').waitFor();
    await row.getByText('Version 2').waitFor();
    await snap(page, `${viewport}-surveys`);
    await expectAccessible(page);
  });

  test('an eNPS survey from a template keeps the chosen languages and is anonymous', async () => {
    await navigate(page, 'Surveys');
    await page.getByRole('button', { name: 'New survey' }).click();
    const dialog = page.getByRole('dialog', { name: 'New survey' });
    await dialog.getByLabel('Name').fill('Team pulse');
    await dialog.getByLabel('Start from').selectOption('enps');
    expect(await dialog.getByLabel('Anonymous: answers are stored without the contact').isChecked()).toBe(true);
    for (const language of ['Swedish', 'Norwegian (bokmål)', 'German', 'Finnish']) await dialog.getByLabel(language, { exact: true }).uncheck();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Create survey' }).click();
    await heading(page, 'Team pulse').waitFor();
    await openSection(page, 'Languages and translations');
    await page.getByText('Every text is translated.').waitFor();
    expect(await page.getByRole('columnheader').allTextContents()).toEqual(['Text', 'English (default)', 'Danish']);
    const { items } = (await api.get('/api/v1/surveys')).json() as { items: { name: string; kind: string; anonymous: boolean }[] };
    expect(items.find((s) => s.name === 'Team pulse')).toMatchObject({ kind: 'enps', anonymous: true });
  });

  test('a frontline user sees surveys read-only', async () => {
    const frontline = await env.browser().newContext({ ...options, baseURL: server.base });
    try {
      const tab = await frontline.newPage();
      await signIn(tab, FRONTLINE, WORKSPACE);
      await openMenu(tab);
      expect(await tab.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Touchpoints' }).count()).toBe(0);
      await navigate(tab, 'Surveys');
      expect(await tab.getByRole('button', { name: 'New survey' }).count()).toBe(0);
      await tab.getByRole('link', { name: SURVEY }).click();
      await heading(tab, SURVEY).waitFor();
      expect(await tab.getByRole('button', { name: /^(Save draft|Publish|Close survey)$/ }).count()).toBe(0);
      expect(await question(tab, 1, 1).getByLabel('Question (English)').getAttribute('readonly')).not.toBeNull();
      await expectAccessible(tab);
    } finally {
      await frontline.close();
    }
  });
});
