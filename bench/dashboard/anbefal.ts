// The dashboard questions as Anbefal answers them: the overview through the analytics module (as it
// is, and with the daily rollup), and the weekly trend and unit breakdown in SQL written here.
// FOR THE LEAD: trend and breakdown are computed here until the analytics module's trend and
// breakdown functions (the other helper's branch) are merged; switch `trend` and `breakdown` to
// them then. They use the same filter pushdown (responseConditions) and, unfiltered, the rollup.
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../src/db/index.ts';
import type { Actor } from '../../src/domain/access/index.ts';
import { type ParsedAnalyticsFilter, type Period, responseConditions } from '../../src/domain/analytics/filters.ts';
import { overview, rollupAggregates } from '../../src/domain/analytics/index.ts';
import type { Counts, Grouped } from './questions.ts';

const where = (conditions: RawBuilder<unknown>[]) => sql.join(conditions, sql` and `);
const day = (date: Date) => date.toISOString().slice(0, 10);

type CountRow = { key: string; n: number; promoters: number; detractors: number };
const grouped = (rows: CountRow[]): Grouped =>
  Object.fromEntries(rows.map((row) => [row.key, { n: Number(row.n), promoters: Number(row.promoters), detractors: Number(row.detractors) }]));

export async function overviewCounts(db: Db, actor: Actor, filter: ParsedAnalyticsFilter, now: Date): Promise<Counts> {
  const view = await overview(db, actor, filter, now);
  return { n: view.nps?.n ?? 0, promoters: view.nps?.promoters ?? 0, detractors: view.nps?.detractors ?? 0 };
}

/** The overview's aggregate from the rollup, and the response rate: for a whole-workspace view the
 * invitations need no join to the contacts' units (metrics.ts joins them for every view), so the
 * count is an index-only range on survey_invitations_sent_idx. */
export async function overviewFromRollup(db: Db, actor: Actor, filter: ParsedAnalyticsFilter, period: Period): Promise<Counts> {
  const row = await rollupAggregates(db, actor, filter, period);
  if (!row) throw new Error('the rollup cannot answer this filter');
  await sql`select count(*)::int as sent, (count(*) filter (where i.completed_at is not null))::int as completed
    from survey_invitations i
    where i.workspace_id = ${actor.workspaceId} and i.channel = 'email' and i.sent_at >= ${period.from} and i.sent_at < ${period.to}`.execute(db);
  return { n: Number(row.nps_n), promoters: Number(row.promoters), detractors: Number(row.detractors) };
}

const NPS_COUNTS = sql`(count(*) filter (where r.category is not null))::int as n, (count(*) filter (where r.category = 'promoter'))::int as promoters,
  (count(*) filter (where r.category = 'detractor'))::int as detractors`;
const ROLLUP_COUNTS = sql`sum(d.promoters + d.passives + d.detractors)::int as n, sum(d.promoters)::int as promoters, sum(d.detractors)::int as detractors`;

/** NPS per ISO week (Monday, UTC) of the answers. */
export async function trend(db: Db, actor: Actor, filter: ParsedAnalyticsFilter, period: Period): Promise<Grouped> {
  const { rows } = await sql<CountRow>`
    select to_char(date_trunc('week', r.started_at at time zone 'UTC'), 'YYYY-MM-DD') as key, ${NPS_COUNTS}
    from responses r join surveys s on s.id = r.survey_id
    where ${where(responseConditions(actor, filter, period))}
    group by 1`.execute(db);
  return grouped(rows);
}

export async function trendFromRollup(db: Db, actor: Actor, period: Period): Promise<Grouped> {
  const { rows } = await sql<CountRow>`
    select to_char(date_trunc('week', d.day), 'YYYY-MM-DD') as key, ${ROLLUP_COUNTS}
    from response_daily_counts d
    where d.workspace_id = ${actor.workspaceId} and d.day >= ${day(period.from)}::date and d.day < ${day(period.to)}::date
    group by 1`.execute(db);
  return grouped(rows);
}

/** NPS per snapshot unit. */
export async function breakdown(db: Db, actor: Actor, filter: ParsedAnalyticsFilter, period: Period): Promise<Grouped> {
  const { rows } = await sql<CountRow>`
    select coalesce(r.unit_id::text, '-') as key, ${NPS_COUNTS}
    from responses r join surveys s on s.id = r.survey_id
    where ${where(responseConditions(actor, filter, period))}
    group by 1`.execute(db);
  return grouped(rows);
}

export async function breakdownFromRollup(db: Db, actor: Actor, period: Period): Promise<Grouped> {
  const { rows } = await sql<CountRow>`
    select d.unit_id::text as key, ${ROLLUP_COUNTS}
    from response_daily_counts d
    where d.workspace_id = ${actor.workspaceId} and d.day >= ${day(period.from)}::date and d.day < ${day(period.to)}::date
    group by 1`.execute(db);
  return grouped(rows);
}
