// The send tick against a real database with a controllable clock: every call names its `now`.
// Each test works in a workspace of its own, so budgets and quarantines do not leak between tests.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorkspace } from '../../../test/support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { NPS_SURVEY, seedSurvey } from '../../../test/support/surveys.ts';
import { parseConfig } from '../../config.ts';
import { type Consent, type Database, migrate } from '../../db/index.ts';
import { distributionSendJob } from '../../jobs/definitions/distribution-send.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { createBodyRenderer } from '../../mail/bodies.ts';
import { createMailQueue } from '../../mail/outbox.ts';
import { createLogger } from '../../runtime.ts';
import { insertEmailInvitations } from './schedule.ts';
import { runSendTick } from './send.ts';
import { fromHeader, type WorkspaceSender } from './sender.ts';
import { unsubscribe } from './unsubscribe.ts';

let test: TestDatabase;
let database: Database;
const mail = createMailQueue({ delivers: false, messageIdDomain: 'anbefal.test' });
const deps = { mail, publicUrl: 'https://nps.hygge.test/' };
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Monday 8 June 2026, 10:00 UTC. */
const MONDAY = new Date('2026-06-08T10:00:00Z');

beforeAll(async () => {
  test = await createTestDatabase();
  database = test.database;
  await migrate(database);
});
afterAll(() => test?.drop());

const db = () => database.db;

interface Settings {
  time_zone?: string;
  quarantine_invited_days?: number;
  quarantine_answered_days?: number;
  account_limit?: number | null;
  account_period_days?: number;
  window_start_minute?: number;
  window_end_minute?: number;
  window_weekdays?: number[];
  max_per_hour?: number;
  reminder_days?: number | null;
  from_address?: string | null;
  from_name?: string | null;
  sender_is_owner?: boolean;
}

