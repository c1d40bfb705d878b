// Sending settings in the domain: defaults on first read, partial changes, the sealed and
// write-only SMTP password, field-named refusals, who sees and changes what, and the audit trail.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorkspace } from '../../../test/support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { parseConfig } from '../../config.ts';
import { type Db, migrate } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import type { UserActor } from '../access/index.ts';
import { actorForUser } from '../auth/index.ts';
import { loadWorkspaceRules } from './rules.ts';
import { openSecret } from './secret-box.ts';
import { getDistributionSettings, testSmtp, updateDistributionSettings } from './settings.ts';

const config = parseConfig({ NODE_ENV: 'test', ANBEFAL_SECRET_KEY: 'settings-test-key-0123456789abcdef' });

let test: TestDatabase;
let db: Db;
let owner: UserActor;

beforeAll(async () => {
  test = await createTestDatabase();
  await migrate(test.database);
  db = test.database.db;
  const seeded = await seedWorkspace(test.database, 'Sender Co', 'sam@sender.test');
  const actor = await actorForUser(db, seeded.ownerUserId, seeded.workspaceId, 'test');
  if (!actor) throw new Error('no owner actor');
  owner = actor;
});
afterAll(() => test?.drop());

const as = (role: UserActor['role']): UserActor => ({ ...owner, role });

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const storedRow = () => db.selectFrom('distribution_settings').selectAll().where('workspace_id', '=', owner.workspaceId).executeTakeFirstOrThrow();

