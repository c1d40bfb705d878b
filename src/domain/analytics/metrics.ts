// The overview of a set of answers (NPS with its margin of error, the 0–10 distribution, CSAT, CES,
// response rate) and the comparison of two sets. Counting happens in SQL, in one aggregate over
// `responses`; JavaScript only turns the few counts into percentages and margins.
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { type Actor, canViewAnalytics, canViewUnit, ensure, ensureVisible, seesWholeWorkspace } from '../access/index.ts';
import type { AnalyticsComparisonView, AnalyticsOverviewView, NpsMetricsView, ResponseRateView } from '../views.ts';
import { type ParsedAnalyticsFilter, type Period, periodOf, responseConditions } from './filters.ts';
import { rollupAggregates } from './rollup.ts';
import { adjustedWaldMargin, MIN_RELIABLE_N, type NpsCounts, netPromoterScore, testNpsDifference } from './statistics.ts';

const SCORES = Array.from({ length: 11 }, (_, score) => score);

type Row = Record<string, number | string | null>;

export const where = (conditions: RawBuilder<unknown>[]) => sql.join(conditions, sql` and `);
/** The answers counted per survey, category and score (alias k, count n, with the survey's columns):
 * one hash lookup and increment per answer; every figure below is summed from these few rows. */
const countedAnswers = (conditions: RawBuilder<unknown>[]) => sql`
  select k.n, k.category, k.score, s.kind, s.name, s.anonymous, s.min_group_size, s.id as survey_id
  from (
    select r.survey_id, r.category, r.score, count(*)::int as n
    from responses r
    where ${where(conditions)}
    group by 1, 2, 3
  ) k join surveys s on s.id = k.survey_id`;

const sum = (condition: RawBuilder<unknown>, alias: string) => sql`(coalesce(sum(k.n) filter (where ${condition}), 0))::int as ${sql.ref(alias)}`;
const mean = (kind: string, alias: string) =>
  sql`(sum(k.score * k.n) filter (where k.kind = ${kind}))::float8 / nullif(sum(k.n) filter (where k.kind = ${kind}), 0) as ${sql.ref(alias)}`;

const AGGREGATES = sql.join(
  [
    sql`(coalesce(sum(k.n), 0))::int as answers`,
    sum(sql`k.category is not null`, 'nps_n'),
    sum(sql`k.category = 'promoter'`, 'promoters'),
    sum(sql`k.category = 'passive'`, 'passives'),
    sum(sql`k.category = 'detractor'`, 'detractors'),
    ...SCORES.map((score) => sum(sql`k.category is not null and k.score = ${sql.lit(score)}`, `score_${score}`)),
    sum(sql`k.kind = 'csat'`, 'csat_n'),
    sum(sql`k.kind = 'csat' and k.score between 4 and 5`, 'csat_satisfied'),
    mean('csat', 'csat_mean'),
    sum(sql`k.kind = 'ces'`, 'ces_n'),
    mean('ces', 'ces_mean'),
  ],
  sql`, `,
);

export function npsMetrics(row: Row): NpsMetricsView | null {
  const counts: NpsCounts = { n: Number(row.nps_n), promoters: Number(row.promoters), detractors: Number(row.detractors) };
  if (counts.n === 0) return null;
  const percent = (part: number) => (part / counts.n) * 100;
  return {
    n: counts.n,
    promoters: counts.promoters,
    passives: Number(row.passives),
    detractors: counts.detractors,
    promoterPercent: percent(counts.promoters),
    passivePercent: percent(Number(row.passives)),
    detractorPercent: percent(counts.detractors),
    score: netPromoterScore(counts) ?? 0,
    marginOfError: { 90: adjustedWaldMargin(counts, 90) ?? 0, 95: adjustedWaldMargin(counts, 95) ?? 0, 99: adjustedWaldMargin(counts, 99) ?? 0 },
    distribution: SCORES.map((score) => Number(row[`score_${score}`])),
    lowN: counts.n < MIN_RELIABLE_N,
  };
}

/** Anonymous surveys (eNPS) show nothing for a set smaller than their minimum group size: the
 * numbers of a small group would point at the people in it. The first such survey by name, if any. */
const SMALL_ANONYMOUS_SURVEY = sql`
  select k.name, k.min_group_size from counted k where k.anonymous
  group by k.survey_id, k.name, k.min_group_size having sum(k.n) < k.min_group_size
  order by k.name limit 1`;

const smallGroupReason = (name: string, minimum: number) =>
  `The anonymous survey "${name}" has fewer answers here than its minimum group size (${minimum}); its results are not shown for groups this small.`;

/** Filters the invitations cannot follow (they have no answer yet): with any of these the response rate is not given. */
const ANSWER_ONLY_FILTERS = ['touchpointIds', 'languages', 'ownerMemberId', 'segment', 'attributes', 'category', 'hasComment'] as const;

/** Completed / sent email invitations sent in the period, for the same surveys, unit (the contact's
 * unit today — invitations keep no snapshot) and scope. */
