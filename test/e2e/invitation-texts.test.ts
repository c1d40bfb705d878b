// The survey editor's Texts section edits the invitation email's subject, message and reminder
// subject per language, on a phone (dark mode), axe clean; the saved draft carries them.
import { describe, expect, it } from 'vitest';
import type { SurveyDefinition } from '../../src/domain/surveys/definition.ts';
import { seedApiKey, seedWorkspace, withApiKey } from '../support/app.ts';
import { expectAccessible, heading, type Server, setUpBrowserAndServers, signIn, VIEWPORTS } from './harness.ts';

const WORKSPACE = 'Nordlys Retail';
const OWNER = 'astrid@nordlys.example';
const keys = new Map<Server, string>();
const env = setUpBrowserAndServers(async (server) => {
  const workspace = await seedWorkspace(server.database, WORKSPACE, OWNER);
  keys.set(server, await seedApiKey(server.database, workspace.workspaceId, 'write'));
});

describe('invitation email texts in the survey editor', () => {
  it('are edited per language in the Texts section and saved with the draft', async () => {
    const server = env.server('phone');
    const api = withApiKey(server.app, keys.get(server) ?? '');
    const survey = (await api.post('/api/v1/surveys', { name: 'Customer pulse', template: 'relationship-nps-b2c', languages: ['en', 'da'] })).json();
    const phone = VIEWPORTS.find((v) => v.name === 'phone')?.options ?? {};
    const context = await env.browser().newContext({ ...phone, baseURL: server.base });
    try {
      const page = await context.newPage();
      await signIn(page, OWNER, WORKSPACE);
      await page.goto(`/surveys/${survey.id}`);
      await heading(page, 'Customer pulse').waitFor();
      await page.getByRole('tab', { name: 'Texts', exact: true }).click();
      const invitation = page.getByRole('group', { name: 'Invitation email' });
      // The template brings its own invitation texts.
      expect(await page.getByLabel('An invitation email of its own').isChecked()).toBe(true);
      expect(await invitation.getByLabel('Subject (English)', { exact: true }).inputValue()).toBe('How are we doing, {firstName}?');
      await invitation.getByLabel('Subject (English)', { exact: true }).fill('A quick question from {ownerName}');
      await invitation.getByLabel('Message (English)').fill('Hi {firstName},\n\nHow are we doing?');
      await invitation.getByLabel('Reminder subject (English)').fill('');
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.getByText('The draft is saved.').waitFor();
      const draft = (await api.get(`/api/v1/surveys/${survey.id}`)).json().draft as SurveyDefinition;
      expect(draft.invitation?.subject).toMatchObject({ en: 'A quick question from {ownerName}', da: 'Hvordan klarer vi os, {firstName}?' });
      expect(draft.invitation?.body.en).toBe('Hi {firstName},\n\nHow are we doing?');
      // An emptied reminder subject keeps the other languages' texts.
      expect(draft.invitation?.reminderSubject).toEqual({ da: 'Et minut til {company}?' });

      // Without texts of its own the built-in invitation is sent.
      await page.getByLabel('An invitation email of its own').uncheck();
      expect(await invitation.count()).toBe(0);
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.getByText('The draft is saved.').waitFor();
      expect((await api.get(`/api/v1/surveys/${survey.id}`)).json().draft.invitation).toBeUndefined();
    } finally {
      await context.close();
    }
  });
});
