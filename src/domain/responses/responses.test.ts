// The respondent domain without HTTP: language order, conditions, strict reading of a page,
// and the email-score rule over time (the clock is passed in, so no test waits).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorkspace, startTestApp, type TestApp } from '../../../test/support/app.ts';
import { NPS_SURVEY, responsesOf, seedContact, seedInvitation, seedSurvey } from '../../../test/support/surveys.ts';
import type { Question } from '../surveys/definition.ts';
import { readPage } from './answers.ts';
import { categoryOf, shownPages, shownQuestions } from './conditions.ts';
import { BLOCK_MS, BURST_MS, recordEmailScore, settleEmailScore } from './email-scores.ts';
import { chooseLanguage, fromAcceptLanguage } from './language.ts';
import { type OpenLink, resolveLink } from './resolve.ts';

describe('chooseLanguage', () => {
  const survey = { languages: ['en', 'da', 'de', 'nb'] as const, defaultLanguage: 'en' as const };
  it('takes the switcher, then the started response, invitation, contact, Accept-Language, default', () => {
    const all = { requested: 'de', response: 'da', invitation: 'nb', contact: 'da', acceptLanguage: 'de' };
    expect(chooseLanguage(survey, all)).toBe('de');
    expect(chooseLanguage(survey, { ...all, requested: 'fi' })).toBe('da');
    expect(chooseLanguage(survey, { ...all, requested: null, response: null })).toBe('nb');
    expect(chooseLanguage(survey, { invitation: 'sv', contact: 'DA-dk', acceptLanguage: 'de' })).toBe('da');
    expect(chooseLanguage(survey, { contact: null, acceptLanguage: 'fr, de-AT;q=0.7, da;q=0.5' })).toBe('de');
    expect(chooseLanguage(survey, { acceptLanguage: 'no' })).toBe('nb');
    expect(chooseLanguage(survey, { acceptLanguage: 'fr, *;q=0' })).toBe('en');
    expect(chooseLanguage(survey, {})).toBe('en');
  });
  it('survives nonsense headers', () => {
    expect(fromAcceptLanguage(`;;;,,q=x,,${'a'.repeat(5000)}`, ['en'])).toBeUndefined();
  });
});

describe('conditions', () => {
  const context = (answers: [string, { number?: number; choices?: string[] }][], segment: string | null = null) => ({
    answers: new Map(answers),
    contact: { segment, language: 'en', attributes: { plan: ['gold', 'extra'] } },
    language: 'en' as const,
  });
  it('shows questions by category, earlier answer and contact attribute', () => {
    expect(categoryOf(NPS_SURVEY, new Map([['recommend', { number: 8 }]]))).toBe('passive');
    expect(shownQuestions(NPS_SURVEY, 1, context([['recommend', { number: 10 }]])).map((q) => q.key)).toEqual(['why']);
    expect(shownQuestions(NPS_SURVEY, 1, context([['recommend', { number: 7 }]])).map((q) => q.key)).toEqual(['why', 'area']);
    expect(shownQuestions(NPS_SURVEY, 2, context([], 'vip')).map((q) => q.key)).toEqual(['contact_ok', 'service', 'email', 'vip_topics']);
    expect(shownQuestions(NPS_SURVEY, 2, context([], 'retail')).map((q) => q.key)).toEqual(['contact_ok', 'service', 'email']);
    const conditional: Question = {
      key: 'gold',
      type: 'yes_no',
      required: false,
      text: { en: 'Gold?' },
      condition: { type: 'attribute', attribute: 'plan', values: ['gold'] },
    };
    const byAnswer: Question = {
      key: 'low',
      type: 'text',
      required: false,
      multiline: true,
      text: { en: 'Low?' },
      condition: { type: 'answer', questionKey: 'recommend', max: 3 },
    };
    const definition = { ...NPS_SURVEY, pages: [...NPS_SURVEY.pages, { questions: [conditional, byAnswer] }] };
    expect(shownQuestions(definition, 3, context([['recommend', { number: 2 }]])).map((q) => q.key)).toEqual(['gold', 'low']);
    expect(shownQuestions(definition, 3, { ...context([['recommend', { number: 4 }]]), contact: null }).map((q) => q.key)).toEqual([]);
    expect(shownPages(definition, { ...context([]), contact: null })).toEqual([0, 1, 2]);
  });
});

