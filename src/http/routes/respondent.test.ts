// The respondent pages through app.inject: page-by-page saving, changing answers, finishing,
// the state pages, anonymity, scanner-safe email scores, duplicates, bad posts and languages.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorkspace, signIn, startTestApp, type TestApp } from '../../../test/support/app.ts';
import { NPS_SURVEY, responsesOf, seedContact, seedInvitation, seedSurvey } from '../../../test/support/surveys.ts';

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

/** A browser: keeps the cookies the pages set, posts forms urlencoded. */
function browser(acceptLanguage = 'en') {
  const jar = new Map<string, string>();
  const remember = (response: LightMyRequestResponse) => {
    for (const c of response.cookies as { name: string; value: string }[]) jar.set(c.name, c.value);
    return response;
  };
  const headers = (extra: Record<string, string> = {}) => ({
    'accept-language': acceptLanguage,
    ...(jar.size > 0 ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
    ...extra,
  });
  return {
    jar,
    get: async (url: string) => remember(await t.app.inject({ method: 'GET', url, headers: headers() })),
    post: async (url: string, fields: Record<string, string | string[]>) => {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
      return remember(
        await t.app.inject({ method: 'POST', url, headers: headers({ 'content-type': 'application/x-www-form-urlencoded' }), payload: body.toString() }),
      );
    },
    raw: async (url: string, contentType: string, payload: string) =>
      remember(await t.app.inject({ method: 'POST', url, headers: headers({ 'content-type': contentType }), payload })),
  };
}

/** The hidden fields of the page's form (page, language, resume key), to post like a browser does. */
function hiddenFields(html: string): Record<string, string> {
  return Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1] as string, m[2] as string]));
}

async function personalLink(
  options: { anonymous?: boolean; contact?: Parameters<typeof seedContact>[3]; language?: string; properties?: Record<string, unknown>; expiresAt?: Date } = {},
) {
  const survey = await seedSurvey(t.database, workspaceId, { anonymous: options.anonymous });
  const contactId = await seedContact(t.database, workspaceId, unitId, options.contact ?? { firstName: 'Astrid' });
  const token = await seedInvitation(t.database, {
    workspaceId,
    surveyId: survey.surveyId,
    contactId,
    language: options.language,
    properties: options.properties,
    expiresAt: options.expiresAt,
  });
  return { ...survey, contactId, token };
}

const invitationOf = (token: string) => t.database.db.selectFrom('survey_invitations').selectAll().where('token', '=', token).executeTakeFirstOrThrow();

