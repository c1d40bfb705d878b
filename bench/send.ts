// `npm run bench -- send [--invitations N] [--url postgres://…] [--cpu-prof PREFIX]`: N email invitations (100,000 by default)
// through the whole path on PostgreSQL — scheduled invitations, the send tick (runSendTick: rules, rendering,
// outbox) and the mail dispatcher (pooled SMTP, marking sent) — into a local smtp-server sink, against the
// reference: raw pooled nodemailer sending the same rendered messages to the same sink in the same run.
// Also the dispatcher alone (the same N emails queued in the outbox). Prints emails/s and the ratios
// (goal for the whole path ≥ 0.7×), and the CPU each phase used in Node and in PostgreSQL: on a shared
// machine the rate moves with the load, the CPU spent per email much less. --cpu-prof writes V8 CPU
// profiles of the whole path and of the dispatcher alone (PREFIX.whole.cpuprofile, PREFIX.dispatcher.cpuprofile).
import { readFile, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import nodemailer from 'nodemailer';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { parseConfig } from '../src/config.ts';
import { type Database, migrate, openDatabase } from '../src/db/index.ts';
import { runSendTick } from '../src/domain/distribution/send.ts';
import { createBodyRenderer } from '../src/mail/bodies.ts';
import { outboxMessage } from '../src/mail/dispatcher.ts';
import { createMailQueue, startMailDispatcher } from '../src/mail/index.ts';
import { POOL_OPTIONS } from '../src/mail/transports.ts';
import { seedWorkspace } from '../test/support/app.ts';
import { createPgDatabase } from '../test/support/database.ts';
import { seedDueInvitations } from '../test/support/distribution.ts';

const { values: options } = parseArgs({
  options: {
    invitations: { type: 'string', default: '100000' },
    url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    'cpu-prof': { type: 'string' },
  },
});

const PUBLIC_URL = 'https://nps.example.com';
const PAGE = 2_000;

/** Accepts everything and counts it; reads each message to its end as a real server would. */
async function startSink() {
  const sink = { accepted: 0, url: '', close: async () => {} };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        sink.accepted += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return sink;
}

/** CPU seconds (user + system) of each of the database's PostgreSQL backends, from /proc. */
async function backendSeconds(database: Database): Promise<Map<number, number>> {
  const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(database.db);
  const seconds = new Map<number, number>();
  for (const { pid } of rows) {
    // Fields 14 and 15 of /proc/PID/stat (after the parenthesised name): utime and stime in clock ticks of 1/100 s.
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
    const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields) seconds.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
  }
  return seconds;
}

/**
 * The CPU a phase costs: this Node process's, and its PostgreSQL backends' (sampled every 250 ms, since
 * the pool closes idle connections and an exited backend's time can no longer be read; new ones count from 0).
 */
