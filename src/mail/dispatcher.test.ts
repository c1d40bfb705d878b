// Delivery over a real SMTP server (smtp-server over TCP), read back with mailparser.
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedWorkspace } from '../../test/support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { seedContact, seedSurvey } from '../../test/support/surveys.ts';
import { parseConfig } from '../config.ts';
import { migrate } from '../db/index.ts';
import { sealSecret } from '../domain/distribution/secret-box.ts';
import { createMailQueue, startMailDispatcher } from './index.ts';

interface Sink {
  port: number;
  url: string;
  received: ParsedMail[];
  /** user:password of each authenticated session. */
  logins: string[];
  /** Decides the answer to each message: undefined accepts it. */
  reject?: (mail: ParsedMail) => { code: number; message: string } | undefined;
  close(): Promise<void>;
}

async function startSink(): Promise<Sink> {
  const sink = { received: [] as ParsedMail[], logins: [] as string[] } as unknown as Sink;
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      sink.logins.push(`${auth.username}:${auth.password}`);
      callback(null, { user: auth.username });
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        const rejection = sink.reject?.(mail);
        if (rejection) return callback(Object.assign(new Error(rejection.message), { responseCode: rejection.code }));
        sink.received.push(mail);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.port = (server.server.address() as AddressInfo).port;
  sink.url = `smtp://127.0.0.1:${sink.port}`;
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return sink;
}

