// The demo's cases as the closed loop would have left them: exactly the cases the default rules
// open for its answers (the real evaluator finds nothing to add), due in working hours of the loop
// calendar (addBusinessHours agrees for every case), worked into realistic states whose timelines
// are in order and end in the case's status, escalated exactly as far as the escalation job would
// have, with notes in the answer's language and root causes from the workspace's list; and the
// case KPIs and the case list show sensible numbers for them.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { onPostgres } from '../../../test/support/database.ts';
import { inTransaction } from '../../db/index.ts';
import { createMailQueue } from '../../mail/index.ts';
import type { UserActor } from '../access/index.ts';
import { actorForUser } from '../auth/index.ts';
import {
  addBusinessHours,
  caseKpis,
  countryHolidays,
  escalateOverdueCases,
  evaluateAlertRules,
  getCase,
  listCases,
  loadLoopRules,
  workingPeriods,
} from '../loop/index.ts';
import { CASE_NOTES, caseDays, createDemoWorkspace, DETAIL_ROOT_CAUSES, type DemoSummary, PHRASES } from './index.ts';

const NOW = new Date('2026-06-15T12:00:00Z');
const RESPONSES = 2000;
const DAY = 86_400_000;

class RolledBack extends Error {
  constructor(readonly value: number) {
    super('rolled back on purpose');
  }
}

let t: TestApp;
let demo: DemoSummary;
let owner: UserActor;

type CaseRow = {
  id: string;
  response_id: string;
  kind: 'follow_up' | 'lead';
  title: string;
  status: string;
  owner_member_id: string | null;
  sla_hours: number;
  due_at: Date;
  first_contact_at: Date | null;
  closed_at: Date | null;
  root_cause: string | null;
  outcome: string | null;
  escalation_level: number;
  created_at: Date;
  category: string;
  language: string;
  comment: string | null;
};
let cases: CaseRow[];

const calendar = async () => {
  const rules = await loadLoopRules(t.database.db, demo.workspaceId, NOW);
  return { ...rules.calendar, holidays: [...rules.calendar.holidays, ...countryHolidays('DK', [2024, 2025, 2026])] };
};