describe('readPage', () => {
  const questions = NPS_SURVEY.pages.flatMap((p) => p.questions);
  const email: Question = { key: 'mail', type: 'email', required: false, text: { en: 'Email' } };
  const phone: Question = { key: 'tel', type: 'phone', required: false, text: { en: 'Phone' } };
  it('types answers and names every problem', () => {
    const good = readPage(
      [...questions, email, phone],
      {
        recommend: ['10'],
        why: [' Great\u0000 '],
        area: ['price'],
        contact_ok: ['no'],
        vip_topics: ['news', 'events', 'news'],
        mail: ['a@b.dk'],
        tel: ['+45 12 34 56 78'],
      },
      true,
    );
    expect(good.problems).toEqual([]);
    expect(Object.fromEntries(good.answers)).toEqual({
      recommend: { number: 10 },
      why: { text: 'Great' },
      area: { choices: ['price'] },
      contact_ok: { choices: ['no'] },
      service: null,
      email: null,
      vip_topics: { choices: ['events', 'news'] },
      mail: { text: 'a@b.dk' },
      tel: { text: '+45 12 34 56 78' },
    });
    const bad = readPage(
      [...questions, email, phone],
      { recommend: ['010'], area: ['price', 'service'], contact_ok: ['maybe'], vip_topics: ['x'], mail: ['nope'], tel: ['call me'] },
      true,
    );
    expect(bad.problems.map((p) => `${p.questionKey}:${p.problem}`)).toEqual([
      'recommend:scale',
      'area:choice',
      'contact_ok:choice',
      'vip_topics:choice',
      'mail:email',
      'tel:phone',
    ]);
    expect(readPage(questions, {}, true).problems).toEqual([{ questionKey: 'recommend', problem: 'required' }]);
    expect(readPage(questions, {}, false).problems).toEqual([]);
  });
});

describe('email-link scores over time', () => {
  let t: TestApp;
  let workspaceId: string;
  let unitId: string;
  beforeAll(async () => {
    t = await startTestApp();
    const seeded = await seedWorkspace(t.database, 'Clockwork', 'owner@clock.test');
    workspaceId = seeded.workspaceId;
    unitId = seeded.rootUnitId;
  });
  afterAll(() => t?.close());

  async function open(anonymous: boolean): Promise<OpenLink & { surveyId: string }> {
    const survey = await seedSurvey(t.database, workspaceId, { anonymous });
    const contactId = await seedContact(t.database, workspaceId, unitId);
    const token = await seedInvitation(t.database, { workspaceId, surveyId: survey.surveyId, contactId });
    const resolved = await resolveLink(t.database.db, 'personal', token);
    if (!('link' in resolved)) throw new Error('link not open');
    return resolved.link;
  }

  it('accepts a different score after the burst window, and again after a block has passed', async () => {
    const link = await open(false);
    const t0 = new Date('2026-01-01T10:00:00Z');
    const at = (ms: number) => new Date(t0.getTime() + ms);
    expect(await recordEmailScore(t.database.db, link, 3, 'en', t0)).toBe('recorded');
    expect(await recordEmailScore(t.database.db, link, 3, 'en', at(1000))).toBe('recorded');
    expect(await recordEmailScore(t.database.db, link, 5, 'en', at(BURST_MS + 2000))).toBe('recorded');
    expect((await responsesOf(t.database, link.surveyId))[0]).toMatchObject({ score: 5, score_source: 'email_link' });
    expect(await recordEmailScore(t.database.db, link, 6, 'en', at(BURST_MS + 3000))).toBe('burst');
    expect(await responsesOf(t.database, link.surveyId)).toEqual([]);
    expect(await recordEmailScore(t.database.db, link, 6, 'en', at(BURST_MS + BLOCK_MS))).toBe('ignored');
    expect(await recordEmailScore(t.database.db, link, 6, 'en', at(BURST_MS + BLOCK_MS + 5000))).toBe('recorded');
  });

  it('moves an anonymous score into an unlinked response once confirmed after the window', async () => {
    const link = await open(true);
    const t0 = new Date('2026-01-01T10:00:00Z');
    const key = 'k'.repeat(32);
    expect(await recordEmailScore(t.database.db, link, 9, 'en', t0)).toBe('pending');
    expect(await settleEmailScore(t.database.db, link, key, 'en', new Date(t0.getTime() + 2000))).toBe('pending');
    expect(await settleEmailScore(t.database.db, link, key, 'en', new Date(t0.getTime() + BURST_MS + 1000))).toBe('recorded');
    const responses = await responsesOf(t.database, link.surveyId);
    expect(responses.map((r) => [r.score, r.category, r.score_source, r.invitation_id, r.contact_id])).toEqual([[9, 'promoter', 'email_link', null, null]]);
    expect(await recordEmailScore(t.database.db, link, 2, 'en', new Date(t0.getTime() + 60_000))).toBe('ignored');
  });

  it('discards an anonymous burst before anything reaches the responses', async () => {
    const link = await open(true);
    const t0 = new Date('2026-01-01T10:00:00Z');
    expect(await recordEmailScore(t.database.db, link, 0, 'en', t0)).toBe('pending');
    expect(await recordEmailScore(t.database.db, link, 1, 'en', new Date(t0.getTime() + 300))).toBe('burst');
    expect(await settleEmailScore(t.database.db, link, 'q'.repeat(32), 'en', new Date(t0.getTime() + 60_000))).toBe('ignored');
    expect(await responsesOf(t.database, link.surveyId)).toEqual([]);
  });
});
