// Schemas shared by many routes: ids, pages, and the RFC 9457 problem body.
import { z } from 'zod';
import { appErrorStatus } from '../errors.ts';

export const Id = z.uuid({ message: 'must be a UUID such as 3f0c6f5e-8a43-4b8e-9c1e-2b7f1f0e5d2a' });
export const IdParams = z.object({ id: Id });

export const RoleSchema = z.enum(['owner', 'admin', 'analyst', 'manager', 'frontline']);

export const Name = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
export const Email = z.email({ message: 'must be an email address such as anna@example.com' }).max(320);
export const Password = z.string().min(10, 'must be at least 10 characters').max(200, 'must be at most 200 characters');

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1, 'must be between 1 and 500').max(500, 'must be between 1 and 500').default(50),
  cursor: z.string().max(500).optional(),
});

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const Problem = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    code: z.enum(Object.keys(appErrorStatus) as [keyof typeof appErrorStatus, ...(keyof typeof appErrorStatus)[]]),
    requestId: z.string(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details (application/problem+json)' });

/** The error answers every authenticated route can give, for the OpenAPI document. */
export const problemResponses = {
  400: Problem,
  401: Problem,
  403: Problem,
  404: Problem,
  409: Problem,
  429: Problem,
} as const;
