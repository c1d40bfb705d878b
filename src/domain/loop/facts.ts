// An answer as the loop sees it: the response with its survey version, contact and touchpoint,
// its answers in question order, and the facts rules are matched against.
import type { Db } from '../../db/index.ts';
import { type Question, questionsOf, SurveyDefinition } from '../surveys/definition.ts';
import type { AnswerFacts, AnswerValueFact } from './match.ts';

export interface LoadedAnswer {
  responseId: string;
  workspaceId: string;
  surveyId: string;
  surveyName: string;
  language: string;
  completedAt: Date | null;
  /** The last time the respondent saved anything (for an unfinished answer, when it was given). */
  updatedAt: Date;
  touchpointId: string | null;
  contactId: string | null;
  /** The unit the answer belongs to: its snapshot, else the contact's (either may be gone: checked when used). */
  unitIds: string[];
  /** The contact's owner today, else the answer's snapshot. */
  ownerMemberId: string | null;
  contactName: string | null;
  /** The first text answer in question order (the "why"). */
  comment: string | null;
  questions: Question[];
  facts: AnswerFacts;
}

export const personName = (first: string | null, last: string | null, email: string | null): string | null =>
  [first, last].filter(Boolean).join(' ') || email || null;

const factOf = (row: { number_value: string | number | null; text_value: string | null; choice_values: string[] | null }): AnswerValueFact =>
  row.number_value !== null
    ? { number: Number(row.number_value) }
    : row.choice_values !== null
      ? { choices: row.choice_values }
      : { text: row.text_value ?? '' };

export async function loadAnswer(db: Db, responseId: string): Promise<LoadedAnswer | undefined> {
  const row = await db
    .selectFrom('responses as r')
    .innerJoin('surveys as s', 's.id', 'r.survey_id')
    .innerJoin('survey_versions as v', 'v.id', 'r.survey_version_id')
    .leftJoin('contacts as c', 'c.id', 'r.contact_id')
    .leftJoin('touchpoints as t', 't.id', 'r.touchpoint_id')
    .select([
      'r.id',
      'r.workspace_id',
      'r.survey_id',
      'r.language',
      'r.score',
      'r.category',
      'r.segment',
      'r.unit_id',
      'r.owner_member_id',
      'r.contact_id',
      'r.touchpoint_id',
      'r.completed_at',
      'r.updated_at',
      's.name as survey_name',
      'v.definition',
      'c.attributes',
      'c.segment as contact_segment',
      'c.unit_id as contact_unit_id',
      'c.owner_member_id as contact_owner_id',
      'c.first_name',
      'c.last_name',
      'c.email',
      't.key as touchpoint_key',
    ])
    .where('r.id', '=', responseId)
    .executeTakeFirst();
  if (!row) return undefined;
  const parsed = SurveyDefinition.safeParse(row.definition);
  const questions = parsed.success ? questionsOf(parsed.data) : [];
  const rows = await db
    .selectFrom('response_answers')
    .select(['question_key', 'number_value', 'text_value', 'choice_values'])
    .where('response_id', '=', responseId)
    .execute();
  const order = new Map(questions.map((q, i) => [q.key, i]));
  rows.sort((a, b) => (order.get(a.question_key) ?? 999) - (order.get(b.question_key) ?? 999));
  const answers = new Map(rows.map((answer) => [answer.question_key, factOf(answer)]));
  const comment = [...answers.values()].find((value) => value.text !== undefined && value.text.trim() !== '')?.text ?? null;
  return {
    responseId: row.id,
    workspaceId: row.workspace_id,
    surveyId: row.survey_id,
    surveyName: row.survey_name,
    language: row.language,
    completedAt: row.completed_at,
    updatedAt: row.updated_at,
    touchpointId: row.touchpoint_id,
    contactId: row.contact_id,
    unitIds: [row.unit_id, row.contact_unit_id].filter((id): id is string => id !== null),
    ownerMemberId: row.contact_owner_id ?? row.owner_member_id,
    contactName: row.contact_id ? personName(row.first_name, row.last_name, row.email) : null,
    comment,
    questions,
    facts: {
      surveyId: row.survey_id,
      language: row.language,
      score: row.score,
      category: row.category,
      touchpointKey: row.touchpoint_key,
      segment: row.segment ?? row.contact_segment,
      attributes: (row.attributes ?? {}) as Record<string, unknown>,
      answers,
    },
  };
}
