// Which questions a respondent sees. Conditions look only at earlier pages and at the contact,
// so the server decides each page before it is shown and no script is needed.
import { type Category, type Condition, type Language, npsCategory, type Question, type SurveyDefinition } from '../surveys/definition.ts';

/** One stored answer: scales in `number`, text/email/phone in `text`, choices and yes/no in `choices`. */
export interface AnswerValue {
  number?: number;
  text?: string;
  choices?: string[];
}
export type Answers = ReadonlyMap<string, AnswerValue>;

export interface ConditionContext {
  answers: Answers;
  /** Null on public links and kiosks: attribute conditions then hide their question. */
  contact: { segment: string | null; language: string | null; attributes: Record<string, unknown> } | null;
  language: Language;
}

/** The NPS category given by the main question, when it is an NPS question and answered. */
export function categoryOf(definition: SurveyDefinition, answers: Answers): Category | undefined {
  const main = definition.pages[0]?.questions.find((q) => q.key === definition.mainQuestion);
  const score = main ? answers.get(main.key)?.number : undefined;
  return main?.type === 'nps' && score !== undefined ? npsCategory(score) : undefined;
}

function holds(condition: Condition, definition: SurveyDefinition, context: ConditionContext): boolean {
  switch (condition.type) {
    case 'category': {
      const category = categoryOf(definition, context.answers);
      return category !== undefined && condition.categories.includes(category);
    }
    case 'answer': {
      const answer = context.answers.get(condition.questionKey);
      if (!answer) return false;
      if (answer.number !== undefined) {
        return (condition.min === undefined || answer.number >= condition.min) && (condition.max === undefined || answer.number <= condition.max);
      }
      return (answer.choices ?? []).some((choice) => condition.values?.includes(choice));
    }
    case 'attribute': {
      const { contact } = context;
      if (condition.attribute === 'language') return condition.values.includes(contact?.language ?? context.language);
      if (!contact) return false;
      const value = condition.attribute === 'segment' ? contact.segment : contact.attributes[condition.attribute];
      const values = Array.isArray(value) ? value : [value];
      return values.some((v) => v !== null && v !== undefined && condition.values.includes(String(v)));
    }
  }
}

export const isShown = (question: Question, definition: SurveyDefinition, context: ConditionContext): boolean =>
  !question.condition || holds(question.condition, definition, context);

/** The questions of one page the respondent sees. */
export const shownQuestions = (definition: SurveyDefinition, page: number, context: ConditionContext): Question[] =>
  (definition.pages[page]?.questions ?? []).filter((q) => isShown(q, definition, context));

/** Indexes of the pages that show at least one question; the first page always counts. */
export const shownPages = (definition: SurveyDefinition, context: ConditionContext): number[] =>
  definition.pages.flatMap((_, page) => (page === 0 || shownQuestions(definition, page, context).length > 0 ? [page] : []));
