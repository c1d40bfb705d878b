// Counts from the daily rollups (migration 0011, `response_daily_counts`, and per value of a list or
// boolean contact attribute, migration 0016, `response_attribute_daily_counts`): whole local days of the
// workspace's time zone inside the period come from the rollup, the partial days at its two ends
// from `responses`, so every answer is exactly the raw aggregate's, at a fraction of the rows
// read. Because the rollup's days are local days, every trend bucket (day, week, month, quarter
// in that zone) is a whole number of them. It serves the filters the rollups keep (period,
// surveys, snapshot unit subtree, one list or boolean attribute) and the roles whose scope is a
// unit subtree or everything; for anything else it answers null and the caller counts raw answers.
import { type RawBuilder, sql } from 'kysely';
import { DateTime } from 'luxon';
import type { AttributeType, Db } from '../../db/index.ts';
import { type Actor, seesWholeWorkspace } from '../access/index.ts';
import { type ParsedAnalyticsFilter, type Period, responseConditions, workspaceTimeZone } from './filters.ts';

const SCORES = Array.from({ length: 11 }, (_, score) => score);
/** Filters the rollups cannot answer: they have no touchpoint, channel, language, owner, segment or comment. */
const RAW_ONLY_FILTERS = ['touchpointIds', 'channels', 'languages', 'ownerMemberId', 'segment', 'category', 'hasComment'] as const;
/** The attribute types the attribute rollup keeps: a few values each, where text or numbers may have one per contact. */
const ROLLED_UP_ATTRIBUTE_TYPES: AttributeType[] = ['list', 'boolean'];
const NO_UNIT = '00000000-0000-0000-0000-000000000000';

export type RollupRow = Record<string, number | null>;

/** The period cut into the local days the rollup holds and the partial days at its ends. */
interface Split {
  timeZone: string;
  days: { from: string; to: string };
  edges: Period[];
  /** The attribute filter the attribute rollup answers; none reads the daily rollup. */
  attribute?: { key: string; value: string };
}

function canUseRollup(actor: Actor, filter: ParsedAnalyticsFilter): boolean {
  if (RAW_ONLY_FILTERS.some((key) => filter[key] !== undefined)) return false;
  if (filter.unitId && filter.unitBasis !== 'snapshot') return false;
  return actor.kind !== 'user' || seesWholeWorkspace(actor) || actor.role === 'manager';
}

/** Null when the rollup cannot answer the filter or scope, or the period holds no whole local day. */
async function split(db: Db, actor: Actor, filter: ParsedAnalyticsFilter, period: Period): Promise<Split | null> {
  if (!canUseRollup(actor, filter)) return null;
  const attributes = Object.entries(filter.attributes ?? {});
  if (attributes.length > 1) return null;
  const attribute = attributes[0] && { key: attributes[0][0], value: attributes[0][1] };
  if (attribute) {
    const rolledUp = await db
      .selectFrom('attribute_definitions')
      .select('id')
      .where('workspace_id', '=', actor.workspaceId)
      .where('key', '=', attribute.key)
      .where('type', 'in', ROLLED_UP_ATTRIBUTE_TYPES)
      .executeTakeFirst();
    if (!rolledUp) return null;
  }
  const timeZone = await workspaceTimeZone(db, actor.workspaceId);
  const from = DateTime.fromJSDate(period.from, { zone: timeZone });
  const midnight = from.startOf('day');
  const first = midnight.toMillis() === from.toMillis() ? midnight : midnight.plus({ days: 1 });
  const end = DateTime.fromJSDate(period.to, { zone: timeZone }).startOf('day');
  if (first.toMillis() >= end.toMillis()) return null;
  const edges = [
    { from: period.from, to: first.toJSDate() },
    { from: end.toJSDate(), to: period.to },
  ].filter((edge) => edge.from.getTime() < edge.to.getTime());
  return { timeZone, days: { from: first.toISODate() as string, to: end.toISODate() as string }, edges, ...(attribute && { attribute }) };
}

/** The rollup to read, as alias d. */
const rollupTable = (cut: Split) => (cut.attribute ? sql`response_attribute_daily_counts d` : sql`response_daily_counts d`);

