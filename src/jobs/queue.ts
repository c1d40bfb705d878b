// The job queue: pg-boss on the same database as everything else. On PostgreSQL it shares the app's
// pool; on PGlite it goes through the pool's lock on the one connection (Database.executeSql), so a
// job's queries and Kysely's never interleave. Each job is a JobDefinition: id, zod payload, handler,
// and optionally a cron schedule that pg-boss keeps in the database (one sender for all processes).
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Config } from '../config.ts';
import type { Database } from '../db/index.ts';
import type { MailQueue } from '../mail/index.ts';

export interface JobContext {
  database: Database;
  logger: Logger;
  jobs: JobQueue;
  config: Config;
  /** Where jobs put the emails they cause (invitations, reminders), in their own transaction. */
  mail: MailQueue;
}

export interface JobRun extends JobContext {
  /** The last attempt: pg-boss will not retry if this one throws. */
  attempt: { final: boolean };
}

export interface JobDefinition<Schema extends z.ZodType = z.ZodType> {
  /** The pg-boss queue name; never rename a job that may have rows waiting. */
  id: string;
  payload: Schema;
  /** How long one run may take before pg-boss counts it as failed. */
  expireInSeconds: number;
  /** Runs once per job; throwing makes pg-boss retry up to retryLimit times. */
  handler(payload: z.infer<Schema>, context: JobRun): Promise<void>;
  retryLimit: number;
  /** At start: payloads of work a killed process left unfinished, sent again. */
  recover?(context: JobContext): Promise<z.infer<Schema>[]>;
  /**
   * Also runs on this schedule (cron, 5 fields, UTC) with the payload `{}`. pg-boss stores schedules
   * in its tables and one process per minute sends what is due, so N processes do not run it N times.
   */
  cron?: string;
}

export interface JobQueue {
  send<Schema extends z.ZodType>(definition: JobDefinition<Schema>, payload: z.infer<Schema>): Promise<void>;
  /** Waits for running jobs (up to timeoutMs), then stops polling. The database stays open. */
  stop(timeoutMs?: number): Promise<void>;
}

/** How often an idle worker asks for work. Sending from this process wakes its worker at once. */
const POLLING_SECONDS = 5;

export async function startJobs(database: Database, logger: Logger, config: Config, mail: MailQueue, definitions: readonly JobDefinition[]): Promise<JobQueue> {
  // pg-boss's statements and our job handlers still running. pg-boss does not await its own complete/fail
  // statements, and a worker whose fetch was in flight at stop still runs what it fetched; stop() waits for
  // both, or the database closes under them and the failed statement is an unhandled rejection.
  let inFlight = 0;
  const tracked = async <T>(work: () => Promise<T>): Promise<T> => {
    inFlight += 1;
    try {
      return await work();
    } finally {
      inFlight -= 1;
    }
  };
  const boss = new PgBoss({
    db: { executeSql: (text: string, values: unknown[]) => tracked(() => database.executeSql(text, values)) },
    schema: 'pgboss',
    // Cron schedules fire here unless the process is told not to (config.jobSchedules); maintenance (expiring and archiving jobs) every five minutes.
    schedule: config.jobSchedules,
    maintenanceIntervalSeconds: 300,
  });
  boss.on('error', (error) => logger.error({ err: error }, 'job queue error'));
  await boss.start();

  const workers = new Map<string, string>();
  const queue: JobQueue = {
    async send(definition, payload) {
      const data = definition.payload.parse(payload) as object;
      await boss.send(definition.id, data, { expireInSeconds: definition.expireInSeconds, retryLimit: definition.retryLimit, retryDelay: 5 });
      const worker = workers.get(definition.id);
      if (worker) boss.notifyWorker(worker);
    },
    async stop(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      await boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: false });
      // Polled on timers: between a handler's end and pg-boss's complete statement lie only microtasks.
      while (inFlight > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      if (inFlight > 0) logger.warn({ inFlight }, 'jobs still running at shutdown; pg-boss retries them after their expiry');
    },
  };
  const context: JobContext = { database, logger, jobs: queue, config, mail };

  for (const definition of definitions) {
    await boss.createQueue(definition.id);
    const id = await boss.work(definition.id, { pollingIntervalSeconds: POLLING_SECONDS, batchSize: 1, includeMetadata: true }, (jobs) =>
      tracked(async () => {
        for (const job of jobs) {
          const payload = definition.payload.parse(job.data);
          const log = logger.child({ job: definition.id, jobId: job.id, retry: job.retryCount });
          log.info('job started');
          try {
            await definition.handler(payload, { ...context, logger: log, attempt: { final: job.retryCount >= job.retryLimit } });
            log.info('job done');
          } catch (error) {
            log.error({ err: error }, 'job failed');
            throw error;
          }
        }
      }),
    );
    workers.set(definition.id, id);
  }
  await applySchedules(boss, definitions);
  for (const definition of definitions) {
    for (const payload of (await definition.recover?.(context)) ?? []) {
      logger.warn({ job: definition.id, payload }, 'resuming work a stopped process left unfinished');
      await queue.send(definition, payload);
    }
  }
  return queue;
}

/** Makes pg-boss's stored schedules match the definitions: a job that lost its cron stops being sent. */
async function applySchedules(boss: PgBoss, definitions: readonly JobDefinition[]): Promise<void> {
  const scheduled = new Set<string>();
  for (const definition of definitions) {
    if (definition.cron === undefined) continue;
    const payload = definition.payload.parse({}) as object;
    await boss.schedule(definition.id, definition.cron, payload, {
      tz: 'UTC',
      expireInSeconds: definition.expireInSeconds,
      retryLimit: definition.retryLimit,
      retryDelay: 5,
    });
    scheduled.add(definition.id);
  }
  for (const schedule of await boss.getSchedules()) {
    if (!scheduled.has(schedule.name)) await boss.unschedule(schedule.name);
  }
}
