// Planning waves with a driven clock: a one-off wave invites each matching contact once, however
// often (or concurrently) planning runs; a recurring wave spreads its contacts evenly over the
// period, takes in contacts added later, invites again after a period, catches up after a pause
// without doubling anyone, and a cancelled wave's waiting invitations are cancelled.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorkspace, startTestApp, type TestApp } from '../../../test/support/app.ts';
import { seedSurvey } from '../../../test/support/surveys.ts';
import type { Db } from '../../db/index.ts';
import type { UserActor } from '../access/index.ts';
import { actorForUser } from '../auth/index.ts';
import { planWaves, waveSlot } from './wave-planning.ts';
import { changeWaveStatus, createWave, getWave } from './waves.ts';

const DAY = 86_400_000;
let t: TestApp;
let db: Db;
let owner: UserActor;
let workspaceId: string;
let unitId: string;
let surveyId: string;
/** Wave starts are days in the future of the wall clock, so stored created_at defaults never interfere. */
const T0 = new Date(Date.UTC(2031, 0, 6, 8, 0, 0));
const at = (day: number, minutes = 1) => new Date(T0.getTime() + day * DAY + minutes * 60_000);

/** A fixed, seeded UUID: the same ids (and so the same slots) on every run. */
const fixedId = (seed: string, i: number) => {
  const hex = createHash('sha256').update(`${seed}:${i}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

async function addContacts(seed: string, count: number, segment: string, from = 0): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => fixedId(seed, from + i));
  for (let start = 0; start < ids.length; start += 500) {
    await db
      .insertInto('contacts')
      .values(
        ids.slice(start, start + 500).map((id, i) => ({
          id,
          workspace_id: workspaceId,
          unit_id: unitId,
          email: `${seed}-${from + start + i}@example.com`,
          segment,
        })),
      )
      .execute();
  }
  return ids;
}

const invitationsOf = (waveId: string) =>
  db
    .selectFrom('survey_invitations')
    .select(['contact_id', 'created_at', 'scheduled_at', 'status'])
    .where('wave_id', '=', waveId)
    .orderBy('created_at')
    .execute();

beforeAll(async () => {
  t = await startTestApp();
  db = t.database.db;
  const seeded = await seedWorkspace(t.database, 'Wave Co', 'wanda@waves.test');
  workspaceId = seeded.workspaceId;
  unitId = seeded.rootUnitId;
  owner = (await actorForUser(db, seeded.ownerUserId, workspaceId, 'test')) as UserActor;
  surveyId = (await seedSurvey(t.database, workspaceId)).surveyId;
}, 60_000);
afterAll(() => t?.close());

describe('a one-off wave', () => {
  it('invites every matching contact exactly once at its start, however often planning runs', async () => {
    const matching = await addContacts('one', 25, 'once');
    await addContacts('other', 5, 'elsewhere');
    const wave = await createWave(db, owner, { kind: 'one_off', surveyId, name: 'Spring', filter: { segment: 'once' }, startsAt: T0.toISOString() });

    expect(await planWaves(db, new Date(T0.getTime() - 60_000))).toMatchObject({ invitations: 0 });
    expect(await invitationsOf(wave.id)).toHaveLength(0);

    // Two planners at once (on PostgreSQL truly concurrent), then a third later.
    const [first, second] = await Promise.all([planWaves(db, at(0)), planWaves(db, at(0))]);
    expect(first.invitations + second.invitations).toBe(25);
    expect((await planWaves(db, at(0, 5))).invitations).toBe(0);

    const invitations = await invitationsOf(wave.id);
    expect(invitations.map((i) => i.contact_id).sort()).toEqual([...matching].sort());
    expect(invitations.every((i) => i.status === 'scheduled' && i.scheduled_at?.getTime() === at(0).getTime())).toBe(true);
    const view = await getWave(db, owner, wave.id);
    expect(view).toMatchObject({ status: 'done', nextRunAt: null, lastRunAt: at(0).toISOString() });
    expect(view.invitations).toMatchObject({ scheduled: 25, total: 25 });
  });

  it('made for a draft survey waits until the survey is active', async () => {
    const draft = await seedSurvey(t.database, workspaceId);
    await db.updateTable('surveys').set({ status: 'draft' }).where('id', '=', draft.surveyId).execute();
    await addContacts('draft', 3, 'draft');
    const wave = await createWave(db, owner, {
      kind: 'one_off',
      surveyId: draft.surveyId,
      name: 'Prepared',
      filter: { segment: 'draft' },
      startsAt: T0.toISOString(),
    });
    await planWaves(db, at(1));
    expect((await getWave(db, owner, wave.id)).status).toBe('scheduled');
    await db.updateTable('surveys').set({ status: 'active' }).where('id', '=', draft.surveyId).execute();
    await planWaves(db, at(2));
    expect(await invitationsOf(wave.id)).toHaveLength(3);
    expect((await getWave(db, owner, wave.id)).status).toBe('done');
  });
});

describe('a recurring wave', () => {
  it('invites each contact once per period, spread evenly over the days, new contacts included', async () => {
    const contacts = await addContacts('yearly', 1000, 'programme');
    const wave = await createWave(db, owner, {
      kind: 'recurring',
      surveyId,
      name: 'Relationship programme',
      filter: { segment: 'programme' },
      startsAt: T0.toISOString(),
      everyDays: 30,
    });

    const perDay: number[] = [];
    let late: string | undefined;
    for (let day = 0; day < 60; day++) {
      // A contact that joins on day 10 is picked up by the filter from then on.
      if (day === 10) late = (await addContacts('yearly', 1, 'programme', 1000))[0];
      const { invitations } = await planWaves(db, at(day));
      perDay.push(invitations);
      // A second run the same day plans nothing more.
      expect((await planWaves(db, at(day, 30))).invitations).toBe(0);
    }

    const lateSlot = waveSlot(late as string, 30);
    const lateFirstDay = lateSlot >= 10 ? lateSlot : lateSlot + 30;
    const firstPeriod = perDay.slice(0, 30);
    expect(firstPeriod.reduce((a, b) => a + b, 0)).toBe(lateFirstDay < 30 ? 1001 : 1000);
    // The ids are fixed, so these bounds are checked against one known spread and cannot flake.
    expect(Math.min(...firstPeriod)).toBeGreaterThanOrEqual(Math.floor((1000 / 30) * 0.5));
    expect(Math.max(...firstPeriod)).toBeLessThanOrEqual(Math.ceil((1000 / 30) * 1.5));

    const invitations = await invitationsOf(wave.id);
    const byContact = new Map<string, Date[]>();
    for (const invitation of invitations) byContact.set(invitation.contact_id, [...(byContact.get(invitation.contact_id) ?? []), invitation.created_at]);
    // Every contact of day 0 twice, exactly one period apart, on the day of its slot.
    for (const id of contacts) {
      const times = byContact.get(id) ?? [];
      expect(times).toHaveLength(2);
      expect((times[1] as Date).getTime() - (times[0] as Date).getTime()).toBe(30 * DAY);
      expect((times[0] as Date).getTime()).toBe(at(waveSlot(id, 30)).getTime());
    }
    // The late contact: at its first slot day on or after day 10, then one period later if that fits.
    const lateTimes = byContact.get(late as string) ?? [];
    expect(lateTimes[0]?.getTime()).toBe(at(lateFirstDay).getTime());
    expect(lateTimes).toHaveLength(lateFirstDay + 30 < 60 ? 2 : 1);
    expect((await getWave(db, owner, wave.id)).status).toBe('running');
  });

  it('stops planning while paused and catches up the missed days once, without doubles, on resume', async () => {
    const contacts = await addContacts('weekly', 70, 'weekly');
    const wave = await createWave(db, owner, {
      kind: 'recurring',
      surveyId,
      name: 'Weekly pulse',
      filter: { segment: 'weekly' },
      startsAt: T0.toISOString(),
      everyDays: 7,
    });
    for (let day = 0; day <= 2; day++) await planWaves(db, at(day));
    const beforePause = (await invitationsOf(wave.id)).length;
    expect(beforePause).toBe(contacts.filter((id) => waveSlot(id, 7) <= 2).length);

    await changeWaveStatus(db, owner, wave.id, 'pause');
    for (let day = 3; day <= 5; day++) await planWaves(db, at(day));
    expect(await invitationsOf(wave.id)).toHaveLength(beforePause);

    // Resumed on day 6: the contacts of days 3–6 are invited now, once each.
    expect((await changeWaveStatus(db, owner, wave.id, 'resume')).status).toBe('running');
    await planWaves(db, at(6));
    await planWaves(db, at(6, 30));
    const afterResume = await invitationsOf(wave.id);
    expect(afterResume).toHaveLength(70);
    expect(new Set(afterResume.map((i) => i.contact_id)).size).toBe(70);

    // The following week nobody is asked twice within half a period.
    for (let day = 7; day <= 13; day++) await planWaves(db, at(day));
    const byContact = new Map<string, number[]>();
    for (const i of await invitationsOf(wave.id)) byContact.set(i.contact_id, [...(byContact.get(i.contact_id) ?? []), i.created_at.getTime()]);
    for (const times of byContact.values()) {
      for (let k = 1; k < times.length; k++) expect((times[k] as number) - (times[k - 1] as number)).toBeGreaterThan(3 * DAY);
    }
    expect([...byContact.values()].every((times) => times.length === 2)).toBe(true);
  });

  it('cancelled: its waiting invitations are cancelled and nothing more is planned', async () => {
    await addContacts('cancel', 40, 'cancel');
    const wave = await createWave(db, owner, {
      kind: 'recurring',
      surveyId,
      name: 'To be cancelled',
      filter: { segment: 'cancel' },
      startsAt: T0.toISOString(),
      everyDays: 7,
    });
    for (let day = 0; day <= 3; day++) await planWaves(db, at(day));
    const planned = await invitationsOf(wave.id);
    expect(planned.length).toBeGreaterThan(0);
    // One of them already went out: cancelling leaves it alone.
    await db
      .updateTable('survey_invitations')
      .set({ status: 'sent' })
      .where('wave_id', '=', wave.id)
      .where('contact_id', '=', planned[0]?.contact_id as string)
      .execute();

    const cancelled = await changeWaveStatus(db, owner, wave.id, 'cancel');
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.invitations).toMatchObject({ sent: 1, cancelled: planned.length - 1, scheduled: 0 });
    for (let day = 4; day <= 10; day++) await planWaves(db, at(day));
    expect(await invitationsOf(wave.id)).toHaveLength(planned.length);
    const audit = await db.selectFrom('audit_log').select('action').where('target_id', '=', wave.id).orderBy('created_at').execute();
    expect(audit.map((a) => a.action)).toEqual(['wave.created', 'wave.cancelled']);
  });
});
