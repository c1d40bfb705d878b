// NPS over time: one bucket per day, week, month or quarter of the workspace's time zone, each with
// its margin of error as a band and whether it differs significantly from the bucket before; and
// the whole period against the one of equal length before it. Buckets are cut and counted in SQL.
import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../access/index.ts';
import type { AnalyticsTrendView, TrendBucketView, TrendInterval } from '../views.ts';
import { type ParsedAnalyticsFilter, workspaceTimeZone } from './filters.ts';
import { countsOf, GROUP_SUMS, type GroupRow, lowNWarning, metricsOf, perSurvey, perSurveyFromCounts, protectSmallGroups } from './groups.ts';
import { compare, prepareQuery, where } from './metrics.ts';
import { rollupNpsRows } from './rollup.ts';
import { adjustedWaldMargin, type ConfidenceLevel, testNpsDifference } from './statistics.ts';

export const TREND_INTERVALS = ['day', 'week', 'month', 'quarter'] as const;
export const MAX_TREND_BUCKETS = 1000;

const STEP: Record<TrendInterval, { sql: string; days: number }> = {
  day: { sql: '1 day', days: 1 },
  week: { sql: '7 days', days: 7 },
  month: { sql: '1 month', days: 28 },
  quarter: { sql: '3 months', days: 89 },
};

export interface TrendOptions {
  interval: TrendInterval;
  confidence: ConfidenceLevel;
}

interface BucketRow extends GroupRow {
  start: string;
  bucket_from: Date;
  bucket_to: Date;
}

export async function trend(db: Db, actor: Actor, filter: ParsedAnalyticsFilter, options: TrendOptions, now: Date): Promise<AnalyticsTrendView> {
  const { period, periodView, conditions } = await prepareQuery(db, actor, filter, now);
  const step = STEP[options.interval];
  const approximateBuckets = Math.ceil((period.to.getTime() - period.from.getTime()) / (step.days * 86_400_000)) + 1;
  if (approximateBuckets > MAX_TREND_BUCKETS) {
    throw AppError.invalid(
      'query.interval',
      `${options.interval} gives about ${approximateBuckets} buckets over this period; at most ${MAX_TREND_BUCKETS}: choose a longer interval or a shorter period`,
    );
  }
  const timeZone = await workspaceTimeZone(db, actor.workspaceId);
  const unit = sql.lit(options.interval);
  const local = (instant: unknown) => sql`(${instant}::timestamptz at time zone ${timeZone})`;
  // Whole local days from the daily rollup where it can answer; otherwise every answer.
  const rolled = await rollupNpsRows(db, actor, filter, period);
  const counted = rolled
    ? perSurveyFromCounts(sql`date_trunc(${unit}, x.local_start)`, sql``, rolled)
    : perSurvey(sql`date_trunc(${unit}, ${local(sql`r.started_at`)})`, sql``, where([...conditions, sql`r.category is not null`]));
  const { rows } = await sql<BucketRow>`
    with per_survey as (${counted}),
    per_bucket as (select ps.g, ${GROUP_SUMS} from per_survey ps group by ps.g),
    series as (
      select generate_series(date_trunc(${unit}, ${local(period.from)}), date_trunc(${unit}, ${local(new Date(period.to.getTime() - 1))}), ${step.sql}::interval) as g
    )
    select to_char(series.g, 'YYYY-MM-DD') as start,
           greatest(series.g at time zone ${timeZone}, ${period.from}::timestamptz) as bucket_from,
           least((series.g + ${step.sql}::interval) at time zone ${timeZone}, ${period.to}::timestamptz) as bucket_to,
           pb.*
    from series left join per_bucket pb on pb.g = series.g
    order by series.g`.execute(db);

  let previous: { start: string; counts: ReturnType<typeof countsOf> } | null = null;
  const buckets: TrendBucketView[] = protectSmallGroups(rows.map((row) => ({ ...row, small: row.small ?? false }))).map((row) => {
    const nps = row.suppressed ? null : metricsOf(row);
    const counts = countsOf(row);
    const margin = nps ? (adjustedWaldMargin(counts, options.confidence) ?? 0) : 0;
    const test = nps && previous ? testNpsDifference(counts, previous.counts) : null;
    const change = test && previous ? { ...test, since: previous.start, significant: test.words !== 'not significant' } : null;
    if (nps) previous = { start: row.start, counts };
    return {
      start: row.start,
      from: new Date(row.bucket_from).toISOString(),
      to: new Date(row.bucket_to).toISOString(),
      suppressed: row.suppressed,
      suppressionReason: row.suppressionReason,
      nps,
      band: nps ? { low: Math.max(-100, nps.score - margin), high: Math.min(100, nps.score + margin) } : null,
      change,
    };
  });

  const length = period.to.getTime() - period.from.getTime();
  const before = { from: new Date(period.from.getTime() - length), to: period.from };
  const comparison = await compare(db, actor, { ...filter, ...period }, { ...filter, ...before }, now);
  const total = comparison.a.nps;
  return {
    period: periodView,
    interval: options.interval,
    timeZone,
    confidence: options.confidence,
    buckets,
    previousPeriod: {
      from: before.from.toISOString(),
      to: before.to.toISOString(),
      nps: comparison.b.nps,
      suppressed: comparison.b.suppressed,
      difference: comparison.difference,
      note: comparison.note,
    },
    total,
    warnings: [...(comparison.a.suppressionReason ? [comparison.a.suppressionReason] : []), ...(total?.lowN ? [lowNWarning(total.n)] : [])],
  };
}
