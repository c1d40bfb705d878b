// Reads one page of a posted form into typed answers, strictly: a score outside the scale, a
// choice that was not offered or an over-long text is an error the page shows, never a 500.
import type { Question } from '../surveys/definition.ts';
import type { AnswerValue } from './conditions.ts';

/** A urlencoded form: every field with all its values. */
export type FormBody = Record<string, string[]>;

export const MAX_TEXT = 5000;
const MAX_EMAIL = 254;
const MAX_PHONE = 40;

export type AnswerProblem =
  | { questionKey: string; problem: 'required' }
  | { questionKey: string; problem: 'scale'; min: number; max: number }
  | { questionKey: string; problem: 'choice' }
  | { questionKey: string; problem: 'tooLong'; max: number }
  | { questionKey: string; problem: 'email' }
  | { questionKey: string; problem: 'phone' };

export interface ReadPage {
  /** Per shown question: the answer, or null when left empty (which clears an earlier answer). */
  answers: Map<string, AnswerValue | null>;
  problems: AnswerProblem[];
}

export const scaleOf = (q: Question): { min: number; max: number } | undefined =>
  q.type === 'nps' ? { min: 0, max: 10 } : q.type === 'rating' ? { min: q.min, max: q.max } : undefined;

// Control characters other than tab and line breaks are never meant, and PostgreSQL refuses NUL.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const PHONE = /^\+?[0-9 ()./-]+$/;

type Problem = AnswerProblem extends infer P ? (P extends AnswerProblem ? Omit<P, 'questionKey'> : never) : never;

function readOne(q: Question, values: string[]): AnswerValue | null | Problem {
  const present = values.map((v) => v.replace(CONTROL, '').trim()).filter((v) => v !== '');
  if (present.length === 0) return null;
  const scale = scaleOf(q);
  if (scale) {
    const [value] = present;
    if (present.length > 1 || !value || !/^\d{1,2}$/.test(value) || Number(value) < scale.min || Number(value) > scale.max)
      return { problem: 'scale', ...scale };
    return { number: Number(value) };
  }
  switch (q.type) {
    case 'single_choice':
    case 'yes_no': {
      const allowed = q.type === 'yes_no' ? ['yes', 'no'] : q.choices.map((c) => c.key);
      const [value] = present;
      if (present.length > 1 || !value || !allowed.includes(value)) return { problem: 'choice' };
      return { choices: [value] };
    }
    case 'multiple_choice': {
      const allowed = q.choices.map((c) => c.key);
      const chosen = [...new Set(present)];
      if (chosen.some((v) => !allowed.includes(v))) return { problem: 'choice' };
      // Stored in the order the choices are offered, whatever order the browser sent.
      return { choices: allowed.filter((key) => chosen.includes(key)) };
    }
    default: {
      const max = q.type === 'email' ? MAX_EMAIL : q.type === 'phone' ? MAX_PHONE : MAX_TEXT;
      const text = present.join('\n');
      if ([...text].length > max) return { problem: 'tooLong', max };
      if (q.type === 'email' && !EMAIL.test(text)) return { problem: 'email' };
      if (q.type === 'phone' && (!PHONE.test(text) || (text.match(/\d/g)?.length ?? 0) < 5 || (text.match(/\d/g)?.length ?? 0) > 17)) {
        return { problem: 'phone' };
      }
      return { text };
    }
  }
}

/** Reads the fields named by the shown questions' keys; `enforceRequired` is off when going back. */
export function readPage(questions: Question[], body: FormBody, enforceRequired: boolean): ReadPage {
  const answers = new Map<string, AnswerValue | null>();
  const problems: AnswerProblem[] = [];
  for (const q of questions) {
    const result = readOne(q, body[q.key] ?? []);
    if (result && 'problem' in result) problems.push({ questionKey: q.key, ...result } as AnswerProblem);
    else if (result === null && q.required && enforceRequired) problems.push({ questionKey: q.key, problem: 'required' });
    else answers.set(q.key, result);
  }
  return { answers, problems };
}

/** What a stored row means as an answer. */
export function answerOfRow(row: { number_value: string | number | null; text_value: string | null; choice_values: string[] | null }): AnswerValue {
  if (row.number_value !== null) return { number: Number(row.number_value) };
  if (row.choice_values !== null) return { choices: row.choice_values };
  return { text: row.text_value ?? '' };
}
