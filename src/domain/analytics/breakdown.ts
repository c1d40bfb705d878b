// NPS broken down by one dimension: per group its NPS with margin, the difference to the total and
// whether the group differs significantly from the rest. Grouping, labels, sorting, the limit and
// the "other" row are all one SQL statement; units drill down (the children of a unit, each with
// its whole subtree).
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import { type Actor, canViewUnit, ensureVisible, seesWholeWorkspace } from '../access/index.ts';
import type { AnalyticsBreakdownView, BreakdownRowView } from '../views.ts';
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
} from './groups.ts';
import { prepareQuery, where } from './metrics.ts';
import { rollupNpsRows } from './rollup.ts';
import { testNpsDifference } from './statistics.ts';

export const BREAKDOWN_DIMENSIONS = ['unit', 'owner', 'segment', 'touchpoint', 'survey', 'channel', 'language', 'account', 'month'] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number] | `attr.${string}`;
export const BREAKDOWN_SORTS = ['n', 'score', 'label'] as const;

export interface BreakdownOptions {
  dimension: BreakdownDimension;
  /** Units: whose children to show; default the top of what the actor sees. */
  parentUnitId?: string;
  sort?: (typeof BREAKDOWN_SORTS)[number];
  direction?: 'asc' | 'desc';
  limit: number;
}

interface Grouping {
  key: RawBuilder<unknown>;
  joins: RawBuilder<unknown>;
  /** The label of group key `l.g` (text), null for "none". */
  label: RawBuilder<unknown>;
  noneLabel: string;
  hasChildren?: RawBuilder<unknown>;
  parent?: { id: string; name: string };
  /** Counting answers: key them by this first, then group those keys (k.g in joins and key). */
  answerKey?: RawBuilder<unknown>;
}

const NONE_LABELS: Record<string, string> = {
  owner: 'No owner',
  segment: 'No segment',
  touchpoint: 'No touchpoint',
  account: 'No account',
};

async function parentUnit(db: Db, actor: Actor, unitId: string | undefined) {
  const units = db.selectFrom('units').select(['id', 'path', 'name']).where('workspace_id', '=', actor.workspaceId);
  if (unitId) {
    const unit = await units.where('id', '=', unitId).executeTakeFirst();
    ensureVisible(unit !== undefined && canViewUnit(actor, unit), 'The unit parentUnitId');
    return unit as NonNullable<typeof unit>;
  }
  const top = actor.kind === 'user' && !seesWholeWorkspace(actor) ? units.where('id', '=', actor.unitId) : units.where('parent_id', 'is', null);
  return top.executeTakeFirstOrThrow();
}

/** Where a grouping reads the answer's survey, snapshot unit and local start: `responses r`, or the rollup's rows `x`. */
interface Columns {
  survey: RawBuilder<unknown>;
  unit: RawBuilder<unknown>;
  localStart: (timeZone: string) => RawBuilder<unknown>;
}
const RAW_COLUMNS: Columns = { survey: sql`r.survey_id`, unit: sql`r.unit_id`, localStart: (timeZone) => sql`(r.started_at at time zone ${timeZone})` };
const ROLLUP_COLUMNS: Columns = { survey: sql`x.survey_id`, unit: sql`x.unit_id`, localStart: () => sql`x.local_start` };
/** Dimensions the rollup's rows hold (units by their snapshot). */
const ROLLUP_DIMENSIONS: readonly string[] = ['unit', 'survey', 'month'];

