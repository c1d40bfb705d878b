import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config.ts';
import type { Database } from '../db/index.ts';
import type { JobQueue } from '../jobs/index.ts';
import type { MailQueue } from '../mail/index.ts';

/** What the HTTP layer needs from the process: built once at start, passed to every route module. */
export interface Deps {
  config: Config;
  database: Database;
  mail: MailQueue;
  jobs: JobQueue;
  /** Requests per minute per client on /api (keyed by API key, session or IP). */
  apiRateLimitPerMinute: number;
}

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;
