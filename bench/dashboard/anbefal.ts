// The dashboard questions as the API answers them: the analytics module's overview, weekly trend
// and breakdown by unit (the top of the tree, the countries, as the portal's breakdown opens). The
// module reads the daily rollup where it can answer and counts the answers otherwise.
import { sql } from 'kysely';
import type { Db } from '../../src/db/index.ts';
import type { Actor } from '../../src/domain/access/index.ts';
import { breakdown, overview, type ParsedAnalyticsFilter, trend } from '../../src/domain/analytics/index.ts';
import type { NpsMetricsView } from '../../src/domain/views.ts';
import type { Counts, Grouped } from './questions.ts';

const countsOf = (nps: NpsMetricsView): Counts => ({ n: nps.n, promoters: nps.promoters, detractors: nps.detractors });

export async function overviewCounts(db: Db, actor: Actor, filter: ParsedAnalyticsFilter, now: Date): Promise<Counts> {
  const view = await overview(db, actor, filter, now);
  return view.nps ? countsOf(view.nps) : { n: 0, promoters: 0, detractors: 0 };
}

/** NPS per week (Monday, in the workspace's zone: the demo has none, so UTC) with bands and significance. */
export async function weeklyTrend(db: Db, actor: Actor, filter: ParsedAnalyticsFilter, now: Date): Promise<Grouped> {
  const view = await trend(db, actor, filter, { interval: 'week', confidence: 95 }, now);
  return Object.fromEntries(view.buckets.flatMap((bucket) => (bucket.nps ? [[bucket.start, countsOf(bucket.nps)]] : [])));
}

/** NPS per country with margins, differences to the total and the test against the rest. */
export async function countryBreakdown(db: Db, actor: Actor, filter: ParsedAnalyticsFilter, now: Date): Promise<Grouped> {
  const view = await breakdown(db, actor, filter, { dimension: 'unit', limit: 1000 }, now);
  return Object.fromEntries(view.rows.flatMap((row) => (row.key && row.nps ? [[row.key, countsOf(row.nps)]] : [])));
}

/** Each unit's country — the child of the root on its path; the root itself for the root — so the references group alike. */
export async function countryOfUnit(db: Db, workspaceId: string): Promise<Record<string, string>> {
  const { rows } = await sql<{ id: string; country: string }>`
    select u.id, coalesce(nullif(split_part(substr(u.path, length(root.path) + 1), '/', 1), ''), root.id::text) as country
    from units u join units root on root.workspace_id = u.workspace_id and root.parent_id is null
    where u.workspace_id = ${workspaceId}`.execute(db);
  return Object.fromEntries(rows.map((row) => [row.id, row.country]));
}