async function cpuMeter(database: Database) {
  const node = process.cpuUsage();
  const first = await backendSeconds(database);
  const last = new Map(first);
  const sample = async () => {
    for (const [pid, seconds] of await backendSeconds(database)) last.set(pid, seconds);
  };
  let sampling = Promise.resolve();
  const timer = setInterval(() => {
    sampling = sampling.then(sample, sample);
  }, 250);
  return {
    async stop() {
      clearInterval(timer);
      await sampling;
      await sample();
      const used = process.cpuUsage(node);
      let postgres = 0;
      for (const [pid, seconds] of last) postgres += seconds - (first.get(pid) ?? 0);
      return { node: (used.user + used.system) / 1e6, postgres };
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const perSecond = (count: number, ms: number) => Math.round((count * 1000) / ms);

async function seed(database: Database, count: number) {
  const { workspaceId, rootUnitId } = await seedWorkspace(database, 'Bench A/S', 'owner@bench.test');
  await seedDueInvitations(database, { workspaceId, unitId: rootUnitId }, count, 'Kundetilfredshed 2026');
}

async function sentCount(database: Database): Promise<number> {
  const row = await database.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', '=', 'sent')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A V8 CPU profile of this thread from start() to stop(file); nothing without a file name. */
function cpuProfiler(enabled: boolean) {
  const session = enabled ? new Session() : undefined;
  return {
    async start() {
      if (!session) return;
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    },
    async stop(file: string) {
      if (!session) return;
      const { profile } = await session.post('Profiler.stop');
      await writeFile(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/** Waits until the sink accepted `count` emails and the outbox shows them all sent. */
async function untilDelivered(database: Database, sink: { accepted: number }, count: number) {
  while (sink.accepted < count) await sleep(20);
  while ((await sentCount(database)) < count) await sleep(20);
}

async function main() {
  const count = Number(options.invitations);
  if (!Number.isInteger(count) || count < 1) throw new Error('--invitations must be a whole number above 0');
  const created = await createPgDatabase(options.url);
  const database = await openDatabase({ kind: 'postgres', url: created.url, poolSize: 10 });
  const sink = await startSink();
  try {
    await migrate(database);
    console.log(`Seeding ${count.toLocaleString('en')} contacts and scheduled invitations…`);
    await seed(database, count);
    const config = parseConfig({ NODE_ENV: 'production', SMTP_URL: sink.url, PUBLIC_URL, MAIL_FROM: 'Bench A/S <nps@bench.test>', ANBEFAL_DATA_DIR: '/tmp' });
    const logger = pino({ level: 'warn' });

    // (b) The whole path: send ticks (as the distribution-send job runs them) while the dispatcher sends.
    console.log('Whole path: send tick + dispatcher…');
    let dispatcher = startMailDispatcher({ database, config, logger });
    const mail = createMailQueue({ delivers: true, messageIdDomain: new URL(PUBLIC_URL).hostname, onEnqueued: () => dispatcher.nudge() });
    const profileWhole = cpuProfiler(options['cpu-prof'] !== undefined);
    await profileWhole.start();
    let cpu = await cpuMeter(database);
    let started = performance.now();
    for (;;) {
      const tick = await runSendTick(database.db, { mail, publicUrl: PUBLIC_URL }, new Date(), { limit: PAGE });
      mail.nudge();
      if (tick.queued === 0) break;
    }
    const tickMs = performance.now() - started;
    await untilDelivered(database, sink, count);
    const wholeMs = performance.now() - started;
    const wholeCpu = await cpu.stop();
    await profileWhole.stop(`${options['cpu-prof']}.whole.cpuprofile`);
    await dispatcher.stop();

    // (a) Reference: raw pooled nodemailer, the same rendered messages, the same pool settings.
    console.log('Reference: raw pooled nodemailer…');
    sink.accepted = 0;
    const transport = nodemailer.createTransport({ url: sink.url, ...POOL_OPTIONS });
    const renderer = createBodyRenderer();
    let referenceMs = 0;
    let referenceCpu = 0;
    let after = '';
    for (;;) {
      const page = await database.db
        .selectFrom('outbox')
        .selectAll()
        .where('id', '>', after || '00000000-0000-0000-0000-000000000000')
        .orderBy('id')
        .limit(PAGE)
        .execute();
      if (page.length === 0) break;
      after = page[page.length - 1]?.id ?? after;
      // The reference sends from memory: the page's messages are rendered before the clock starts.
      await renderer.load(database.db, page);
      const messages = page.map((row) => {
        const bodies = renderer.bodies(row);
        if (!bodies) throw new Error(`outbox row ${row.id} cannot be rendered`);
        return outboxMessage(row, bodies, config.mailFrom);
      });
      const pageCpu = process.cpuUsage();
      const pageStarted = performance.now();
      await Promise.all(messages.map((message) => transport.sendMail(message)));
      referenceMs += performance.now() - pageStarted;
      const used = process.cpuUsage(pageCpu);
      referenceCpu += (used.user + used.system) / 1e6;
    }
    transport.close();
    if (sink.accepted !== count) throw new Error(`the reference delivered ${sink.accepted} of ${count}`);

    // (c) The dispatcher alone: the same emails queued again (invitations back to queued).
    console.log('Dispatcher alone…');
    await database.db
      .updateTable('outbox')
      .set({ status: 'pending', attempts: 0, sent_at: null, next_attempt_at: new Date(Date.now() - 1000) })
      .execute();
    await database.db.updateTable('survey_invitations').set({ status: 'queued', sent_at: null }).where('status', '=', 'sent').execute();
    sink.accepted = 0;
    const profileDispatcher = cpuProfiler(options['cpu-prof'] !== undefined);
    await profileDispatcher.start();
    cpu = await cpuMeter(database);
    started = performance.now();
    dispatcher = startMailDispatcher({ database, config, logger });
    await untilDelivered(database, sink, count);
    const dispatcherMs = performance.now() - started;
    const dispatcherCpu = await cpu.stop();
    await profileDispatcher.stop(`${options['cpu-prof']}.dispatcher.cpuprofile`);
    await dispatcher.stop();

    const referenceRate = perSecond(count, referenceMs);
    const wholeRate = perSecond(count, wholeMs);
    const dispatcherRate = perSecond(count, dispatcherMs);
    const table = [
      ['', 'emails', 'seconds', 'emails/s', 'ratio', 'Node CPU s', 'PostgreSQL CPU s'],
      [
        'raw pooled nodemailer (reference)',
        count.toLocaleString('en'),
        (referenceMs / 1000).toFixed(2),
        referenceRate.toLocaleString('en'),
        '1.00×',
        referenceCpu.toFixed(1),
        '–',
      ],
      [
        'Anbefal: send tick + dispatcher',
        count.toLocaleString('en'),
        (wholeMs / 1000).toFixed(2),
        wholeRate.toLocaleString('en'),
        `${(wholeRate / referenceRate).toFixed(2)}×`,
        wholeCpu.node.toFixed(1),
        wholeCpu.postgres.toFixed(1),
      ],
      [
        'Anbefal: dispatcher alone',
        count.toLocaleString('en'),
        (dispatcherMs / 1000).toFixed(2),
        dispatcherRate.toLocaleString('en'),
        `${(dispatcherRate / referenceRate).toFixed(2)}×`,
        dispatcherCpu.node.toFixed(1),
        dispatcherCpu.postgres.toFixed(1),
      ],
    ];
    const widths = table[0]?.map((_, c) => Math.max(...table.map((r) => (r[c] ?? '').length))) ?? [];
    console.log('');
    for (const r of table) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  '));
    console.log('');
    console.log(`send ticks alone took ${(tickMs / 1000).toFixed(2)} s (${perSecond(count, tickMs).toLocaleString('en')} invitations/s queued)`);
    console.log(`ratio whole path/reference: ${(wholeRate / referenceRate).toFixed(2)}× (goal ≥ 0.70×)`);
  } finally {
    await sink.close();
    await database.close();
    await created.drop();
  }
}

await main();
