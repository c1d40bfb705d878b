// Closed-loop configuration: alert rules (what turns an answer into a case or a notification) and
// the loop settings (working-time calendar, default SLA, programme lead, root causes).
import { z } from 'zod';
import {
  createAlertRule,
  deleteAlertRule,
  getAlertRule,
  getLoopSettings,
  listAlertRules,
  updateAlertRule,
  updateLoopSettings,
} from '../../domain/loop/index.ts';
import { contextOf, requireActor } from '../plugins/auth.ts';
import { IdParams, problemResponses } from '../schemas.ts';
import type { App, Deps } from '../types.ts';
import { AlertRule, AlertRuleCreate, AlertRulePatch, LoopSettings, LoopSettingsUpdate } from './loop-schemas.ts';

const tags = ['Closed loop'];

export function loopRoutes(app: App, deps: Deps) {
  const db = deps.database.db;

  app.get(
    '/api/v1/alert-rules',
    {
      schema: {
        tags,
        summary: 'Alert rules (whole-workspace readers and managers)',
        response: { 200: z.object({ items: z.array(AlertRule) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await listAlertRules(db, requireActor(request)) }),
  );

  app.post(
    '/api/v1/alert-rules',
    {
      schema: {
        tags,
        summary: 'Add an alert rule (owner, admin, write keys)',
        description:
          'A rule matches a completed answer when all its conditions hold; its actions then open a case (one per answer and kind), email, and post to Slack, Teams or a webhook. Private and loopback URLs are refused when sent unless the integration settings allow them.',
        body: AlertRuleCreate,
        response: { 201: AlertRule, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createAlertRule(db, requireActor(request), request.body, contextOf(request))),
  );

  app.get(
    '/api/v1/alert-rules/:id',
    { schema: { tags, summary: 'One alert rule', params: IdParams, response: { 200: AlertRule, ...problemResponses } } },
    async (request) => getAlertRule(db, requireActor(request), request.params.id),
  );

  app.patch(
    '/api/v1/alert-rules/:id',
    {
      schema: {
        tags,
        summary: 'Change an alert rule (owner, admin, write keys); fields left out keep their value',
        params: IdParams,
        body: AlertRulePatch,
        response: { 200: AlertRule, ...problemResponses },
      },
    },
    async (request) => updateAlertRule(db, requireActor(request), request.params.id, request.body, contextOf(request)),
  );

  app.delete(
    '/api/v1/alert-rules/:id',
    {
      schema: { tags, summary: 'Delete an alert rule; its cases stay', params: IdParams, response: { 204: z.null(), ...problemResponses } },
    },
    async (request, reply) => {
      await deleteAlertRule(db, requireActor(request), request.params.id, contextOf(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/loop-settings',
    { schema: { tags, summary: 'The loop settings (every role and key)', response: { 200: LoopSettings, ...problemResponses } } },
    async (request) => getLoopSettings(db, requireActor(request)),
  );

  app.put(
    '/api/v1/loop-settings',
    {
      schema: {
        tags,
        summary: 'Change the loop settings (owner, admin, write keys); fields left out keep their value',
        description: 'Due times of new cases are counted in these working hours; existing cases keep their due time.',
        body: LoopSettingsUpdate,
        response: { 200: LoopSettings, ...problemResponses },
      },
    },
    async (request) => updateLoopSettings(db, requireActor(request), request.body, contextOf(request)),
  );
}
