// Pure helpers for changing a draft definition: new questions, type changes, moves, keys and
// localized texts. The editor clones the draft, applies one of these, and keeps the clone.
import type { Category, Language, LocalizedText, Question, QuestionType } from '../../../domain/surveys/definition.ts';
import type { Definition } from './api.ts';

export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  da: 'Danish',
  sv: 'Swedish',
  nb: 'Norwegian (bokmål)',
  de: 'German',
  fi: 'Finnish',
};

export const CATEGORY_LABELS: Record<Category, string> = { detractor: 'Detractors (0–6)', passive: 'Passives (7–8)', promoter: 'Promoters (9–10)' };

export const TYPE_LABELS: Record<QuestionType, string> = {
  nps: 'NPS (0–10)',
  rating: 'Rating scale',
  single_choice: 'Single choice',
  multiple_choice: 'Multiple choice',
  text: 'Open text',
  yes_no: 'Yes or no',
  email: 'Email address',
  phone: 'Phone number',
};

/** A text with one language changed; an emptied language is removed, so it counts as untranslated. */
export function withText(text: LocalizedText | undefined, language: Language, value: string): LocalizedText {
  const next: LocalizedText = { ...text };
  if (value === '') delete next[language];
  else next[language] = value;
  return next;
}

export const isEmptyText = (text: LocalizedText | undefined) => !text || Object.values(text).every((value) => !value?.trim());

/** The first key from `base`, `base_2`, `base_3`… that no question uses yet. */
export function freeKey(definition: Definition, base: string): string {
  const used = new Set(definition.pages.flatMap((page) => page.questions.map((q) => q.key)));
  if (!used.has(base)) return base;
  let n = 2;
  while (used.has(`${base}_${n}`)) n += 1;
  return `${base}_${n}`;
}

const KEY_BASE: Record<QuestionType, string> = {
  nps: 'nps',
  rating: 'rating',
  single_choice: 'choice',
  multiple_choice: 'choices',
  text: 'comment',
  yes_no: 'yes_no',
  email: 'email',
  phone: 'phone',
};

/** A question of a type, keeping what the previous question had in common (key, texts, condition…). */
export function questionOfType(type: QuestionType, base: Question): Question {
  const { key, text, textByCategory, help, required, touchpoint, condition } = base;
  const common = {
    key,
    text,
    required,
    ...(textByCategory && { textByCategory }),
    ...(help && { help }),
    ...(touchpoint && { touchpoint }),
    ...(condition && { condition }),
  };
  const scale = base.type === 'nps' || base.type === 'rating';
  const labels = { minLabel: scale ? base.minLabel : {}, maxLabel: scale ? base.maxLabel : {} };
  switch (type) {
    case 'nps':
      return { ...common, type, ...labels };
    case 'rating':
      return { ...common, type, min: base.type === 'rating' ? base.min : 1, max: base.type === 'rating' ? base.max : 5, ...labels };
    case 'single_choice':
    case 'multiple_choice': {
      const choices =
        base.type === 'single_choice' || base.type === 'multiple_choice'
          ? base.choices
          : [
              { key: 'option_1', label: {} },
              { key: 'option_2', label: {} },
            ];
      return { ...common, type, choices };
    }
    case 'text':
      return { ...common, type, multiline: true };
    default:
      return { ...common, type };
  }
}

export function newQuestion(definition: Definition, type: QuestionType): Question {
  return questionOfType(type, { key: freeKey(definition, KEY_BASE[type]), type: 'text', text: {}, required: false, multiline: true });
}

/** The array with the item at `from` moved to `to`. */
export function moved<T>(items: readonly T[], from: number, to: number): T[] {
  const next = [...items];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}

/** The definition's problem paths name fields (`pages.1.questions.0.condition`); a zod path may add more after it. */
export const problemBelongs = (problemField: string, path: string) => problemField === path || problemField.startsWith(`${path}.`);

/** Problem paths as the draft sees them: the prefixes of a request (`body.definition.`) or of publishing (`draft.`) are dropped. */
export const draftPath = (field: string) => field.replace(/^body\./, '').replace(/^(definition|draft)\./, '');

/** An element id for a field path, so a problem in the summary can lead to its field. */
export const fieldId = (path: string) => `field-${path.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
