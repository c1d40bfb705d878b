// What a survey asks and says, in every language: the document an editor changes as a draft and
// publishing freezes as a version. The zod schema checks its shape; checkDefinition (check.ts)
// checks what a shape cannot: unique keys, references to earlier questions, the main question.
import { z } from 'zod';

/** Languages with built-in respondent interface strings; survey texts may use any of them. */
export const LANGUAGES = ['en', 'da', 'sv', 'nb', 'de', 'fi'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LanguageSchema = z.enum(LANGUAGES);

export const CATEGORIES = ['detractor', 'passive', 'promoter'] as const;
export type Category = (typeof CATEGORIES)[number];

/** NPS category of a 0–10 score: promoters 9–10, passives 7–8, detractors 0–6. */
export const npsCategory = (score: number): Category => (score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor');

/** A text in several languages. Missing languages are reported as untranslated, not errors, until publishing. */
export const LocalizedText = z
  .partialRecord(LanguageSchema, z.string().trim().max(2000, 'at most 2,000 characters'))
  .meta({ id: 'LocalizedText', description: 'The text per language code (en, da, sv, nb, de, fi). May use {company} and {firstName}.' });
export type LocalizedText = z.infer<typeof LocalizedText>;

const Key = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'a key is 1–40 characters: lower-case letters, digits and _, starting with a letter');

/** Which respondents see a question. Conditions may only look at earlier pages, so they work without JavaScript. */
export const Condition = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('category'), categories: z.array(z.enum(CATEGORIES)).min(1).max(3) }),
    z.object({
      type: z.literal('answer'),
      questionKey: Key,
      /** For choice and yes/no questions: the choice keys (yes/no: 'yes', 'no') that show the question. */
      values: z.array(z.string().min(1).max(100)).min(1).max(50).optional(),
      /** For scales: the inclusive range of answers that shows the question. */
      min: z.number().int().optional(),
      max: z.number().int().optional(),
    }),
    z.object({
      type: z.literal('attribute'),
      /** segment, language, or the key of a contact attribute definition. */
      attribute: z.string().min(1).max(60),
      values: z.array(z.string().min(1).max(200)).min(1).max(100),
    }),
  ])
  .meta({ id: 'SurveyCondition' });
export type Condition = z.infer<typeof Condition>;

const Choice = z.object({ key: Key, label: LocalizedText });

const QuestionBase = {
  key: Key,
  text: LocalizedText,
  /** Replaces `text` for respondents of one NPS category (the "why" question). */
  textByCategory: z.partialRecord(z.enum(CATEGORIES), LocalizedText).optional(),
  help: LocalizedText.optional(),
  required: z.boolean().default(false),
  /** The touchpoint this question is about (a key from the workspace's touchpoints). */
  touchpoint: Key.optional(),
  condition: Condition.optional(),
};

/** Rating scales allowed: 1–5, 1–7, 0–10; always shown lowest first, with both end labels. */
export const SCALES = [
  { min: 1, max: 5 },
  { min: 1, max: 7 },
  { min: 0, max: 10 },
] as const;

export const Question = z
  .discriminatedUnion('type', [
    z.object({ ...QuestionBase, type: z.literal('nps'), minLabel: LocalizedText, maxLabel: LocalizedText }),
    z.object({
      ...QuestionBase,
      type: z.literal('rating'),
      min: z.union([z.literal(0), z.literal(1)]),
      max: z.union([z.literal(5), z.literal(7), z.literal(10)]),
      minLabel: LocalizedText,
      maxLabel: LocalizedText,
    }),
    z.object({ ...QuestionBase, type: z.literal('single_choice'), choices: z.array(Choice).min(2).max(30) }),
    z.object({ ...QuestionBase, type: z.literal('multiple_choice'), choices: z.array(Choice).min(2).max(30) }),
    z.object({ ...QuestionBase, type: z.literal('text'), multiline: z.boolean().default(true) }),
    z.object({ ...QuestionBase, type: z.literal('yes_no') }),
    z.object({ ...QuestionBase, type: z.literal('email') }),
    z.object({ ...QuestionBase, type: z.literal('phone') }),
  ])
  .meta({ id: 'SurveyQuestion' });
export type Question = z.infer<typeof Question>;
export type QuestionType = Question['type'];

const ThankYou = z.object({
  text: LocalizedText,
  /** E.g. promoters: a link to leave a review or refer a friend. */
  link: z.object({ url: z.url({ protocol: /^https?$/ }).max(2000), label: LocalizedText }).optional(),
});

/** The invitation email's own texts; the score buttons, purpose, time and anonymity lines and the
 * unsubscribe link are added around them in the respondent's language. */
const InvitationTexts = z.object({
  subject: LocalizedText,
  /** The message above the score buttons. May use {firstName}, {company}, {ownerName} and {accountName}. */
  body: LocalizedText,
  /** The subject of the one reminder; the invitation's subject when absent. */
  reminderSubject: LocalizedText.optional(),
});

export const SurveyDefinition = z
  .object({
    defaultLanguage: LanguageSchema,
    /** The languages respondents may get; includes the default. */
    languages: z.array(LanguageSchema).min(1).max(LANGUAGES.length),
    /** Shown as {company} in texts; the workspace name when absent. */
    companyName: z.string().trim().min(1).max(200).optional(),
    intro: LocalizedText.optional(),
    /** The key of the question the survey is measured by (NPS, CSAT or CES); custom surveys may have none. */
    mainQuestion: Key.optional(),
    pages: z
      .array(z.object({ questions: z.array(Question).min(1).max(20) }))
      .min(1)
      .max(20),
    thankYou: ThankYou,
    thankYouByCategory: z.partialRecord(z.enum(CATEGORIES), ThankYou).optional(),
    /** The email that invites a contact (and reminds them once); needed to send invitations by email. */
    invitation: InvitationTexts.optional(),
  })
  .meta({ id: 'SurveyDefinition' });
export type SurveyDefinition = z.infer<typeof SurveyDefinition>;

/** Every question in page order. */
export const questionsOf = (definition: SurveyDefinition): Question[] => definition.pages.flatMap((page) => page.questions);
