import { z } from 'zod';
import { createMember, deleteMember, getMember, listMembers, updateMember } from '../../domain/organisation/index.ts';
import { contextOf, requireActor } from '../plugins/auth.ts';
import { Email, Id, IdParams, Name, PageQuery, pageOf, problemResponses, RoleSchema } from '../schemas.ts';
import type { App, Deps } from '../types.ts';

const Member = z
  .object({
    id: Id,
    name: z.string(),
    email: z.string().nullable(),
    externalId: z.string().nullable(),
    unitId: Id,
    unitName: z.string(),
    role: RoleSchema.nullable(),
    hasLogin: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Member' });

const MemberBody = z.object({
  name: Name,
  email: Email.nullable().optional(),
  externalId: z.string().trim().min(1).max(200).nullable().optional(),
  unitId: Id,
});
const tags = ['Organisation'];

export function memberRoutes(app: App, deps: Deps) {
  const db = deps.database.db;

  app.get(
    '/api/v1/members',
    {
      schema: {
        tags,
        summary: 'Members you may see (managers: their subtree; frontline: themselves)',
        querystring: PageQuery.extend({
          unitId: Id.optional(),
          subtree: z
            .enum(['true', 'false'])
            .transform((v) => v === 'true')
            .optional(),
          q: z.string().trim().min(1).max(200).optional(),
        }),
        response: { 200: pageOf(Member), ...problemResponses },
      },
    },
    async (request) => listMembers(db, requireActor(request), request.query),
  );

  app.get(
    '/api/v1/members/:id',
    { schema: { tags, summary: 'One member', params: IdParams, response: { 200: Member, ...problemResponses } } },
    async (request) => getMember(db, requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/members',
    { schema: { tags, summary: 'Add a member (a person without login) to a unit', body: MemberBody, response: { 201: Member, ...problemResponses } } },
    async (request, reply) => reply.code(201).send(await createMember(db, requireActor(request), request.body, contextOf(request))),
  );

  app.patch(
    '/api/v1/members/:id',
    {
      schema: {
        tags,
        summary: 'Change a member or move them to another unit',
        params: IdParams,
        body: MemberBody.partial(),
        response: { 200: Member, ...problemResponses },
      },
    },
    async (request) => updateMember(db, requireActor(request), request.params.id, request.body, contextOf(request)),
  );

  app.delete(
    '/api/v1/members/:id',
    { schema: { tags, summary: 'Delete a member without login', params: IdParams, response: { 204: z.null(), ...problemResponses } } },
    async (request, reply) => {
      await deleteMember(db, requireActor(request), request.params.id, contextOf(request));
      return reply.code(204).send(null);
    },
  );
}
