// Single answers: the list (filtered, scoped, newest first, keyset-paged) and one response in full:
// every answer with the question as its survey version asked it, the snapshot, the contact, and
// what the invitation or the triggering event carried.
import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import { type Actor, canViewAnalytics, ensure, ensureVisible } from '../access/index.ts';
import { toPage } from '../paging.ts';
import { type LocalizedText, type Question, questionsOf, type SurveyDefinition } from '../surveys/definition.ts';
import type { ResponseAnswerView, ResponseDetailView, ResponsePageView } from '../views.ts';
import { type ParsedAnalyticsFilter, scopeConditions } from './filters.ts';
import { afterCursor, COMMENT_TEXT, cursorKey, type ListRow, listItemOf, ROW_COLUMNS, ROW_JOINS, withoutSmallAnonymousGroups } from './listing.ts';
import { prepareQuery, where } from './metrics.ts';

export async function listResponses(
  db: Db,
  actor: Actor,
  filter: ParsedAnalyticsFilter,
  page: { limit: number; cursor?: string },
  now: Date,
): Promise<ResponsePageView> {
  const prepared = await prepareQuery(db, actor, filter, now);
  const { conditions, suppressed, suppressionReason } = await withoutSmallAnonymousGroups(db, prepared.conditions);
  const { rows } = await sql<ListRow>`
    select ${ROW_COLUMNS}, ${COMMENT_TEXT} as comment
    from responses r join surveys s on s.id = r.survey_id
    ${ROW_JOINS(actor.workspaceId)}
    where ${where([...conditions, ...afterCursor(page.cursor)])}
    order by r.started_at desc, r.id desc
    limit ${page.limit + 1}`.execute(db);
  return { ...toPage(rows, page.limit, cursorKey, listItemOf), suppressed, suppressionReason };
}

interface DetailRow extends ListRow {
  version: number;
  definition: SurveyDefinition;
  anonymous: boolean;
  touchpoint_id: string | null;
  touchpoint_name: string | null;
  properties: Record<string, unknown>;
  invitation_id: string | null;
  sent_at: Date | null;
  opened_at: Date | null;
  event_id: string | null;
  event_type: string | null;
  occurred_at: Date | null;
  event_properties: Record<string, unknown> | null;
  email: string | null;
  external_id: string | null;
}

const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);

const inLanguage = (text: LocalizedText | undefined, language: string, fallback: string) =>
  text?.[language as keyof LocalizedText] ?? text?.[fallback as keyof LocalizedText] ?? Object.values(text ?? {})[0] ?? null;

export async function responseDetail(db: Db, actor: Actor, responseId: string): Promise<ResponseDetailView> {
  ensure(canViewAnalytics(actor), 'see analytics');
  const ws = actor.workspaceId;
  const { rows } = await sql<DetailRow>`
    select ${ROW_COLUMNS}, ${COMMENT_TEXT} as comment, v.version, v.definition, s.anonymous,
           r.touchpoint_id, tp.name as touchpoint_name, r.properties,
           i.id as invitation_id, i.sent_at, i.opened_at,
           e.id as event_id, e.type as event_type, e.occurred_at, e.properties as event_properties,
           c.email, c.external_id
    from responses r join surveys s on s.id = r.survey_id
    join survey_versions v on v.id = r.survey_version_id
    ${ROW_JOINS(ws)}
    left join touchpoints tp on tp.id = r.touchpoint_id and tp.workspace_id = ${ws}
    left join survey_invitations i on i.id = r.invitation_id and i.workspace_id = ${ws}
    left join distribution_events e on e.id = i.event_id and e.workspace_id = ${ws}
    where ${where([sql`r.workspace_id = ${ws}`, sql`r.id = ${responseId}`, ...scopeConditions(actor)])}`.execute(db);
  const row = rows[0];
  ensureVisible(row !== undefined, 'The response');
  const detail = row as DetailRow;
  const answers = await db
    .selectFrom('response_answers')
    .select(['question_key', 'number_value', 'text_value', 'choice_values', 'answered_at'])
    .where('response_id', '=', responseId)
    .where('workspace_id', '=', ws)
    .orderBy('answered_at')
    .orderBy('question_key')
    .execute();
  const questions = new Map<string, Question>(questionsOf(detail.definition).map((q) => [q.key, q]));
  const label = (text: LocalizedText | undefined) => inLanguage(text, detail.language, detail.definition.defaultLanguage);
  const { comment: _comment, contact: _contact, ...item } = listItemOf(detail);
  return {
    ...item,
    surveyVersion: detail.version,
    anonymous: detail.anonymous,
    touchpoint: detail.touchpoint_id ? { id: detail.touchpoint_id, name: detail.touchpoint_name ?? '' } : null,
    contact: detail.contact_id ? { id: detail.contact_id, name: detail.contact_name ?? '', email: detail.email, externalId: detail.external_id } : null,
    answers: answers.map((answer): ResponseAnswerView => {
      const question = questions.get(answer.question_key);
      const choices = question && 'choices' in question ? question.choices : [];
      return {
        questionKey: answer.question_key,
        question: question ? label(question.text) : null,
        type: question?.type ?? null,
        number: answer.number_value === null ? null : Number(answer.number_value),
        text: answer.text_value,
        choices: answer.choice_values?.map((key) => ({ key, label: label(choices.find((choice) => choice.key === key)?.label) ?? key })) ?? null,
        answeredAt: new Date(answer.answered_at).toISOString(),
      };
    }),
    properties: detail.properties ?? {},
    invitation: detail.invitation_id ? { id: detail.invitation_id, sentAt: iso(detail.sent_at), openedAt: iso(detail.opened_at) } : null,
    event:
      detail.event_id && detail.event_type && detail.occurred_at
        ? { id: detail.event_id, type: detail.event_type, occurredAt: new Date(detail.occurred_at).toISOString(), properties: detail.event_properties ?? {} }
        : null,
  };
}
