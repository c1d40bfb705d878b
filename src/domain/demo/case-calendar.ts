// Working time in SQL, for the demo's cases: the loop calendar's working periods as one row of
// arrays (openings, working seconds before each, lengths), so a case's due time — what
// addBusinessHours computes one at a time — is two binary searches (`width_bucket`) per case:
// the working seconds up to the moment it was opened, plus its SLA, back to an instant. Also the
// escalation chain of every branch and the case notes as rows.
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import { type BusinessCalendar, workingPeriods } from '../loop/index.ts';
import { CASE_NOTES } from './case-phrases.ts';

/**
 * Working seconds from the first period's opening to the instant (an epoch in seconds): the
 * seconds before the last period that opened by then, plus those of it that have passed.
 * Needs `cal` (calendarCte) in the query.
 */
export const workingSecondsAt = (epoch: RawBuilder<unknown>) => {
  const period = sql`width_bucket(${epoch}, cal.opens)`;
  return sql<number>`(cal.befores[${period}] + least(cal.lengths[${period}], ${epoch} - cal.opens[${period}]))`;
};

/**
 * The instant at which the working seconds reach `seconds`. The period is the last one whose
 * count starts below it (the microsecond keeps a sum that ends exactly at a closing on that day,
 * as addBusinessHours does, instead of the next day's opening). Null stays null.
 */
export const instantAt = (seconds: RawBuilder<unknown>) => {
  const period = sql`width_bucket(${seconds} - 1e-6, cal.befores)`;
  return sql<Date>`to_timestamp(cal.opens[${period}] + ${seconds} - cal.befores[${period}])`;
};

/**
 * `cal as (…)`, to open the WITH of a statement: the periods from `from` to `to` (both well outside
 * every case's times) as three arrays. A CTE rather than a table: its arrays stay in memory, where
 * a table's would be TOASTed and decompressed again for every subscript.
 */
export function calendarCte(calendar: BusinessCalendar, from: Date, to: Date) {
  const periods = workingPeriods(calendar, from, to);
  const opens = periods.map((p) => p.opens.getTime() / 1000);
  const lengths = periods.map((p) => (p.closes.getTime() - p.opens.getTime()) / 1000);
  let total = 0;
  const befores = lengths.map((length) => {
    const before = total;
    total += length;
    return before;
  });
  return sql`cal as (select ${opens}::float8[] as opens, ${befores}::float8[] as befores, ${lengths}::float8[] as lengths)`;
}

/**
 * `demo_chains`: who each escalation level of a branch's cases notifies, as the loop-escalate job
 * picks them — the managers of the branch and the units above it, nearest first, then the
 * programme lead. (The job leaves out the case's owner; the demo's owners are never managers.)
 */
/** Returns the longest chain's length. */
export async function prepareEscalationChains(db: Db, workspaceId: string, branchIds: string[], programmeLeadId: string): Promise<number> {
  const { rows } = await sql<{ branch_id: string; member_id: string }>`
    select b.id as branch_id, u.manager_member_id as member_id
    from units b join units u on u.workspace_id = b.workspace_id and b.path like u.path || '%'
    where b.workspace_id = ${workspaceId} and b.id = any(${branchIds}::uuid[]) and u.manager_member_id is not null
    order by b.id, length(u.path) desc`.execute(db);
  const chains = new Map<string, string[]>(branchIds.map((id) => [id, []]));
  for (const row of rows) chains.get(row.branch_id)?.push(row.member_id);
  const links = [...chains].flatMap(([unitId, managers]) =>
    [...new Set([...managers, programmeLeadId])].map((memberId, index) => ({ unitId, level: index + 1, memberId })),
  );
  await sql`create temporary table demo_chains on commit drop as
    select * from unnest(${links.map((l) => l.unitId)}::uuid[], ${links.map((l) => l.level)}::int[], ${links.map((l) => l.memberId)}::uuid[])
      as c(unit_id, level, member_id)`.execute(db);
  await sql`analyze demo_chains`.execute(db);
  return Math.max(0, ...links.map((link) => link.level));
}

/** `demo_case_notes`: the owners' notes per language and situation, numbered from 0. */
export async function prepareCaseNotes(db: Db): Promise<number> {
  const rows = Object.entries(CASE_NOTES).flatMap(([language, situations]) =>
    Object.entries(situations).flatMap(([situation, texts]) => texts.map((text, idx) => ({ language, situation, idx, text }))),
  );
  await sql`create temporary table demo_case_notes on commit drop as
    select * from unnest(${rows.map((r) => r.language)}::text[], ${rows.map((r) => r.situation)}::text[], ${rows.map((r) => r.idx)}::int[],
      ${rows.map((r) => r.text)}::text[]) as n(language, situation, idx, text)`.execute(db);
  await sql`analyze demo_case_notes`.execute(db);
  return CASE_NOTES.en.noContact.length;
}