/** A workspace with its distribution settings, one active survey (NPS_SURVEY, six languages) and helpers. */
async function workspace(settings: Settings = {}) {
  const name = `w${randomBytes(4).toString('hex')}`;
  const seeded = await seedWorkspace(database, 'Hygge Bikes', `${name}@hygge.test`);
  const { workspaceId, rootUnitId } = seeded;
  await db()
    .insertInto('distribution_settings')
    .values({ workspace_id: workspaceId, ...settings })
    .execute();
  const survey = await seedSurvey(database, workspaceId);

  async function contact(
    fields: {
      email?: string | null;
      language?: string;
      timeZone?: string;
      ownerMemberId?: string;
      accountId?: string;
      consent?: Consent;
      optedOut?: boolean;
      deleted?: boolean;
      emailInvalid?: boolean;
      firstName?: string;
    } = {},
  ) {
    const row = await db()
      .insertInto('contacts')
      .values({
        workspace_id: workspaceId,
        unit_id: rootUnitId,
        email: fields.email === undefined ? `${randomBytes(5).toString('hex')}@example.com` : fields.email,
        first_name: fields.firstName ?? null,
        language: fields.language ?? null,
        time_zone: fields.timeZone ?? null,
        owner_member_id: fields.ownerMemberId ?? null,
        account_id: fields.accountId ?? null,
        consent: fields.consent ?? 'unknown',
        opted_out_at: fields.optedOut ? new Date('2026-01-01T00:00:00Z') : null,
        deleted_at: fields.deleted ? new Date('2026-01-01T00:00:00Z') : null,
        email_invalid_at: fields.emailInvalid ? new Date('2026-01-01T00:00:00Z') : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  const schedule = (contactIds: string[], scheduledAt: Date, surveyId = survey.surveyId) =>
    insertEmailInvitations(
      db(),
      workspaceId,
      contactIds.map((contactId) => ({ surveyId, contactId, scheduledAt, linkValidityDays: 30 })),
    );

  const tick = (now: Date) => runSendTick(db(), deps, now, { workspaceId });
  return { ...seeded, surveyId: survey.surveyId, contact, schedule, tick };
}

const invitation = (id: string) => db().selectFrom('survey_invitations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const invitations = (ids: string[]) => db().selectFrom('survey_invitations').selectAll().where('id', 'in', ids).execute();
const outboxOf = (workspaceId: string) => db().selectFrom('outbox').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at').execute();

/** What the dispatcher does when the SMTP server accepts the email. */
const markSent = (id: string, at: Date) => db().updateTable('survey_invitations').set({ status: 'sent', sent_at: at }).where('id', '=', id).execute();

describe('runSendTick: the invitation email', () => {
  it("queues the email in the recipient's language with a stable Message-ID, List-Unsubscribe, the owner as sender and Reply-To", async () => {
    const w = await workspace({ from_address: 'surveys@hygge.test', from_name: 'Hygge Bikes Service' });
    const contactId = await w.contact({ language: 'da', firstName: 'Astrid', ownerMemberId: w.memberId });
    const [id] = await w.schedule([contactId], new Date(MONDAY.getTime() - 60_000));

    expect(await w.tick(MONDAY)).toEqual({ queued: 1, skipped: {}, deferred: 0, reminders: 0 });

    const row = await invitation(id as string);
    expect(row.status).toBe('queued');
    expect(row.queued_at?.toISOString()).toBe(MONDAY.toISOString());
    expect(row.expires_at.toISOString()).toBe(new Date(MONDAY.getTime() + 30 * DAY).toISOString());
    const [email, ...more] = await outboxOf(w.workspaceId);
    expect(more).toHaveLength(0);
    expect(email?.id).toBe(row.outbox_id);
    expect(email?.kind).toBe('invitation');
    expect(email?.status).toBe('stored');
    expect(email?.message_id).toBe(`<invitation-${id}@anbefal.test>`);
    expect(email?.headers).toEqual({
      'Message-ID': `<invitation-${id}@anbefal.test>`,
      'List-Unsubscribe': `<https://nps.hygge.test/u/${row.token}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    const contact = await db().selectFrom('contacts').select('email').where('id', '=', contactId).executeTakeFirstOrThrow();
    expect(email?.to_address).toBe(contact.email);
    const owner = await db().selectFrom('members').select('name').where('id', '=', w.memberId).executeTakeFirstOrThrow();
    expect(email?.from_address).toBe(`"${owner.name} via Hygge Bikes Service" <surveys@hygge.test>`);
    const user = await db().selectFrom('users').select('email').where('id', '=', w.ownerUserId).executeTakeFirstOrThrow();
    expect(email?.reply_to).toBe(user.email);
    expect(email?.subject).toBe('Hygge Bikes vil gerne høre din mening');
    // The body is stored as what renders it, and rendered as the dispatcher sends it.
    expect(email?.html_body).toBeNull();
    const renderer = createBodyRenderer();
    await renderer.load(db(), email ? [email] : []);
    const bodies = email && renderer.bodies(email);
    expect(bodies?.html).toContain('<html lang="da">');
    expect(bodies?.html).toContain(`https://nps.hygge.test/s/${row.token}?score=10`);
    expect(bodies?.text).toContain(`https://nps.hygge.test/s/${row.token}`);

    // A second tick finds nothing to do: the invitation is queued once.
    expect(await w.tick(new Date(MONDAY.getTime() + 60_000))).toEqual({ queued: 0, skipped: {}, deferred: 0, reminders: 0 });
    expect(await outboxOf(w.workspaceId)).toHaveLength(1);
  });

  it("uses the server's sender without a workspace address, and no Reply-To when owners are not shown", async () => {
    const w = await workspace({ sender_is_owner: false });
    const contactId = await w.contact({ language: 'xx', ownerMemberId: w.memberId });
    await w.schedule([contactId], MONDAY);
    await w.tick(MONDAY);
    const [email] = await outboxOf(w.workspaceId);
    expect(email?.from_address).toBeNull();
    expect(email?.reply_to).toBeNull();
    // A language the survey lacks falls back to its default (English).
    expect(email?.subject).toBe('Hygge Bikes would like your feedback');
  });

  it('builds the From header from the owner, the workspace sender name and its address', () => {
    const sender = (fields: Partial<WorkspaceSender>): WorkspaceSender => ({
      rules: {} as WorkspaceSender['rules'],
      name: 'Hygge "Bikes"',
      fromAddress: 'surveys@hygge.test',
      fromName: null,
      senderIsOwner: true,
      ...fields,
    });
    const owner = { name: 'Mette Holm', email: 'mette@hygge.test' };
    expect(fromHeader(sender({}), owner)).toBe('"Mette Holm via Hygge \\"Bikes\\"" <surveys@hygge.test>');
    expect(fromHeader(sender({ fromName: 'Hygge Service' }), null)).toBe('"Hygge Service" <surveys@hygge.test>');
    expect(fromHeader(sender({}), null)).toBe('surveys@hygge.test');
    expect(fromHeader(sender({ senderIsOwner: false, fromName: 'Hygge Service' }), owner)).toBe('"Hygge Service" <surveys@hygge.test>');
    expect(fromHeader(sender({ fromAddress: null }), owner)).toBeUndefined();
  });

  it('prefers the language of the invitation over the contact’s', async () => {
    const w = await workspace();
    const contactId = await w.contact({ language: 'da' });
    const [id] = await insertEmailInvitations(db(), w.workspaceId, [
      { surveyId: w.surveyId, contactId, scheduledAt: MONDAY, linkValidityDays: 30, language: 'de' },
    ]);
    await w.tick(MONDAY);
    const [email] = await outboxOf(w.workspaceId);
    expect(email?.message_id).toBe(`<invitation-${id}@anbefal.test>`);
    expect(email?.subject).toBe('Hygge Bikes bittet um Ihre Meinung');
  });

  it('leaves invitations that are not yet due', async () => {
    const w = await workspace();
    const [id] = await w.schedule([await w.contact()], new Date(MONDAY.getTime() + 60_000));
    expect((await w.tick(MONDAY)).queued).toBe(0);
    expect((await invitation(id as string)).status).toBe('scheduled');
  });
});

describe('runSendTick: who is not invited, and why', () => {
  it('records the reason for each contact that may not be asked', async () => {
    const w = await workspace({ quarantine_invited_days: 30, quarantine_answered_days: 90 });
    const past = new Date(MONDAY.getTime() - 10 * DAY);
    const invitedRecently = await w.contact();
    const answeredRecently = await w.contact();
    const [earlierInvitation] = await w.schedule([invitedRecently], past);
    await db()
      .updateTable('survey_invitations')
      .set({ status: 'sent', queued_at: past, sent_at: past })
      .where('id', '=', earlierInvitation as string)
      .execute();
    const [answered] = await w.schedule([answeredRecently], new Date(MONDAY.getTime() - 60 * DAY));
    await db()
      .updateTable('survey_invitations')
      .set({ status: 'sent', queued_at: new Date(MONDAY.getTime() - 60 * DAY), responded_at: new Date(MONDAY.getTime() - 20 * DAY) })
      .where('id', '=', answered as string)
      .execute();

    const cases = {
      recently_invited: invitedRecently,
      recently_answered: answeredRecently,
      unsubscribed: await w.contact({ optedOut: true }),
      no_email: await w.contact({ email: null }),
      email_invalid: await w.contact({ emailInvalid: true }),
      no_consent: await w.contact({ consent: 'withdrawn' }),
      contact_deleted: await w.contact({ deleted: true }),
    };
    const eligible = await w.contact({ consent: 'granted' });
    const ids = await w.schedule([...Object.values(cases), eligible], MONDAY);

    const result = await w.tick(MONDAY);
    expect(result.queued).toBe(1);
    expect(result.skipped).toEqual(Object.fromEntries(Object.keys(cases).map((reason) => [reason, 1])));
    const rows = await invitations(ids);
    for (const [reason, contactId] of Object.entries(cases)) {
      const row = rows.find((r) => r.contact_id === contactId);
      expect({ reason, status: row?.status, skip: row?.skip_reason }).toEqual({ reason, status: 'skipped', skip: reason });
      expect(row?.outbox_id).toBeNull();
    }
    expect(rows.find((r) => r.contact_id === eligible)?.status).toBe('queued');
  });

  it('lets a contact be invited again once the quarantine has passed', async () => {
    const w = await workspace({ quarantine_invited_days: 30 });
    const contactId = await w.contact();
    await w.schedule([contactId], MONDAY);
    expect((await w.tick(MONDAY)).queued).toBe(1);
    const later = await w.schedule([contactId], new Date(MONDAY.getTime() + 29 * DAY));
    expect((await w.tick(new Date(MONDAY.getTime() + 29 * DAY))).skipped).toEqual({ recently_invited: 1 });
    expect((await invitation(later[0] as string)).skip_reason).toBe('recently_invited');
    await w.schedule([contactId], new Date(MONDAY.getTime() + 31 * DAY));
    expect((await w.tick(new Date(MONDAY.getTime() + 31 * DAY))).queued).toBe(1);
  });

  it('sends one of two invitations to the same contact, and holds an account to its limit, within one chunk', async () => {
    const w = await workspace({ account_limit: 2, account_period_days: 60 });
    const account = await db()
      .insertInto('accounts')
      .values({ workspace_id: w.workspaceId, unit_id: w.rootUnitId, name: 'Fjord Logistics' })
      .returning('id')
      .executeTakeFirstOrThrow();
    // One contact of the account was asked 40 days ago: out of its own quarantine, but within the account's period.
    const earlier = await w.contact({ accountId: account.id });
    const [old] = await w.schedule([earlier], new Date(MONDAY.getTime() - 40 * DAY));
    await db()
      .updateTable('survey_invitations')
      .set({ status: 'sent', queued_at: new Date(MONDAY.getTime() - 40 * DAY) })
      .where('id', '=', old as string)
      .execute();
    const [a, b] = [await w.contact({ accountId: account.id }), await w.contact({ accountId: account.id })];
    const twice = await w.contact();
    // This survey's own subject names the account ({accountName}).
    const { surveyId } = await seedSurvey(database, w.workspaceId, {
      definition: { ...NPS_SURVEY, invitation: { subject: { en: 'How are we doing, {accountName}?' }, body: { en: 'Hello {firstName},\n\nTell us.' } } },
    });
    const ids = await w.schedule([a, b, twice, twice], MONDAY, surveyId);

    const result = await w.tick(MONDAY);
    expect(result).toMatchObject({ queued: 2, skipped: { account_limit: 1, recently_invited: 1 } });
    const rows = await invitations(ids);
    // Which of each pair goes first is the tick's choice; that exactly one does is the rule.
    const outcomes = (pair: (string | undefined)[]) =>
      rows
        .filter((r) => pair.includes(r.id))
        .map((r) => r.skip_reason ?? r.status)
        .sort();
    expect(outcomes([ids[0], ids[1]])).toEqual(['account_limit', 'queued']);
    expect(outcomes([ids[2], ids[3]])).toEqual(['queued', 'recently_invited']);
    const subjects = (await outboxOf(w.workspaceId)).map((e) => e.subject).sort();
    expect(subjects).toEqual(['How are we doing, Fjord Logistics?', 'How are we doing?']);
  });

  it('skips invitations to a closed survey', async () => {
    const w = await workspace();
    const ids = await w.schedule([await w.contact(), await w.contact()], MONDAY);
    await db().updateTable('surveys').set({ status: 'closed', closed_at: MONDAY }).where('id', '=', w.surveyId).execute();
    expect(await w.tick(MONDAY)).toEqual({ queued: 0, skipped: { survey_closed: 2 }, deferred: 0, reminders: 0 });
    expect((await invitations(ids)).map((r) => r.skip_reason)).toEqual(['survey_closed', 'survey_closed']);
  });
});

describe('runSendTick: send windows and the hourly rate', () => {
  it("waits for the window in the recipient's zone: Tokyo and Copenhagen at the same instant", async () => {
    const w = await workspace({ time_zone: 'Europe/Copenhagen' });
    const tokyo = await w.contact({ timeZone: 'Asia/Tokyo' });
    const copenhagen = await w.contact();
    const [toTokyo, toCopenhagen] = await w.schedule([tokyo, copenhagen], new Date('2026-06-08T07:30:00Z'));

    // 10:00 in Copenhagen, 17:00 in Tokyo (the window is 09:00–17:00 on weekdays).
    const now = new Date('2026-06-08T08:00:00Z');
    expect(await w.tick(now)).toEqual({ queued: 1, skipped: {}, deferred: 1, reminders: 0 });
    expect((await invitation(toCopenhagen as string)).status).toBe('queued');
    const waiting = await invitation(toTokyo as string);
    expect(waiting.status).toBe('scheduled');
    expect(waiting.scheduled_at?.toISOString()).toBe('2026-06-09T00:00:00.000Z');

    expect((await w.tick(new Date('2026-06-08T23:59:00Z'))).queued).toBe(0);
    expect((await w.tick(new Date('2026-06-09T00:00:00Z'))).queued).toBe(1);
    expect((await invitation(toTokyo as string)).status).toBe('queued');
  });

  it('sends an invitation due at 08:30 on the Monday after the spring change at 09:00 CEST', async () => {
    const w = await workspace({ time_zone: 'Europe/Copenhagen' });
    const [id] = await w.schedule([await w.contact()], new Date('2026-03-30T06:30:00Z'));
    expect((await w.tick(new Date('2026-03-30T06:30:00Z'))).deferred).toBe(1);
    expect((await invitation(id as string)).scheduled_at?.toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect((await w.tick(new Date('2026-03-30T07:00:00Z'))).queued).toBe(1);
  });

  it('spreads a wave of 25 over three hours at 10 per hour', async () => {
    const w = await workspace({ max_per_hour: 10, window_start_minute: 0, window_end_minute: 1440, window_weekdays: [1, 2, 3, 4, 5, 6, 7] });
    const contacts = await Promise.all(Array.from({ length: 25 }, () => w.contact()));
    const ids = await w.schedule(contacts, MONDAY);

    expect((await w.tick(MONDAY)).queued).toBe(10);
    expect((await invitations(ids)).filter((r) => r.status === 'scheduled')).toHaveLength(15);
    expect((await w.tick(new Date(MONDAY.getTime() + 30 * 60_000))).queued).toBe(0);
    expect((await w.tick(new Date(MONDAY.getTime() + HOUR + 60_000))).queued).toBe(10);
    expect((await w.tick(new Date(MONDAY.getTime() + 2 * HOUR + 120_000))).queued).toBe(5);

    const rows = await invitations(ids);
    expect(rows.every((r) => r.status === 'queued')).toBe(true);
    const perHour = new Map<number, number>();
    for (const row of rows) {
      const hour = Math.floor(((row.queued_at?.getTime() ?? 0) - MONDAY.getTime()) / HOUR);
      perHour.set(hour, (perHour.get(hour) ?? 0) + 1);
    }
    expect(Object.fromEntries(perHour)).toEqual({ 0: 10, 1: 10, 2: 5 });
  });
});

describe('runSendTick: the one reminder', () => {
  async function sentInvitation(settings: Settings = {}) {
    const w = await workspace({ reminder_days: 4, ...settings });
    const contactId = await w.contact({ language: 'da' });
    const [id] = await w.schedule([contactId], MONDAY);
    await w.tick(MONDAY);
    await markSent(id as string, MONDAY);
    return { w, id: id as string, contactId };
  }

  it('sends exactly one reminder after the configured days, inside the window', async () => {
    const { w, id } = await sentInvitation();
    // Thursday: three days; not yet.
    expect((await w.tick(new Date(MONDAY.getTime() + 3 * DAY))).reminders).toBe(0);
    // Friday 10:00: four days.
    expect(await w.tick(new Date(MONDAY.getTime() + 4 * DAY))).toEqual({ queued: 0, skipped: {}, deferred: 0, reminders: 1 });
    const row = await invitation(id);
    expect(row.reminder_queued_at?.toISOString()).toBe(new Date(MONDAY.getTime() + 4 * DAY).toISOString());
    const reminder = (await outboxOf(w.workspaceId)).find((e) => e.id === row.reminder_outbox_id);
    expect(reminder?.kind).toBe('reminder');
    expect(reminder?.message_id).toBe(`<reminder-${id}@anbefal.test>`);
    expect(reminder?.subject).toBe('Påmindelse: Hygge Bikes vil gerne høre din mening');
    expect(reminder?.headers['List-Unsubscribe']).toBe(`<https://nps.hygge.test/u/${row.token}>`);

    // Never a second one, even once the first was delivered.
    await db()
      .updateTable('survey_invitations')
      .set({ reminder_sent_at: new Date(MONDAY.getTime() + 4 * DAY) })
      .where('id', '=', id)
      .execute();
    expect((await w.tick(new Date(MONDAY.getTime() + 5 * DAY))).reminders).toBe(0);
    expect((await w.tick(new Date(MONDAY.getTime() + 8 * DAY))).reminders).toBe(0);
    expect(await outboxOf(w.workspaceId)).toHaveLength(2);
  });

  it('waits for the window: due on Saturday, sent on Monday morning', async () => {
    const { w, id } = await sentInvitation({ reminder_days: 5 });
    expect((await w.tick(new Date('2026-06-13T10:00:00Z'))).reminders).toBe(0);
    expect((await w.tick(new Date('2026-06-15T08:59:00Z'))).reminders).toBe(0);
    expect((await w.tick(new Date('2026-06-15T09:00:00Z'))).reminders).toBe(1);
    expect((await invitation(id)).reminder_outbox_id).not.toBeNull();
  });

  it('sends none when the contact answered, unsubscribed, or the survey turns reminders off', async () => {
    const answered = await sentInvitation();
    await db()
      .updateTable('survey_invitations')
      .set({ responded_at: new Date(MONDAY.getTime() + DAY) })
      .where('id', '=', answered.id)
      .execute();
    expect((await answered.w.tick(new Date(MONDAY.getTime() + 4 * DAY))).reminders).toBe(0);

    const unsubscribed = await sentInvitation();
    const { token } = await invitation(unsubscribed.id);
    await unsubscribe(db(), token, 'one_click');
    const first = (await invitation(unsubscribed.id)).unsubscribed_at;
    expect(first).not.toBeNull();
    // A second use of the link keeps the first time.
    expect((await unsubscribe(db(), token, 'page'))?.optedOutAt).not.toBeNull();
    expect((await invitation(unsubscribed.id)).unsubscribed_at).toEqual(first);
    expect((await unsubscribed.w.tick(new Date(MONDAY.getTime() + 4 * DAY))).reminders).toBe(0);

    const off = await sentInvitation();
    await db()
      .updateTable('surveys')
      .set({ distribution: JSON.stringify({ reminderDays: null }) })
      .where('id', '=', off.w.surveyId)
      .execute();
    expect((await off.w.tick(new Date(MONDAY.getTime() + 6 * DAY))).reminders).toBe(0);
    // A survey's own reminderDays wins over the workspace's.
    await db()
      .updateTable('surveys')
      .set({ distribution: JSON.stringify({ reminderDays: 7 }) })
      .where('id', '=', off.w.surveyId)
      .execute();
    expect((await off.w.tick(new Date(MONDAY.getTime() + 6 * DAY))).reminders).toBe(0);
    expect((await off.w.tick(new Date(MONDAY.getTime() + 7 * DAY))).reminders).toBe(1);
  });
});

describe('runSendTick: every workspace', () => {
  it('sends for all workspaces when none is named, at most `limit` at a time', async () => {
    // Earlier than anything else in this file, so only these two workspaces have mail due.
    const now = new Date('2026-01-05T10:00:00Z');
    const [a, b] = [await workspace(), await workspace()];
    const ids = [
      ...(await a.schedule([await a.contact(), await a.contact(), await a.contact()], now)),
      ...(await b.schedule([await b.contact(), await b.contact(), await b.contact()], now)),
    ];
    expect((await runSendTick(db(), deps, now, { limit: 4 })).queued).toBe(4);
    expect((await runSendTick(db(), deps, now)).queued).toBe(2);
    expect((await invitations(ids)).every((r) => r.status === 'queued')).toBe(true);
  });
});

describe('the distribution-send job', () => {
  it('runs every minute, sends what is due now and tells the dispatcher', async () => {
    expect(distributionSendJob.cron).toBe('* * * * *');
    const w = await workspace({ window_start_minute: 0, window_end_minute: 1440, window_weekdays: [1, 2, 3, 4, 5, 6, 7] });
    const [id] = await w.schedule([await w.contact()], new Date(Date.now() - 1000));
    let nudges = 0;
    const jobMail = createMailQueue({ delivers: true, messageIdDomain: 'anbefal.test', onEnqueued: () => nudges++ });
    const config = parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_URL: 'https://nps.hygge.test' });
    // The handler sends no further jobs; this queue only completes the context's type.
    const jobs: JobQueue = { send: async () => {}, stop: async () => {} };
    await distributionSendJob.handler(distributionSendJob.payload.parse({ workspaceId: w.workspaceId }), {
      database,
      logger: createLogger(config),
      jobs,
      config,
      mail: jobMail,
      attempt: { final: true },
    });
    const row = await invitation(id as string);
    expect(row.status).toBe('queued');
    const [email] = await outboxOf(w.workspaceId);
    expect(email?.status).toBe('pending');
    expect(email?.headers['List-Unsubscribe']).toBe(`<https://nps.hygge.test/u/${row.token}>`);
    expect(nudges).toBeGreaterThan(0);
  });
});

describe('runSendTick: concurrency', () => {
  it('never queues an invitation twice when two ticks run at the same time', async () => {
    const w = await workspace({ quarantine_invited_days: 0, window_start_minute: 0, window_end_minute: 1440, window_weekdays: [1, 2, 3, 4, 5, 6, 7] });
    const contacts = await Promise.all(Array.from({ length: 30 }, () => w.contact()));
    // 450 invitations (15 per contact) so the ticks take several chunks each and interleave.
    const ids = await w.schedule(
      Array.from({ length: 450 }, (_, i) => contacts[i % contacts.length] as string),
      MONDAY,
    );
    const [first, second] = await Promise.all([w.tick(MONDAY), w.tick(MONDAY)]);
    expect(first.queued + second.queued).toBe(450);

    const outbox = await outboxOf(w.workspaceId);
    expect(outbox).toHaveLength(450);
    expect(new Set(outbox.map((e) => e.message_id)).size).toBe(450);
    const rows = await invitations(ids);
    expect(rows.every((r) => r.status === 'queued')).toBe(true);
    expect(new Set(rows.map((r) => r.outbox_id)).size).toBe(450);
  });
});
