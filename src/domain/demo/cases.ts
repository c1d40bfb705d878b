// The closed loop's cases for the demo's answers, as the workspace's default alert rules opened
// them (a follow-up per detractor and per contact request, a lead per promoter, one case per
// answer and kind) and as the owners then worked them: most called within the SLA, some late, some
// closed without reaching the customer, the newest still open or overdue; root causes from the
// workspace's list (read from the comment when there is one), outcomes, notes in the answer's
// language, escalations where the call came late, and a timeline for each.
//
// Set-based like the answers: one statement per 100,000 answers writes their cases and timeline
// events (data-modifying CTEs), every choice a hash of (seed, case number, draw), and due times
// in working time through the calendar arrays of case-calendar.ts. At benchmark scale only the
// newest answers get cases (caseDays): the loop works on recent answers, the case KPIs default to
// the last 90 days, and cases for 18 months of ten million answers would be seven million cases
// and forty million events that no view of the loop reads.
import { randomBytes } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { UserActor } from '../access/index.ts';
import { countryHolidays, loadLoopRules, updateLoopSettings } from '../loop/index.ts';
import { calendarCte, instantAt, prepareCaseNotes, prepareEscalationChains, workingSecondsAt } from './case-calendar.ts';
import { DETAIL_ROOT_CAUSES } from './case-phrases.ts';
import { DEMO_DAYS, orderedUuid, restoreRowTriggers, skipRowTriggers } from './generation.ts';
import type { DemoBranch } from './organisation.ts';
import { uniformSql } from './random.ts';

const DAY = 86_400_000;
const CHUNK = 100_000;
/** Up to this many answers, every answer of the 18 months has its cases. */
const ALL_MONTHS_UP_TO = 250_000;
/** Never fewer days than the case KPIs' default period (90 days). */
const MIN_CASE_DAYS = 92;
/** The company is run from Copenhagen: Danish public holidays are not working days. */
const HOLIDAY_COUNTRY = 'DK';

/** Days back from now whose answers get cases: all 548 up to 250,000 answers, else about 250,000 answers' worth, at least 92. */
export const caseDays = (responses: number) => Math.min(DEMO_DAYS, Math.max(MIN_CASE_DAYS, Math.floor((DEMO_DAYS * ALL_MONTHS_UP_TO) / responses)));

export interface CasePlan {
  workspaceId: string;
  seed: number;
  responses: number;
  now: Date;
  branches: DemoBranch[];
  /** The demo's owner, who is also its programme lead. */
  owner: UserActor;
  progress: (message: string) => void;
}

export interface DemoCases {
  cases: number;
  open: number;
  /** Answers from this moment on have their cases. */
  since: Date;
}

