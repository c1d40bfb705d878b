import { z } from 'zod';
import { listAuditLog } from '../../domain/audit/index.ts';
import { AppError } from '../../errors.ts';
import { requireActor } from '../plugins/auth.ts';
import { Id, problemResponses } from '../schemas.ts';
import type { App, Deps } from '../types.ts';

const AuditEntry = z
  .object({
    id: z.number().int(),
    at: z.iso.datetime(),
    actor: z.object({ type: z.enum(['user', 'api_key', 'system']), id: Id.nullable(), label: z.string() }),
    action: z.string(),
    target: z.object({ type: z.string(), id: z.string().nullable() }),
    before: z.unknown(),
    after: z.unknown(),
    ip: z.string().nullable(),
    requestId: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' });

export function auditLogRoutes(app: App, deps: Deps) {
  app.get(
    '/api/v1/audit-log',
    {
      schema: {
        tags: ['Audit log'],
        summary: 'Privileged actions in this workspace, newest first (owner, admin, API keys)',
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(50),
          cursor: z.string().regex(/^\d+$/, 'must be the nextCursor of a previous page').optional(),
          action: z.string().max(100).optional(),
          targetType: z.string().max(100).optional(),
        }),
        response: { 200: z.object({ items: z.array(AuditEntry), nextCursor: z.string().nullable() }), ...problemResponses },
      },
    },
    async (request) => {
      const { cursor, ...rest } = request.query;
      const before = cursor === undefined ? undefined : Number(cursor);
      if (before !== undefined && !Number.isSafeInteger(before)) throw AppError.invalid('query.cursor', 'is out of range');
      return listAuditLog(deps.database.db, requireActor(request), { ...rest, before });
    },
  );
}