const until = async (condition: () => Promise<boolean> | boolean) => {
  for (let i = 0; i < 200; i += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('condition not met within 10 s');
};

const configWith = (env: Record<string, string>) =>
  parseConfig({ NODE_ENV: 'test', MAIL_FROM: 'Anbefal <no-reply@anbefal.test>', ANBEFAL_SECRET_KEY: 'k'.repeat(40), ...env });

describe('mail dispatcher', () => {
  let t: TestDatabase;
  let sink: Sink;
  let workspaceId: string;
  let unitId: string;
  let surveyId: string;
  const logger = pino({ level: 'silent' });

  beforeAll(async () => {
    t = await createTestDatabase();
    await migrate(t.database);
    sink = await startSink();
    const workspace = await seedWorkspace(t.database, 'Acme', 'ann@acme.test');
    workspaceId = workspace.workspaceId;
    unitId = workspace.rootUnitId;
    surveyId = (await seedSurvey(t.database, workspaceId)).surveyId;
  });
  afterAll(async () => {
    await sink.close();
    await t.drop();
  });
  beforeEach(async () => {
    sink.received.length = 0;
    sink.logins.length = 0;
    sink.reject = undefined;
    await t.database.db.deleteFrom('survey_invitations').execute();
    await t.database.db.deleteFrom('bounces').execute();
    await t.database.db.deleteFrom('outbox').execute();
    await t.database.db.deleteFrom('distribution_settings').execute();
  });

  const statusOf = async (id: string) => t.database.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const invitationOf = async (id: string) => t.database.db.selectFrom('survey_invitations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  /** A queued email invitation with its outbox row, as the send tick leaves it. */
  const queuedInvitation = async (queue: ReturnType<typeof createMailQueue>, subject: string) => {
    const contactId = await seedContact(t.database, workspaceId, unitId, { firstName: 'Bo' });
    const contact = await t.database.db.selectFrom('contacts').select('email').where('id', '=', contactId).executeTakeFirstOrThrow();
    const invitation = await t.database.db
      .insertInto('survey_invitations')
      .values({
        workspace_id: workspaceId,
        survey_id: surveyId,
        contact_id: contactId,
        token: `t-${subject}-${contactId}`,
        expires_at: new Date(Date.now() + 86_400_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const email = await queue.enqueue(t.database.db, {
      workspaceId,
      kind: 'invitation',
      to: contact.email ?? '',
      subject,
      text: 'How likely…',
      html: '<p>How likely…</p>',
      messageId: `<invitation-${invitation.id}@anbefal.test>`,
      headers: { 'List-Unsubscribe': '<https://anbefal.test/u/abc>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      from: '"Mette Owner" <no-reply@acme.test>',
      replyTo: 'mette@acme.test',
    });
    await t.database.db
      .updateTable('survey_invitations')
      .set({ channel: 'email', status: 'queued', queued_at: new Date(), outbox_id: email.id })
      .where('id', '=', invitation.id)
      .execute();
    return { invitationId: invitation.id, contactId, email: contact.email ?? '', ...email };
  };

  it('stores emails, undelivered, when neither the server nor the workspace has an SMTP server', async () => {
    const queue = createMailQueue({ delivers: false, messageIdDomain: 'anbefal.test' });
    const system = await queue.enqueue(t.database.db, { workspaceId: null, kind: 'test', to: 'a@example.com', subject: 'Hi', text: 'Hello' });
    const ofWorkspace = await queue.enqueue(t.database.db, { workspaceId, kind: 'test', to: 'b@example.com', subject: 'Hi', text: 'Hello' });
    expect((await statusOf(system.id)).status).toBe('stored');
    expect((await statusOf(ofWorkspace.id)).status).toBe('stored');
  });

  it('delivers with the stored Message-ID, headers, sender and Reply-To, then marks the email and its invitation sent', async () => {
    const dispatcher = startMailDispatcher({ database: t.database, config: configWith({ SMTP_URL: sink.url }), logger });
    const queue = createMailQueue({ delivers: true, messageIdDomain: 'anbefal.test', onEnqueued: () => dispatcher.nudge() });
    const sent = await queuedInvitation(queue, 'Velkommen, Bø');
    const system = await queue.enqueue(t.database.db, { workspaceId: null, kind: 'test', to: 'sys@example.com', subject: 'System', text: 'Plain æøå' });
    queue.nudge();
    await until(async () => (await statusOf(sent.id)).status === 'sent' && (await statusOf(system.id)).status === 'sent');
    await dispatcher.stop();
    expect(sink.received).toHaveLength(2);
    const mail = sink.received.find((m) => m.messageId === sent.messageId);
    expect(mail?.subject).toBe('Velkommen, Bø');
    expect(mail?.text?.trim()).toBe('How likely…');
    expect(mail?.html).toContain('How likely…');
    const header = (name: string) => mail?.headerLines.find((line) => line.key === name)?.line;
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(header('list-unsubscribe')).toBe('List-Unsubscribe: <https://anbefal.test/u/abc>');
    expect(mail?.from?.value[0]).toMatchObject({ name: 'Mette Owner', address: 'no-reply@acme.test' });
    expect(mail?.replyTo?.value[0]?.address).toBe('mette@acme.test');
    // Without a sender of its own an email goes out from MAIL_FROM.
    expect(sink.received.find((m) => m.subject === 'System')?.from?.value[0]?.address).toBe('no-reply@anbefal.test');
    const invitation = await invitationOf(sent.invitationId);
    expect(invitation.status).toBe('sent');
    expect(invitation.sent_at).toBeInstanceOf(Date);
  });

  it("marks a reminder's delivery on its invitation without touching the invitation's status", async () => {
    const dispatcher = startMailDispatcher({ database: t.database, config: configWith({ SMTP_URL: sink.url }), logger });
    const queue = createMailQueue({ delivers: true, messageIdDomain: 'anbefal.test', onEnqueued: () => dispatcher.nudge() });
    const first = await queuedInvitation(queue, 'first');
    queue.nudge();
    await until(async () => (await invitationOf(first.invitationId)).status === 'sent');
    const reminder = await queue.enqueue(t.database.db, { workspaceId, kind: 'reminder', to: first.email, subject: 'reminder', text: '.' });
    await t.database.db
      .updateTable('survey_invitations')
      .set({ reminder_queued_at: new Date(), reminder_outbox_id: reminder.id })
      .where('id', '=', first.invitationId)
      .execute();
    queue.nudge();
    await until(async () => (await invitationOf(first.invitationId)).reminder_sent_at !== null);
    await dispatcher.stop();
    expect((await invitationOf(first.invitationId)).status).toBe('sent');
  });

  it("sends a workspace's emails through its own SMTP server (password decrypted) and rebuilds the pool when the settings change", async () => {
    const config = configWith({});
    const other = await startSink();
    let dispatcher: ReturnType<typeof startMailDispatcher> | undefined;
    try {
      await t.database.db
        .insertInto('distribution_settings')
        .values({
          workspace_id: workspaceId,
          smtp_host: '127.0.0.1',
          smtp_port: sink.port,
          smtp_security: 'none',
          smtp_user: 'acme',
          smtp_password_encrypted: sealSecret(config, 's3cret'),
          from_address: 'nps@acme.test',
          from_name: 'Acme NPS',
          updated_at: new Date(Date.now() - 60_000),
        })
        .execute();
      // No SMTP_URL: the server itself delivers nothing, this workspace does. The dispatcher starts after the
      // queue's decisions are read, so it cannot already be sending what the test expects to see pending.
      const queue = createMailQueue({ delivers: false, messageIdDomain: 'anbefal.test', onEnqueued: () => dispatcher?.nudge() });
      const first = await queue.enqueue(t.database.db, { workspaceId, kind: 'test', to: 'x@example.com', subject: 'own server', text: '.' });
      const system = await queue.enqueue(t.database.db, { workspaceId: null, kind: 'test', to: 'y@example.com', subject: 'system', text: '.' });
      expect((await statusOf(first.id)).status).toBe('pending');
      expect((await statusOf(system.id)).status).toBe('stored');
      // Many at once decide the same way, and answer in the order given.
      const many = await queue.enqueueMany(t.database.db, [
        { workspaceId: null, kind: 'test', to: 'm1@example.com', subject: 'many system', text: '.', messageId: '<many-1@anbefal.test>' },
        { workspaceId, kind: 'test', to: 'm2@example.com', subject: 'many own', text: '.', messageId: '<many-2@anbefal.test>' },
      ]);
      expect(many.map((email) => email.messageId)).toEqual(['<many-1@anbefal.test>', '<many-2@anbefal.test>']);
      expect([(await statusOf(many[0]?.id ?? '')).status, (await statusOf(many[1]?.id ?? '')).status]).toEqual(['stored', 'pending']);
      dispatcher = startMailDispatcher({ database: t.database, config, logger });
      await until(async () => (await statusOf(first.id)).status === 'sent' && (await statusOf(many[1]?.id ?? '')).status === 'sent');
      expect(new Set(sink.logins)).toEqual(new Set(['acme:s3cret']));
      expect(sink.received.find((m) => m.subject === 'own server')?.from?.value[0]).toMatchObject({ name: 'Acme NPS', address: 'nps@acme.test' });

      await t.database.db.updateTable('distribution_settings').set({ smtp_port: other.port, updated_at: new Date() }).execute();
      const second = await queue.enqueue(t.database.db, { workspaceId, kind: 'test', to: 'z@example.com', subject: 'moved', text: '.' });
      queue.nudge();
      await until(async () => (await statusOf(second.id)).status === 'sent');
      await dispatcher.stop();
      expect(other.received.map((m) => m.subject)).toEqual(['moved']);
      expect(sink.received.map((m) => m.subject).sort()).toEqual(['many own', 'own server']);
    } finally {
      await dispatcher?.stop();
      await other.close();
    }
  });

  it("keeps a workspace's emails waiting, not bounced, while its SMTP password cannot be read; other emails still go", async () => {
    await t.database.db
      .insertInto('distribution_settings')
      .values({
        workspace_id: workspaceId,
        smtp_host: '127.0.0.1',
        smtp_port: sink.port,
        smtp_security: 'none',
        smtp_user: 'acme',
        smtp_password_encrypted: 'v1.not.a.secret',
        updated_at: new Date(),
      })
      .execute();
    const queue = createMailQueue({ delivers: true, messageIdDomain: 'anbefal.test' });
    const blocked = await queuedInvitation(queue, 'blocked');
    const system = await queue.enqueue(t.database.db, { workspaceId: null, kind: 'test', to: 'sys@example.com', subject: 'system', text: '.' });
    const dispatcher = startMailDispatcher({ database: t.database, config: configWith({ SMTP_URL: sink.url }), logger });
    await until(async () => (await statusOf(system.id)).status === 'sent' && (await statusOf(blocked.id)).attempts === 1);
    await until(async () => (await statusOf(blocked.id)).status === 'pending');
    await dispatcher.stop();
    expect((await statusOf(blocked.id)).last_error).toContain('SMTP password cannot be read');
    expect((await invitationOf(blocked.invitationId)).status).toBe('queued');
    expect(await t.database.db.selectFrom('bounces').selectAll().execute()).toEqual([]);
    expect(sink.received.map((m) => m.subject)).toEqual(['system']);
  });

  it('turns a permanent rejection into a bounce (email invalid, invitation bounced) and backs off after a temporary one', async () => {
    sink.reject = (mail) => (mail.subject === 'permanent' ? { code: 550, message: 'No such user' } : { code: 451, message: 'Try later' });
    const queue = createMailQueue({ delivers: true, messageIdDomain: 'anbefal.test' });
    const permanent = await queuedInvitation(queue, 'permanent');
    const temporary = await queuedInvitation(queue, 'temporary');
    const dispatcher = startMailDispatcher({ database: t.database, config: configWith({ SMTP_URL: sink.url }), logger });
    await until(async () => (await statusOf(permanent.id)).status === 'failed' && (await statusOf(temporary.id)).attempts === 1);
    await until(async () => (await statusOf(temporary.id)).status === 'pending');
    await dispatcher.stop();

    const retry = await statusOf(temporary.id);
    expect(retry.last_error).toContain('Try later');
    expect(retry.next_attempt_at.getTime()).toBeGreaterThan(Date.now());
    expect(sink.received).toHaveLength(0);

    expect(await invitationOf(permanent.invitationId)).toMatchObject({ status: 'bounced', bounce_reason: expect.stringContaining('No such user') });
    expect((await invitationOf(temporary.invitationId)).status).toBe('queued');
    const contacts = await t.database.db
      .selectFrom('contacts')
      .select(['id', 'email_invalid_at'])
      .where('id', 'in', [permanent.contactId, temporary.contactId])
      .execute();
    expect(contacts.find((c) => c.id === permanent.contactId)?.email_invalid_at).toBeInstanceOf(Date);
    expect(contacts.find((c) => c.id === temporary.contactId)?.email_invalid_at).toBeNull();
    const bounces = await t.database.db.selectFrom('bounces').select(['kind', 'source', 'invitation_id', 'email']).orderBy('kind').execute();
    expect(bounces).toEqual([
      { kind: 'permanent', source: 'smtp', invitation_id: permanent.invitationId, email: permanent.email },
      { kind: 'temporary', source: 'smtp', invitation_id: temporary.invitationId, email: temporary.email },
    ]);
  });

  it('gives an invitation up as bounced after the last temporary failure, without marking the address invalid', async () => {
    sink.reject = () => ({ code: 451, message: 'Mailbox busy' });
    const queue = createMailQueue({ delivers: true, messageIdDomain: 'anbefal.test' });
    const busy = await queuedInvitation(queue, 'busy');
    // Seven attempts failed already; the eighth is the last.
    await t.database.db.updateTable('outbox').set({ attempts: 7 }).where('id', '=', busy.id).execute();
    const dispatcher = startMailDispatcher({ database: t.database, config: configWith({ SMTP_URL: sink.url }), logger });
    await until(async () => (await statusOf(busy.id)).status === 'failed');
    await dispatcher.stop();
    expect(await invitationOf(busy.invitationId)).toMatchObject({
      status: 'bounced',
      bounce_reason: expect.stringMatching(/^Not delivered after 8 attempts: .*Mailbox busy/),
    });
    const contact = await t.database.db.selectFrom('contacts').select('email_invalid_at').where('id', '=', busy.contactId).executeTakeFirstOrThrow();
    expect(contact.email_invalid_at).toBeNull();
  });

  it('re-sends an email whose sender died mid-send (expired lease) with the same Message-ID', async () => {
    const queue = createMailQueue({ delivers: true, messageIdDomain: 'anbefal.test' });
    const { id, messageId } = await queue.enqueue(t.database.db, { workspaceId: null, kind: 'test', to: 'z@example.com', subject: 'again', text: '.' });
    // What a process killed between claiming and committing leaves behind: a lease that ran out.
    await t.database.db
      .updateTable('outbox')
      .set({ status: 'sending', attempts: 1, next_attempt_at: new Date(Date.now() - 1000) })
      .where('id', '=', id)
      .execute();
    const dispatcher = startMailDispatcher({ database: t.database, config: configWith({ SMTP_URL: sink.url }), logger });
    await until(async () => (await statusOf(id)).status === 'sent');
    await dispatcher.stop();
    expect(sink.received.map((mail) => mail.messageId)).toEqual([messageId]);
  });

  it('sends a large batch concurrently, each email exactly once', async () => {
    const queue = createMailQueue({ delivers: true, messageIdDomain: 'anbefal.test' });
    const ids: string[] = [];
    for (let i = 0; i < 250; i += 1)
      ids.push((await queue.enqueue(t.database.db, { workspaceId: null, kind: 'test', to: `n${i}@example.com`, subject: `n${i}`, text: '.' })).id);
    const dispatcher = startMailDispatcher({ database: t.database, config: configWith({ SMTP_URL: sink.url }), logger });
    await until(async () => {
      const row = await t.database.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('status', '=', 'sent')
        .executeTakeFirstOrThrow();
      return Number(row.n) === ids.length;
    });
    await dispatcher.stop();
    expect(new Set(sink.received.map((mail) => mail.subject)).size).toBe(ids.length);
    expect(sink.received).toHaveLength(ids.length);
  });
});