/** The candidate answers of the window: those a default rule matches, numbered in time order. */
async function prepareCaseAnswers(db: Db, plan: CasePlan, since: Date): Promise<number> {
  await sql`create temporary table demo_branch_effects on commit drop as
    select * from unnest(${plan.branches.map((b) => b.unitId)}::uuid[], ${plan.branches.map((b) => b.effect)}::float8[]) as e(unit_id, effect)`.execute(db);
  await sql`analyze demo_branch_effects`.execute(db);
  await sql`
    create temporary table demo_case_answers on commit drop as
    select row_number() over (order by r.started_at, r.id) as n, r.id as response_id, r.contact_id, r.unit_id, r.language, r.category,
      r.completed_at as created_at, extract(epoch from r.completed_at)::float8 as created,
      coalesce(r.owner_member_id, u.manager_member_id, ${plan.owner.memberId}::uuid) as owner_member_id,
      coalesce(ma.choice_values @> array['yes'], false) as asked, coalesce(e.effect, 0) as effect, why.text_value as comment
    from responses r
    join units u on u.id = r.unit_id
    left join demo_branch_effects e on e.unit_id = r.unit_id
    left join response_answers ma on ma.response_id = r.id and ma.question_key = 'may_contact'
    left join response_answers why on why.response_id = r.id and why.question_key = 'why'
    where r.workspace_id = ${plan.workspaceId} and r.started_at >= ${since} and r.completed_at is not null
      and (r.category in ('detractor', 'promoter') or ma.choice_values @> array['yes'])`.execute(db);
  await sql`analyze demo_case_answers`.execute(db);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from demo_case_answers`.execute(db);
  return rows[0]?.n ?? 0;
}

export async function createDemoCases(db: Db, plan: CasePlan): Promise<DemoCases> {
  const { workspaceId, seed, now } = plan;
  // The loop settings as the programme lead sets them: her country's holidays, herself as the owner of last resort.
  await updateLoopSettings(db, plan.owner, { holidayCountry: HOLIDAY_COUNTRY, programmeLeadMemberId: plan.owner.memberId });
  const rules = await loadLoopRules(db, workspaceId, now);
  const since = new Date(now.getTime() - caseDays(plan.responses) * DAY);
  // Working periods from a week before the first case to well after the last event any case plans.
  const [from, to] = [new Date(since.getTime() - 7 * DAY), new Date(now.getTime() + 180 * DAY)];
  const years = Array.from({ length: to.getUTCFullYear() - from.getUTCFullYear() + 1 }, (_, i) => from.getUTCFullYear() + i);
  const calendar = { ...rules.calendar, holidays: [...rules.calendar.holidays, ...countryHolidays(HOLIDAY_COUNTRY, years)] };
  const cal = calendarCte(calendar, from, to);
  const levels = await prepareEscalationChains(
    db,
    workspaceId,
    plan.branches.map((b) => b.unitId),
    plan.owner.memberId,
  );
  const notes = await prepareCaseNotes(db);
  const candidates = await prepareCaseAnswers(db, plan, since);
  const ruleRows = await db.selectFrom('alert_rules').select(['id', 'name', 'default_key']).where('workspace_id', '=', workspaceId).execute();
  const rule = (key: string) => {
    const found = ruleRows.find((row) => row.default_key === key);
    if (!found) throw new Error(`the demo workspace lacks its default alert rule ${key}`);
    return found;
  };
  const [detractorRule, requestRule, leadRule] = [rule('detractor_alarm'), rule('contact_request'), rule('promoter_lead')];
  const causes = rules.rootCauses;
  const known = (names: readonly string[]) => names.map((name) => (causes.includes(name) ? name : null));
  const sla = rules.defaultSlaHours * 3600;
  const prefix = randomBytes(6).toString('hex');
  const u = (stream: number) => uniformSql(seed, 150 + stream, sql`i.idx`);
  const skipped = await skipRowTriggers(db);
  // The plan is cheap per row; compiling it (PostgreSQL's JIT, on by default) took seconds a
  // statement, and memoizing the lateral steps hashed the calendar's arrays once per case.
  await sql`set local jit = off`.execute(db);
  await sql`set local enable_memoize = off`.execute(db);
  let written = 0;
  for (let first = 1; first <= candidates; first += CHUNK) {
    const last = Math.min(candidates, first + CHUNK - 1);
    const { rows } = await sql<{ cases: number }>`
      with ${cal}, s as materialized (
        -- Each step is a lateral subquery kept apart by "offset 0", so every value is computed once per
        -- case (pulled up, a value would be recomputed wherever a later one names it).
        select d.*, k.kind, o.name as owner_name, coalesce(ch.chain_length, 0) as chain_length, i.*, x.*, p.*, t.*, r.*, st.*, f.*
        from demo_case_answers d
        cross join (values ('follow_up', 0), ('lead', 1)) as k(kind, ord)
        cross join cal
        join members o on o.id = d.owner_member_id
        left join (select unit_id, count(*)::int as chain_length from demo_chains group by unit_id) ch on ch.unit_id = d.unit_id
        cross join lateral (
          select d.n * 2 + k.ord as idx, ${workingSecondsAt(sql`d.created`)} as c0,
            case when k.kind = 'lead' then ${leadRule.id}::uuid when d.category = 'detractor' then ${detractorRule.id}::uuid else ${requestRule.id}::uuid end as rule_id,
            case when k.kind = 'lead' then ${leadRule.name} when d.category = 'detractor' then ${detractorRule.name} else ${requestRule.name} end as title,
            case when k.kind = 'lead' then 'leadCall' when d.category = 'detractor' then 'detractorCall' else 'requestCall' end as call_situation
          offset 0) i
        cross join lateral (
          -- Leads are thanked less promptly than detractors are called; branches that do well also call back sooner.
          select ${u(0)} as path_draw, ${u(1)} as when_draw, ${u(2)} as resolve_draw, ${u(3)} as progress_draw, ${u(4)} as close_draw,
            ${u(5)} as outcome_draw, ${u(6)} as cause_draw, ${u(7)} as fallback_draw, floor(${u(8)} * ${sql.lit(notes)})::int as note_idx, ${u(9)} as tag_draw,
            case when k.kind = 'lead' then 0.55 else least(0.88, greatest(0.55, 0.74 + 0.12 * d.effect)) end as p_within,
            case when k.kind = 'lead' then 0.3 else 0.08 end as p_none
          offset 0) x
        cross join lateral (
          -- In working seconds: called within the SLA (most of them early), late (1–2.5 SLAs), or never and
          -- closed 1–3 SLAs after the due time; resolved 4–40 working hours after the call.
          select i.c0 + ${sla}::float8 as due_m,
            case when x.path_draw < x.p_within then i.c0 + ${sla}::float8 * (0.03 + 0.9 * x.when_draw * x.when_draw)
              when x.path_draw < 1 - x.p_none then i.c0 + ${sla}::float8 * (1.05 + 1.5 * x.when_draw) end as contact_m,
            case when x.path_draw >= 1 - x.p_none then i.c0 + ${sla}::float8 * (2 + 2 * x.close_draw) end as close_m,
            case when x.progress_draw < 0.45 then i.c0 + ${sla}::float8 * (0.05 + 0.5 * x.progress_draw) end as progress_m
          offset 0) p
        cross join lateral (
          select ${instantAt(sql`p.due_m`)} as due_at, ${instantAt(sql`p.contact_m`)} as contact_at,
            ${instantAt(sql`p.contact_m + 3600 * (4 + 36 * x.resolve_draw)`)} as resolve_at, ${instantAt(sql`p.close_m`)} as close_at,
            ${instantAt(sql`p.progress_m`)} as progress_at
          offset 0) t
        cross join lateral (
          select coalesce(t.contact_at <= ${now}, false) as contacted, coalesce(t.contact_at <= ${now} and t.resolve_at <= ${now}, false) as resolved,
            coalesce(t.close_at <= ${now}, false) as closed_wo
          offset 0) r
        cross join lateral (
          -- Opened (in progress) before the call or the closing, if at all; escalated until either.
          select case when t.progress_at < least(${now}::timestamptz, case when r.contacted then t.contact_at end, case when r.closed_wo then t.close_at end)
              then t.progress_at end as progressed_at,
            case when r.contacted then t.contact_at when r.closed_wo then t.close_at else ${now}::timestamptz end as end_at
          offset 0) st
        cross join lateral (
          select ${orderedUuid(prefix, sql`i.idx`)} as case_id,
            case when st.progressed_at is null then 'new' else 'in_progress' end as before_status,
            case when r.resolved then 'resolved' when r.contacted then 'contacted' when r.closed_wo then 'closed_without_contact'
              when st.progressed_at is not null then 'in_progress' else 'new' end as status,
            (select count(*)::int from generate_series(1, coalesce(ch.chain_length, 0)) as g(level)
              where ${instantAt(sql`p.due_m + (g.level - 1) * ${sla}::float8`)} < st.end_at) as escalation_level,
            case when k.kind = 'follow_up' and d.category <> 'promoter' and (r.resolved or (r.contacted and x.cause_draw < 0.5)) then
              coalesce((case d.category when 'detractor' then ${known(DETAIL_ROOT_CAUSES.detractor)}::text[] else ${known(DETAIL_ROOT_CAUSES.passive)}::text[] end)[
                  (select ph.idx from demo_phrases ph where ph.language = d.language and ph.category = d.category and ph.part = 'detail'
                    and strpos(d.comment, ph.text) > 0 limit 1) + 1],
                (${causes}::text[])[1 + floor(x.fallback_draw * ${sql.lit(causes.length)})::int]) end as root_cause,
            case when r.resolved and k.kind = 'follow_up' then
              case when x.outcome_draw < (case when d.category = 'detractor' then 0.4 + 0.2 * (t.contact_at <= t.due_at)::int else 0.75 end) then 'recovered'
                when x.outcome_draw < 0.88 then 'not_recovered' else 'unknown' end end as outcome,
            case when r.resolved and k.kind = 'lead' and x.tag_draw < 0.5 then array['review']
              when r.resolved and k.kind = 'lead' and x.tag_draw < 0.75 then array['referral'] else array[]::text[] end as tags
          offset 0) f
        where d.n between ${first} and ${last}
          and case k.kind when 'follow_up' then d.category = 'detractor' or d.asked else d.category = 'promoter' end
      ),
      inserted_cases as (
        insert into cases (id, workspace_id, rule_id, response_id, contact_id, unit_id, kind, title, status, owner_member_id, sla_hours, due_at,
          first_contact_at, closed_at, root_cause, outcome, tags, escalation_level, created_at, updated_at)
        select case_id, ${workspaceId}, rule_id, response_id, contact_id, unit_id, kind, title, status, owner_member_id, ${rules.defaultSlaHours}, due_at,
          case when contacted then contact_at end, case when resolved then resolve_at when closed_wo then close_at end, root_cause, outcome, tags,
          escalation_level, created_at,
          greatest(created_at, progressed_at, case when contacted then contact_at end, case when resolved then resolve_at end, case when closed_wo then close_at end,
            case when escalation_level > 0 then ${instantAt(sql`due_m + (escalation_level - 1) * ${sla}::float8`)} end)
        from s cross join cal
        returning 1
      ),
      inserted_events as (
        insert into case_events (case_id, workspace_id, kind, actor_member_id, actor_label, data, created_at)
        select e.case_id, ${workspaceId}, e.kind, e.actor_member_id, e.actor_label, e.data, e.at
        from (${caseEvents(requestRule, rules.defaultSlaHours, sla, levels)}) as e
        returning 1
      )
      select (select count(*) from inserted_cases)::int as cases, (select count(*) from inserted_events)::int as events`.execute(db);
    written += rows[0]?.cases ?? 0;
    plan.progress(`cases: ${written.toLocaleString('en')} for ${last.toLocaleString('en')} of ${candidates.toLocaleString('en')} answers`);
  }
  if (skipped) await restoreRowTriggers(db);
  await sql`set local jit to default`.execute(db);
  await sql`set local enable_memoize to default`.execute(db);
  const { rows } = await sql<{ cases: number; open: number }>`
    select count(*)::int as cases, count(*) filter (where status not in ('resolved', 'closed_without_contact'))::int as open
    from cases where workspace_id = ${workspaceId}`.execute(db);
  return { cases: rows[0]?.cases ?? 0, open: rows[0]?.open ?? 0, since };
}

/**
 * Every case's timeline, as the rules, the escalation job and the owner's calls and changes wrote
 * it. The branches are in the order of events within a case (escalations level by level), and an
 * insert from a UNION ALL takes them in that order, so each case's identity ids follow its time
 * line without sorting half a million rows.
 */
function caseEvents(requestRule: { id: string; name: string }, slaHours: number, slaSeconds: number, levels: number) {
  const iso = (column: string) => sql`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const system = sql`null::uuid, 'Anbefal'`;
  const owner = sql`s.owner_member_id, s.owner_name`;
  const note = (situation: RawBuilder<unknown>) =>
    sql`join demo_case_notes note on note.language = s.language and note.situation = ${situation} and note.idx = s.note_idx`;
  const change = (from: RawBuilder<unknown>, to: RawBuilder<unknown>) => sql`jsonb_build_object('from', ${from}, 'to', ${to})`;
  const escalations = Array.from(
    { length: levels },
    (_, i) => sql`
    union all
    select s.case_id, ${instantAt(sql`s.due_m + ${sql.lit(i)} * ${slaSeconds}::float8`)}, 'escalated', ${system},
      jsonb_build_object('level', ch.level, 'memberId', ch.member_id, 'notified', true)
    from s join demo_chains ch on ch.unit_id = s.unit_id and ch.level = ${sql.lit(i + 1)} and s.escalation_level >= ${sql.lit(i + 1)} cross join cal`,
  );
  return sql`
    select s.case_id, s.created_at as at, 'created' as kind, null::uuid as actor_member_id, 'Anbefal' as actor_label,
      jsonb_build_object('ruleId', s.rule_id, 'ruleName', s.title, 'ownerMemberId', s.owner_member_id, 'dueAt', ${iso('s.due_at')}, 'slaHours', ${slaHours}::float8) as data
    from s
    union all
    select s.case_id, s.created_at, 'rule_matched', ${system}, jsonb_build_object('ruleId', ${requestRule.id}::text, 'ruleName', ${requestRule.name}::text)
    from s where s.kind = 'follow_up' and s.category = 'detractor' and s.asked
    union all
    select s.case_id, s.progressed_at, 'status', ${owner}, ${change(sql`'new'`, sql`'in_progress'`)}
    from s where s.progressed_at is not null
    ${sql.join(escalations, sql``)}
    union all
    select s.case_id, s.contact_at, 'call', ${owner}, jsonb_build_object('text', note.text)
    from s ${note(sql`s.call_situation`)} where s.contacted
    union all
    select s.case_id, s.contact_at, 'status', ${owner}, jsonb_build_object('from', s.before_status, 'to', 'contacted', 'via', 'call')
    from s where s.contacted
    union all
    select s.case_id, s.contact_at, 'root_cause', ${owner}, ${change(sql`null::text`, sql`s.root_cause`)}
    from s where s.contacted and not s.resolved and s.root_cause is not null
    union all
    select s.case_id, s.resolve_at, 'status', ${owner}, ${change(sql`'contacted'`, sql`'resolved'`)}
    from s where s.resolved
    union all
    select s.case_id, s.resolve_at, 'root_cause', ${owner}, ${change(sql`null::text`, sql`s.root_cause`)}
    from s where s.resolved and s.root_cause is not null
    union all
    select s.case_id, s.resolve_at, 'outcome', ${owner}, ${change(sql`null::text`, sql`s.outcome`)}
    from s where s.resolved and s.outcome is not null
    union all
    select s.case_id, s.resolve_at, 'tags', ${owner}, ${change(sql`'[]'::jsonb`, sql`to_jsonb(s.tags)`)}
    from s where s.resolved and cardinality(s.tags) > 0
    union all
    select s.case_id, s.close_at, 'note', ${owner}, jsonb_build_object('text', note.text)
    from s ${note(sql`'noContact'`)} where s.closed_wo
    union all
    select s.case_id, s.close_at, 'status', ${owner}, ${change(sql`s.before_status`, sql`'closed_without_contact'`)}
    from s where s.closed_wo`;
}
