import { z } from 'zod';
import { changeUserRole, inviteUser, listUsers, revokeUserAccess } from '../../domain/organisation/index.ts';
import { contextOf, requireActor } from '../plugins/auth.ts';
import { Email, Id, IdParams, Name, problemResponses, RoleSchema } from '../schemas.ts';
import type { App, Deps } from '../types.ts';

const User = z
  .object({
    memberId: Id,
    userId: Id.nullable(),
    name: z.string(),
    email: z.string().nullable(),
    role: RoleSchema,
    unitId: Id,
    status: z.enum(['active', 'invited']),
  })
  .meta({ id: 'User' });
const tags = ['Users and roles'];

export function userRoutes(app: App, deps: Deps) {
  const db = deps.database.db;

  app.get(
    '/api/v1/users',
    {
      schema: {
        tags,
        summary: 'People with a login or a pending invitation, with their roles',
        response: { 200: z.object({ items: z.array(User) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await listUsers(db, requireActor(request)) }),
  );

  app.post(
    '/api/v1/users/invitations',
    {
      schema: {
        tags,
        summary: 'Invite someone by email to sign in with a role (owner and admin)',
        body: z.object({ email: Email, name: Name, role: RoleSchema, unitId: Id }),
        response: { 201: z.object({ memberId: Id, invitationId: Id, expiresAt: z.iso.datetime() }), ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await inviteUser(db, deps.mail, deps.config.publicUrl, requireActor(request), request.body, contextOf(request))),
  );

  app.patch(
    '/api/v1/users/:id',
    {
      schema: {
        tags,
        summary: "Change a user's role (id is the member id)",
        params: IdParams,
        body: z.object({ role: RoleSchema }),
        response: { 200: User, ...problemResponses },
      },
    },
    async (request) => changeUserRole(db, requireActor(request), request.params.id, request.body.role, contextOf(request)),
  );

  app.delete(
    '/api/v1/users/:id',
    { schema: { tags, summary: 'Remove a login; the person stays a member', params: IdParams, response: { 204: z.null(), ...problemResponses } } },
    async (request, reply) => {
      await revokeUserAccess(db, requireActor(request), request.params.id, contextOf(request));
      return reply.code(204).send(null);
    },
  );
}
