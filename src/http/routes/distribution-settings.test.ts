// Sending settings over the API: read and change, the write-only SMTP password stored encrypted,
// field-named refusals, who sees the SMTP block, and the connection test against a real SMTP
// server that requires the stored user and password.
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedApiKey, seedUser, seedWorkspace, signIn, startTestApp, type TestApp, withApiKey } from '../../../test/support/app.ts';

const SMTP_USER = 'anbefal-mailer';
const SMTP_PASSWORD = 'Tr0ub4dor&3-correct';

let t: TestApp;
let ws: Awaited<ReturnType<typeof seedWorkspace>>;
let owner: Awaited<ReturnType<typeof signIn>>;
let smtp: SMTPServer;
let smtpPort: number;
const logins: { user: string; ok: boolean }[] = [];
const received: ParsedMail[] = [];

const fields = (response: { json(): { errors?: { field: string }[] } }) => response.json().errors?.map((e) => e.field);

beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      const ok = auth.username === SMTP_USER && auth.password === SMTP_PASSWORD;
      logins.push({ user: auth.username ?? '', ok });
      if (ok) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        received.push(mail);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  t = await startTestApp({ ANBEFAL_SECRET_KEY: 'route-test-secret-key-0123456789abcdef' });
  ws = await seedWorkspace(t.database, 'Mail Co', 'mia@mail.test');
  owner = await signIn(t.app, 'mia@mail.test');
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await t?.close();
});

