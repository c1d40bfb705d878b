// Comments: the written answers of each response (one item per response), newest first, with a
// search whose terms must all occur (ILIKE, so any language and any part of a word) and where
// they occur, for highlighting. The 10-wall: recent promoter comments, for a screen on the wall.
import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { Actor } from '../access/index.ts';
import { toPage } from '../paging.ts';
import type { CommentPageView, CommentView, WallCommentView } from '../views.ts';
import type { ParsedAnalyticsFilter } from './filters.ts';
import { afterCursor, COMMENT_TEXT, cursorKey, type ListRow, listItemOf, ROW_COLUMNS, ROW_JOINS, withoutSmallAnonymousGroups } from './listing.ts';
import { prepareQuery, where } from './metrics.ts';

const MAX_SEARCH_TERMS = 10;

export interface CommentQuery {
  /** Words that must all occur in the comment (case-insensitive). */
  search?: string;
  limit: number;
  cursor?: string;
}

const searchTerms = (search: string | undefined): string[] => [...new Set((search ?? '').trim().split(/\s+/).filter(Boolean))].slice(0, MAX_SEARCH_TERMS);

const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Where the terms occur, [start, end) in string indices, overlapping matches merged. */
export function highlightsOf(text: string, terms: string[]): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  for (const term of terms) {
    const pattern = new RegExp(term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'giu');
    for (const match of text.matchAll(pattern)) ranges.push({ start: match.index, end: match.index + match[0].length });
  }
  ranges.sort((a, b) => a.start - b.start || a.end - b.end);
  return ranges.reduce<{ start: number; end: number }[]>((merged, range) => {
    const last = merged.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
    return merged;
  }, []);
}

export async function comments(db: Db, actor: Actor, filter: ParsedAnalyticsFilter, query: CommentQuery, now: Date): Promise<CommentPageView> {
  const prepared = await prepareQuery(db, actor, filter, now);
  const { conditions, suppressed, suppressionReason } = await withoutSmallAnonymousGroups(db, prepared.conditions);
  const terms = searchTerms(query.search);
  const { rows } = await sql<ListRow>`
    select ${ROW_COLUMNS}, cm.text as comment
    from responses r join surveys s on s.id = r.survey_id
    cross join lateral (select ${COMMENT_TEXT} as text) cm
    ${ROW_JOINS(actor.workspaceId)}
    where ${where([...conditions, sql`cm.text is not null`, ...terms.map((term) => sql`cm.text ilike ${likePattern(term)}`), ...afterCursor(query.cursor)])}
    order by r.started_at desc, r.id desc
    limit ${query.limit + 1}`.execute(db);
  const page = toPage(rows, query.limit, cursorKey, (row): CommentView => {
    const item = listItemOf(row);
    const text = row.comment ?? '';
    return {
      responseId: item.id,
      survey: item.survey,
      score: item.score,
      category: item.category,
      answeredAt: item.startedAt,
      language: item.language,
      contact: item.contact,
      unit: item.unit,
      text,
      highlights: highlightsOf(text, terms),
    };
  });
  return { ...page, suppressed, suppressionReason };
}

/** First name and last initial ("Anna B."): enough to be personal on a shared screen. */
const shortName = (row: ListRow) => {
  if (!row.contact_id || !row.first_name) return null;
  const initial = row.last_name?.trim().charAt(0);
  return initial ? `${row.first_name} ${initial}.` : row.first_name;
};

export async function wall(db: Db, actor: Actor, filter: ParsedAnalyticsFilter, limit: number, now: Date): Promise<WallCommentView[]> {
  const prepared = await prepareQuery(db, actor, { ...filter, category: 'promoter' }, now);
  const { conditions } = await withoutSmallAnonymousGroups(db, prepared.conditions);
  const { rows } = await sql<ListRow>`
    select ${ROW_COLUMNS}, cm.text as comment
    from responses r join surveys s on s.id = r.survey_id
    cross join lateral (select ${COMMENT_TEXT} as text) cm
    ${ROW_JOINS(actor.workspaceId)}
    where ${where([...conditions, sql`cm.text is not null`])}
    order by r.started_at desc, r.id desc
    limit ${limit}`.execute(db);
  return rows.map((row) => ({
    responseId: row.id,
    score: row.score ?? 0,
    answeredAt: new Date(row.started_at).toISOString(),
    text: row.comment ?? '',
    name: shortName(row),
    unit: row.unit_name,
  }));
}
