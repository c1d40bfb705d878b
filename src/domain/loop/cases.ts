// Reading cases: the list (filters, keyset paging by due time) and one case with its answer,
// contact, watchers and timeline. Scoped in SQL: managers see cases of units in their subtree,
// frontline the cases they own or watch. Whoever sees a case sees its contact: following up is
// what the case is for, even when the programme lead owns it as the last fallback.
import { type ExpressionBuilder, type RawBuilder, sql } from 'kysely';
import { DateTime } from 'luxon';
import type { DB, Db } from '../../db/index.ts';
import type { CaseKind, CaseStatus } from '../../db/schema.ts';
import { type Actor, type CaseRef, canViewCase, ensureVisible, seesWholeWorkspace } from '../access/index.ts';
import { decodeCursor, toPage } from '../paging.ts';
import { LANGUAGES, type LocalizedText } from '../surveys/definition.ts';
import { type CaseDetailView, type CaseEventView, type CaseSummaryView, CLOSED_CASE_STATUSES, type Page } from '../views.ts';
import { loadAnswer, personName } from './facts.ts';

export interface CaseListQuery {
  limit: number;
  cursor?: string;
  status?: CaseStatus[];
  kind?: CaseKind;
  ownerMemberId?: string;
  /** Only the actor's own cases. */
  mine?: boolean;
  /** Open, not contacted, past due. */
  overdue?: boolean;
  /** Due today in the workspace's loop time zone. */
  dueToday?: boolean;
  /** Cases of this unit's subtree. */
  unitId?: string;
  contactId?: string;
}

const CLOSED = [...CLOSED_CASE_STATUSES];

export function baseCaseQuery(db: Db, workspaceId: string) {
  return db
    .selectFrom('cases as c')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .innerJoin('responses as r', 'r.id', 'c.response_id')
    .innerJoin('surveys as s', 's.id', 'r.survey_id')
    .leftJoin('members as o', 'o.id', 'c.owner_member_id')
    .leftJoin('contacts as ct', 'ct.id', 'c.contact_id')
    .where('c.workspace_id', '=', workspaceId);
}

/** The actor's part of the cases, as a condition on the joined query. */
export function caseScope(actor: Actor) {
  return (eb: ExpressionBuilder<DB & { c: DB['cases']; u: DB['units'] }, 'c' | 'u'>) => {
    if (seesWholeWorkspace(actor) || actor.kind !== 'user') return eb.val(true);
    if (actor.role === 'manager') return eb('u.path', 'like', `${actor.unitPath}%`);
    return eb.or([eb('c.owner_member_id', '=', actor.memberId), eb(sql.val(actor.memberId), '=', eb.fn.any('c.watcher_member_ids'))]);
  };
}

/** The same scope as raw SQL over a case and its unit under the given aliases (KPIs, exports). */
export function caseScopeSql(actor: Actor, caseAlias: string, unitAlias: string): RawBuilder<boolean> {
  if (seesWholeWorkspace(actor) || actor.kind !== 'user') return sql<boolean>`true`;
  if (actor.role === 'manager') return sql<boolean>`${sql.ref(`${unitAlias}.path`)} like ${`${actor.unitPath}%`}`;
  return sql<boolean>`(${sql.ref(`${caseAlias}.owner_member_id`)} = ${actor.memberId} or ${actor.memberId}::uuid = any(${sql.ref(`${caseAlias}.watcher_member_ids`)}))`;
}

