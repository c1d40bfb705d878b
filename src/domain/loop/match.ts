// Whether an answer meets a rule's conditions: a pure function of the answer's facts, so every
// condition type is tested without a database. All conditions of a rule must hold.
import { LANGUAGES, type Language } from '../surveys/definition.ts';
import { containsKeyword } from './keywords.ts';
import type { AlertCondition } from './rule-schema.ts';

export interface AnswerValueFact {
  number?: number;
  text?: string;
  choices?: string[];
}

/** What rules can look at: the response, its answers, the survey, the touchpoint and the contact. */
export interface AnswerFacts {
  surveyId: string;
  language: string;
  score: number | null;
  category: 'detractor' | 'passive' | 'promoter' | null;
  touchpointKey: string | null;
  /** The answer's segment snapshot, else the contact's. */
  segment: string | null;
  /** The contact's attributes today; empty for anonymous answers. */
  attributes: Record<string, unknown>;
  answers: ReadonlyMap<string, AnswerValueFact>;
}

/** Yes/no questions store 'yes'; a choice keyed 'yes' or 'true' counts too. */
const YES = new Set(['yes', 'true']);

const isLanguage = (value: string): value is Language => (LANGUAGES as readonly string[]).includes(value);

function answerMatches(value: AnswerValueFact | undefined, condition: Extract<AlertCondition, { type: 'answer' }>): boolean {
  if (!value) return false;
  if (condition.min !== undefined || condition.max !== undefined) {
    if (value.number === undefined) return false;
    if (condition.min !== undefined && value.number < condition.min) return false;
    if (condition.max !== undefined && value.number > condition.max) return false;
  }
  if (condition.values) {
    const given = value.choices ?? (value.text !== undefined ? [value.text.trim()] : value.number !== undefined ? [String(value.number)] : []);
    if (!given.some((v) => condition.values?.includes(v))) return false;
  }
  return true;
}

const attributeText = (value: unknown): string | null =>
  value === null || value === undefined ? null : typeof value === 'object' ? JSON.stringify(value) : String(value);

export function conditionHolds(condition: AlertCondition, facts: AnswerFacts): boolean {
  switch (condition.type) {
    case 'category':
      return facts.category !== null && condition.categories.includes(facts.category);
    case 'score':
      return facts.score !== null && facts.score >= condition.min && facts.score <= condition.max;
    case 'answer':
      return answerMatches(facts.answers.get(condition.questionKey), condition);
    case 'contact_request':
      return condition.questionKeys.some((key) => {
        const value = facts.answers.get(key);
        return value?.choices?.some((choice) => YES.has(choice.toLowerCase())) === true;
      });
    case 'keywords': {
      if (!isLanguage(facts.language)) return false;
      const keywords = condition.keywords[facts.language];
      if (!keywords) return false;
      const language = facts.language;
      return [...facts.answers.entries()].some(
        ([key, value]) =>
          value.text !== undefined &&
          (condition.questionKeys === undefined || condition.questionKeys.includes(key)) &&
          containsKeyword(value.text, keywords, language),
      );
    }
    case 'segment':
      return facts.segment !== null && condition.values.includes(facts.segment);
    case 'attribute': {
      const value = facts.attributes[condition.key];
      const values = Array.isArray(value) ? value.map(attributeText) : [attributeText(value)];
      return values.some((v) => v !== null && condition.values.includes(v));
    }
    case 'touchpoint':
      return facts.touchpointKey !== null && condition.touchpointKeys.includes(facts.touchpointKey);
    case 'survey':
      return condition.surveyIds.includes(facts.surveyId);
  }
}

export const ruleMatches = (conditions: readonly AlertCondition[], facts: AnswerFacts): boolean =>
  conditions.length > 0 && conditions.every((condition) => conditionHolds(condition, facts));
