// Every translatable text of a definition, named by a stable id that survives reordering
// (`question.why.text`, `question.q2.choice.price.label`, `thankYouByCategory.promoter.link.label`).
// The editor's "untranslated" list and the translation spreadsheet are both built on this.
import type { Language, LocalizedText, Question, SurveyDefinition } from './definition.ts';
import { CATEGORIES, questionsOf } from './definition.ts';

export interface TextEntry {
  id: string;
  text: LocalizedText;
  /** Replaces this entry's text in a copy of the definition (used when importing translations). */
  set(definition: SurveyDefinition, text: LocalizedText): void;
}

type Holder<T> = (definition: SurveyDefinition) => T | undefined;

function entry(
  id: string,
  get: (definition: SurveyDefinition) => { owner: Record<string, unknown>; field: string } | undefined,
  text: LocalizedText,
): TextEntry {
  return {
    id,
    text,
    set(definition, value) {
      const target = get(definition);
      if (target) target.owner[target.field] = value;
    },
  };
}

const question: (key: string) => Holder<Question> = (key) => (definition) => questionsOf(definition).find((q) => q.key === key);

function questionTexts(q: Question): TextEntry[] {
  const at = question(q.key);
  const own = (field: string) => (definition: SurveyDefinition) => {
    const found = at(definition);
    return found && { owner: found as unknown as Record<string, unknown>, field };
  };
  const entries = [entry(`question.${q.key}.text`, own('text'), q.text)];
  for (const category of CATEGORIES) {
    const text = q.textByCategory?.[category];
    if (text) {
      entries.push(
        entry(
          `question.${q.key}.textByCategory.${category}`,
          (d) => {
            const found = at(d)?.textByCategory;
            return found && { owner: found as Record<string, unknown>, field: category };
          },
          text,
        ),
      );
    }
  }
  if (q.help) entries.push(entry(`question.${q.key}.help`, own('help'), q.help));
  if (q.type === 'nps' || q.type === 'rating') {
    entries.push(entry(`question.${q.key}.minLabel`, own('minLabel'), q.minLabel), entry(`question.${q.key}.maxLabel`, own('maxLabel'), q.maxLabel));
  }
  if (q.type === 'single_choice' || q.type === 'multiple_choice') {
    for (const choice of q.choices) {
      entries.push(
        entry(
          `question.${q.key}.choice.${choice.key}.label`,
          (d) => {
            const found = at(d);
            const c = found && 'choices' in found ? found.choices.find((x) => x.key === choice.key) : undefined;
            return c && { owner: c as unknown as Record<string, unknown>, field: 'label' };
          },
          choice.label,
        ),
      );
    }
  }
  return entries;
}

function thankYouTexts(prefix: string, get: Holder<SurveyDefinition['thankYou']>, thankYou: SurveyDefinition['thankYou']): TextEntry[] {
  const entries = [
    entry(
      `${prefix}.text`,
      (d) => {
        const found = get(d);
        return found && { owner: found as unknown as Record<string, unknown>, field: 'text' };
      },
      thankYou.text,
    ),
  ];
  if (thankYou.link) {
    entries.push(
      entry(
        `${prefix}.link.label`,
        (d) => {
          const found = get(d)?.link;
          return found && { owner: found as unknown as Record<string, unknown>, field: 'label' };
        },
        thankYou.link.label,
      ),
    );
  }
  return entries;
}

/** All texts in the order a respondent meets them, the invitation email first. */
export function textsOf(definition: SurveyDefinition): TextEntry[] {
  const entries: TextEntry[] = [];
  for (const field of ['subject', 'body', 'reminderSubject'] as const) {
    const text = definition.invitation?.[field];
    if (text) {
      entries.push(entry(`invitation.${field}`, (d) => d.invitation && { owner: d.invitation as unknown as Record<string, unknown>, field }, text));
    }
  }
  if (definition.intro) entries.push(entry('intro', (d) => ({ owner: d as unknown as Record<string, unknown>, field: 'intro' }), definition.intro));
  for (const q of questionsOf(definition)) entries.push(...questionTexts(q));
  entries.push(...thankYouTexts('thankYou', (d) => d.thankYou, definition.thankYou));
  for (const category of CATEGORIES) {
    const thankYou = definition.thankYouByCategory?.[category];
    if (thankYou) entries.push(...thankYouTexts(`thankYouByCategory.${category}`, (d) => d.thankYouByCategory?.[category], thankYou));
  }
  return entries;
}

export interface Untranslated {
  id: string;
  language: Language;
}

/** Texts without a value in one of the survey's languages. */
export function untranslatedTexts(definition: SurveyDefinition): Untranslated[] {
  const missing: Untranslated[] = [];
  for (const { id, text } of textsOf(definition)) {
    for (const language of definition.languages) {
      if (!text[language]?.trim()) missing.push({ id, language });
    }
  }
  return missing;
}

/** The text in a language, else in the default language (a draft may be incomplete). */
export const localize = (text: LocalizedText | undefined, language: Language, fallback: Language): string =>
  text?.[language]?.trim() || text?.[fallback]?.trim() || '';