describe('a personal link, page by page', () => {
  it('saves each page, words the follow-up by category, finishes, and is used afterwards', async () => {
    const link = await personalLink({ properties: { orderNumber: 'A-17' }, contact: { firstName: 'Astrid <b>', segment: 'retail' } });
    const b = browser();
    const first = await b.get(`/s/${link.token}`);
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toMatch(/^text\/html/);
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.body).toContain('Hi Astrid &lt;b&gt;, two minutes of your time helps Hygge Bikes improve.');
    expect(first.body).toContain('<legend>How likely are you to recommend Hygge Bikes to a friend or colleague?');
    expect((await invitationOf(link.token)).opened_at).not.toBeNull();

    const saved = await b.post(`/s/${link.token}`, { ...hiddenFields(first.body), recommend: '9' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/s/${link.token}?page=2&lang=en`);
    let [response] = await responsesOf(t.database, link.surveyId);
    expect(response).toMatchObject({
      score: 9,
      category: 'promoter',
      score_source: 'interactive',
      completed_at: null,
      contact_id: link.contactId,
      unit_id: unitId,
      segment: 'retail',
      channel: 'email',
    });
    expect(response?.properties).toEqual({ orderNumber: 'A-17' });
    expect(response?.invitation_id).toBe((await invitationOf(link.token)).id);
    expect((await invitationOf(link.token)).responded_at).not.toBeNull();

    const second = await b.get(saved.headers.location as string);
    expect(second.body).toContain('What do you like most about us?');
    expect(second.body).not.toContain('What matters most to you?');
    expect(second.body).toContain('Page 2 of 3');
    const third = await b.post(`/s/${link.token}`, { ...hiddenFields(second.body), why: 'Friendly mechanics' });
    expect(third.headers.location).toBe(`/s/${link.token}?page=3&lang=en`);
    const last = await b.get(third.headers.location as string);
    expect(last.body).toContain('Send answers');
    expect(last.body).not.toContain('Which topics interest you?');
    const done = await b.post(`/s/${link.token}`, { ...hiddenFields(last.body), contact_ok: 'yes' });
    expect(done.headers.location).toBe(`/s/${link.token}/thanks?lang=en`);

    [response] = await responsesOf(t.database, link.surveyId);
    expect(response?.completed_at).not.toBeNull();
    expect(Object.keys(response?.answers ?? {}).sort()).toEqual(['contact_ok', 'recommend', 'why']);
    expect(response?.answers.why?.text_value).toBe('Friendly mechanics');
    expect(response?.answers.contact_ok?.choice_values).toEqual(['yes']);
    expect(Number(response?.answers.recommend?.number_value)).toBe(9);

    const thanks = await b.get(done.headers.location as string);
    expect(thanks.statusCode).toBe(200);
    expect(thanks.body).toContain('Thank you! Would you tell others?');
    expect(thanks.body).toContain('href="https://example.com/review"');

    const again = await b.get(`/s/${link.token}`);
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe('/s/-/used?lang=en');
    const used = await b.get('/s/-/used?lang=en');
    expect(used.statusCode).toBe(410);
    expect(used.body).toContain('You have already answered');
    // A late repeat of the last page (double submit, refresh) changes nothing.
    const repeat = await b.post(`/s/${link.token}`, { ...hiddenFields(last.body), contact_ok: 'no' });
    expect(repeat.headers.location).toBe('/s/-/used?lang=en');
    expect((await responsesOf(t.database, link.surveyId))[0]?.answers.contact_ok?.choice_values).toEqual(['yes']);
  });

  it('lets the respondent go back and change answers until finishing; hidden answers are dropped', async () => {
    const link = await personalLink({ contact: { firstName: 'Bo', segment: 'vip' } });
    const b = browser();
    const first = await b.get(`/s/${link.token}`);
    await b.post(`/s/${link.token}`, { ...hiddenFields(first.body), recommend: '10' });
    const second = await b.get(`/s/${link.token}?page=2`);
    // Going back keeps what was typed on the way.
    const back = await b.post(`/s/${link.token}`, { ...hiddenFields(second.body), why: 'Fast', _nav: 'back' });
    expect(back.headers.location).toBe(`/s/${link.token}?page=1&lang=en`);
    const again = await b.get(back.headers.location as string);
    expect(again.body).toMatch(/value="10" id="q-recommend-10" aria-describedby="hi-recommend" checked/);
    await b.post(`/s/${link.token}`, { ...hiddenFields(again.body), recommend: '3' });
    const detractor = await b.get(`/s/${link.token}?page=2`);
    expect(detractor.body).toContain('What should we do better?');
    expect(detractor.body).toContain('What matters most to you?');
    expect(detractor.body).toContain('>Fast</textarea>');
    await b.post(`/s/${link.token}`, { ...hiddenFields(detractor.body), why: 'Slow repairs', area: 'service' });
    const last = await b.get(`/s/${link.token}?page=3`);
    expect(last.body).toContain('Which topics interest you?');
    await b.post(`/s/${link.token}`, { ...hiddenFields(last.body), vip_topics: ['news', 'events'] });
    const [response] = await responsesOf(t.database, link.surveyId);
    expect(response).toMatchObject({ score: 3, category: 'detractor', score_source: 'interactive' });
    expect(response?.answers.area?.choice_values).toEqual(['service']);
    expect(response?.answers.vip_topics?.choice_values).toEqual(['events', 'news']);
    expect(response?.answers.why?.text_value).toBe('Slow repairs');
  });

  it('counts a respondent who only gives the score', async () => {
    const link = await personalLink();
    const b = browser();
    const first = await b.get(`/s/${link.token}`);
    await b.post(`/s/${link.token}`, { ...hiddenFields(first.body), recommend: '6' });
    const [response] = await responsesOf(t.database, link.surveyId);
    expect(response).toMatchObject({ score: 6, category: 'detractor', completed_at: null });
    expect((await invitationOf(link.token)).completed_at).toBeNull();
  });

  it('creates no duplicate on a double submit or a refresh of the same page', async () => {
    const link = await personalLink();
    const b = browser();
    const first = await b.get(`/s/${link.token}`);
    const fields = { ...hiddenFields(first.body), recommend: '8' };
    const posts = await Promise.all([b.post(`/s/${link.token}`, fields), b.post(`/s/${link.token}`, fields), b.post(`/s/${link.token}`, fields)]);
    expect(posts.map((p) => p.statusCode)).toEqual([303, 303, 303]);
    await b.get(`/s/${link.token}?page=2`);
    await b.get(`/s/${link.token}?page=2`);
    const responses = await responsesOf(t.database, link.surveyId);
    expect(responses).toHaveLength(1);
    expect(Object.keys(responses[0]?.answers ?? {})).toEqual(['recommend']);
  });

  it('asks for a required answer with an accessible error summary, saving nothing', async () => {
    const link = await personalLink();
    const b = browser('da');
    const first = await b.get(`/s/${link.token}`);
    const missing = await b.post(`/s/${link.token}`, hiddenFields(first.body));
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('<div class="errors" role="alert"');
    expect(missing.body).toContain('<title>Der er et problem: Din feedback til Hygge Bikes</title>');
    expect(missing.body).toContain('href="#q-recommend"');
    expect(missing.body).toContain('id="e-recommend">Besvar dette spørgsmål.</p>');
    expect(await responsesOf(t.database, link.surveyId)).toEqual([]);
  });
});

describe('state pages', () => {
  it('sends an expired link to its own page in the contact language, with 410', async () => {
    const link = await personalLink({ contact: { language: 'da' }, expiresAt: new Date(Date.now() - 1000) });
    const response = await browser().get(`/s/${link.token}`);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/s/-/expired?lang=da');
    const page = await browser().get('/s/-/expired?lang=da');
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('<html lang="da">');
    expect(page.body).toContain('<h1>Linket er udløbet</h1>');
  });

  it('sends a closed survey to the closed page and an unknown token to a 404 in the browser language', async () => {
    const link = await personalLink();
    await t.database.db.updateTable('surveys').set({ status: 'closed' }).where('id', '=', link.surveyId).execute();
    expect((await browser().get(`/s/${link.token}`)).headers.location).toBe('/s/-/closed?lang=en');
    expect((await browser().get('/s/-/closed?lang=sv')).body).toContain('Enkäten är stängd');
    const unknown = await browser('de-DE,de;q=0.9').get('/s/AAAAAAAAAAAAAAAAAAAAAAAA');
    expect(unknown.headers.location).toBe('/s/-/unknown?lang=de');
    const page = await browser().get(unknown.headers.location as string);
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('Wir finden diese Umfrage nicht');
    // A post to an unknown link goes to the same page.
    expect((await browser().post('/s/AAAAAAAAAAAAAAAAAAAAAAAA', { recommend: '5' })).headers.location).toBe('/s/-/unknown?lang=en');
  });

  it('treats a public link or kiosk as unknown unless enabled', async () => {
    const survey = await seedSurvey(t.database, workspaceId, { anonymous: true });
    expect((await browser().get(`/l/${survey.slug}`)).headers.location).toBe('/s/-/unknown?lang=en');
    expect((await browser().get(`/k/${survey.slug}`)).headers.location).toBe('/s/-/unknown?lang=en');
  });
});

describe('anonymous surveys', () => {
  it('store no link to the contact or invitation, yet continue across pages and mark the invitation', async () => {
    const link = await personalLink({ anonymous: true, properties: { orderNumber: 'B-2' }, contact: { firstName: 'Cai', segment: 'staff' } });
    const b = browser();
    const first = await b.get(`/s/${link.token}`);
    expect(first.body).toContain('Your answers are anonymous.');
    expect(first.body).not.toContain('Cai');
    const cookie = first.cookies.find((c: { name: string }) => c.name === 'anbefal_rk') as { path: string; httpOnly: boolean; sameSite: string } | undefined;
    expect(cookie).toMatchObject({ path: `/s/${link.token}`, httpOnly: true, sameSite: 'Lax' });
    await b.post(`/s/${link.token}`, { ...hiddenFields(first.body), recommend: '7' });
    const second = await b.get(`/s/${link.token}?page=2`);
    await b.post(`/s/${link.token}`, { ...hiddenFields(second.body), why: 'OK', area: 'price' });
    const third = await b.get(`/s/${link.token}?page=3`);
    await b.post(`/s/${link.token}`, hiddenFields(third.body));
    const responses = await responsesOf(t.database, link.surveyId);
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({
      contact_id: null,
      invitation_id: null,
      owner_member_id: null,
      account_id: null,
      unit_id: unitId,
      segment: 'staff',
      score: 7,
      category: 'passive',
    });
    expect(responses[0]?.properties).toEqual({});
    expect(responses[0]?.resume_key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(responses[0]?.completed_at).not.toBeNull();
    const invitation = await invitationOf(link.token);
    expect(invitation.responded_at).not.toBeNull();
    expect(invitation.completed_at).not.toBeNull();
    expect((await b.get(`/s/${link.token}/thanks`)).statusCode).toBe(200);
  });

  it('public links keep one response per browser and start anew after finishing', async () => {
    const survey = await seedSurvey(t.database, workspaceId, { anonymous: true, publicLink: true });
    const [anna, ben] = [browser(), browser()];
    for (const [who, score] of [
      [anna, '10'],
      [ben, '2'],
    ] as const) {
      const page = await who.get(`/l/${survey.slug}`);
      expect(page.statusCode).toBe(200);
      await who.post(`/l/${survey.slug}`, { ...hiddenFields(page.body), recommend: score });
      await who.post(`/l/${survey.slug}`, { ...hiddenFields(page.body), recommend: score });
    }
    let responses = await responsesOf(t.database, survey.surveyId);
    expect(responses.map((r) => [r.score, r.channel, r.contact_id, r.unit_id])).toEqual([
      [10, 'link', null, null],
      [2, 'link', null, null],
    ]);
    for (const page of [2, 3]) {
      const html = (await anna.get(`/l/${survey.slug}?page=${page}`)).body;
      await anna.post(`/l/${survey.slug}`, hiddenFields(html));
    }
    const fresh = await anna.get(`/l/${survey.slug}`);
    expect(fresh.body).not.toContain(' checked>');
    await anna.post(`/l/${survey.slug}`, { ...hiddenFields(fresh.body), recommend: '9' });
    responses = await responsesOf(t.database, survey.surveyId);
    expect(responses.map((r) => r.score)).toEqual([10, 2, 9]);
  });

  it('kiosks set no cookie, carry the key in the URL, and return to the start after the thank-you page', async () => {
    const survey = await seedSurvey(t.database, workspaceId, { anonymous: true, kiosk: true });
    const b = browser();
    let page = await b.get(`/k/${survey.slug}`);
    let response = await b.post(`/k/${survey.slug}`, { ...hiddenFields(page.body), recommend: '4' });
    expect(response.headers.location).toMatch(new RegExp(`^/k/${survey.slug}\\?page=2&lang=en&r=[\\w-]{22,}$`));
    for (let i = 0; i < 2; i++) {
      page = await b.get(response.headers.location as string);
      response = await b.post(`/k/${survey.slug}`, hiddenFields(page.body));
    }
    expect(response.headers.location).toMatch(new RegExp(`^/k/${survey.slug}/thanks\\?lang=en&r=`));
    const thanks = await b.get(response.headers.location as string);
    expect(thanks.body).toContain(`<meta http-equiv="refresh" content="10;url=/k/${survey.slug}">`);
    expect(thanks.body).toContain(`<a class="btn" href="/k/${survey.slug}">Start again</a>`);
    expect(b.jar.size).toBe(0);
    const responses = await responsesOf(t.database, survey.surveyId);
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({ channel: 'kiosk', score: 4, contact_id: null });
    expect(responses[0]?.completed_at).not.toBeNull();
  });
});

describe('scores inside the email', () => {
  it('records nothing for plain GETs of all 11 score links, and not even opened_at', async () => {
    const link = await personalLink();
    for (let score = 0; score <= 10; score++) {
      const response = await browser().get(`/s/${link.token}?score=${score}`);
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain(`value="${score}" id="q-recommend${score === 0 ? '' : `-${score}`}"`);
      expect(response.body).toContain('data-email-score="record"');
    }
    expect(await responsesOf(t.database, link.surveyId)).toEqual([]);
    const invitation = await invitationOf(link.token);
    expect([invitation.opened_at, invitation.responded_at, invitation.email_score]).toEqual([null, null, null]);
  });

  it('records a single email-link score, ignores a burst of different ones, and lets an interactive answer win', async () => {
    const single = await personalLink();
    const page = await browser().get(`/s/${single.token}?score=9`);
    expect((await browser().post(`/s/${single.token}`, { ...hiddenFields(page.body), recommend: '9', _src: 'email_link' })).statusCode).toBe(204);
    expect((await responsesOf(t.database, single.surveyId))[0]).toMatchObject({ score: 9, score_source: 'email_link' });
    await browser().post(`/s/${single.token}`, { ...hiddenFields(page.body), recommend: '8' });
    await browser().post(`/s/${single.token}`, { ...hiddenFields(page.body), recommend: '2', _src: 'email_link' });
    expect((await responsesOf(t.database, single.surveyId))[0]).toMatchObject({ score: 8, score_source: 'interactive' });

    const scanned = await personalLink();
    for (let score = 0; score <= 10; score++) {
      await browser().post(`/s/${scanned.token}`, { _page: '1', recommend: String(score), _src: 'email_link' });
    }
    expect(await responsesOf(t.database, scanned.surveyId)).toEqual([]);
    const invitation = await invitationOf(scanned.token);
    expect(invitation.email_scores_blocked_until).not.toBeNull();
    expect(invitation.responded_at).toBeNull();
    await browser().post(`/s/${scanned.token}`, { _page: '1', recommend: '6' });
    await browser().post(`/s/${scanned.token}`, { _page: '1', recommend: '1', _src: 'email_link' });
    expect((await responsesOf(t.database, scanned.surveyId)).map((r) => [r.score, r.score_source])).toEqual([[6, 'interactive']]);
  });

  it('keeps an anonymous email-link score off the responses until it is confirmed', async () => {
    const link = await personalLink({ anonymous: true });
    const b = browser();
    const page = await b.get(`/s/${link.token}?score=10`);
    expect(page.body).toContain('data-email-score="confirm"');
    await b.post(`/s/${link.token}`, { ...hiddenFields(page.body), recommend: '10', _src: 'email_link' });
    expect(await responsesOf(t.database, link.surveyId)).toEqual([]);
    expect((await invitationOf(link.token)).email_score).toBe(10);
    // Confirming inside the burst window keeps it waiting; the visible button records it at once.
    await b.post(`/s/${link.token}`, { ...hiddenFields(page.body), recommend: '10', _src: 'email_link_confirm' });
    expect(await responsesOf(t.database, link.surveyId)).toEqual([]);
    await b.post(`/s/${link.token}`, { ...hiddenFields(page.body), recommend: '10' });
    const responses = await responsesOf(t.database, link.surveyId);
    expect(responses.map((r) => [r.score, r.score_source, r.invitation_id])).toEqual([[10, 'interactive', null]]);
    expect((await invitationOf(link.token)).email_score).toBeNull();
  });
});

describe('malformed posts', () => {
  it('answer 400 with the page (or 415 for foreign bodies), never 500, and save nothing', async () => {
    const link = await personalLink();
    const b = browser();
    const url = `/s/${link.token}`;
    const bad: Record<string, string | string[]>[] = [
      { _page: '1', recommend: '11' },
      { _page: '1', recommend: '-1' },
      { _page: '1', recommend: 'ten' },
      { _page: '1', recommend: ['3', '4'] },
      { _page: '1', recommend: '3.5' },
      { _page: 'x', recommend: '1e1' },
      { _page: '0', recommend: '' },
    ];
    for (const fields of bad) {
      const response = await b.post(url, fields);
      expect(response.statusCode, JSON.stringify(fields)).toBe(400);
      expect(response.body).toContain('role="alert"');
    }
    const first = await b.get(url);
    await b.post(url, { ...hiddenFields(first.body), recommend: '2' });
    const choice = await b.post(url, { _page: '2', why: 'x'.repeat(5001), area: 'cheapness' });
    expect(choice.statusCode).toBe(400);
    expect(choice.body).toContain('Use at most 5000 characters.');
    expect(choice.body).toContain('Choose one of the options shown.');
    expect(choice.body).toContain(`>${'x'.repeat(5001)}</textarea>`);
    for (const [type, payload] of [
      ['application/x-www-form-urlencoded', '%ZZ=%%&recommend=%E0%A4%A&__proto__=1&constructor=2'],
      ['application/x-www-form-urlencoded', '_page=2&why=%00%01nul'],
      ['application/json', '{"recommend": {"$gt": 1}, "_page": [1]}'],
      ['application/json', '{"recommend":'],
      ['text/plain', 'recommend=1'],
      ['application/x-www-form-urlencoded', `why=${'a'.repeat(70 * 1024)}`],
    ] as const) {
      const response = await b.raw(url, type, payload);
      expect(response.statusCode, `${type} ${payload.slice(0, 40)}`).toBeGreaterThanOrEqual(300);
      expect(response.statusCode, `${type} ${payload.slice(0, 40)}`).toBeLessThan(500);
    }
    const [response] = await responsesOf(t.database, link.surveyId);
    expect(response?.score).toBe(2);
    expect(response?.answers.why?.text_value).toBe('nul');
    expect(response?.answers.area).toBeUndefined();
  });
});

describe('language', () => {
  it('prefers the switcher, then the invitation, the contact, Accept-Language and the default', async () => {
    const h1 = async (token: string, accept: string, query = '') => /<h1>([^<]*)<\/h1>/.exec((await browser(accept).get(`/s/${token}${query}`)).body)?.[1];
    const invited = await personalLink({ language: 'sv', contact: { language: 'da' } });
    expect(await h1(invited.token, 'de')).toBe('Din feedback till Hygge Bikes');
    expect(await h1(invited.token, 'de', '?lang=fi')).toBe('Palautteesi yritykselle Hygge Bikes');
    const contact = await personalLink({ contact: { language: 'da-DK' } });
    expect(await h1(contact.token, 'de')).toBe('Din feedback til Hygge Bikes');
    const browserOnly = await personalLink({ contact: {} });
    expect(await h1(browserOnly.token, 'fr;q=1, nb-NO;q=0.8, de;q=0.5')).toBe('Din tilbakemelding til Hygge Bikes');
    expect(await h1(browserOnly.token, 'fr')).toBe('Your feedback to Hygge Bikes');

    const twoLanguages = await seedSurvey(t.database, workspaceId, {
      definition: { ...NPS_SURVEY, languages: ['en', 'de'], defaultLanguage: 'de' },
      publicLink: true,
      anonymous: true,
    });
    const page = (await browser('da').get(`/l/${twoLanguages.slug}?lang=fi`)).body;
    expect(page).toContain('<html lang="de">');
    expect([...page.matchAll(/hreflang="(\w+)"/g)].map((m) => m[1])).toEqual(['en', 'de']);
  });
});

describe('editor preview', () => {
  it('renders the draft for a signed-in person, frameable by the portal, recording nothing', async () => {
    const survey = await seedSurvey(t.database, workspaceId);
    await t.database.db
      .updateTable('surveys')
      .set({ draft: JSON.stringify({ ...NPS_SURVEY, intro: { en: 'Draft intro', da: 'Udkast' } }) })
      .where('id', '=', survey.surveyId)
      .execute();
    const owner = await signIn(t.app, 'owner@hygge.test');
    const response = await owner.get(`/api/v1/surveys/${survey.surveyId}/preview?language=da&page=2`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.body).toContain('Forhåndsvisning: svar gemmes ikke.');
    expect(response.body).toContain('Hvorfor gav du den score?');
    const intro = await owner.get(`/api/v1/surveys/${survey.surveyId}/preview`);
    expect(intro.body).toContain('Draft intro');
    expect(await responsesOf(t.database, survey.surveyId)).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/surveys/${survey.surveyId}/preview` })).statusCode).toBe(401);
  });
});

