import { z } from 'zod';
import { createWorkspace, getWorkspace, renameWorkspace } from '../../domain/workspaces/index.ts';
import { contextOf, requireActor, requireSignedIn } from '../plugins/auth.ts';
import { Id, Name, Problem, problemResponses } from '../schemas.ts';
import type { App, Deps } from '../types.ts';

const Workspace = z.object({ id: Id, name: z.string(), createdAt: z.iso.datetime() }).meta({ id: 'Workspace' });
const tags = ['Workspaces'];

export function workspaceRoutes(app: App, deps: Deps) {
  const db = deps.database.db;

  app.post(
    '/api/v1/workspaces',
    {
      schema: {
        tags,
        summary: 'Create a new workspace with you as its owner (session only)',
        body: z.object({ name: Name }),
        response: { 201: z.object({ id: Id, name: z.string() }), 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (request, reply) => {
      const signedIn = requireSignedIn(request);
      const created = await createWorkspace(
        db,
        { name: request.body.name, owner: { userId: signedIn.userId, name: signedIn.name, email: signedIn.email } },
        { kind: 'user_self', userId: signedIn.userId, label: signedIn.email },
        contextOf(request),
      );
      return reply.code(201).send({ id: created.workspaceId, name: request.body.name });
    },
  );

  app.get('/api/v1/workspace', { schema: { tags, summary: 'The current workspace', response: { 200: Workspace, ...problemResponses } } }, async (request) =>
    getWorkspace(db, requireActor(request)),
  );

  app.patch(
    '/api/v1/workspace',
    {
      schema: { tags, summary: "Change the current workspace's settings", body: z.object({ name: Name }), response: { 200: Workspace, ...problemResponses } },
    },
    async (request) => renameWorkspace(db, requireActor(request), request.body.name, contextOf(request)),
  );
}
