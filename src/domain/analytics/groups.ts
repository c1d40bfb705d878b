// NPS counted per group (a trend bucket, a breakdown row) in one SQL aggregate, first per group and
// survey so that anonymous surveys below their minimum group size can be found per group, then per
// group. JavaScript receives one row per group and turns its counts into a view.
import { type RawBuilder, sql } from 'kysely';
import type { NpsMetricsView } from '../views.ts';
import { npsMetrics } from './metrics.ts';
import { MIN_RELIABLE_N } from './statistics.ts';

const SCORES = Array.from({ length: 11 }, (_, score) => score);
const COUNTED = ['answers', 'nps_n', 'promoters', 'passives', 'detractors', ...SCORES.map((score) => `score_${score}`)] as const;

/** Counts of one group and survey from rows counted per category and score (alias k, count `n`):
 * `answers` counts every scored answer (the unit of minimum group size). */
const PER_SURVEY_COUNTS = sql.join(
  [
    sql`sum(k.n)::int as answers`,
    sql`(coalesce(sum(k.n) filter (where k.category is not null), 0))::int as nps_n`,
    ...(['promoter', 'passive', 'detractor'] as const).map(
      (category) => sql`(coalesce(sum(k.n) filter (where k.category = ${sql.lit(category)}), 0))::int as ${sql.ref(`${category}s`)}`,
    ),
    ...SCORES.map(
      (score) => sql`(coalesce(sum(k.n) filter (where k.category is not null and k.score = ${sql.lit(score)}), 0))::int as ${sql.ref(`score_${score}`)}`,
    ),
  ],
  sql`, `,
);

/** Sums of per-survey rows (alias ps) into one group, with what anonymity needs: whether an
 * anonymous survey is below its minimum here, its answers, and the largest minimum involved. */
export const GROUP_SUMS = sql.join(
  [
    ...COUNTED.map((column) => sql`coalesce(sum(ps.${sql.ref(column)}), 0)::int as ${sql.ref(column)}`),
    sql`coalesce(bool_or(ps.anonymous and ps.answers < ps.min_group_size), false) as small`,
    sql`(coalesce(sum(ps.answers) filter (where ps.anonymous), 0))::int as anonymous_answers`,
    sql`coalesce(max(ps.min_group_size) filter (where ps.anonymous), 0)::int as min_group_size`,
  ],
  sql`, `,
);

/** The counts of per-survey rows (alias ps) summed over several groups, still per survey. */
export const PER_SURVEY_SUMS = sql.join(
  COUNTED.map((column) => sql`sum(ps.${sql.ref(column)})::int as ${sql.ref(column)}`),
  sql`, `,
);

/** The columns of a group row (GROUP_SUMS) as selected from a table alias. */
export const groupColumns = (alias: string) =>
  sql.join(
    [...COUNTED, 'small', 'anonymous_answers', 'min_group_size'].map((column) => sql.ref(`${alias}.${column}`)),
    sql`, `,
  );

export interface GroupRow {
  answers: number;
  nps_n: number;
  promoters: number;
  passives: number;
  detractors: number;
  small: boolean;
  anonymous_answers: number;
  min_group_size: number;
}

export const countsOf = (row: GroupRow) => ({ n: Number(row.nps_n), promoters: Number(row.promoters), detractors: Number(row.detractors) });

/** The NPS view of a group row, which also holds score_0 … score_10. */
export const metricsOf = (row: GroupRow): NpsMetricsView | null => npsMetrics(row as unknown as Record<string, number>);

/** The answers of one group key per survey: `key` selects the group key from `responses r` and what
 * `joins` adds. Each answer is only counted by key, survey, category and score (a hash lookup and an
 * increment); the columns are pivoted from those few rows, and the surveys joined to them. `regroup`
 * maps those keys (alias k, column g) to the groups after counting, when that is cheaper than per answer. */
export const perSurvey = (
  key: RawBuilder<unknown>,
  joins: RawBuilder<unknown>,
  conditions: RawBuilder<unknown>,
  regroup?: { key: RawBuilder<unknown>; joins: RawBuilder<unknown> },
) => sql`
  select ${regroup?.key ?? sql`k.g`} as g, s.id as survey_id, s.anonymous, s.min_group_size, ${PER_SURVEY_COUNTS}
  from (
    select ${key} as g, r.survey_id, r.category, r.score, count(*) as n
    from responses r ${joins}
    where ${conditions}
    group by 1, 2, 3, 4
  ) k join surveys s on s.id = k.survey_id ${regroup?.joins ?? sql``}
  group by 1, s.id, s.anonymous, s.min_group_size`;

/**
 * The same per-survey rows from rows that already hold counts (alias x: the rollup's source in
 * rollup.ts, with survey_id, unit_id, local_start and the counted columns).
 */
export const perSurveyFromCounts = (key: RawBuilder<unknown>, joins: RawBuilder<unknown>, rows: RawBuilder<unknown>) => sql`
  select ${key} as g, s.id as survey_id, s.anonymous, s.min_group_size, ${sql.join(
    COUNTED.map((column) => sql`sum(x.${sql.ref(column)})::int as ${sql.ref(column)}`),
    sql`, `,
  )}
  from (${rows}) x join surveys s on s.id = x.survey_id ${joins}
  group by 1, s.id, s.anonymous, s.min_group_size`;

export const SMALL_GROUP_REASON = 'An anonymous survey has fewer answers here than its minimum group size; its numbers are not shown.';
const COMPLEMENT_REASON = 'Not shown so that a smaller anonymous group cannot be worked out by subtracting the groups shown from the total.';

export interface Protected {
  suppressed: boolean;
  suppressionReason: string | null;
}

/** Groups below an anonymous survey's minimum are never shown. When the hidden groups together
 * still hold fewer anonymous answers than the minimum, the total minus the shown groups would give
 * them away, so the smallest further groups with anonymous answers are hidden too (complementary
 * suppression), until the hidden ones are at least the minimum together or none are left. */
export function protectSmallGroups<R extends GroupRow>(rows: R[]): (R & Protected)[] {
  const result = rows.map((row) => ({ ...row, suppressed: row.small, suppressionReason: row.small ? SMALL_GROUP_REASON : null }));
  const minimum = Math.max(0, ...result.map((row) => Number(row.min_group_size)));
  const hiddenAnswers = () => result.filter((row) => row.suppressed).reduce((sum, row) => sum + Number(row.anonymous_answers), 0);
  if (!result.some((row) => row.suppressed)) return result;
  while (hiddenAnswers() < minimum) {
    const next = result
      .filter((row) => !row.suppressed && Number(row.anonymous_answers) > 0)
      .sort((a, b) => Number(a.anonymous_answers) - Number(b.anonymous_answers))[0];
    if (!next) break;
    next.suppressed = true;
    next.suppressionReason = COMPLEMENT_REASON;
  }
  return result;
}

export const lowNWarning = (n: number) =>
  `Only ${n} NPS answers (fewer than ${MIN_RELIABLE_N}): the score can move a lot by chance; read it with its margin of error.`;
