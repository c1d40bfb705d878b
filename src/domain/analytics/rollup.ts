// The overview's counts from the daily rollup (migration 0011, `response_daily_counts`): whole UTC
// days inside the period come from the rollup, the partial days at its two ends from `responses`,
// so the answer is exactly the raw aggregate's, at a fraction of the rows read. It serves the
// filters the rollup keeps (period, surveys, snapshot unit subtree) and the roles whose scope is a
// unit subtree or everything; for anything else it answers null and the caller counts raw answers.
// The columns are those of the overview's aggregate (metrics.ts), so it can take its place.
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import { type Actor, seesWholeWorkspace } from '../access/index.ts';
import { type ParsedAnalyticsFilter, type Period, responseConditions } from './filters.ts';

const DAY_MS = 86_400_000;
const SCORES = Array.from({ length: 11 }, (_, score) => score);
/** Filters the rollup cannot answer: it has no touchpoint, channel, language, owner, segment, contact or comment. */
const RAW_ONLY_FILTERS = ['touchpointIds', 'channels', 'languages', 'ownerMemberId', 'segment', 'attributes', 'category', 'hasComment'] as const;

export type RollupRow = Record<string, number | null>;

const startOfDay = (date: Date) => new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS);
const dayOf = (date: Date) => date.toISOString().slice(0, 10);

function canUseRollup(actor: Actor, filter: ParsedAnalyticsFilter): boolean {
  if (RAW_ONLY_FILTERS.some((key) => filter[key] !== undefined)) return false;
  if (filter.unitId && filter.unitBasis !== 'snapshot') return false;
  return actor.kind !== 'user' || seesWholeWorkspace(actor) || actor.role === 'manager';
}

/** The rollup's conditions (alias d) for the filter and the actor's scope. */
function rollupConditions(actor: Actor, filter: ParsedAnalyticsFilter, days: { from: string; to: string }): RawBuilder<unknown>[] {
  const ws = actor.workspaceId;
  const conditions = [sql`d.workspace_id = ${ws}`, sql`d.day >= ${days.from}::date`, sql`d.day < ${days.to}::date`];
  if (filter.surveyIds?.length) conditions.push(sql`d.survey_id in (${sql.join(filter.surveyIds)})`);
  const subtree = (pathPrefix: RawBuilder<unknown>) =>
    sql`d.unit_id in (select u.id from units u where u.workspace_id = ${ws} and u.path like ${pathPrefix} || '%')`;
  if (filter.unitId) {
    conditions.push(
      filter.includeSubunits
        ? subtree(sql`(select f.path from units f where f.id = ${filter.unitId} and f.workspace_id = ${ws})`)
        : sql`d.unit_id = ${filter.unitId}`,
    );
  }
  if (actor.kind === 'user' && actor.role === 'manager') conditions.push(subtree(sql`${actor.unitPath}`));
  return conditions;
}

const columns = (prefix: string) =>
  sql.raw(['answers', 'promoters', 'passives', 'detractors', ...SCORES.map((s) => `s${s}`), 'score_sum', 'satisfied'].map((c) => `${prefix}${c}`).join(', '));

/** The same per-answer counts as the rollup's columns, for raw answers (alias r, joined to surveys s). */
const RAW_COUNTS = sql.join(
  [
    sql`1`,
    sql`(r.category = 'promoter')::int`,
    sql`(r.category = 'passive')::int`,
    sql`(r.category = 'detractor')::int`,
    ...SCORES.map((score) => sql`(r.category is not null and r.score = ${sql.lit(score)})::int`),
    sql`r.score::bigint`,
    sql`(r.score between 4 and 5)::int`,
  ],
  sql`, `,
);

/** The overview's aggregate row, or null when the rollup cannot answer this filter, scope or period (fewer than one whole day, or an anonymous survey whose group sizes must be checked on the answers). */
export async function rollupAggregates(db: Db, actor: Actor, filter: ParsedAnalyticsFilter, period: Period): Promise<RollupRow | null> {
  if (!canUseRollup(actor, filter)) return null;
  const firstDay = new Date(startOfDay(period.from).getTime() + (period.from.getTime() % DAY_MS === 0 ? 0 : DAY_MS));
  const endDay = startOfDay(period.to);
  if (firstDay.getTime() >= endDay.getTime()) return null;
  const anonymous = await db
    .selectFrom('surveys')
    .select('id')
    .where('workspace_id', '=', actor.workspaceId)
    .where('anonymous', '=', true)
    .$if(Boolean(filter.surveyIds?.length), (q) => q.where('id', 'in', filter.surveyIds ?? []))
    .executeTakeFirst();
  if (anonymous) return null;

  const edges = [
    { from: period.from, to: firstDay },
    { from: endDay, to: period.to },
  ].filter((edge) => edge.from.getTime() < edge.to.getTime());
  const rawParts = edges.map(
    (edge) =>
      sql`select s.kind, ${RAW_COUNTS} from responses r join surveys s on s.id = r.survey_id where ${sql.join(responseConditions(actor, filter, edge), sql` and `)}`,
  );
  const sum = (column: string, alias = column) => sql`coalesce(sum(${sql.ref(column)}), 0)::int as ${sql.ref(alias)}`;
  const ofKind = (kind: string, column: string) => sql`sum(${sql.ref(column)}) filter (where kind = ${kind})`;
  const { rows } = await sql<RollupRow>`
    with parts (kind, ${columns('')}) as (
      select s.kind, ${columns('d.')} from response_daily_counts d join surveys s on s.id = d.survey_id
      where ${sql.join(rollupConditions(actor, filter, { from: dayOf(firstDay), to: dayOf(endDay) }), sql` and `)}
      ${sql.join(
        rawParts.map((part) => sql`union all ${part}`),
        sql` `,
      )}
    )
    select ${sum('answers')}, coalesce(sum(promoters) + sum(passives) + sum(detractors), 0)::int as nps_n,
      ${sum('promoters')}, ${sum('passives')}, ${sum('detractors')},
      ${sql.join(
        SCORES.map((score) => sum(`s${score}`, `score_${score}`)),
        sql`, `,
      )},
      coalesce(${ofKind('csat', 'answers')}, 0)::int as csat_n, coalesce(${ofKind('csat', 'satisfied')}, 0)::int as csat_satisfied,
      (${ofKind('csat', 'score_sum')})::float8 / nullif(${ofKind('csat', 'answers')}, 0) as csat_mean,
      coalesce(${ofKind('ces', 'answers')}, 0)::int as ces_n,
      (${ofKind('ces', 'score_sum')})::float8 / nullif(${ofKind('ces', 'answers')}, 0) as ces_mean
    from parts`.execute(db);
  return rows[0] ?? null;
}