/** The rollup's conditions (alias d) for the filter and the actor's scope. */
function rollupConditions(actor: Actor, filter: ParsedAnalyticsFilter, cut: Split): RawBuilder<unknown>[] {
  const ws = actor.workspaceId;
  const { days, attribute } = cut;
  const conditions = [sql`d.workspace_id = ${ws}`, sql`d.day >= ${days.from}::date`, sql`d.day < ${days.to}::date`];
  if (attribute) conditions.push(sql`d.attribute_key = ${attribute.key}`, sql`d.value = ${attribute.value}`);
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

const rawEdges = (actor: Actor, filter: ParsedAnalyticsFilter, edges: Period[], select: RawBuilder<unknown>) =>
  edges.map(
    (edge) =>
      sql`select ${select} from responses r join surveys s on s.id = r.survey_id where ${sql.join(responseConditions(actor, filter, edge), sql` and `)}`,
  );

/** The overview's aggregate row, or null when the rollup cannot answer this filter, scope or period (fewer than one whole day, or an anonymous survey whose group sizes must be checked on the answers). */
export async function rollupAggregates(db: Db, actor: Actor, filter: ParsedAnalyticsFilter, period: Period): Promise<RollupRow | null> {
  const cut = await split(db, actor, filter, period);
  if (!cut) return null;
  const anonymous = await db
    .selectFrom('surveys')
    .select('id')
    .where('workspace_id', '=', actor.workspaceId)
    .where('anonymous', '=', true)
    .$if(Boolean(filter.surveyIds?.length), (q) => q.where('id', 'in', filter.surveyIds ?? []))
    .executeTakeFirst();
  if (anonymous) return null;

  const rawParts = rawEdges(actor, filter, cut.edges, sql`s.kind, ${RAW_COUNTS}`);
  const sum = (column: string, alias = column) => sql`coalesce(sum(${sql.ref(column)}), 0)::int as ${sql.ref(alias)}`;
  const ofKind = (kind: string, column: string) => sql`sum(${sql.ref(column)}) filter (where kind = ${kind})`;
  const { rows } = await sql<RollupRow>`
    with parts (kind, ${columns('')}) as (
      select s.kind, ${columns('d.')} from ${rollupTable(cut)} join surveys s on s.id = d.survey_id
      where ${sql.join(rollupConditions(actor, filter, cut), sql` and `)}
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

/**
 * The NPS answers of the period as rows with counts (survey_id, unit_id — null for none —,
 * local_start, then the columns of groups.ts's per-survey counts, `answers` counting NPS answers
 * as the views that group do): rollup rows for the whole local days, where local_start is the
 * day's midnight, and one row per raw answer of the partial days, where it is the answer's local
 * time. Any day, week, month or quarter of local_start is therefore exact. Null when the rollup
 * cannot answer (see `split`).
 */
export async function rollupNpsRows(db: Db, actor: Actor, filter: ParsedAnalyticsFilter, period: Period): Promise<RawBuilder<unknown> | null> {
  const cut = await split(db, actor, filter, period);
  if (!cut) return null;
  const nps = sql`d.promoters + d.passives + d.detractors`;
  const fromRollup = sql`
    select d.survey_id, nullif(d.unit_id, ${NO_UNIT}::uuid) as unit_id, d.day::timestamp as local_start,
      ${nps} as answers, ${nps} as nps_n, d.promoters, d.passives, d.detractors, ${sql.raw(SCORES.map((s) => `d.s${s} as score_${s}`).join(', '))}
    from ${rollupTable(cut)}
    where ${sql.join([...rollupConditions(actor, filter, cut), sql`${nps} > 0`], sql` and `)}`;
  const perAnswer = sql.join(
    [
      sql`r.survey_id`,
      sql`r.unit_id`,
      sql`r.started_at at time zone ${cut.timeZone}`,
      sql`1`,
      sql`1`,
      sql`(r.category = 'promoter')::int`,
      sql`(r.category = 'passive')::int`,
      sql`(r.category = 'detractor')::int`,
      ...SCORES.map((score) => sql`(r.score = ${sql.lit(score)})::int`),
    ],
    sql`, `,
  );
  const edges = rawEdges(actor, filter, cut.edges, perAnswer).map((part) => sql`${part} and r.category is not null`);
  return sql`select * from (${fromRollup}) rolled ${sql.join(
    edges.map((part) => sql`union all ${part}`),
    sql` `,
  )}`;
}
