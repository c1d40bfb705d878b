// Trigger rules: which events schedule which survey, when. Distribution viewers read them; owner,
// admin and write keys change them.
import { z } from 'zod';
import { createTriggerRule, deleteTriggerRule, getTriggerRule, listTriggerRules, updateTriggerRule } from '../../domain/distribution/index.ts';
import { contextOf, requireActor } from '../plugins/auth.ts';
import { IdParams, problemResponses } from '../schemas.ts';
import type { App, Deps } from '../types.ts';
import { TriggerRule, TriggerRuleBody, TriggerRulePatchBody } from './trigger-schemas.ts';

const tags = ['Distribution'];

export function triggerRuleRoutes(app: App, deps: Deps) {
  const db = deps.database.db;

  app.get(
    '/api/v1/trigger-rules',
    { schema: { tags, summary: 'Trigger rules, oldest first', response: { 200: z.array(TriggerRule), ...problemResponses } } },
    async (request) => listTriggerRules(db, requireActor(request)),
  );

  app.post(
    '/api/v1/trigger-rules',
    {
      schema: {
        tags,
        summary: 'Add a trigger rule (owner, admin, write keys)',
        description: 'The survey may still be a draft; events schedule invitations only while it is active.',
        body: TriggerRuleBody,
        response: { 201: TriggerRule, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createTriggerRule(db, requireActor(request), request.body, contextOf(request))),
  );

  app.get(
    '/api/v1/trigger-rules/:id',
    { schema: { tags, summary: 'One trigger rule', params: IdParams, response: { 200: TriggerRule, ...problemResponses } } },
    async (request) => getTriggerRule(db, requireActor(request), request.params.id),
  );

  app.patch(
    '/api/v1/trigger-rules/:id',
    {
      schema: {
        tags,
        summary: 'Change a trigger rule; enabled: false stops it making new invitations',
        params: IdParams,
        body: TriggerRulePatchBody,
        response: { 200: TriggerRule, ...problemResponses },
      },
    },
    async (request) => updateTriggerRule(db, requireActor(request), request.params.id, request.body, contextOf(request)),
  );

  app.delete(
    '/api/v1/trigger-rules/:id',
    {
      schema: {
        tags,
        summary: 'Delete a trigger rule; its invitations not yet sent are cancelled',
        params: IdParams,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await deleteTriggerRule(db, requireActor(request), request.params.id, contextOf(request));
      return reply.code(204).send(null);
    },
  );
}
