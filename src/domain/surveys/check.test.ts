// The checks a definition's shape cannot express, and the list of untranslated texts.
import { describe, expect, it } from 'vitest';
import { checkDefinition, checkPublishable, type DefinitionContext } from './check.ts';
import { SurveyDefinition } from './definition.ts';
import { textsOf, untranslatedTexts } from './texts.ts';

const context: DefinitionContext = { kind: 'relationship_nps', touchpoints: new Set(['delivery']), attributes: new Set(['tier']) };

const nps = {
  key: 'nps',
  type: 'nps',
  text: { en: 'How likely is it that you would recommend {company}?', da: 'Hvor sandsynligt er det, at du vil anbefale {company}?' },
  minLabel: { en: 'Not at all likely', da: 'Slet ikke sandsynligt' },
  maxLabel: { en: 'Extremely likely', da: 'Meget sandsynligt' },
  required: true,
};
const why = {
  key: 'why',
  type: 'text',
  text: { en: 'Why?', da: 'Hvorfor?' },
  textByCategory: { promoter: { en: 'What do you value most?', da: 'Hvad sætter du mest pris på?' } },
};
const base = (changes: Record<string, unknown> = {}) =>
  SurveyDefinition.parse({
    defaultLanguage: 'en',
    languages: ['en', 'da'],
    mainQuestion: 'nps',
    pages: [{ questions: [nps] }, { questions: [why] }],
    thankYou: { text: { en: 'Thank you', da: 'Tak' } },
    ...changes,
  });

const fields = (problems: { field: string }[]) => problems.map((p) => p.field);

describe('checkDefinition', () => {
  it('accepts a complete NPS survey', () => {
    expect(checkPublishable(base(), context)).toEqual([]);
  });

  it('needs the main question to fit the kind and sit on the first page', () => {
    expect(fields(checkDefinition(base({ mainQuestion: undefined }), context))).toEqual(['mainQuestion', 'pages.1.questions.0.textByCategory']);
    expect(checkDefinition(base({ mainQuestion: 'why' }), context)[0]?.message).toMatch(/NPS question \(0–10\), not a text question/);
    expect(checkDefinition(base({ pages: [{ questions: [why] }, { questions: [nps] }] }), context).map((p) => p.message)).toContain(
      'the main question must be on the first page, so a respondent who only gives it still counts',
    );
    const csat = { key: 'csat', type: 'rating', min: 1, max: 7, text: { en: 'Happy?' }, minLabel: { en: 'No' }, maxLabel: { en: 'Yes' } };
    const problems = checkDefinition(base({ mainQuestion: 'csat', pages: [{ questions: [csat] }] }), { ...context, kind: 'csat' });
    expect(problems[0]?.message).toMatch(/rating from 1 to 5/);
    expect(checkDefinition(base({ mainQuestion: undefined, pages: [{ questions: [nps] }] }), { ...context, kind: 'custom' })).toEqual([]);
  });

  it('finds duplicate keys, unknown touchpoints and attributes', () => {
    const twin = { ...why, key: 'nps', textByCategory: undefined };
    const tp = { ...why, key: 'tp', textByCategory: undefined, touchpoint: 'billing' };
    const attr = { ...why, key: 'attr', textByCategory: undefined, condition: { type: 'attribute', attribute: 'region', values: ['North'] } };
    const problems = checkDefinition(base({ pages: [{ questions: [nps] }, { questions: [why, twin, tp, attr] }] }), context);
    expect(fields(problems)).toEqual(['pages.1.questions.1.key', 'pages.1.questions.2.touchpoint', 'pages.1.questions.3.condition.attribute']);
  });

  it('lets conditions and category wording look only at earlier pages', () => {
    const choice = {
      key: 'reason',
      type: 'single_choice',
      text: { en: 'Main reason?' },
      choices: [
        { key: 'price', label: { en: 'Price' } },
        { key: 'service', label: { en: 'Service' } },
      ],
    };
    const samePage = { ...why, key: 'more', textByCategory: undefined, condition: { type: 'answer', questionKey: 'reason', values: ['price'] } };
    const badValue = { ...why, key: 'later', textByCategory: undefined, condition: { type: 'answer', questionKey: 'reason', values: ['colour'] } };
    const scale = { ...why, key: 'low', textByCategory: undefined, condition: { type: 'answer', questionKey: 'nps', max: 11 } };
    const category = { ...why, key: 'cat', textByCategory: undefined, condition: { type: 'category', categories: ['detractor'] } };
    const wordingOnFirst = { ...why, key: 'first' };
    const problems = checkDefinition(
      base({
        pages: [
          { questions: [nps, wordingOnFirst, { ...category, key: 'cat1' }] },
          { questions: [choice, samePage] },
          { questions: [badValue, scale, category] },
        ],
      }),
      context,
    );
    expect(problems).toEqual([
      { field: 'pages.0.questions.1.textByCategory', message: expect.stringMatching(/earlier page/) },
      { field: 'pages.0.questions.2.condition', message: expect.stringMatching(/earlier page/) },
      { field: 'pages.1.questions.1.condition.questionKey', message: '"reason" must be on an earlier page than the question it shows' },
      { field: 'pages.2.questions.0.condition.values', message: '"colour" is not one of price, service' },
      { field: 'pages.2.questions.1.condition.max', message: 'must be between 0 and 10' },
    ]);
  });

  it('publishing needs every text in every language of the survey', () => {
    const definition = base({ languages: ['en', 'da', 'sv'] });
    const missing = untranslatedTexts(definition);
    expect(missing.every((m) => m.language === 'sv')).toBe(true);
    expect(missing.map((m) => m.id)).toEqual([
      'question.nps.text',
      'question.nps.minLabel',
      'question.nps.maxLabel',
      'question.why.text',
      'question.why.textByCategory.promoter',
      'thankYou.text',
    ]);
    expect(checkDefinition(definition, context)).toEqual([]);
    expect(checkPublishable(definition, context)[0]).toEqual({ field: 'texts.question.nps.text', message: 'has no sv text' });
  });

  it('names every text by a stable id and can replace it', () => {
    const definition = base();
    const entry = textsOf(definition).find((e) => e.id === 'question.why.textByCategory.promoter');
    entry?.set(definition, { en: 'What do you like?', da: 'Hvad kan du lide?', sv: 'Vad gillar du?' });
    expect(definition.pages[1]?.questions[0]?.textByCategory?.promoter).toEqual({ en: 'What do you like?', da: 'Hvad kan du lide?', sv: 'Vad gillar du?' });
  });

  it('includes the invitation email texts', () => {
    const definition = base({ invitation: { subject: { en: 'A minute for {company}?' }, body: { en: 'Hi {firstName}', da: 'Hej {firstName}' } } });
    const ids = textsOf(definition).map((e) => e.id);
    expect(ids.slice(0, 2)).toEqual(['invitation.subject', 'invitation.body']);
    expect(untranslatedTexts(definition)).toEqual([{ id: 'invitation.subject', language: 'da' }]);
    textsOf(definition)
      .find((e) => e.id === 'invitation.subject')
      ?.set(definition, { en: 'A minute for {company}?', da: 'Et minut til {company}?' });
    expect(untranslatedTexts(definition)).toEqual([]);
  });
});
