// Assembles a running Anbefal from its configuration: logger, database (migrated), job queue,
// mail, HTTP server. The CLI's `serve` and the tests both start here.
import pino, { type Logger } from 'pino';
import { type Config, isInteractive } from './config.ts';
import { type Database, type DatabaseTarget, migrate, openDatabase } from './db/index.ts';
import { buildServer } from './http/server.ts';
import type { App } from './http/types.ts';
import { JOBS, type JobQueue, startJobs } from './jobs/index.ts';
import { createMailQueue, type MailDispatcher, startMailDispatcher } from './mail/index.ts';

export function createLogger(config: Config): Logger {
  return pino({
    level: config.logLevel,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
    ...(isInteractive() && config.env !== 'test'
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } }
      : {}),
  });
}

export const databaseTarget = (config: Config): DatabaseTarget =>
  config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl, poolSize: config.databasePoolSize } : { kind: 'pglite', dataDir: config.dataDir };

export interface Runtime {
  readonly config: Config;
  readonly database: Database;
  readonly app: App;
  readonly logger: Logger;
  /** Stops taking requests, lets in-flight requests, jobs and email deliveries finish, and closes the database it opened (one it was given stays open). */
  close(): Promise<void>;
}

export async function startRuntime(config: Config, options: { logger?: Logger; database?: Database; apiRateLimitPerMinute?: number } = {}): Promise<Runtime> {
  const logger = options.logger ?? createLogger(config);
  const database = options.database ?? (await openDatabase(databaseTarget(config)));
  let jobs: JobQueue | undefined;
  try {
    if (database.recoveredFromCrash) logger.warn('the previous process did not shut down cleanly; recovered its data folder lock');
    const applied = await migrate(database);
    if (applied.length > 0) logger.info({ migrations: applied.map((m) => `${m.version}_${m.name}`) }, 'database migrated');

    let dispatcher: MailDispatcher | undefined;
    const mail = createMailQueue({
      delivers: config.smtpUrl !== undefined,
      messageIdDomain: new URL(config.publicUrl).hostname,
      onEnqueued: () => dispatcher?.nudge(),
    });
    // Always: a workspace may have an SMTP server of its own even when the server has none.
    dispatcher = startMailDispatcher({ database, config, logger });

    jobs = await startJobs(database, logger, config, mail, JOBS);
    const queue = jobs;

    const app = await buildServer({ config, database, mail, jobs, apiRateLimitPerMinute: options.apiRateLimitPerMinute ?? 1200 }, logger);
    // After in-flight requests: running jobs get most of the shutdown grace to finish, before the database closes.
    app.addHook('onClose', () => queue.stop(Math.max(1000, (config.shutdownGraceSeconds - 2) * 1000)));
    await app.ready();
    return {
      config,
      database,
      app,
      logger,
      async close() {
        await app.close();
        await dispatcher?.stop();
        if (!options.database) await database.close();
      },
    };
  } catch (error) {
    await jobs?.stop(1000);
    if (!options.database) await database.close();
    throw error;
  }
}
