// Follow-up KPIs, aggregated in SQL (one grouping-sets query: total, by unit, by owner) over the
// cases created in the period that the actor may see. Definitions:
//  - within SLA: of detractor follow-up cases whose SLA is decided (first contact made, or due
//    time passed without it), the share whose first contact came by the due time;
//  - median hours to first contact: percentile_cont(0.5) of wall-clock hours from creation to
//    first contact, over follow-up cases with a first contact;
//  - open: not resolved or closed; overdue: open, no first contact, past due;
//  - recovery rate: recovered / (recovered + not recovered) among resolved cases.
import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import { type Actor, canViewAnalytics, ensure } from '../access/index.ts';
import type { CaseKpisView, CaseKpiView } from '../views.ts';
import { caseScopeSql } from './cases.ts';

export interface CaseKpiQuery {
  from?: string;
  to?: string;
}

const DEFAULT_DAYS = 90;

type KpiRow = {
  by_unit: number;
  by_owner: number;
  unit_id: string | null;
  owner_member_id: string | null;
  cases: string;
  detractor_cases: string;
  decided: string;
  within: string;
  median_hours: number | null;
  open: string;
  overdue: string;
  resolved: string;
  recovered: string;
  not_recovered: string;
};

const kpiOf = (row: KpiRow, id: string | null, name: string | null): CaseKpiView => {
  const decided = Number(row.decided);
  const recovered = Number(row.recovered);
  const notRecovered = Number(row.not_recovered);
  return {
    id,
    name,
    cases: Number(row.cases),
    detractorCases: Number(row.detractor_cases),
    detractorCasesDecided: decided,
    detractorContactedWithinSla: Number(row.within),
    withinSlaShare: decided > 0 ? Number(row.within) / decided : null,
    medianHoursToFirstContact: row.median_hours === null ? null : Number(row.median_hours),
    open: Number(row.open),
    overdue: Number(row.overdue),
    resolved: Number(row.resolved),
    recovered,
    notRecovered,
    recoveryRate: recovered + notRecovered > 0 ? recovered / (recovered + notRecovered) : null,
  };
};

export async function caseKpis(db: Db, actor: Actor, query: CaseKpiQuery, now = new Date()): Promise<CaseKpisView> {
  ensure(canViewAnalytics(actor), 'read follow-up KPIs');
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_DAYS * 86_400_000);
  const scope = caseScopeSql(actor, 'c', 'u');
  const open = sql`c.status not in ('resolved', 'closed_without_contact')`;
  const detractor = sql`(c.kind = 'follow_up' and r.category = 'detractor')`;
  const { rows } = await sql<KpiRow>`
    select grouping(c.unit_id) as by_unit, grouping(c.owner_member_id) as by_owner, c.unit_id, c.owner_member_id,
      count(*) as cases,
      count(*) filter (where ${detractor}) as detractor_cases,
      count(*) filter (where ${detractor} and (c.first_contact_at is not null or c.due_at < ${now.toISOString()}::timestamptz)) as decided,
      count(*) filter (where ${detractor} and c.first_contact_at <= c.due_at) as within,
      percentile_cont(0.5) within group (order by extract(epoch from (c.first_contact_at - c.created_at)) / 3600)
        filter (where c.kind = 'follow_up' and c.first_contact_at is not null) as median_hours,
      count(*) filter (where ${open}) as open,
      count(*) filter (where ${open} and c.first_contact_at is null and c.due_at < ${now.toISOString()}::timestamptz) as overdue,
      count(*) filter (where c.status = 'resolved') as resolved,
      count(*) filter (where c.status = 'resolved' and c.outcome = 'recovered') as recovered,
      count(*) filter (where c.status = 'resolved' and c.outcome = 'not_recovered') as not_recovered
    from cases c
    join units u on u.id = c.unit_id
    join responses r on r.id = c.response_id
    where c.workspace_id = ${actor.workspaceId} and c.created_at >= ${from.toISOString()}::timestamptz and c.created_at < ${to.toISOString()}::timestamptz and ${scope}
    group by grouping sets ((), (c.unit_id), (c.owner_member_id))`.execute(db);

  const unitIds = rows.flatMap((row) => (Number(row.by_owner) === 1 && Number(row.by_unit) === 0 && row.unit_id ? [row.unit_id] : []));
  const ownerIds = rows.flatMap((row) => (Number(row.by_unit) === 1 && Number(row.by_owner) === 0 && row.owner_member_id ? [row.owner_member_id] : []));
  const unitNames = new Map(
    unitIds.length ? (await db.selectFrom('units').select(['id', 'name']).where('id', 'in', unitIds).execute()).map((u) => [u.id, u.name]) : [],
  );
  const ownerNames = new Map(
    ownerIds.length ? (await db.selectFrom('members').select(['id', 'name']).where('id', 'in', ownerIds).execute()).map((m) => [m.id, m.name]) : [],
  );
  const total = rows.find((row) => Number(row.by_unit) === 1 && Number(row.by_owner) === 1);
  const empty: KpiRow = {
    by_unit: 1,
    by_owner: 1,
    unit_id: null,
    owner_member_id: null,
    cases: '0',
    detractor_cases: '0',
    decided: '0',
    within: '0',
    median_hours: null,
    open: '0',
    overdue: '0',
    resolved: '0',
    recovered: '0',
    not_recovered: '0',
  };
  const byName = (a: CaseKpiView, b: CaseKpiView) => (a.name ?? '').localeCompare(b.name ?? '') || (a.id ?? '').localeCompare(b.id ?? '');
  return {
    period: { from: from.toISOString(), to: to.toISOString() },
    total: kpiOf(total ?? empty, null, null),
    byUnit: rows
      .filter((row) => Number(row.by_unit) === 0 && Number(row.by_owner) === 1)
      .map((row) => kpiOf(row, row.unit_id, unitNames.get(row.unit_id ?? '') ?? null))
      .sort(byName),
    byOwner: rows
      .filter((row) => Number(row.by_owner) === 0 && Number(row.by_unit) === 1)
      .map((row) => kpiOf(row, row.owner_member_id, ownerNames.get(row.owner_member_id ?? '') ?? null))
      .sort(byName),
  };
}