describe('distribution settings', () => {
  it('start with the defaults the sending rules use', async () => {
    const settings = await getDistributionSettings(db, owner);
    expect(settings).toMatchObject({
      timeZone: 'UTC',
      quarantineInvitedDays: 30,
      quarantineAnsweredDays: 90,
      accountLimit: null,
      accountPeriodDays: 30,
      windowStartMinute: 540,
      windowEndMinute: 1020,
      windowWeekdays: [1, 2, 3, 4, 5],
      maxPerHour: 1000,
      reminderDays: 4,
      smtp: { host: null, port: null, security: 'starttls', user: null, passwordSet: false, fromAddress: null, fromName: null, senderIsOwner: true },
    });
    const rules = await loadWorkspaceRules(db, owner.workspaceId);
    expect(rules).toMatchObject({ timeZone: settings.timeZone, reminderDays: settings.reminderDays, maxPerHour: settings.maxPerHour });
  });

  it('change only the fields given, and the sending rules follow', async () => {
    await updateDistributionSettings(db, owner, { timeZone: 'Europe/Copenhagen', windowWeekdays: [5, 1, 3], reminderDays: null }, config);
    const settings = await updateDistributionSettings(db, owner, { accountLimit: 2, accountPeriodDays: 90, windowStartMinute: 480 }, config);
    expect(settings).toMatchObject({
      timeZone: 'Europe/Copenhagen',
      windowWeekdays: [1, 3, 5],
      reminderDays: null,
      accountLimit: 2,
      accountPeriodDays: 90,
      windowStartMinute: 480,
      windowEndMinute: 1020,
      quarantineInvitedDays: 30,
    });
    expect(await loadWorkspaceRules(db, owner.workspaceId)).toMatchObject({
      timeZone: 'Europe/Copenhagen',
      reminderDays: null,
      accountLimit: { limit: 2, periodDays: 90 },
      window: { startMinute: 480, endMinute: 1020, weekdays: [1, 3, 5] },
    });
  });

  it('seal the SMTP password, never show it, keep it when left out and remove it with null', async () => {
    const saved = await updateDistributionSettings(
      db,
      owner,
      { smtp: { host: 'smtp.example.com', port: 2525, security: 'none', user: 'mailer', password: 's3cret-Pässword', fromAddress: 'nps@example.com' } },
      config,
    );
    expect(saved.smtp).toEqual({
      host: 'smtp.example.com',
      port: 2525,
      security: 'none',
      user: 'mailer',
      passwordSet: true,
      fromAddress: 'nps@example.com',
      fromName: null,
      senderIsOwner: true,
    });
    expect(JSON.stringify(saved)).not.toContain('s3cret');
    const sealed = (await storedRow()).smtp_password_encrypted as string;
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('s3cret');
    expect(openSecret(config, sealed)).toBe('s3cret-Pässword');

    const renamed = await updateDistributionSettings(db, owner, { smtp: { fromName: 'Sender Co' } }, config);
    expect(renamed.smtp).toMatchObject({ passwordSet: true, fromName: 'Sender Co', host: 'smtp.example.com' });
    expect((await storedRow()).smtp_password_encrypted).toBe(sealed);

    // Blank texts mean "not set".
    const cleared = await updateDistributionSettings(db, owner, { smtp: { password: null, fromName: '  ' } }, config);
    expect(cleared.smtp).toMatchObject({ passwordSet: false, fromName: null, user: 'mailer' });
    expect((await storedRow()).smtp_password_encrypted).toBeNull();

    const audit = await db
      .selectFrom('audit_log')
      .select(['before', 'after'])
      .where('workspace_id', '=', owner.workspaceId)
      .where('action', '=', 'distribution.settings_updated')
      .orderBy('id')
      .execute();
    expect(audit).toHaveLength(5);
    const trail = JSON.stringify(audit);
    expect(trail).not.toContain('s3cret');
    expect(trail).not.toContain(sealed);
    expect(audit.map((entry) => (entry.after as { smtp: { password?: string } }).smtp.password)).toEqual([undefined, undefined, 'set', undefined, 'removed']);
  });

  it('refuse bad values naming each field, and save nothing', async () => {
    const before = await storedRow();
    const many = await refusal(
      updateDistributionSettings(
        db,
        owner,
        { timeZone: 'Mars/Olympus', windowStartMinute: 1000, windowEndMinute: 900, windowWeekdays: [1, 1], smtp: { host: 'smtp://mail.example.com' } },
        config,
      ),
    );
    expect(many.code).toBe('validation_failed');
    expect(many.details.errors?.map((e) => e.field)).toEqual(['body.timeZone', 'body.windowEndMinute', 'body.windowWeekdays', 'body.smtp.host']);
    expect(many.details.errors?.[0]?.message).toContain('Europe/Copenhagen');

    const ranges = await refusal(
      updateDistributionSettings(db, owner, { reminderDays: 2, quarantineInvitedDays: 731, accountLimit: 0, windowWeekdays: [], maxPerHour: 1.5 }, config),
    );
    expect(ranges.details.errors).toEqual([
      { field: 'body.quarantineInvitedDays', message: 'must be a whole number from 0 to 730' },
      { field: 'body.accountLimit', message: 'must be a whole number from 1 to 100000' },
      { field: 'body.windowWeekdays', message: 'must name at least one weekday' },
      { field: 'body.maxPerHour', message: 'must be a whole number from 1 to 1000000' },
      { field: 'body.reminderDays', message: 'must be a whole number from 3 to 7' },
    ]);

    // Against the saved values: a start after the saved end is named by the field that was given.
    expect((await refusal(updateDistributionSettings(db, owner, { windowStartMinute: 1100 }, config))).details.errors?.[0]?.field).toBe(
      'body.windowStartMinute',
    );
    expect((await refusal(updateDistributionSettings(db, owner, { smtp: { user: null, password: 'x' } }, config))).details.errors?.[0]?.field).toBe(
      'body.smtp.password',
    );
    expect((await refusal(updateDistributionSettings(db, owner, { smtp: { password: '' } }, config))).details.errors?.[0]).toEqual({
      field: 'body.smtp.password',
      message: 'must not be empty; send null to remove the password',
    });
    expect((await refusal(updateDistributionSettings(db, owner, { smtp: { fromAddress: 'nobody' } }, config))).details.errors?.[0]?.field).toBe(
      'body.smtp.fromAddress',
    );
    expect(await storedRow()).toEqual(before);
  });

  it('are read by managers and analysts without the SMTP block, and changed only by owners and admins', async () => {
    expect((await getDistributionSettings(db, as('admin'))).smtp).not.toBeNull();
    for (const role of ['analyst', 'manager'] as const) {
      const settings = await getDistributionSettings(db, as(role));
      expect(settings.smtp).toBeNull();
      expect(settings.timeZone).toBe('Europe/Copenhagen');
      expect((await refusal(updateDistributionSettings(db, as(role), { reminderDays: 5 }, config))).code).toBe('forbidden');
      expect((await refusal(testSmtp(db, as(role), config))).code).toBe('forbidden');
    }
    expect((await refusal(getDistributionSettings(db, as('frontline')))).code).toBe('forbidden');
    expect((await updateDistributionSettings(db, as('admin'), { reminderDays: 5 }, config)).reminderDays).toBe(5);
  });
});

describe('SMTP test', () => {
  it('answers ok: false with the reason when no server is set, none listens, or the password cannot be decrypted', async () => {
    await updateDistributionSettings(db, owner, { smtp: { host: null, user: null, password: null } }, config);
    const none = await testSmtp(db, owner, config);
    expect(none).toEqual({ ok: false, message: expect.stringContaining('stay in the outbox') });

    // A port nothing listens on: taken from a server that is closed again.
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await updateDistributionSettings(db, owner, { smtp: { host: '127.0.0.1', port, security: 'none' } }, config);
    const refused = await testSmtp(db, owner, config);
    expect(refused.ok).toBe(false);
    expect(refused.message).toContain(`127.0.0.1:${port}`);
    expect(refused.message).toMatch(/ECONNREFUSED/);

    await updateDistributionSettings(db, owner, { smtp: { user: 'mailer', password: 'hunter2-hunter2' } }, config);
    const otherKey = parseConfig({ NODE_ENV: 'test', ANBEFAL_SECRET_KEY: 'another-key-entirely-0123456789abcdef' });
    const unreadable = await testSmtp(db, owner, otherKey);
    expect(unreadable.ok).toBe(false);
    expect(unreadable.message).toContain('ANBEFAL_SECRET_KEY');
  });
});