async function groupingOf(db: Db, actor: Actor, filter: ParsedAnalyticsFilter, options: BreakdownOptions, at: Columns): Promise<Grouping> {
  const ws = actor.workspaceId;
  const plain = (column: RawBuilder<unknown>, label: RawBuilder<unknown> = sql`l.g`): Grouping => ({
    key: column,
    joins: sql``,
    label,
    noneLabel: NONE_LABELS[options.dimension] ?? 'None',
  });
  const nameIn = (table: 'members' | 'accounts' | 'surveys' | 'touchpoints') =>
    sql`(select x.name from ${sql.table(table)} x where x.id::text = l.g and x.workspace_id = ${ws})`;
  switch (options.dimension) {
    case 'owner':
      return plain(sql`r.owner_member_id::text`, nameIn('members'));
    case 'account':
      return plain(sql`r.account_id::text`, nameIn('accounts'));
    case 'survey':
      return plain(sql`${at.survey}::text`, nameIn('surveys'));
    case 'touchpoint':
      return plain(sql`r.touchpoint_id::text`, nameIn('touchpoints'));
    case 'segment':
      return plain(sql`r.segment`);
    case 'channel':
      return plain(sql`r.channel`);
    case 'language':
      return plain(sql`r.language`);
    case 'month': {
      const timeZone = await workspaceTimeZone(db, ws);
      return plain(sql`to_char(date_trunc('month', ${at.localStart(timeZone)}), 'YYYY-MM')`);
    }
    case 'unit': {
      const parent = await parentUnit(db, actor, options.parentUnitId);
      const unitColumn = filter.unitBasis === 'current' ? sql`(select c.unit_id from contacts c where c.id = r.contact_id)` : at.unit;
      // Answers are counted per unit first: the unit's group is then worked out once per unit, not per answer.
      const perAnswer = at === RAW_COLUMNS;
      return {
        // The child of the parent on the way to the answer's unit; the parent itself for answers placed on it.
        key: sql`case when u.path = ${parent.path} then ${parent.id}::text else split_part(substr(u.path, ${parent.path.length + 1}), '/', 1) end`,
        joins: sql`join units u on u.id = ${perAnswer ? sql`k.g` : unitColumn} and u.workspace_id = ${ws} and u.path like ${`${parent.path}%`}`,
        answerKey: perAnswer ? unitColumn : undefined,
        label: sql`(select x.name from units x where x.id::text = l.g and x.workspace_id = ${ws})`,
        noneLabel: 'No unit',
        hasChildren: sql`(l.g <> ${parent.id}::text and exists (select 1 from units ch where ch.parent_id::text = l.g))`,
        parent: { id: parent.id, name: parent.name },
      };
    }
    default: {
      const key = options.dimension.slice('attr.'.length);
      return {
        ...plain(sql`c.attributes ->> ${key}`),
        joins: sql`left join contacts c on c.id = r.contact_id and c.workspace_id = ${ws}`,
        noneLabel: 'No value',
      };
    }
  }
}

interface BreakdownRow extends GroupRow {
  kind: 'group' | 'other' | 'total';
  g: string | null;
  label: string | null;
  has_children: boolean;
  groups: number;
}

export async function breakdown(db: Db, actor: Actor, filter: ParsedAnalyticsFilter, options: BreakdownOptions, now: Date): Promise<AnalyticsBreakdownView> {
  const { period, periodView, conditions } = await prepareQuery(db, actor, filter, now);
  const rolled = await rollupRows(db, actor, filter, options, period);
  const grouping = await groupingOf(db, actor, filter, options, rolled ? ROLLUP_COLUMNS : RAW_COLUMNS);
  const sort = options.sort ?? (options.dimension === 'month' ? 'label' : 'n');
  const direction = sql.raw(options.direction ?? (sort === 'label' ? 'asc' : 'desc'));
  // Groups too small to show go last when sorting by score, so their place does not hint at their score.
  const order =
    sort === 'n'
      ? sql`l.nps_n ${direction}`
      : sort === 'score'
        ? sql`l.small, (l.promoters - l.detractors)::float8 / nullif(l.nps_n, 0) ${direction} nulls last`
        : sql`l.label ${direction} nulls last`;
  const fromSurveys = (rows: RawBuilder<unknown>) => sql`from (${rows}) ps`;
  const { rows } = await sql<BreakdownRow>`
    with per_survey as (${
      rolled
        ? perSurveyFromCounts(grouping.key, grouping.joins, rolled)
        : grouping.answerKey
          ? perSurvey(grouping.answerKey, sql``, where([...conditions, sql`r.category is not null`]), grouping)
          : perSurvey(grouping.key, grouping.joins, where([...conditions, sql`r.category is not null`]))
    }),
    per_group as (select ps.g, ${GROUP_SUMS} from per_survey ps group by ps.g),
    labelled as (select l.*, ${grouping.label} as label, ${grouping.hasChildren ?? sql`false`} as has_children from per_group l),
    ranked as (select l.*, row_number() over (order by ${order}, l.g nulls last) as rank, (count(*) over ())::int as groups from labelled l)
    select 'group' as kind, rk.rank, rk.g, rk.label, rk.has_children, rk.groups, ${groupColumns('rk')}
    from ranked rk
    where rk.rank <= ${options.limit}
    union all
    select 'other', ${sql.lit(options.limit + 1)}, null, null, false, null, ${GROUP_SUMS}
    ${fromSurveys(sql`
      select ps.survey_id, ps.anonymous, ps.min_group_size, ${PER_SURVEY_SUMS}
      from per_survey ps join ranked rk on rk.g is not distinct from ps.g
      where rk.rank > ${options.limit}
      group by ps.survey_id, ps.anonymous, ps.min_group_size`)}
    having count(*) > 0
    union all
    select 'total', 0, null, null, false, null, ${GROUP_SUMS}
    ${fromSurveys(sql`
      select ps.survey_id, ps.anonymous, ps.min_group_size, ${PER_SURVEY_SUMS}
      from per_survey ps group by ps.survey_id, ps.anonymous, ps.min_group_size`)}
    order by 2`.execute(db);
  const [totalRow, ...groupRows] = rows;
  return viewOf(grouping, options, periodView, groupRows, totalRow as BreakdownRow);
}

