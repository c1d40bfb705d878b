// Every template is publishable as it is (given its touchpoints), complete and really translated in
// all six languages, short, and measured by the question its kind calls for.
import { describe, expect, it } from 'vitest';
import { checkPublishable } from '../check.ts';
import { LANGUAGES, type LocalizedText, questionsOf, SurveyDefinition } from '../definition.ts';
import { textsOf } from '../texts.ts';
import { findTemplate, SURVEY_TEMPLATES, TEMPLATE_TOUCHPOINTS } from './index.ts';

const touchpoints = new Set(TEMPLATE_TOUCHPOINTS.map((tp) => tp.key));
const cases = SURVEY_TEMPLATES.map((template) => [template.id, template] as const);

/** Every text of a template: its name and description, and every text of its definition. */
const allTexts = (template: (typeof SURVEY_TEMPLATES)[number]): [string, LocalizedText][] => [
  ['name', template.name],
  ['description', template.description],
  ...textsOf(template.definition).map((entry) => [entry.id, entry.text] as [string, LocalizedText]),
];

describe('survey templates', () => {
  it('cover every kind the issue names, with unique ids that findTemplate finds', () => {
    const ids = SURVEY_TEMPLATES.map((template) => template.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(SURVEY_TEMPLATES.map((template) => template.kind).sort()).toEqual(
      ['ces', 'csat', 'enps', 'relationship_nps', 'relationship_nps', 'transactional_nps', 'transactional_nps', 'transactional_nps'].sort(),
    );
    for (const id of ids) expect(findTemplate(id)?.id).toBe(id);
    expect(findTemplate('no-such-template')).toBeUndefined();
  });

  it.each(cases)('%s is a valid definition and publishable with the template touchpoints', (_id, template) => {
    expect(SurveyDefinition.safeParse(template.definition).success).toBe(true);
    expect(checkPublishable(template.definition, { kind: template.kind, touchpoints, attributes: new Set() })).toEqual([]);
    // Without the touchpoints it uses, the check says which are missing.
    const used = questionsOf(template.definition).flatMap((q) => (q.touchpoint ? [q.touchpoint] : []));
    for (const key of used) expect(touchpoints.has(key)).toBe(true);
    if (used.length > 0) {
      const problems = checkPublishable(template.definition, { kind: template.kind, touchpoints: new Set(), attributes: new Set() });
      expect(problems.map((p) => p.message).join(' ')).toContain(`"${used[0]}" is not one of the workspace's touchpoints`);
    }
  });

  it.each(cases)('%s has every text in all six languages, and none left untranslated', (_id, template) => {
    expect(template.definition.languages).toEqual([...LANGUAGES]);
    for (const [id, text] of allTexts(template)) {
      for (const language of LANGUAGES) expect(text[language]?.trim(), `${id} in ${language}`).toBeTruthy();
      // A text the same in all six languages was copied, not translated.
      expect(new Set(LANGUAGES.map((language) => text[language])).size, `${id} is identical in every language`).toBeGreaterThan(1);
      // Placeholders survive translation: each language uses the same ones as English.
      const placeholders = (value: string | undefined) => (value?.match(/\{\w+\}/g) ?? []).sort();
      for (const language of LANGUAGES) expect(placeholders(text[language]), `${id} in ${language}`).toEqual(placeholders(text.en));
    }
  });

  it.each(cases)('%s has an invitation email: subject, message and reminder subject, short subjects and a greeting by first name', (_id, template) => {
    const invitation = template.definition.invitation;
    expect(invitation?.reminderSubject).toBeDefined();
    for (const language of LANGUAGES) {
      for (const subject of [invitation?.subject[language], invitation?.reminderSubject?.[language]]) {
        // Inbox lists and phones cut subjects around 60 characters.
        expect(subject?.length, `${subject} in ${language}`).toBeLessThanOrEqual(60);
      }
      expect(invitation?.body[language], language).toMatch(/^\S+ \{firstName\},\n\n/);
    }
  });

  it.each(cases)('%s is short, asks its main question first and fits its kind', (_id, template) => {
    const questions = questionsOf(template.definition);
    expect(questions.length).toBeLessThanOrEqual(7);
    const main = template.definition.pages[0]?.questions.find((q) => q.key === template.definition.mainQuestion);
    expect(main?.required).toBe(true);
    const expected = { relationship_nps: 'nps', transactional_nps: 'nps', enps: 'nps', csat: 'rating 1-5', ces: 'rating 1-7', custom: '' }[template.kind];
    expect(main && (main.type === 'rating' ? `rating ${main.min}-${main.max}` : main.type)).toBe(expected);
    // Scales run lowest first with both end labels.
    for (const q of questions) if (q.type === 'rating' || q.type === 'nps') expect(q.minLabel.en && q.maxLabel.en).toBeTruthy();
  });

  it.each(cases)('%s asks the why per NPS category and thanks each category, or uses answer conditions without NPS', (_id, template) => {
    const questions = questionsOf(template.definition);
    if (template.definition.mainQuestion === 'nps') {
      const why = questions.find((q) => q.key === 'why');
      expect(Object.keys(why?.textByCategory ?? {}).sort()).toEqual(['detractor', 'passive', 'promoter']);
      if (!template.anonymous) expect(Object.keys(template.definition.thankYouByCategory ?? {}).sort()).toEqual(['detractor', 'passive', 'promoter']);
    } else {
      expect(questions.filter((q) => q.condition?.type === 'answer')).toHaveLength(2);
    }
  });

  it('asks customers for permission to follow up, and never asks it in an anonymous survey', () => {
    for (const template of SURVEY_TEMPLATES) {
      const asks = questionsOf(template.definition).some((q) => q.type === 'yes_no' && q.key === 'may_contact');
      expect(asks, template.id).toBe(!template.anonymous);
    }
    expect(findTemplate('enps')?.anonymous).toBe(true);
  });

  it('uses the established Danish NPS wording and leaves review links to each company', () => {
    expect(findTemplate('relationship-nps-b2c')?.definition.pages[0]?.questions[0]?.text.da).toBe(
      'Hvor sandsynligt er det, at du vil anbefale {company} til en ven eller kollega?',
    );
    for (const template of SURVEY_TEMPLATES) expect(template.definition.thankYouByCategory?.promoter?.link).toBeUndefined();
  });

  it('cannot be changed by accident: templates are shared', () => {
    const template = SURVEY_TEMPLATES[0];
    expect(() => {
      (template as { name: LocalizedText }).name = {};
    }).toThrow(TypeError);
  });
});