describe('a version published while a respondent is answering', () => {
  it('lets them finish the version they started, and new respondents get the new one', async () => {
    const link = await personalLink();
    const b = browser();
    const first = await b.get(`/s/${link.token}`);
    await b.post(`/s/${link.token}`, { ...hiddenFields(first.body), recommend: '9' });
    const changed = structuredClone(NPS_SURVEY);
    const why = changed.pages[1]?.questions[0];
    if (why) {
      why.text = { en: 'Tell us more', da: 'Fortæl mere', sv: 'Berätta mer', nb: 'Fortell mer', de: 'Erzählen Sie mehr', fi: 'Kerro lisää' };
      delete why.textByCategory;
    }
    const v2 = await t.database.db
      .insertInto('survey_versions')
      .values({ workspace_id: workspaceId, survey_id: link.surveyId, version: 2, definition: JSON.stringify(changed) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.database.db.updateTable('surveys').set({ current_version_id: v2.id }).where('id', '=', link.surveyId).execute();

    const second = await b.get(`/s/${link.token}?page=2`);
    expect(second.body).toContain('What do you like most about us?');
    await b.post(`/s/${link.token}`, { ...hiddenFields(second.body), why: 'Still v1' });
    const contactId = await seedContact(t.database, workspaceId, unitId);
    const newcomer = await seedInvitation(t.database, { workspaceId, surveyId: link.surveyId, contactId });
    const fresh = browser();
    const page = await fresh.get(`/s/${newcomer}`);
    await fresh.post(`/s/${newcomer}`, { ...hiddenFields(page.body), recommend: '9' });
    expect((await fresh.get(`/s/${newcomer}?page=2`)).body).toContain('Tell us more');
    const responses = await responsesOf(t.database, link.surveyId);
    expect(responses.map((r) => r.survey_version_id)).toEqual([link.versionId, v2.id]);
    expect(responses[0]?.answers.why?.text_value).toBe('Still v1');
  });
});

describe('rate limits', () => {
  it('limits form posts per link and address', async () => {
    const survey = await seedSurvey(t.database, workspaceId, { anonymous: true, kiosk: true });
    const b = browser();
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await b.post(`/k/${survey.slug}`, { _page: '1' })).statusCode);
    expect(statuses.slice(0, 60).every((status) => status === 400)).toBe(true);
    expect(statuses[60]).toBe(429);
    // Another link from the same address is not affected.
    const other = await seedSurvey(t.database, workspaceId, { anonymous: true, kiosk: true });
    expect((await b.post(`/k/${other.slug}`, { _page: '1' })).statusCode).toBe(400);
  });
});

describe('branding', () => {
  it("uses the workspace's colour and logo from its branding settings", async () => {
    const other = await seedWorkspace(t.database, 'Blue Bikes', 'owner@blue.test');
    await t.database.db
      .updateTable('workspaces')
      .set({ settings: JSON.stringify({ branding: { colour: '#1d4ed8', logo: { contentType: 'image/png', hash: 'abc123', bytes: 10 } } }) })
      .where('id', '=', other.workspaceId)
      .execute();
    const survey = await seedSurvey(t.database, other.workspaceId, { anonymous: true, publicLink: true });
    const page = await browser().get(`/l/${survey.slug}`);
    expect(page.body).toContain(':root{--brand:#1d4ed8;');
    expect(page.body).toContain(`<img class="logo" src="/brand/${other.workspaceId}/logo-abc123.png" alt="Blue Bikes">`);
  });
});
