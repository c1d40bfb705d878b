// Delivery over a real SMTP server (smtp-server over TCP), read back with mailparser.
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { migrate } from '../db/index.ts';
import { createMailQueue, startMailDispatcher } from './index.ts';

interface Sink {
  url: string;
  received: ParsedMail[];
  /** Decides the answer to each message: undefined accepts it. */
  reject?: (mail: ParsedMail) => { code: number; message: string } | undefined;
  close(): Promise<void>;
}

async function startSink(): Promise<Sink> {
  const sink = { received: [] as ParsedMail[] } as Sink;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
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
  sink.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
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

describe('mail dispatcher', () => {
  let t: TestDatabase;
  let sink: Sink;
  const logger = pino({ level: 'silent' });

  beforeAll(async () => {
    t = await createTestDatabase();
    await migrate(t.database);
    sink = await startSink();
  });
  afterAll(async () => {
    await sink.close();
    await t.drop();
  });
  beforeEach(async () => {
    sink.received.length = 0;
    sink.reject = undefined;
    await t.database.db.deleteFrom('outbox').execute();
  });

  const statusOf = async (id: string) => t.database.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('stores emails, undelivered, when no SMTP server is configured', async () => {
    const queue = createMailQueue({ delivers: false, messageIdDomain: 'anbefal.test' });
    const { id } = await queue.enqueue(t.database.db, { workspaceId: null, kind: 'test', to: 'a@example.com', subject: 'Hi', text: 'Hello' });
    expect((await statusOf(id)).status).toBe('stored');
  });

  it('delivers over SMTP with the stored Message-ID and both parts, then marks the email sent', async () => {
    const dispatcher = startMailDispatcher({ database: t.database, smtpUrl: sink.url, from: 'Anbefal <no-reply@anbefal.test>', logger });
    const queue = createMailQueue({ delivers: true, messageIdDomain: 'anbefal.test', onEnqueued: () => dispatcher.nudge() });
    const { id, messageId } = await queue.enqueue(t.database.db, {
      workspaceId: null,
      kind: 'test',
      to: 'bo@example.com',
      subject: 'Velkommen, Bø',
      text: 'Plain æøå',
      html: '<p>Rich æøå</p>',
    });
    queue.nudge();
    await until(async () => (await statusOf(id)).status === 'sent');
    await dispatcher.stop();
    expect(sink.received).toHaveLength(1);
    const [mail] = sink.received;
    expect(mail?.messageId).toBe(messageId);
    expect(mail?.subject).toBe('Velkommen, Bø');
    expect(mail?.text?.trim()).toBe('Plain æøå');
    expect(mail?.html).toContain('Rich æøå');
    expect((await statusOf(id)).sent_at).toBeInstanceOf(Date);
  });

  it('marks a permanent rejection failed and backs off after a temporary one', async () => {
    sink.reject = (mail) => (mail.subject === 'permanent' ? { code: 550, message: 'No such user' } : { code: 451, message: 'Try later' });
    const queue = createMailQueue({ delivers: true, messageIdDomain: 'anbefal.test' });
    const permanent = await queue.enqueue(t.database.db, { workspaceId: null, kind: 'test', to: 'x@example.com', subject: 'permanent', text: '.' });
    const temporary = await queue.enqueue(t.database.db, { workspaceId: null, kind: 'test', to: 'y@example.com', subject: 'temporary', text: '.' });
    const dispatcher = startMailDispatcher({ database: t.database, smtpUrl: sink.url, from: 'a@anbefal.test', logger });
    await until(async () => (await statusOf(permanent.id)).status === 'failed' && (await statusOf(temporary.id)).status === 'pending');
    await dispatcher.stop();
    const retry = await statusOf(temporary.id);
    expect(retry.attempts).toBe(1);
    expect(retry.last_error).toContain('Try later');
    expect(retry.next_attempt_at.getTime()).toBeGreaterThan(Date.now());
    expect(sink.received).toHaveLength(0);
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
    const dispatcher = startMailDispatcher({ database: t.database, smtpUrl: sink.url, from: 'a@anbefal.test', logger });
    await until(async () => (await statusOf(id)).status === 'sent');
    await dispatcher.stop();
    expect(sink.received.map((mail) => mail.messageId)).toEqual([messageId]);
  });
});
