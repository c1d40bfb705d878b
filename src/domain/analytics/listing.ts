// What the lists of single answers (responses, comments, the wall) share: the columns of one
// response with the names it points at, the comment text, keyset paging newest first, and leaving
// out anonymous surveys whose answers here are fewer than their minimum group size.
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import { decodeCursor } from '../paging.ts';
import type { NamedRefView, ResponseListItemView } from '../views.ts';
import { isComment } from './filters.ts';
import { where } from './metrics.ts';

/** A person is shown only for surveys that are neither anonymous nor eNPS. */
const SHOWS_PERSON = sql`(not s.anonymous and s.kind <> 'enps')`;

/** The response's comments: its text answers in the order given, separated by a blank line. */
export const COMMENT_TEXT = sql`(select string_agg(a.text_value, E'\\n\\n' order by a.answered_at, a.question_key) from response_answers a where a.response_id = r.id and ${isComment})`;

export const ROW_COLUMNS = sql`
  r.id, r.survey_id, s.name as survey_name, r.score, r.category, r.started_at, r.completed_at, r.channel, r.language, r.segment,
  r.unit_id, u.name as unit_name, r.owner_member_id, m.name as owner_name, r.account_id, acc.name as account_name,
  c.id as contact_id, coalesce(nullif(btrim(concat_ws(' ', c.first_name, c.last_name)), ''), c.email, c.external_id, 'Contact') as contact_name,
  c.first_name, c.last_name,
  to_char(r.started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at`;

export const ROW_JOINS = (workspaceId: string) => sql`
  left join contacts c on c.id = r.contact_id and c.workspace_id = ${workspaceId} and c.erased_at is null and ${SHOWS_PERSON}
  left join units u on u.id = r.unit_id and u.workspace_id = ${workspaceId}
  left join members m on m.id = r.owner_member_id and m.workspace_id = ${workspaceId}
  left join accounts acc on acc.id = r.account_id and acc.workspace_id = ${workspaceId}`;

export interface ListRow {
  id: string;
  survey_id: string;
  survey_name: string;
  score: number | null;
  category: 'promoter' | 'passive' | 'detractor' | null;
  started_at: Date;
  completed_at: Date | null;
  channel: string;
  language: string;
  segment: string | null;
  unit_id: string | null;
  unit_name: string | null;
  owner_member_id: string | null;
  owner_name: string | null;
  account_id: string | null;
  account_name: string | null;
  contact_id: string | null;
  contact_name: string | null;
  first_name: string | null;
  last_name: string | null;
  cursor_at: string;
  comment: string | null;
}

const ref = (id: string | null, name: string | null): NamedRefView | null => (id ? { id, name: name ?? '' } : null);

export const listItemOf = (row: ListRow): ResponseListItemView => ({
  id: row.id,
  survey: { id: row.survey_id, name: row.survey_name },
  score: row.score,
  category: row.category,
  startedAt: new Date(row.started_at).toISOString(),
  completedAt: row.completed_at ? new Date(row.completed_at).toISOString() : null,
  channel: row.channel,
  language: row.language,
  contact: ref(row.contact_id, row.contact_name),
  unit: ref(row.unit_id, row.unit_name),
  owner: ref(row.owner_member_id, row.owner_name),
  account: ref(row.account_id, row.account_name),
  segment: row.segment,
  comment: row.comment,
});

/** Newest first: answers started before the cursor's (time, id). */
export function afterCursor(cursor: string | undefined): RawBuilder<unknown>[] {
  const after = decodeCursor(cursor, ['timestamp', 'uuid']);
  return after ? [sql`(r.started_at, r.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`] : [];
}

export const cursorKey = (row: ListRow) => [row.cursor_at, row.id];

/** Anonymous surveys with fewer answers here than their minimum group size are left out, by name. */
export async function withoutSmallAnonymousGroups(db: Db, conditions: RawBuilder<unknown>[]) {
  const { rows } = await sql<{ id: string; name: string; min_group_size: number }>`
    select s.id, s.name, s.min_group_size
    from responses r join surveys s on s.id = r.survey_id
    where ${where(conditions)} and s.anonymous
    group by s.id, s.name, s.min_group_size
    having count(*) < s.min_group_size
    order by s.name`.execute(db);
  if (rows.length === 0) return { conditions, suppressed: false, suppressionReason: null };
  const names = rows.map((row) => `"${row.name}" (minimum ${row.min_group_size})`).join(', ');
  return {
    conditions: [...conditions, sql`r.survey_id not in (${sql.join(rows.map((row) => row.id))})`],
    suppressed: true,
    suppressionReason: `Anonymous surveys with fewer answers here than their minimum group size are left out: ${names}.`,
  };
}
