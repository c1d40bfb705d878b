// kill -9 while a server sends 5,000 invitations: after a restart every invitation arrives at the
// SMTP sink, each is marked sent with exactly one outbox row, and the only repeats are emails the
// killed process had in flight (same Message-ID, so receiving systems drop them).
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../src/db/index.ts';
import { DISPATCH_CONCURRENCY } from '../../src/mail/dispatcher.ts';
import { onPostgres } from '../support/database.ts';
import { seedDueInvitations } from '../support/distribution.ts';
import {
  createProcessStore,
  PROCESS_TEST_TIMEOUT_MS,
  type ProcessStore,
  type ServerProcess,
  seedStore,
  sleep,
  startServer,
  stopChildren,
} from '../support/process.ts';

const INVITATIONS = 5_000;

/** An SMTP server over TCP that records the Message-ID of every email it accepts, repeats included. */
async function startSink() {
  const deliveries: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const message = Buffer.concat(chunks).toString('utf8');
        const headers = message.slice(0, message.indexOf('\r\n\r\n'));
        deliveries.push(/^message-id:\s*(<[^>]+>)/im.exec(headers)?.[1] ?? 'none');
        callback();
      });
    },
  });
  // A killed client's connections reset; that is the point of the test, not a failure.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET') throw error;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    deliveries,
    distinct: () => new Set(deliveries).size,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const open = (store: ProcessStore) =>
  openDatabase(store.databaseUrl ? { kind: 'postgres', url: store.databaseUrl, poolSize: 2 } : { kind: 'pglite', dataDir: store.dataDir ?? '' });

/** 5,000 consenting contacts, a published survey, sending allowed at any hour, and one due invitation each. */
async function seedInvitations(store: ProcessStore, workspaceId: string, unitId: string): Promise<string[]> {
  const database = await open(store);
  try {
    await migrate(database);
    return (await seedDueInvitations(database, { workspaceId, unitId }, INVITATIONS)).invitationIds;
  } finally {
    await database.close();
  }
}

describe(`send crash (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  let store: ProcessStore | undefined;
  let sink: Awaited<ReturnType<typeof startSink>> | undefined;
  afterAll(async () => {
    await stopChildren();
    await sink?.close();
    await store?.drop();
  });

  /** POST /distribution/run: the send tick now instead of at the next minute (a killed child ends it mid-way). */
  const runTick = (server: ServerProcess, key: string) => server.fetch('/api/v1/distribution/run', { method: 'POST', key, body: '{}' });

  it('delivers every invitation after SIGKILL mid-way, repeating at most the emails in flight at the kill', async () => {
    const started = Date.now();
    const phases: string[] = [];
    const phase = (name: string) => phases.push(`${name} ${((Date.now() - started) / 1000).toFixed(1)} s`);
    store = await createProcessStore();
    const { key, workspaceId, rootUnitId } = await seedStore(store);
    const invitationIds = await seedInvitations(store, workspaceId, rootUnitId);
    phase('seeded');
    sink = await startSink();
    // A short lease, so the emails the killed process had claimed are sent again soon after the restart.
    const env = { ...store.env, SMTP_URL: sink.url, MAIL_LEASE_SECONDS: '3' };

    const first = await startServer(env);
    phase('started');
    const ticking = runTick(first, key).catch(() => undefined);
    const deadline = Date.now() + 60_000;
    while (sink.distinct() < INVITATIONS * 0.4) {
      if (Date.now() > deadline) throw new Error(`only ${sink.distinct()} emails arrived\n${first.describe()}`);
      await sleep(20);
    }
    first.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    await ticking;
    const atKill = sink.distinct();
    phase('killed');
    expect(atKill).toBeLessThan(INVITATIONS);

    const second = await startServer(env);
    // The killed tick may have left invitations scheduled: run it again rather than wait for the minute's cron.
    phase('restarted');
    const tick = await runTick(second, key);
    expect(tick.status, second.describe()).toBe(200);
    while (sink.distinct() < INVITATIONS) {
      if (Date.now() > deadline + 60_000) throw new Error(`only ${sink.distinct()} of ${INVITATIONS} emails arrived\n${second.describe()}`);
      await sleep(50);
    }
    phase('all arrived');
    second.kill('SIGTERM');
    expect((await second.exited).code, second.describe()).toBe(0);

    const database = await open(store);
    try {
      const invitations = await database.db
        .selectFrom('survey_invitations')
        .select(['id', 'status', 'outbox_id', 'sent_at'])
        .where('id', 'in', invitationIds)
        .execute();
      expect(invitations.filter((invitation) => invitation.status !== 'sent' || invitation.sent_at === null)).toEqual([]);
      const outbox = await database.db.selectFrom('outbox').select(['id', 'message_id', 'status']).where('kind', '=', 'invitation').execute();
      expect(outbox).toHaveLength(INVITATIONS);
      expect(new Set(invitations.map((invitation) => invitation.outbox_id)).size).toBe(INVITATIONS);
      expect(outbox.every((row) => row.status === 'sent')).toBe(true);
    } finally {
      await database.close();
    }

    const expected = new Set(invitationIds.map((id) => `<invitation-${id}@127.0.0.1>`));
    expect(new Set(sink.deliveries)).toEqual(expected);
    // A repeat is an email the server accepted that the killed process had not yet marked sent. Each of
    // the dispatcher's DISPATCH_CONCURRENCY workers holds one email from handing it to SMTP until its
    // sent mark commits, so at most that many (20) can have been accepted without being marked.
    const repeats = sink.deliveries.length - INVITATIONS;
    console.info(
      `send crash: ${atKill} of ${INVITATIONS} arrived before SIGKILL; ${repeats} repeated after the restart (bound ${DISPATCH_CONCURRENCY}); ${phases.join(', ')}`,
    );
    expect(repeats).toBeGreaterThanOrEqual(0);
    expect(repeats).toBeLessThanOrEqual(DISPATCH_CONCURRENCY);
  });
});
