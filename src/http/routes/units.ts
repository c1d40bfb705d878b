import { z } from 'zod';
import { createUnit, deleteUnit, getUnit, listUnits, updateUnit } from '../../domain/organisation/index.ts';
import { contextOf, requireActor } from '../plugins/auth.ts';
import { Id, IdParams, Name, problemResponses } from '../schemas.ts';
import type { App, Deps } from '../types.ts';

const Unit = z
  .object({
    id: Id,
    parentId: Id.nullable(),
    name: z.string(),
    externalId: z.string().nullable(),
    depth: z.number().int(),
    managerMemberId: Id.nullable(),
    memberCount: z.number().int(),
  })
  .meta({ id: 'Unit' });

const ExternalId = z.string().trim().min(1).max(200);
const tags = ['Organisation'];

export function unitRoutes(app: App, deps: Deps) {
  const db = deps.database.db;

  app.get(
    '/api/v1/units',
    {
      schema: {
        tags,
        summary: 'The unit tree you may see, parents before children',
        response: { 200: z.object({ items: z.array(Unit) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await listUnits(db, requireActor(request)) }),
  );

  app.get('/api/v1/units/:id', { schema: { tags, summary: 'One unit', params: IdParams, response: { 200: Unit, ...problemResponses } } }, async (request) =>
    getUnit(db, requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/units',
    {
      schema: {
        tags,
        summary: 'Add a unit under a parent',
        body: z.object({ name: Name, parentId: Id, externalId: ExternalId.nullable().optional(), managerMemberId: Id.nullable().optional() }),
        response: { 201: Unit, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createUnit(db, requireActor(request), request.body, contextOf(request))),
  );

  app.patch(
    '/api/v1/units/:id',
    {
      schema: {
        tags,
        summary: 'Rename, move (with its subtree), or set the manager of a unit',
        params: IdParams,
        body: z.object({
          name: Name.optional(),
          parentId: Id.optional(),
          externalId: ExternalId.nullable().optional(),
          managerMemberId: Id.nullable().optional(),
        }),
        response: { 200: Unit, ...problemResponses },
      },
    },
    async (request) => updateUnit(db, requireActor(request), request.params.id, request.body, contextOf(request)),
  );

  app.delete(
    '/api/v1/units/:id',
    { schema: { tags, summary: 'Delete an empty unit', params: IdParams, response: { 204: z.null(), ...problemResponses } } },
    async (request, reply) => {
      await deleteUnit(db, requireActor(request), request.params.id, contextOf(request));
      return reply.code(204).send(null);
    },
  );
}