/** The rollup's rows when it holds the dimension (units by their snapshot) and can answer the filter. */
async function rollupRows(db: Db, actor: Actor, filter: ParsedAnalyticsFilter, options: BreakdownOptions, period: Period) {
  const held = ROLLUP_DIMENSIONS.includes(options.dimension) && !(options.dimension === 'unit' && filter.unitBasis === 'current');
  return held ? rollupNpsRows(db, actor, filter, period) : null;
}

function viewOf(
  grouping: Grouping,
  options: BreakdownOptions,
  period: AnalyticsBreakdownView['period'],
  groupRows: BreakdownRow[],
  totalRow: BreakdownRow,
): AnalyticsBreakdownView {
  const totalSuppressed = totalRow.small;
  const total = totalSuppressed ? null : metricsOf(totalRow);
  const totalCounts = countsOf(totalRow);
  const rows: BreakdownRowView[] = protectSmallGroups(groupRows).map((row) => {
    const nps = row.suppressed || totalSuppressed ? null : metricsOf(row);
    const counts = countsOf(row);
    const rest = { n: totalCounts.n - counts.n, promoters: totalCounts.promoters - counts.promoters, detractors: totalCounts.detractors - counts.detractors };
    const isDirect = grouping.parent !== undefined && row.g === grouping.parent.id;
    return {
      key: row.kind === 'other' ? null : row.g,
      label: row.kind === 'other' ? 'Other' : isDirect ? `${grouping.parent?.name} (placed directly)` : (row.label ?? grouping.noneLabel),
      kind: row.kind === 'other' ? 'other' : isDirect ? 'direct' : 'group',
      hasChildren: row.has_children,
      suppressed: row.suppressed || totalSuppressed,
      suppressionReason: row.suppressionReason ?? (totalSuppressed ? 'The total is not shown (an anonymous survey is below its minimum group size).' : null),
      nps,
      differenceToTotal: nps && total ? nps.score - total.score : null,
      againstRest: nps && total ? testNpsDifference(counts, rest) : null,
    };
  });
  const groups = Number(groupRows.find((row) => row.kind === 'group')?.groups ?? 0);
  const warnings: string[] = [];
  if (total?.lowN) warnings.push(lowNWarning(total.n));
  const lowGroups = rows.filter((row) => row.nps?.lowN).length;
  if (lowGroups > 0) warnings.push(`${lowGroups} of the groups shown have fewer than 30 NPS answers (lowN): compare them with care.`);
  return {
    period,
    dimension: options.dimension,
    parent: grouping.parent ?? null,
    total,
    totalSuppressed,
    rows,
    groups,
    warnings,
  };
}
