// The unsubscribe link of every invitation email through app.inject: the confirmation page in the
// contact's language, the form's POST and a mail client's RFC 8058 one-click POST (urlencoded and
// multipart), idempotence, links that can no longer be answered, unknown tokens and the post limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorkspace, startTestApp, type TestApp } from '../../../test/support/app.ts';
import { seedContact, seedInvitation, seedSurvey } from '../../../test/support/surveys.ts';

let t: TestApp;
let workspaceId: string;
let unitId: string;

beforeAll(async () => {
  t = await startTestApp();
  const seeded = await seedWorkspace(t.database, 'Hygge Bikes', 'owner@hygge.test');
  workspaceId = seeded.workspaceId;
  unitId = seeded.rootUnitId;
});
afterAll(() => t?.close());

async function invitation(options: { language?: string; expiresAt?: Date } = {}) {
  const survey = await seedSurvey(t.database, workspaceId);
  const contactId = await seedContact(t.database, workspaceId, unitId, { firstName: 'Astrid', language: options.language });
  const token = await seedInvitation(t.database, { workspaceId, surveyId: survey.surveyId, contactId, expiresAt: options.expiresAt });
  return { ...survey, contactId, token };
}

const contactOf = (id: string) => t.database.db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const auditOf = (contactId: string) =>
  t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'contact.unsubscribed').where('target_id', '=', contactId).execute();
const form = (url: string, payload: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload });

describe('GET /u/{token}', () => {
  it("asks to confirm in the contact's language with a plain form, and changes nothing", async () => {
    const link = await invitation({ language: 'da' });
    const page = await t.app.inject({ method: 'GET', url: `/u/${link.token}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('<html lang="da">');
    expect(page.body).toContain('<h1>Afmeld undersøgelser</h1>');
    expect(page.body).toContain('invitationer til undersøgelser fra Hygge Bikes');
    expect(page.body).toContain(`<form method="post" action="/u/${link.token}">`);
    expect(page.body).not.toContain('<script');
    expect((await contactOf(link.contactId)).opted_out_at).toBeNull();
    // The switcher offers the survey's languages; ?lang= picks one.
    const german = await t.app.inject({ method: 'GET', url: `/u/${link.token}?lang=de` });
    expect(german.body).toContain('<h1>Von Umfragen abmelden</h1>');
    expect(german.body).toContain(`href="/u/${link.token}?lang=fi"`);
  });

  it('answers an unknown or malformed token with the friendly unknown page and 404', async () => {
    for (const url of ['/u/AAAAAAAAAAAAAAAAAAAAAA', '/u/x', '/u/%3Cscript%3E']) {
      const page = await t.app.inject({ method: 'GET', url, headers: { 'accept-language': 'sv-SE' } });
      expect(page.statusCode, url).toBe(404);
      expect(page.body).toContain('Vi hittar inte enkäten');
      expect(page.body).not.toContain('<script>');
    }
    expect((await form('/u/AAAAAAAAAAAAAAAAAAAAAA', 'List-Unsubscribe=One-Click')).statusCode).toBe(404);
  });
});

describe('POST /u/{token}', () => {
  it('opts the contact out once from the form, says so, and a repeat changes nothing', async () => {
    const link = await invitation({ language: 'fi' });
    const done = await form(`/u/${link.token}`, '_lang=fi');
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('<h1>Kyselyviestit on lopetettu</h1>');
    expect(done.body).toContain('Et saa enää kutsuja yrityksen Hygge Bikes kyselyihin.');
    const first = (await contactOf(link.contactId)).opted_out_at;
    expect(first).toBeInstanceOf(Date);

    const [entry, ...more] = await auditOf(link.contactId);
    expect(more).toHaveLength(0);
    expect(entry).toMatchObject({ actor_type: 'system', actor_id: null, workspace_id: workspaceId, target_type: 'contact', after: { via: 'page' }, ip: null });
    // No personal data: neither the address nor the name is in the entry.
    const contact = await contactOf(link.contactId);
    expect(JSON.stringify(entry)).not.toContain(contact.email as string);
    expect(JSON.stringify(entry)).not.toContain('Astrid');

    const again = await form(`/u/${link.token}`, '_lang=en');
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('<h1>You are unsubscribed</h1>');
    expect((await contactOf(link.contactId)).opted_out_at).toEqual(first);
    expect(await auditOf(link.contactId)).toHaveLength(1);
    // The link's page now says it is done instead of asking again.
    const page = await t.app.inject({ method: 'GET', url: `/u/${link.token}?lang=en` });
    expect(page.body).toContain('<h1>You are unsubscribed</h1>');
    expect(page.body).not.toContain('<form');
  });

  it('accepts the RFC 8058 one-click POST, urlencoded or multipart', async () => {
    const urlencoded = await invitation();
    const response = await form(`/u/${urlencoded.token}`, 'List-Unsubscribe=One-Click');
    expect(response.statusCode).toBe(200);
    expect((await contactOf(urlencoded.contactId)).opted_out_at).toBeInstanceOf(Date);
    expect((await auditOf(urlencoded.contactId))[0]?.after).toEqual({ via: 'one_click' });

    const multipart = await invitation();
    const boundary = 'anbefal-test-boundary';
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`;
    const viaMultipart = await form(`/u/${multipart.token}`, payload, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    expect(viaMultipart.statusCode).toBe(200);
    expect((await contactOf(multipart.contactId)).opted_out_at).toBeInstanceOf(Date);
  });

  it('works for an invitation that expired, was answered, or whose survey closed', async () => {
    const expired = await invitation({ expiresAt: new Date(Date.now() - 86_400_000) });
    const answered = await invitation();
    await t.database.db.updateTable('survey_invitations').set({ completed_at: new Date() }).where('token', '=', answered.token).execute();
    const closed = await invitation();
    await t.database.db.updateTable('surveys').set({ status: 'closed' }).where('id', '=', closed.surveyId).execute();
    for (const link of [expired, answered, closed]) {
      expect((await t.app.inject({ method: 'GET', url: `/u/${link.token}` })).statusCode).toBe(200);
      expect((await form(`/u/${link.token}`, 'List-Unsubscribe=One-Click')).statusCode).toBe(200);
      expect((await contactOf(link.contactId)).opted_out_at).toBeInstanceOf(Date);
    }
  });

  it('limits posts per link and address', async () => {
    const link = await invitation();
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await form(`/u/${link.token}`, 'List-Unsubscribe=One-Click')).statusCode);
    expect(statuses.slice(0, 60).every((status) => status === 200)).toBe(true);
    expect(statuses[60]).toBe(429);
    const other = await invitation();
    expect((await form(`/u/${other.token}`, 'List-Unsubscribe=One-Click')).statusCode).toBe(200);
  });
});
