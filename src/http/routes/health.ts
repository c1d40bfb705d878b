import { sql } from 'kysely';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import type { App, Deps } from '../types.ts';

const Health = z.object({ status: z.literal('ok'), db: z.enum(['pglite', 'postgres']), version: z.string() });

export function healthRoutes(app: App, deps: Deps) {
  app.get('/healthz', { schema: { tags: ['Operations'], summary: 'Liveness: the process is up', security: [], response: { 200: Health } } }, async () => ({
    status: 'ok' as const,
    db: deps.database.kind,
    version: deps.config.version,
  }));

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['Operations'],
        summary: 'Readiness: the database answers',
        security: [],
        response: { 200: z.object({ status: z.literal('ready'), db: z.enum(['pglite', 'postgres']) }) },
      },
    },
    async () => {
      try {
        await sql`select 1`.execute(deps.database.db);
      } catch {
        throw new AppError('unavailable', 'The database does not answer.');
      }
      return { status: 'ready' as const, db: deps.database.kind };
    },
  );
}