function summaryQuery(db: Db, actor: Actor) {
  return baseCaseQuery(db, actor.workspaceId)
    .where(caseScope(actor))
    .select([
      'c.id',
      'c.kind',
      'c.title',
      'c.status',
      'c.rule_id',
      'c.response_id',
      'c.owner_member_id',
      'o.name as owner_name',
      'c.unit_id',
      'u.name as unit_name',
      'u.path as unit_path',
      'c.contact_id',
      'ct.first_name',
      'ct.last_name',
      'ct.email as contact_email',
      'r.survey_id',
      's.name as survey_name',
      'r.score',
      'r.category',
      'c.sla_hours',
      'c.due_at',
      'c.first_contact_at',
      'c.closed_at',
      'c.root_cause',
      'c.outcome',
      'c.tags',
      'c.watcher_member_ids',
      'c.escalation_level',
      'c.created_at',
      'c.updated_at',
      sql<
        string | null
      >`(select left(a.text_value, 200) from response_answers a where a.response_id = c.response_id and a.text_value <> '' order by a.answered_at, a.question_key limit 1)`.as(
        'comment',
      ),
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;

const summaryView = (row: SummaryRow, now: Date): CaseSummaryView => ({
  id: row.id,
  kind: row.kind,
  title: row.title,
  status: row.status,
  ruleId: row.rule_id,
  responseId: row.response_id,
  ownerMemberId: row.owner_member_id,
  ownerName: row.owner_name,
  unitId: row.unit_id,
  unitName: row.unit_name,
  contactId: row.contact_id,
  contactName: row.contact_id ? personName(row.first_name, row.last_name, row.contact_email) : null,
  surveyId: row.survey_id,
  surveyName: row.survey_name,
  score: row.score,
  category: row.category,
  comment: row.comment,
  slaHours: row.sla_hours,
  dueAt: row.due_at.toISOString(),
  overdue: !CLOSED.includes(row.status) && row.first_contact_at === null && row.due_at < now,
  firstContactAt: row.first_contact_at?.toISOString() ?? null,
  closedAt: row.closed_at?.toISOString() ?? null,
  rootCause: row.root_cause,
  outcome: row.outcome,
  tags: row.tags,
  watcherMemberIds: row.watcher_member_ids,
  escalationLevel: row.escalation_level,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export async function listCases(db: Db, actor: Actor, query: CaseListQuery, now = new Date()): Promise<Page<CaseSummaryView>> {
  let q = summaryQuery(db, actor)
    .orderBy('c.due_at')
    .orderBy('c.id')
    .limit(query.limit + 1);
  if (query.status?.length) q = q.where('c.status', 'in', query.status);
  if (query.kind) q = q.where('c.kind', '=', query.kind);
  if (query.ownerMemberId) q = q.where('c.owner_member_id', '=', query.ownerMemberId);
  if (query.contactId) q = q.where('c.contact_id', '=', query.contactId);
  if (query.mine) q = actor.kind === 'user' ? q.where('c.owner_member_id', '=', actor.memberId) : q.where(sql<boolean>`false`);
  if (query.overdue) q = q.where('c.status', 'not in', CLOSED).where('c.first_contact_at', 'is', null).where('c.due_at', '<', now);
  if (query.unitId) {
    const unit = await db.selectFrom('units').select('path').where('workspace_id', '=', actor.workspaceId).where('id', '=', query.unitId).executeTakeFirst();
    q = unit ? q.where('u.path', 'like', `${unit.path}%`) : q.where(sql<boolean>`false`);
  }
  if (query.dueToday) {
    const settings = await db.selectFrom('loop_settings').select('time_zone').where('workspace_id', '=', actor.workspaceId).executeTakeFirst();
    const today = DateTime.fromJSDate(now, { zone: settings?.time_zone ?? 'Europe/Copenhagen' }).startOf('day');
    q = q.where('c.due_at', '>=', today.toJSDate()).where('c.due_at', '<', today.plus({ days: 1 }).toJSDate());
  }
  const after = decodeCursor(query.cursor, ['timestamp', 'uuid']);
  if (after) {
    const [dueAt, id] = after as [string, string];
    q = q.where((eb) => eb.or([eb('c.due_at', '>', new Date(dueAt)), eb.and([eb('c.due_at', '=', new Date(dueAt)), eb('c.id', '>', id)])]));
  }
  const rows = await q.execute();
  return toPage(
    rows,
    query.limit,
    (row) => [row.due_at.toISOString(), row.id],
    (row) => summaryView(row, now),
  );
}

/** The case row with what access checks need; 404 when the actor may not see it. */
export async function findCase(db: Db, actor: Actor, id: string): Promise<SummaryRow & { ref: CaseRef }> {
  const row = await summaryQuery(db, actor).where('c.id', '=', id).executeTakeFirst();
  const ref = row && { unitPath: row.unit_path, ownerMemberId: row.owner_member_id, watcherMemberIds: row.watcher_member_ids };
  ensureVisible(row !== undefined && ref !== undefined && canViewCase(actor, ref), 'case');
  return { ...(row as SummaryRow), ref: ref as CaseRef };
}

const textIn = (text: LocalizedText, language: string): string =>
  text[language as (typeof LANGUAGES)[number]] ?? LANGUAGES.map((l) => text[l]).find((t) => t !== undefined) ?? '';

export async function getCase(db: Db, actor: Actor, id: string, now = new Date()): Promise<CaseDetailView> {
  const row = await findCase(db, actor, id);
  const answer = await loadAnswer(db, row.response_id);
  const contact = row.contact_id
    ? await db
        .selectFrom('contacts as c')
        .leftJoin('accounts as a', 'a.id', 'c.account_id')
        .select(['c.id', 'c.first_name', 'c.last_name', 'c.email', 'c.phone', 'c.language', 'c.segment', 'a.name as account_name'])
        .where('c.id', '=', row.contact_id)
        .executeTakeFirst()
    : undefined;
  const watchers =
    row.watcher_member_ids.length > 0
      ? await db
          .selectFrom('members')
          .select(['id', 'name'])
          .where('workspace_id', '=', actor.workspaceId)
          .where('id', 'in', row.watcher_member_ids)
          .orderBy('name')
          .execute()
      : [];
  const events = await db
    .selectFrom('case_events')
    .select(['id', 'kind', 'actor_member_id', 'actor_label', 'data', 'created_at'])
    .where('case_id', '=', id)
    .orderBy('id')
    .execute();
  const questions = new Map(answer?.questions.map((q) => [q.key, q]));
  return {
    ...summaryView(row, now),
    answer: {
      language: answer?.language ?? 'en',
      completedAt: answer?.completedAt?.toISOString() ?? null,
      touchpointId: answer?.touchpointId ?? null,
      answers: [...(answer?.facts.answers.entries() ?? [])].map(([key, value]) => {
        const question = questions.get(key);
        return {
          questionKey: key,
          questionType: question?.type ?? 'unknown',
          questionText: question ? textIn(question.text, answer?.language ?? 'en') : key,
          value: value.number ?? value.choices ?? value.text ?? '',
        };
      }),
    },
    contact: contact
      ? {
          id: contact.id,
          name: personName(contact.first_name, contact.last_name, null),
          email: contact.email,
          phone: contact.phone,
          language: contact.language,
          segment: contact.segment,
          accountName: contact.account_name,
        }
      : null,
    watchers,
    timeline: events.map(
      (event): CaseEventView => ({
        id: String(event.id),
        kind: event.kind,
        actorMemberId: event.actor_member_id,
        actorLabel: event.actor_label,
        data: event.data as Record<string, unknown>,
        createdAt: event.created_at.toISOString(),
      }),
    ),
  };
}
