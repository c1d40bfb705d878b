// What the definition's schema cannot say: keys are unique, conditions look only at earlier pages
// (so a page works without JavaScript), the main question fits the survey's kind, references
// exist, and — to publish — every text is there in every language of the survey.
import type { SurveyKind } from '../../db/index.ts';
import { type Condition, type Question, questionsOf, type SurveyDefinition } from './definition.ts';
import { untranslatedTexts } from './texts.ts';

export interface DefinitionProblem {
  /** Where, as a path into the definition (`pages.1.questions.0.condition.questionKey`). */
  field: string;
  message: string;
}

export interface DefinitionContext {
  kind: SurveyKind;
  touchpoints: ReadonlySet<string>;
  /** Contact attribute keys a condition may test, besides segment and language. */
  attributes: ReadonlySet<string>;
}

/** The main question each kind is measured by. */
const MAIN_QUESTION: Record<SurveyKind, { describe: string; fits(q: Question): boolean } | undefined> = {
  relationship_nps: { describe: 'an NPS question (0–10)', fits: (q) => q.type === 'nps' },
  transactional_nps: { describe: 'an NPS question (0–10)', fits: (q) => q.type === 'nps' },
  enps: { describe: 'an NPS question (0–10)', fits: (q) => q.type === 'nps' },
  csat: { describe: 'a rating from 1 to 5', fits: (q) => q.type === 'rating' && q.min === 1 && q.max === 5 },
  ces: { describe: 'a rating from 1 to 7', fits: (q) => q.type === 'rating' && q.min === 1 && q.max === 7 },
  custom: undefined,
};

/** At most this many questions: a survey that respects the respondent's minute is short. */
export const MAX_QUESTIONS = 30;

export function checkDefinition(definition: SurveyDefinition, context: DefinitionContext): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const report = (field: string, message: string) => problems.push({ field, message });

  if (!definition.languages.includes(definition.defaultLanguage)) report('languages', `must include the default language ${definition.defaultLanguage}`);
  if (new Set(definition.languages).size !== definition.languages.length) report('languages', 'lists a language twice');

  const all = questionsOf(definition);
  if (all.length > MAX_QUESTIONS) report('pages', `has ${all.length} questions; at most ${MAX_QUESTIONS} are allowed`);

  // Where each question sits, to check that conditions only look back.
  const located = definition.pages.flatMap((page, p) => page.questions.map((q, i) => ({ q, page: p, field: `pages.${p}.questions.${i}` })));
  const pageOf = new Map<string, number>();
  const byKey = new Map<string, Question>();
  for (const { q, page, field } of located) {
    if (byKey.has(q.key)) {
      report(`${field}.key`, `"${q.key}" is used by another question; every question needs its own key`);
      continue;
    }
    byKey.set(q.key, q);
    pageOf.set(q.key, page);
    if ('choices' in q) {
      const keys = q.choices.map((c) => c.key);
      const twice = keys.find((k, n) => keys.indexOf(k) !== n);
      if (twice) report(`${field}.choices`, `the choice key "${twice}" is used twice`);
    }
    if (q.type === 'rating' && !((q.min === 1 && (q.max === 5 || q.max === 7)) || (q.min === 0 && q.max === 10))) {
      report(`${field}.max`, 'a rating scale is 1–5, 1–7 or 0–10');
    }
    if (q.touchpoint && !context.touchpoints.has(q.touchpoint)) report(`${field}.touchpoint`, `"${q.touchpoint}" is not one of the workspace's touchpoints`);
  }

  const main = definition.mainQuestion ? byKey.get(definition.mainQuestion) : undefined;
  const rule = MAIN_QUESTION[context.kind];
  if (definition.mainQuestion && !main) report('mainQuestion', `"${definition.mainQuestion}" is not a question of this survey`);
  if (rule && !definition.mainQuestion) report('mainQuestion', `a ${context.kind} survey is measured by ${rule.describe}; name its key here`);
  if (main && rule && !rule.fits(main)) report('mainQuestion', `a ${context.kind} survey is measured by ${rule.describe}, not a ${main.type} question`);
  if (main && !rule && main.type !== 'nps' && main.type !== 'rating') report('mainQuestion', 'the main question must be an NPS question or a rating');
  if (main && pageOf.get(main.key) !== 0) report('mainQuestion', 'the main question must be on the first page, so a respondent who only gives it still counts');
  const categoriesKnownAfter = main?.type === 'nps' ? 0 : undefined;

  for (const { q, page, field } of located) {
    if (q.textByCategory && (categoriesKnownAfter === undefined || page <= categoriesKnownAfter)) {
      report(`${field}.textByCategory`, 'wording by NPS category needs the NPS question as main question on an earlier page');
    }
    if (q.condition) checkCondition(q.condition, page, `${field}.condition`);
  }
  for (const category of Object.keys(definition.thankYouByCategory ?? {})) {
    if (categoriesKnownAfter === undefined) report(`thankYouByCategory.${category}`, 'thank-you texts by category need an NPS question as main question');
  }
  return problems;

  function checkCondition(condition: Condition, page: number, field: string) {
    switch (condition.type) {
      case 'category':
        if (categoriesKnownAfter === undefined || page <= categoriesKnownAfter) {
          report(field, 'a condition on the NPS category needs the NPS question as main question on an earlier page');
        }
        return;
      case 'attribute':
        if (condition.attribute !== 'segment' && condition.attribute !== 'language' && !context.attributes.has(condition.attribute)) {
          report(`${field}.attribute`, `"${condition.attribute}" is not segment, language or a contact attribute of this workspace`);
        }
        return;
      case 'answer': {
        const target = byKey.get(condition.questionKey);
        const targetPage = pageOf.get(condition.questionKey);
        if (!target || targetPage === undefined) return report(`${field}.questionKey`, `"${condition.questionKey}" is not a question of this survey`);
        if (targetPage >= page) return report(`${field}.questionKey`, `"${condition.questionKey}" must be on an earlier page than the question it shows`);
        if (target.type === 'nps' || target.type === 'rating') {
          if (condition.values) report(`${field}.values`, 'a condition on a scale uses min and max, not values');
          if (condition.min === undefined && condition.max === undefined) report(field, 'a condition on a scale needs min, max or both');
          const low = target.type === 'nps' ? 0 : target.min;
          const high = target.type === 'nps' ? 10 : target.max;
          for (const bound of ['min', 'max'] as const) {
            const value = condition[bound];
            if (value !== undefined && (value < low || value > high)) report(`${field}.${bound}`, `must be between ${low} and ${high}`);
          }
          return;
        }
        const allowed =
          target.type === 'yes_no'
            ? ['yes', 'no']
            : target.type === 'single_choice' || target.type === 'multiple_choice'
              ? target.choices.map((c) => c.key)
              : undefined;
        if (!allowed) return report(`${field}.questionKey`, `a condition cannot test a ${target.type} question; use a scale, choice or yes/no question`);
        if (!condition.values) return report(`${field}.values`, `name the answers that show the question: ${allowed.join(', ')}`);
        for (const value of condition.values) if (!allowed.includes(value)) report(`${field}.values`, `"${value}" is not one of ${allowed.join(', ')}`);
        return;
      }
    }
  }
}

/** Problems that stop publishing: everything above, plus texts missing in the default language or any other language of the survey. */
export function checkPublishable(definition: SurveyDefinition, context: DefinitionContext): DefinitionProblem[] {
  return [
    ...checkDefinition(definition, context),
    ...untranslatedTexts(definition).map(({ id, language }) => ({ field: `texts.${id}`, message: `has no ${language} text` })),
  ];
}
