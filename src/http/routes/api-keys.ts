import { z } from 'zod';
import { createApiKey, listApiKeys, revokeApiKey } from '../../domain/api-keys/index.ts';
import { contextOf, requireActor } from '../plugins/auth.ts';
import { Id, IdParams, Name, problemResponses } from '../schemas.ts';
import type { App, Deps } from '../types.ts';

const ApiKey = z
  .object({
    id: Id,
    name: z.string(),
    prefix: z.string(),
    scope: z.enum(['read', 'write']),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ApiKey' });
const tags = ['API keys'];

export function apiKeyRoutes(app: App, deps: Deps) {
  const db = deps.database.db;

  app.get(
    '/api/v1/api-keys',
    { schema: { tags, summary: "The workspace's API keys (never the secrets)", response: { 200: z.object({ items: z.array(ApiKey) }), ...problemResponses } } },
    async (request) => ({ items: await listApiKeys(db, requireActor(request)) }),
  );

  app.post(
    '/api/v1/api-keys',
    {
      schema: {
        tags,
        summary: 'Create an API key; the key is in this answer only',
        body: z.object({ name: Name, scope: z.enum(['read', 'write']) }),
        response: { 201: ApiKey.extend({ key: z.string() }), ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createApiKey(db, requireActor(request), request.body, contextOf(request))),
  );

  app.delete(
    '/api/v1/api-keys/:id',
    { schema: { tags, summary: 'Revoke an API key (it stops working at once)', params: IdParams, response: { 200: ApiKey, ...problemResponses } } },
    async (request) => revokeApiKey(db, requireActor(request), request.params.id, contextOf(request)),
  );
}