describe('sending settings', () => {
  it('are read with their defaults and changed field by field', async () => {
    const defaults = await owner.get('/api/v1/distribution/settings');
    expect(defaults.statusCode, defaults.body).toBe(200);
    expect(defaults.json()).toMatchObject({ timeZone: 'UTC', windowStartMinute: 540, windowEndMinute: 1020, reminderDays: 4, smtp: { passwordSet: false } });

    const changed = await owner.put('/api/v1/distribution/settings', {
      timeZone: 'Europe/Oslo',
      windowStartMinute: 8 * 60,
      windowEndMinute: 16 * 60 + 30,
      windowWeekdays: [1, 2, 3, 4],
      reminderDays: 6,
      quarantineAnsweredDays: 180,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const reread = (await owner.get('/api/v1/distribution/settings')).json();
    expect(reread).toMatchObject({
      timeZone: 'Europe/Oslo',
      windowStartMinute: 480,
      windowEndMinute: 990,
      windowWeekdays: [1, 2, 3, 4],
      reminderDays: 6,
      quarantineAnsweredDays: 180,
      quarantineInvitedDays: 30,
    });
  });

  it('refuse bad input naming the fields', async () => {
    const crossed = await owner.put('/api/v1/distribution/settings', { windowStartMinute: 1000, windowEndMinute: 600, timeZone: 'Nowhere/Land' });
    expect(crossed.statusCode).toBe(400);
    expect(crossed.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(fields(crossed)).toEqual(['body.timeZone', 'body.windowEndMinute']);

    expect(fields(await owner.put('/api/v1/distribution/settings', { reminderDays: 9 }))).toEqual(['body.reminderDays']);
    expect(fields(await owner.put('/api/v1/distribution/settings', { reminderDays: '4' }))).toEqual(['body.reminderDays']);
    expect(fields(await owner.put('/api/v1/distribution/settings', { windowWeekdays: [0] }))).toEqual(['body.windowWeekdays.0']);
    expect(fields(await owner.put('/api/v1/distribution/settings', { smtp: { fromAddress: 'not-an-address' } }))).toEqual(['body.smtp.fromAddress']);
    expect((await owner.put('/api/v1/distribution/settings', { smtp: { pass: 'x' } })).statusCode).toBe(400);
    expect((await owner.get('/api/v1/distribution/settings')).json().reminderDays).toBe(6);
  });

  it('store the SMTP password encrypted, never return it, and sign in with it when testing the connection', async () => {
    const saved = await owner.put('/api/v1/distribution/settings', {
      smtp: {
        host: '127.0.0.1',
        port: smtpPort,
        security: 'none',
        user: SMTP_USER,
        password: SMTP_PASSWORD,
        fromAddress: 'nps@mail.test',
        fromName: 'Mail Co',
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().smtp).toMatchObject({ host: '127.0.0.1', port: smtpPort, user: SMTP_USER, passwordSet: true });
    expect(saved.body).not.toContain(SMTP_PASSWORD);
    expect((await owner.get('/api/v1/distribution/settings')).body).not.toContain(SMTP_PASSWORD);

    const stored = await t.database.db
      .selectFrom('distribution_settings')
      .select('smtp_password_encrypted')
      .where('workspace_id', '=', ws.workspaceId)
      .executeTakeFirstOrThrow();
    expect(stored.smtp_password_encrypted).toMatch(/^v1\./);
    expect(stored.smtp_password_encrypted).not.toContain(SMTP_PASSWORD);
    expect(Buffer.from(stored.smtp_password_encrypted?.split('.')[3] ?? '', 'base64url').toString('latin1')).not.toContain(SMTP_PASSWORD);

    logins.length = 0;
    const tested = await owner.post('/api/v1/distribution/settings/smtp-test', {});
    expect(tested.statusCode, tested.body).toBe(200);
    expect(tested.json()).toEqual({ ok: true, message: `Connected to 127.0.0.1:${smtpPort} and signed in as ${SMTP_USER}.` });
    expect(logins).toEqual([{ user: SMTP_USER, ok: true }]);

    const withEmail = await owner.post('/api/v1/distribution/settings/smtp-test', { to: 'mia@mail.test' });
    expect(withEmail.json()).toMatchObject({ ok: true });
    expect(received).toHaveLength(1);
    expect(received[0]?.from?.value).toEqual([{ name: 'Mail Co', address: 'nps@mail.test' }]);
    expect(received[0]?.subject).toBe('Anbefal: test email');

    // Changing other fields keeps the password; a wrong one is an answer with the server's reason, not an error.
    await owner.put('/api/v1/distribution/settings', { smtp: { fromName: 'Mail Company' } });
    expect((await owner.post('/api/v1/distribution/settings/smtp-test', {})).json().ok).toBe(true);
    await owner.put('/api/v1/distribution/settings', { smtp: { password: 'wrong-password' } });
    const refused = await owner.post('/api/v1/distribution/settings/smtp-test', {});
    expect(refused.statusCode).toBe(200);
    expect(refused.json().ok).toBe(false);
    expect(refused.json().message).toContain('Invalid username or password');
    expect(logins.at(-1)).toEqual({ user: SMTP_USER, ok: false });

    expect(fields(await owner.post('/api/v1/distribution/settings/smtp-test', { to: 'nobody' }))).toEqual(['body.to']);
  });

  it('show managers and read keys the settings without the SMTP block; they change nothing', async () => {
    await seedUser(t.database, ws.workspaceId, 'max@mail.test', 'manager', ws.rootUnitId);
    const manager = await signIn(t.app, 'max@mail.test');
    const seen = await manager.get('/api/v1/distribution/settings');
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ timeZone: 'Europe/Oslo', smtp: null });
    expect((await manager.put('/api/v1/distribution/settings', { reminderDays: 3 })).statusCode).toBe(403);
    expect((await manager.post('/api/v1/distribution/settings/smtp-test', {})).statusCode).toBe(403);

    const reader = withApiKey(t.app, await seedApiKey(t.database, ws.workspaceId, 'read'));
    expect((await reader.get('/api/v1/distribution/settings')).json().smtp).toBeNull();
    const writer = withApiKey(t.app, await seedApiKey(t.database, ws.workspaceId, 'write'));
    const written = await writer.put('/api/v1/distribution/settings', { reminderDays: null });
    expect(written.statusCode).toBe(200);
    expect(written.json()).toMatchObject({ reminderDays: null, smtp: { passwordSet: true } });
  });
});
