// NPS over time: one bucket per day, week, month or quarter of the workspace's time zone, each with
// its margin of error as a band and whether it differs significantly from the bucket before; and
// the whole period against the one of equal length before it. Buckets are cut and counted in SQL.
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../access/index.ts';
import type { AnalyticsTrendView, TrendBucketView, TrendInterval } from '../views.ts';
import { type ParsedAnalyticsFilter, type Period, workspaceTimeZone } from './filters.ts';
import {
  countsOf,
  GROUP_SUMS,
  type GroupRow,
  groupColumns,
  lowNWarning,
  metricsOf,
  PER_SURVEY_SUMS,
  perSurvey,
  perSurveyFromCounts,
  protectSmallGroups,
  SMALL_GROUP_REASON,
} from './groups.ts';
import { prepareQuery, where } from './metrics.ts';
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
  /** null on the row of the whole period. */
  start: string | null;
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
  const counted = await countedPerSurvey(db, actor, filter, period, conditions, {
    rolled: sql`date_trunc(${unit}, x.local_start)`,
    // An answer's bucket by binary search among the buckets' first instants (as epoch seconds): no
    // time-zone arithmetic per answer. The numbers are turned back into buckets after counting.
    raw: sql`width_bucket(date_part('epoch', r.started_at), (select array_agg(date_part('epoch', b.g at time zone ${timeZone}) order by b.g) from series b))`,
    regroup: { key: sql`b.g`, joins: sql`join (select g, row_number() over (order by g) as i from series) b on b.i = k.g` },
  });
  // The buckets and, from the same per-survey counts (counted once), the whole period.
  const { rows: all } = await sql<BucketRow>`
    with series as (
      select generate_series(date_trunc(${unit}, ${local(period.from)}), date_trunc(${unit}, ${local(new Date(period.to.getTime() - 1))}), ${step.sql}::interval) as g
    ),
    per_survey as (${counted}),
    per_bucket as (select ps.g, ${GROUP_SUMS} from per_survey ps group by ps.g),
    whole_per_survey as (
      select ps.survey_id, ps.anonymous, ps.min_group_size, ${PER_SURVEY_SUMS}
      from per_survey ps group by ps.survey_id, ps.anonymous, ps.min_group_size
    )
    select to_char(series.g, 'YYYY-MM-DD') as start,
           greatest(series.g at time zone ${timeZone}, ${period.from}::timestamptz) as bucket_from,
           least((series.g + ${step.sql}::interval) at time zone ${timeZone}, ${period.to}::timestamptz) as bucket_to,
           ${groupColumns('pb')}
    from series left join per_bucket pb on pb.g = series.g
    union all
    select null, null, null, ${groupColumns('w')} from (select ${GROUP_SUMS} from whole_per_survey ps) w
    order by start nulls last`.execute(db);
  const rows = all.flatMap((row) => (row.start === null ? [] : [{ ...row, start: row.start }]));
  const whole = all.find((row) => row.start === null);

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
  const current = npsOfGroup(whole);
  const prior = npsOfGroup(await periodNps(db, actor, filter, before, now));
  const difference = current.counts && prior.counts ? testNpsDifference(current.counts, prior.counts) : null;
  const total = current.nps;
  return {
    period: periodView,
    interval: options.interval,
    timeZone,
    confidence: options.confidence,
    buckets,
    previousPeriod: {
      from: before.from.toISOString(),
      to: before.to.toISOString(),
      nps: prior.nps,
      suppressed: prior.suppressed,
      difference,
      note: difference ? null : 'Not tested: one of the two has no NPS answers it may show.',
    },
    total,
    warnings: [...(current.suppressed ? [SMALL_GROUP_REASON] : []), ...(total?.lowN ? [lowNWarning(total.n)] : [])],
  };
}

/** Per-survey counts keyed by `key`: whole local days from the daily rollup where it can answer the
 * filter (alias x), otherwise every answer (alias r, then `regroup` as in perSurvey). */
async function countedPerSurvey(
  db: Db,
  actor: Actor,
  filter: ParsedAnalyticsFilter,
  period: Period,
  conditions: RawBuilder<unknown>[],
  key: { rolled: RawBuilder<unknown>; raw: RawBuilder<unknown>; regroup?: { key: RawBuilder<unknown>; joins: RawBuilder<unknown> } },
) {
  const rolled = await rollupNpsRows(db, actor, filter, period);
  return rolled ? perSurveyFromCounts(key.rolled, sql``, rolled) : perSurvey(key.raw, sql``, where([...conditions, sql`r.category is not null`]), key.regroup);
}

/** The NPS counts of a whole period as one group row (for the comparison with the period before). */
async function periodNps(db: Db, actor: Actor, filter: ParsedAnalyticsFilter, period: Period, now: Date): Promise<GroupRow | undefined> {
  const { conditions } = await prepareQuery(db, actor, { ...filter, ...period }, now);
  const counted = await countedPerSurvey(db, actor, filter, period, conditions, { rolled: sql`0`, raw: sql`0` });
  const { rows } = await sql<GroupRow>`with per_survey as (${counted}) select ${GROUP_SUMS} from per_survey ps`.execute(db);
  return rows[0];
}

/** A whole period's group row as the trend shows it: nothing from an anonymous survey below its minimum. */
function npsOfGroup(row: GroupRow | undefined) {
  const suppressed = row?.small ?? false;
  const nps = row && !suppressed ? metricsOf(row) : null;
  return { suppressed, nps, counts: row && nps ? countsOf(row) : null };
}
