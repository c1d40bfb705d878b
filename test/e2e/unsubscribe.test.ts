// The unsubscribe link in Chromium on a phone (dark mode): with JavaScript off the confirmation
// page's plain form unsubscribes and the page says it is done; both pages are axe clean in all six
// languages (axe needs JavaScript, so it runs in a second context); no request leaves the origin.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, type Language } from '../../src/domain/surveys/definition.ts';
import { UI_STRINGS } from '../../src/survey-ui/strings.ts';
import { seedWorkspace } from '../support/app.ts';
import { seedContact, seedInvitation, seedSurvey } from '../support/surveys.ts';
import { expectAccessible, type Server, setUpBrowserAndServers, snap, VIEWPORTS } from './harness.ts';

const seeded = new Map<Server, { workspaceId: string; unitId: string }>();
const env = setUpBrowserAndServers(async (server) => {
  const workspace = await seedWorkspace(server.database, 'Hygge Bikes', 'owner@hygge.test');
  seeded.set(server, { workspaceId: workspace.workspaceId, unitId: workspace.rootUnitId });
});

async function invitation(server: Server, language: Language) {
  const { workspaceId, unitId } = seeded.get(server) as { workspaceId: string; unitId: string };
  const survey = await seedSurvey(server.database, workspaceId);
  const contactId = await seedContact(server.database, workspaceId, unitId, { firstName: 'Astrid', language });
  const token = await seedInvitation(server.database, { workspaceId, surveyId: survey.surveyId, contactId });
  return { contactId, token };
}

async function onPhone(server: Server, javaScriptEnabled: boolean, run: (page: Page) => Promise<void>) {
  const phone = VIEWPORTS.find((v) => v.name === 'phone')?.options ?? {};
  const context = await env.browser().newContext({ ...phone, baseURL: server.base, javaScriptEnabled });
  const outside: string[] = [];
  context.on('request', (request) => {
    if (!request.url().startsWith(server.base)) outside.push(request.url());
  });
  try {
    await run(await context.newPage());
    expect(outside).toEqual([]);
  } finally {
    await context.close();
  }
}

/** Opens the link, confirms, and waits for the page that says it is done. */
async function unsubscribe(page: Page, token: string, language: Language, check: () => Promise<void>) {
  const ui = UI_STRINGS[language];
  await page.goto(`/u/${token}`);
  await page.getByRole('heading', { level: 1, name: ui.unsubscribeTitle }).waitFor();
  await check();
  await page.getByRole('button', { name: ui.unsubscribeButton }).click();
  await page.getByRole('heading', { level: 1, name: ui.unsubscribedTitle }).waitFor();
  await page.getByText(ui.unsubscribedText.replace('{company}', 'Hygge Bikes')).waitFor();
  await check();
}

describe('unsubscribing from an invitation email in Chromium on a phone', () => {
  it.each(LANGUAGES)('works without JavaScript in %s, and both pages are axe clean', async (language) => {
    const server = env.server('phone');
    const withoutScript = await invitation(server, language);
    await onPhone(server, false, (page) => unsubscribe(page, withoutScript.token, language, () => snap(page, `unsubscribe-${language}`)));
    const contact = await server.database.db.selectFrom('contacts').select('opted_out_at').where('id', '=', withoutScript.contactId).executeTakeFirstOrThrow();
    expect(contact.opted_out_at).toBeInstanceOf(Date);

    const withAxe = await invitation(server, language);
    await onPhone(server, true, (page) => unsubscribe(page, withAxe.token, language, () => expectAccessible(page)));
  });
});
