// The loop's clock: due times over a Danish Christmas (explicit and country holidays, weekends),
// escalation to the unit's manager, the next level up and the programme lead — each level once,
// none after first contact — and the daily digest, once per owner and local day.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestApp, type TestApp } from '../../../test/support/app.ts';
import { type LoopWorld, seedLoopWorld } from '../../../test/support/loop.ts';
import { seedContact } from '../../../test/support/surveys.ts';
import { inTransaction } from '../../db/index.ts';
import { createMailQueue } from '../../mail/index.ts';
import { sendDailyDigests } from './digest.ts';
import { escalateOverdueCases } from './escalation.ts';
import { evaluateAlertRules } from './evaluate.ts';

let t: TestApp;
let w: LoopWorld;
const mail = createMailQueue({ delivers: false, messageIdDomain: 'nps.hygge.test' });
const PUBLIC_URL = 'https://nps.hygge.test';

beforeAll(async () => {
  t = await startTestApp();
  w = await seedLoopWorld(t.database);
  const owner = await signIn(t.app, w.ownerEmail);
  const settings = await owner.put('/api/v1/loop-settings', {
    timeZone: 'Europe/Copenhagen',
    workdays: [1, 2, 3, 4, 5],
    startMinute: 8 * 60,
    endMinute: 16 * 60,
    holidays: ['2026-12-24'],
    holidayCountry: 'DK',
    programmeLeadMemberId: w.lead.memberId,
  });
  expect(settings.statusCode, settings.body).toBe(200);
});
afterAll(() => t?.close());

/** A finished detractor answer of a contact Freja owns in the branch, evaluated at `at`. */
async function detractorAt(at: Date): Promise<string> {
  const db = t.database.db;
  const contactId = await seedContact(t.database, w.workspaceId, w.branchId, { firstName: 'Ib' });
  await db.updateTable('contacts').set({ owner_member_id: w.frontline.memberId }).where('id', '=', contactId).execute();
  const survey = await db.selectFrom('surveys').select('current_version_id').where('id', '=', w.surveyId).executeTakeFirstOrThrow();
  const response = await db
    .insertInto('responses')
    .values({
      workspace_id: w.workspaceId,
      survey_id: w.surveyId,
      survey_version_id: survey.current_version_id as string,
      contact_id: contactId,
      channel: 'email',
      language: 'en',
      score: 3,
      category: 'detractor',
      unit_id: w.branchId,
      owner_member_id: w.frontline.memberId,
      started_at: at,
      completed_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await inTransaction(db, (trx) => evaluateAlertRules(trx, response.id, at));
  return (await db.selectFrom('cases').select('id').where('response_id', '=', response.id).executeTakeFirstOrThrow()).id;
}

const caseRow = (id: string) => t.database.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const outbox = (kind: string) =>
  t.database.db.selectFrom('outbox').select(['to_address', 'subject', 'text_body']).where('kind', '=', kind).orderBy('created_at').execute();
const minute = 60_000;

describe('due times', () => {
  it('count 24 working hours past Christmas: the 24th (explicit), the 25th (Danish public holiday) and the weekend are skipped', async () => {
    // Wednesday 23 December 2026, 15:00 in Copenhagen: 1 h that day, Monday 28th and Tuesday 29th
    // (16 h), then 7 h on Wednesday 30th: due 15:00 CET.
    const id = await detractorAt(new Date('2026-12-23T14:00:00Z'));
    expect((await caseRow(id)).due_at.toISOString()).toBe('2026-12-30T14:00:00.000Z');
    await t.database.db.updateTable('cases').set({ status: 'closed_without_contact' }).where('id', '=', id).execute();
  });
});

describe('escalation', () => {
  it('notifies the branch manager, then the region manager, then the programme lead, each once, an SLA period apart', async () => {
    const id = await detractorAt(new Date('2026-12-23T14:00:00Z'));
    const due = (await caseRow(id)).due_at.getTime();
    const run = (at: number) => escalateOverdueCases(t.database.db, mail, PUBLIC_URL, new Date(at));

    expect(await run(due - minute)).toEqual({ escalated: 0 });
    expect(await run(due + minute)).toEqual({ escalated: 1 });
    expect((await caseRow(id)).escalation_level).toBe(1);
    expect(await run(due + 2 * minute)).toEqual({ escalated: 0 });
    const first = (await outbox('case_escalation')).filter((m) => (m.text_body ?? '').includes(`/cases/${id}`));
    expect(first.map((m) => m.to_address)).toEqual([w.managers.branch.email]);
    expect(first[0]?.subject).toBe('Overdue: Detractor alarm for Ib');

    // Level 2 after another 24 working hours: Thursday 31st, (New Year's Day off), Monday 4th, 7 h on Tuesday 5 January.
    const level2 = new Date('2027-01-05T14:00:00Z').getTime();
    expect(await run(level2 - minute)).toEqual({ escalated: 0 });
    expect(await run(level2 + minute)).toEqual({ escalated: 1 });
    expect(await run(level2 + 2 * minute)).toEqual({ escalated: 0 });
    const level3 = new Date('2027-01-08T14:00:00Z').getTime();
    expect(await run(level3 + minute)).toEqual({ escalated: 1 });
    // No one is left above the programme lead.
    expect(await run(level3 + 30 * 86_400_000)).toEqual({ escalated: 0 });

    const sent = (await outbox('case_escalation')).filter((m) => (m.text_body ?? '').includes(`/cases/${id}`));
    expect(sent.map((m) => m.to_address)).toEqual([w.managers.branch.email, w.managers.region.email, w.lead.email]);
    const events = await t.database.db
      .selectFrom('case_events')
      .select(['kind', 'data'])
      .where('case_id', '=', id)
      .where('kind', '=', 'escalated')
      .orderBy('id')
      .execute();
    expect(events.map((e) => (e.data as { level: number; memberId: string }).memberId)).toEqual([
      w.managers.branch.memberId,
      w.managers.region.memberId,
      w.lead.memberId,
    ]);
  });

  it('stops once the customer was contacted', async () => {
    const id = await detractorAt(new Date('2027-02-01T09:00:00Z'));
    const row = await caseRow(id);
    await t.database.db
      .updateTable('cases')
      .set({ status: 'contacted', first_contact_at: new Date(row.due_at.getTime() + minute) })
      .where('id', '=', id)
      .execute();
    await escalateOverdueCases(t.database.db, mail, PUBLIC_URL, new Date(row.due_at.getTime() + 60 * 86_400_000));
    expect((await caseRow(id)).escalation_level).toBe(0);
  });
});

describe('daily digest', () => {
  it('sends each owner with open cases one email a day, listing them', async () => {
    const morning = new Date('2027-03-01T05:00:00Z');
    expect(await sendDailyDigests(t.database.db, mail, PUBLIC_URL, morning)).toEqual({ sent: 1 });
    expect(await sendDailyDigests(t.database.db, mail, PUBLIC_URL, new Date(morning.getTime() + 3 * 3_600_000))).toEqual({ sent: 0 });
    const [digest] = await outbox('case_digest');
    expect(digest?.to_address).toBe(w.frontline.email);
    expect(digest?.subject).toBe('Your open cases today: 2 (1 overdue)');
    expect(digest?.text_body).toContain('OVERDUE – Detractor alarm: Ib (new)');
    expect(await sendDailyDigests(t.database.db, mail, PUBLIC_URL, new Date(morning.getTime() + 86_400_000))).toEqual({ sent: 1 });
  });
});