describe(`demo cases (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, { timeout: 300_000 }, () => {
  beforeAll(async () => {
    t = await startTestApp();
    demo = await createDemoWorkspace(t.database.db, { name: 'Nordlys Cases', seed: 11, responses: RESPONSES, now: NOW });
    const user = await t.database.db.selectFrom('users').select('id').where('email', '=', demo.signIn.email).executeTakeFirstOrThrow();
    owner = (await actorForUser(t.database.db, user.id, demo.workspaceId, 'demo cases test')) as UserActor;
    cases = (
      await sql<CaseRow>`
        select c.id, c.response_id, c.kind, c.title, c.status, c.owner_member_id, c.sla_hours, c.due_at, c.first_contact_at, c.closed_at,
          c.root_cause, c.outcome, c.escalation_level, c.created_at, r.category, r.language,
          (select a.text_value from response_answers a where a.response_id = r.id and a.question_key = 'why') as comment
        from cases c join responses r on r.id = c.response_id where c.workspace_id = ${demo.workspaceId}`.execute(t.database.db)
    ).rows;
  }, 300_000);
  afterAll(() => t?.close());

  it('opens exactly the cases the default rules open, and the evaluator finds nothing to add', async () => {
    expect(caseDays(RESPONSES)).toBe(548);
    expect(demo.casesSince.toISOString()).toBe(new Date(NOW.getTime() - 548 * DAY).toISOString());
    const { rows } = await sql<{ id: string; category: string; asked: boolean }>`
      select r.id, r.category, coalesce(ma.choice_values @> array['yes'], false) as asked
      from responses r left join response_answers ma on ma.response_id = r.id and ma.question_key = 'may_contact'
      where r.workspace_id = ${demo.workspaceId}`.execute(t.database.db);
    const kinds = new Map<string, string[]>();
    for (const row of cases) kinds.set(row.response_id, [...(kinds.get(row.response_id) ?? []), row.kind].sort());
    for (const row of rows) {
      const expected = [...(row.category === 'detractor' || row.asked ? ['follow_up'] : []), ...(row.category === 'promoter' ? ['lead'] : [])];
      expect(kinds.get(row.id) ?? [], `${row.category}, asked ${row.asked}`).toEqual(expected);
    }
    expect(demo.cases).toBe(cases.length);
    expect(cases.filter((c) => c.kind === 'follow_up' && c.category === 'detractor').every((c) => c.title === 'Detractor alarm')).toBe(true);
    expect(cases.filter((c) => c.kind === 'follow_up' && c.category !== 'detractor').every((c) => c.title === 'Contact request')).toBe(true);
    expect(cases.filter((c) => c.kind === 'lead').every((c) => c.title === 'Promoter lead: thank and activate')).toBe(true);

    // The real rules, run again on every tenth answer (rolled back: they would also queue alert emails).
    const sample = rows.filter((_, i) => i % 10 === 0);
    const opened = await inTransaction(t.database.db, async (trx) => {
      let total = 0;
      for (const row of sample) total += (await evaluateAlertRules(trx, row.id, NOW)).casesOpened;
      throw new RolledBack(total);
    }).catch((error: unknown) => (error instanceof RolledBack ? error.value : Promise.reject(error)));
    expect(opened).toBe(0);
  });

  it('makes each due time the SLA in working hours of the loop calendar, and calls happen in working hours', async () => {
    const loop = await calendar();
    expect(loop.timeZone).toBe('Europe/Copenhagen');
    for (const row of cases) {
      const due = addBusinessHours(row.created_at, row.sla_hours, loop);
      expect(Math.abs(due.getTime() - row.due_at.getTime()), `${row.created_at.toISOString()} → ${row.due_at.toISOString()}`).toBeLessThan(1);
    }
    const periods = workingPeriods(loop, new Date(NOW.getTime() - 560 * DAY), new Date(NOW.getTime() + 30 * DAY));
    const working = (at: Date) => periods.some((p) => p.opens.getTime() <= at.getTime() + 1 && at.getTime() - 1 <= p.closes.getTime());
    expect(cases.filter((c) => c.first_contact_at && !working(c.first_contact_at))).toEqual([]);
  });

  it('works them into realistic states: old ones finished, most within the SLA, some late or never reached, recent ones open or overdue', () => {
    const age = (c: CaseRow) => (NOW.getTime() - c.created_at.getTime()) / DAY;
    const statuses = new Set(cases.map((c) => c.status));
    expect([...statuses].sort()).toEqual(['closed_without_contact', 'contacted', 'in_progress', 'new', 'resolved']);
    expect(cases.filter((c) => age(c) > 60 && !['resolved', 'closed_without_contact'].includes(c.status))).toEqual([]);
    const recent = cases.filter((c) => age(c) < 2);
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.every((c) => c.first_contact_at === null || c.first_contact_at <= NOW)).toBe(true);
    expect(
      cases.filter((c) => c.status !== 'resolved' && c.status !== 'closed_without_contact' && !c.first_contact_at && c.due_at < NOW).length,
    ).toBeGreaterThan(0);

    const detractors = cases.filter((c) => c.kind === 'follow_up' && c.category === 'detractor' && (c.first_contact_at || c.due_at < NOW));
    const within = detractors.filter((c) => c.first_contact_at && c.first_contact_at <= c.due_at).length / detractors.length;
    expect(within).toBeGreaterThan(0.6);
    expect(within).toBeLessThan(0.9);
    for (const c of cases) {
      if (c.status === 'resolved') expect(c.first_contact_at && c.closed_at && c.first_contact_at < c.closed_at).toBe(true);
      if (c.status === 'closed_without_contact') expect([c.first_contact_at, c.closed_at !== null]).toEqual([null, true]);
      if (c.status === 'contacted') expect([c.first_contact_at !== null, c.closed_at]).toEqual([true, null]);
      expect(c.outcome === null || (c.status === 'resolved' && c.kind === 'follow_up')).toBe(true);
    }
  });

  it('takes root causes from the workspace list, read from the comment where there is one', async () => {
    const { rootCauses } = await loadLoopRules(t.database.db, demo.workspaceId, NOW);
    const withCause = cases.filter((c) => c.root_cause !== null);
    expect(withCause.length).toBeGreaterThan(cases.filter((c) => c.kind === 'follow_up' && c.status === 'resolved').length * 0.5);
    expect(withCause.every((c) => rootCauses.includes(c.root_cause as string) && c.kind === 'follow_up' && c.category !== 'promoter')).toBe(true);
    for (const c of withCause.filter((row) => row.comment && row.status === 'resolved')) {
      const category = c.category as 'detractor' | 'passive';
      const detail = PHRASES[c.language as keyof typeof PHRASES][category].detail.findIndex((text) => c.comment?.includes(text));
      expect(c.root_cause, c.comment ?? '').toBe(DETAIL_ROOT_CAUSES[category][detail]);
    }
  });

  it("writes timelines in time order that end in the case's status, with notes in the answer's language", async () => {
    const { rows: outOfOrder } = await sql<{ case_id: string }>`
      select a.case_id from case_events a join case_events b on b.case_id = a.case_id and b.id > a.id and b.created_at < a.created_at
      where a.workspace_id = ${demo.workspaceId}`.execute(t.database.db);
    expect(outOfOrder).toEqual([]);
    const { rows: mismatched } = await sql<{ id: string }>`
      select c.id from cases c
      left join lateral (select e.data ->> 'to' as status from case_events e where e.case_id = c.id and e.kind = 'status' order by e.id desc limit 1) last on true
      left join lateral (select e.kind from case_events e where e.case_id = c.id order by e.id limit 1) first on true
      where c.workspace_id = ${demo.workspaceId} and (coalesce(last.status, 'new') <> c.status or first.kind <> 'created')`.execute(t.database.db);
    expect(mismatched).toEqual([]);
    const { rows: notes } = await sql<{ language: string; text: string; kind: string; actor_label: string }>`
      select r.language, e.data ->> 'text' as text, e.kind, e.actor_label
      from case_events e join cases c on c.id = e.case_id join responses r on r.id = c.response_id
      where e.workspace_id = ${demo.workspaceId} and e.kind in ('call', 'note')`.execute(t.database.db);
    expect(notes.length).toBeGreaterThan(cases.length / 2);
    expect(new Set(notes.map((n) => n.language))).toEqual(new Set(['da', 'sv', 'nb', 'de', 'en']));
    for (const note of notes) {
      const bank = CASE_NOTES[note.language as keyof typeof CASE_NOTES];
      expect(Object.values(bank).flat(), note.text).toContain(note.text);
      expect(note.actor_label).not.toBe('Anbefal');
    }
  });

  it('escalates exactly as far as the escalation job would have, so its next run has nothing to do', async () => {
    const { rows } = await sql<{ id: string; level: number; events: number }>`
      select c.id, c.escalation_level as level, (select count(*)::int from case_events e where e.case_id = c.id and e.kind = 'escalated') as events
      from cases c where c.workspace_id = ${demo.workspaceId}`.execute(t.database.db);
    expect(rows.filter((row) => row.level !== row.events)).toEqual([]);
    expect(rows.filter((row) => row.level >= 2).length).toBeGreaterThan(0);
    const mail = createMailQueue({ delivers: false, messageIdDomain: 'nordlys.test' });
    expect(await escalateOverdueCases(t.database.db, mail, 'https://nps.nordlys.test', NOW)).toEqual({ escalated: 0 });
  });

  it('gives the case KPIs and the case list sensible numbers', async () => {
    const kpis = await caseKpis(t.database.db, owner, {}, NOW);
    const { total } = kpis;
    expect(total.cases).toBeGreaterThan(100);
    expect(total.withinSlaShare).toBeGreaterThan(0.55);
    expect(total.withinSlaShare).toBeLessThan(0.95);
    expect(total.medianHoursToFirstContact).toBeGreaterThan(2);
    expect(total.medianHoursToFirstContact).toBeLessThan(96);
    expect(total.open).toBeGreaterThan(0);
    expect(total.overdue).toBeGreaterThan(0);
    expect(total.overdue).toBeLessThan(total.open + 1);
    expect(total.recoveryRate).toBeGreaterThan(0.3);
    expect(total.recoveryRate).toBeLessThan(0.9);
    expect(kpis.byUnit.length).toBeGreaterThan(15);
    expect(kpis.byUnit.every((unit) => unit.name !== null)).toBe(true);
    expect(kpis.byOwner.length).toBeGreaterThan(30);

    const overdue = await listCases(t.database.db, owner, { limit: 50, overdue: true }, NOW);
    expect(overdue.items.length).toBe(total.overdue);
    expect(overdue.items.every((item) => item.overdue && item.ownerName && item.unitName && item.contactName)).toBe(true);
    const resolved = await listCases(t.database.db, owner, { limit: 1, status: ['resolved'], kind: 'follow_up' }, NOW);
    const detail = await getCase(t.database.db, owner, resolved.items[0]?.id as string, NOW);
    expect(detail.timeline.map((event) => event.kind)).toEqual(expect.arrayContaining(['created', 'call', 'status', 'outcome']));
    expect(detail.timeline[0]).toMatchObject({ kind: 'created', actorLabel: 'Anbefal' });
    expect(detail.rootCause).not.toBeNull();
  });
});
