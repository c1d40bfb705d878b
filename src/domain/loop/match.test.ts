// Rule matching without a database: every condition type, and keywords stemmed per language.
import { describe, expect, it } from 'vitest';
import { containsKeyword } from './keywords.ts';
import { type AnswerFacts, conditionHolds, ruleMatches } from './match.ts';
import { AlertCondition, AlertRuleCreate, DEFAULT_RULES } from './rule-schema.ts';

const SURVEY = '3f0c6f5e-8a43-4b8e-9c1e-2b7f1f0e5d2a';
const facts = (over: Partial<AnswerFacts> = {}): AnswerFacts => ({
  surveyId: SURVEY,
  language: 'en',
  score: 3,
  category: 'detractor',
  touchpointKey: 'delivery',
  segment: 'vip',
  attributes: { region: 'north', tier: 2, products: ['loan', 'card'] },
  answers: new Map([
    ['nps', { number: 3 }],
    ['why', { text: 'The delivery was late and I want to cancel my subscription.' }],
    ['may_contact', { choices: ['yes'] }],
    ['area', { choices: ['price'] }],
  ]),
  ...over,
});
const holds = (condition: unknown, over: Partial<AnswerFacts> = {}) => conditionHolds(AlertCondition.parse(condition), facts(over));

describe('alert conditions', () => {
  it('match the NPS category and a score range', () => {
    expect(holds({ type: 'category', categories: ['detractor'] })).toBe(true);
    expect(holds({ type: 'category', categories: ['promoter', 'passive'] })).toBe(false);
    expect(holds({ type: 'category', categories: ['detractor'] }, { category: null, score: null })).toBe(false);
    expect(holds({ type: 'score', min: 0, max: 3 })).toBe(true);
    expect(holds({ type: 'score', min: 4, max: 6 })).toBe(false);
  });

  it("match any question's answer by value or range", () => {
    expect(holds({ type: 'answer', questionKey: 'area', values: ['price', 'service'] })).toBe(true);
    expect(holds({ type: 'answer', questionKey: 'area', values: ['quality'] })).toBe(false);
    expect(holds({ type: 'answer', questionKey: 'nps', min: 0, max: 4 })).toBe(true);
    expect(holds({ type: 'answer', questionKey: 'nps', min: 5 })).toBe(false);
    expect(holds({ type: 'answer', questionKey: 'missing', values: ['x'] })).toBe(false);
  });

  it('match a contact request (a yes) on any of the named questions', () => {
    expect(holds({ type: 'contact_request', questionKeys: ['contact_ok', 'may_contact'] })).toBe(true);
    expect(holds({ type: 'contact_request', questionKeys: ['may_contact'] }, { answers: new Map([['may_contact', { choices: ['no'] }]]) })).toBe(false);
  });

  it('match segment, contact attributes (also list values), touchpoint and survey', () => {
    expect(holds({ type: 'segment', values: ['vip', 'gold'] })).toBe(true);
    expect(holds({ type: 'segment', values: ['gold'] })).toBe(false);
    expect(holds({ type: 'attribute', key: 'region', values: ['north'] })).toBe(true);
    expect(holds({ type: 'attribute', key: 'tier', values: ['2'] })).toBe(true);
    expect(holds({ type: 'attribute', key: 'products', values: ['card'] })).toBe(true);
    expect(holds({ type: 'attribute', key: 'region', values: ['south'] })).toBe(false);
    expect(holds({ type: 'touchpoint', touchpointKeys: ['delivery'] })).toBe(true);
    expect(holds({ type: 'touchpoint', touchpointKeys: ['billing'] })).toBe(false);
    expect(holds({ type: 'survey', surveyIds: [SURVEY] })).toBe(true);
    expect(holds({ type: 'survey', surveyIds: ['00000000-0000-4000-8000-000000000000'] })).toBe(false);
  });

  it('need every condition of a rule', () => {
    const conditions = AlertCondition.array().parse([
      { type: 'category', categories: ['detractor'] },
      { type: 'segment', values: ['vip'] },
    ]);
    expect(ruleMatches(conditions, facts())).toBe(true);
    expect(ruleMatches(conditions, facts({ segment: 'basic' }))).toBe(false);
    expect(ruleMatches([], facts())).toBe(false);
  });
});

describe('keyword conditions', () => {
  const keywords = { type: 'keywords', keywords: { en: ['cancel', 'refund'], da: ['opsige', 'utilfreds', 'dårlig service'] } };

  it('match English words after stemming', () => {
    expect(holds(keywords)).toBe(true);
    expect(holds(keywords, { answers: new Map([['why', { text: 'They REFUNDED nothing.' }]]) })).toBe(true);
    expect(holds(keywords, { answers: new Map([['why', { text: 'Cancellations were handled well.' }]]) })).toBe(true);
    expect(holds(keywords, { answers: new Map([['why', { text: 'Great people, fast delivery.' }]]) })).toBe(false);
    // A keyword inside another word is no match.
    expect(holds(keywords, { answers: new Map([['why', { text: 'Their uncancelled orders shipped' }]]) })).toBe(false);
  });

  it('match Danish inflections and phrases with the Danish stemmer, in Danish answers only', () => {
    const danish = (text: string) => holds(keywords, { language: 'da', answers: new Map([['why', { text }]]) });
    expect(danish('Jeg har opsagt mit abonnement')).toBe(false);
    expect(danish('Jeg vil opsige mit abonnement')).toBe(true);
    expect(danish('Vi er meget utilfredse med jer')).toBe(true);
    expect(danish('Utilfredshed overalt')).toBe(true);
    expect(danish('Virkelig dårlig servicen i butikken')).toBe(true);
    expect(danish('Dårlig parkering, god service')).toBe(false);
    // English keywords do not apply to a Danish answer, nor Danish ones to an English answer.
    expect(danish('cancel')).toBe(false);
    expect(holds(keywords, { answers: new Map([['why', { text: 'utilfreds' }]]) })).toBe(false);
  });

  it('look only at the named questions when given', () => {
    expect(holds({ ...keywords, questionKeys: ['other'] })).toBe(false);
    expect(holds({ ...keywords, questionKeys: ['why'] })).toBe(true);
    expect(containsKeyword('Ikke flere klager, tak', ['klage'], 'da')).toBe(true);
  });
});

describe('rule documents', () => {
  it('refuse what cannot be evaluated, naming the field', () => {
    const bad = AlertRuleCreate.safeParse({
      name: 'Bad',
      conditions: [
        { type: 'score', min: 8, max: 2 },
        { type: 'keywords', keywords: {} },
        { type: 'answer', questionKey: 'nps' },
      ],
      actions: [
        { type: 'create_case', kind: 'follow_up' },
        { type: 'create_case', kind: 'lead' },
        { type: 'slack', url: 'ftp://example.com' },
      ],
    });
    expect(bad.success).toBe(false);
    const paths = bad.error?.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['conditions.0.max', 'conditions.1.keywords', 'conditions.2.values', 'actions', 'actions.2.url']));
  });

  it('the defaults are valid rules', () => {
    for (const rule of DEFAULT_RULES) expect(AlertRuleCreate.safeParse(rule.create).success).toBe(true);
  });
});
