// The first draft of a survey started from its kind alone: the main question the kind is measured
// by, an open "why", and a thank-you, in English. The editor adds languages and questions.
import type { Question } from '../../../domain/surveys/definition.ts';
import type { Definition, SurveyKind } from './api.ts';

const why: Question = { key: 'why', type: 'text', multiline: true, required: false, text: { en: 'What is the most important reason for your answer?' } };

const nps = (text: string): Question => ({
  key: 'nps',
  type: 'nps',
  required: true,
  text: { en: text },
  minLabel: { en: 'Not at all likely' },
  maxLabel: { en: 'Extremely likely' },
});

const MAIN: Record<SurveyKind, Question | undefined> = {
  relationship_nps: nps('How likely are you to recommend {company} to a friend or colleague?'),
  transactional_nps: nps('Based on your recent experience, how likely are you to recommend {company} to a friend or colleague?'),
  enps: nps('How likely are you to recommend {company} as a place to work?'),
  csat: {
    key: 'csat',
    type: 'rating',
    min: 1,
    max: 5,
    required: true,
    text: { en: 'How satisfied are you with {company}?' },
    minLabel: { en: 'Very dissatisfied' },
    maxLabel: { en: 'Very satisfied' },
  },
  ces: {
    key: 'ces',
    type: 'rating',
    min: 1,
    max: 7,
    required: true,
    text: { en: '{company} made it easy for me to get what I needed.' },
    minLabel: { en: 'Strongly disagree' },
    maxLabel: { en: 'Strongly agree' },
  },
  custom: undefined,
};

export function starterDefinition(kind: SurveyKind): Definition {
  const main = MAIN[kind];
  return {
    defaultLanguage: 'en',
    languages: ['en'],
    ...(main && { mainQuestion: main.key }),
    pages: main
      ? [{ questions: [main] }, { questions: [why] }]
      : [{ questions: [{ ...why, key: 'comment', text: { en: 'What would you like to tell us?' } }] }],
    thankYou: { text: { en: 'Thank you for your answer.' } },
  };
}