async function responseRate(db: Db, actor: Actor, filter: ParsedAnalyticsFilter, period: Period): Promise<ResponseRateView> {
  const blocking: string[] = ANSWER_ONLY_FILTERS.filter((key) => filter[key] !== undefined);
  if (filter.channels && !filter.channels.includes('email')) blocking.push('channels');
  if (blocking.length > 0) {
    return { sent: null, completed: null, rate: null, note: `Not available with the filters ${blocking.join(', ')}: invitations have no answer to filter on.` };
  }
  const ws = actor.workspaceId;
  const conditions: RawBuilder<unknown>[] = [
    sql`i.workspace_id = ${ws}`,
    sql`i.channel = 'email'`,
    sql`i.sent_at >= ${period.from}`,
    sql`i.sent_at < ${period.to}`,
  ];
  if (filter.surveyIds?.length) conditions.push(sql`i.survey_id in (${sql.join(filter.surveyIds)})`);
  const unitPath = (unitId: string) => sql`(select f.path from units f where f.id = ${unitId} and f.workspace_id = ${ws})`;
  if (filter.unitId) {
    conditions.push(filter.includeSubunits ? sql`u.path like ${unitPath(filter.unitId)} || '%'` : sql`c.unit_id = ${filter.unitId}`);
  }
  if (actor.kind === 'user' && !seesWholeWorkspace(actor)) {
    conditions.push(actor.role === 'manager' ? sql`u.path like ${`${actor.unitPath}%`}` : sql`c.owner_member_id = ${actor.memberId}`);
  }
  const { rows } = await sql<{ sent: number; completed: number }>`
    select count(*)::int as sent, (count(*) filter (where i.completed_at is not null))::int as completed
    from survey_invitations i
    join contacts c on c.id = i.contact_id
    join units u on u.id = c.unit_id
    where ${where(conditions)}`.execute(db);
  const { sent, completed } = rows[0] ?? { sent: 0, completed: 0 };
  return { sent, completed, rate: sent === 0 ? null : completed / sent, note: sent === 0 ? 'No email invitations were sent in the period.' : null };
}

async function ensureUnitVisible(db: Db, actor: Actor, unitId: string | undefined): Promise<void> {
  if (!unitId) return;
  const unit = await db.selectFrom('units').select(['id', 'path']).where('id', '=', unitId).where('workspace_id', '=', actor.workspaceId).executeTakeFirst();
  // As everywhere: a manager names units of their subtree, frontline their own unit.
  ensureVisible(unit !== undefined && canViewUnit(actor, unit), 'The unit');
}

/** What every analytics view starts with: the permission, the unit filter's visibility, the period,
 * and the SQL conditions of filter and scope. */
export async function prepareQuery(db: Db, actor: Actor, filter: ParsedAnalyticsFilter, now: Date) {
  ensure(canViewAnalytics(actor), 'see analytics');
  await ensureUnitVisible(db, actor, filter.unitId);
  const period = await periodOf(db, actor.workspaceId, filter, now);
  const periodView = { from: period.from.toISOString(), to: period.to.toISOString() };
  if (period.from.getTime() >= period.to.getTime()) throw AppError.invalid('from', `must be before to (${periodView.to})`);
  return { period, periodView, conditions: responseConditions(actor, filter, period) };
}

export async function overview(db: Db, actor: Actor, filter: ParsedAnalyticsFilter, now: Date): Promise<AnalyticsOverviewView> {
  const { period, periodView, conditions } = await prepareQuery(db, actor, filter, now);
  // Whole days come from the daily rollup where it can answer the filter (it never can for anonymous
  // surveys, so nothing there is suppressed); otherwise the answers are counted, once.
  const row: Row =
    (await rollupAggregates(db, actor, filter, period)) ??
    (
      await sql<Row>`
        with counted as (${countedAnswers(conditions)}), small as (${SMALL_ANONYMOUS_SURVEY})
        select ${AGGREGATES}, (select name from small) as small_name, (select min_group_size from small) as small_minimum
        from counted k`.execute(db)
    ).rows[0] ??
    {};
  if (row.small_name !== null && row.small_name !== undefined) {
    return {
      period: periodView,
      suppressed: true,
      suppressionReason: smallGroupReason(String(row.small_name), Number(row.small_minimum)),
      answers: null,
      nps: null,
      csat: null,
      ces: null,
      responseRate: null,
      warnings: [],
    };
  }
  const nps = npsMetrics(row);
  const csatN = Number(row.csat_n);
  const cesN = Number(row.ces_n);
  const warnings: string[] = [];
  if (nps?.lowN)
    warnings.push(`Only ${nps.n} NPS answers (fewer than ${MIN_RELIABLE_N}): the score can move a lot by chance; read it with its margin of error.`);
  return {
    period: periodView,
    suppressed: false,
    suppressionReason: null,
    answers: Number(row.answers),
    nps,
    csat: csatN === 0 ? null : { n: csatN, satisfiedPercent: (Number(row.csat_satisfied) / csatN) * 100, mean: Number(row.csat_mean) },
    ces: cesN === 0 ? null : { n: cesN, mean: Number(row.ces_mean) },
    responseRate: await responseRate(db, actor, filter, period),
    warnings,
  };
}

/** Two overviews and whether their NPS differ by more than chance. */
export async function compare(db: Db, actor: Actor, a: ParsedAnalyticsFilter, b: ParsedAnalyticsFilter, now: Date): Promise<AnalyticsComparisonView> {
  const first = await overview(db, actor, a, now);
  const second = await overview(db, actor, b, now);
  const counts = (view: AnalyticsOverviewView): NpsCounts | null =>
    view.nps ? { n: view.nps.n, promoters: view.nps.promoters, detractors: view.nps.detractors } : null;
  const countsA = counts(first);
  const countsB = counts(second);
  const test = countsA && countsB ? testNpsDifference(countsA, countsB) : null;
  return {
    a: first,
    b: second,
    difference: test,
    note: test ? null : 'Not tested: one of the two has no NPS answers it may show.',
  };
}
