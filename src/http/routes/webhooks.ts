// Signed webhooks (Standard Webhooks): endpoints, their delivery log and replay, and the
// workspace's integration settings (whether private and loopback targets are allowed).
import { z } from 'zod';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getIntegrationSettings,
  getWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  replayWebhookDelivery,
  updateIntegrationSettings,
  updateWebhookEndpoint,
} from '../../domain/integrations/index.ts';
import { contextOf, requireActor } from '../plugins/auth.ts';
import { IdParams, PageQuery, pageOf, problemResponses } from '../schemas.ts';
import type { App, Deps } from '../types.ts';
import {
  CreatedWebhookEndpoint,
  DeliveryParams,
  IntegrationSettings,
  IntegrationSettingsInput,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointInput,
  WebhookEndpointPatch,
} from './webhook-schemas.ts';

const tags = ['Webhooks'];

export function webhookRoutes(app: App, deps: Deps) {
  const db = deps.database.db;

  app.get(
    '/api/v1/webhook-endpoints',
    {
      schema: {
        tags,
        summary: 'Webhook endpoints (owner, admin, API keys)',
        response: { 200: z.object({ items: z.array(WebhookEndpoint) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await listWebhookEndpoints(db, requireActor(request)) }),
  );

  app.post(
    '/api/v1/webhook-endpoints',
    {
      schema: {
        tags,
        summary: 'Add a webhook endpoint (owner, admin, write keys); the answer shows its secret, once',
        description:
          'Events are POSTed as `{type, timestamp, data}` with the headers `webhook-id`, `webhook-timestamp` and `webhook-signature` of the Standard Webhooks specification. Private and loopback targets are refused unless the integration settings allow them.',
        body: WebhookEndpointInput,
        response: { 201: CreatedWebhookEndpoint, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createWebhookEndpoint(db, requireActor(request), request.body, deps.config, contextOf(request))),
  );

  app.get(
    '/api/v1/webhook-endpoints/:id',
    { schema: { tags, summary: 'One webhook endpoint', params: IdParams, response: { 200: WebhookEndpoint, ...problemResponses } } },
    async (request) => getWebhookEndpoint(db, requireActor(request), request.params.id),
  );

  app.patch(
    '/api/v1/webhook-endpoints/:id',
    {
      schema: {
        tags,
        summary: 'Change a webhook endpoint (owner, admin, write keys); fields left out keep their value',
        params: IdParams,
        body: WebhookEndpointPatch,
        response: { 200: WebhookEndpoint, ...problemResponses },
      },
    },
    async (request) => updateWebhookEndpoint(db, requireActor(request), request.params.id, request.body, contextOf(request)),
  );

  app.delete(
    '/api/v1/webhook-endpoints/:id',
    { schema: { tags, summary: 'Delete a webhook endpoint and its delivery log', params: IdParams, response: { 204: z.null(), ...problemResponses } } },
    async (request, reply) => {
      await deleteWebhookEndpoint(db, requireActor(request), request.params.id, contextOf(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/webhook-endpoints/:id/deliveries',
    {
      schema: {
        tags,
        summary: "The endpoint's delivery log, newest first",
        params: IdParams,
        querystring: PageQuery,
        response: { 200: pageOf(WebhookDelivery), ...problemResponses },
      },
    },
    async (request) => listWebhookDeliveries(db, requireActor(request), request.params.id, request.query),
  );

  app.post(
    '/api/v1/webhook-endpoints/:id/deliveries/:deliveryId/replay',
    {
      schema: {
        tags,
        summary: 'Send a delivery again now, with the same webhook-id (owner, admin, write keys)',
        description: 'A failed replay is not an error: the answer shows lastResponseStatus and lastError.',
        params: DeliveryParams,
        response: { 200: WebhookDelivery, ...problemResponses },
      },
    },
    async (request) => replayWebhookDelivery(db, requireActor(request), deps.config, request.params.id, request.params.deliveryId, new Date()),
  );

  app.get(
    '/api/v1/integration-settings',
    { schema: { tags, summary: 'The integration settings (owner, admin, API keys)', response: { 200: IntegrationSettings, ...problemResponses } } },
    async (request) => getIntegrationSettings(db, requireActor(request)),
  );

  app.put(
    '/api/v1/integration-settings',
    {
      schema: {
        tags,
        summary: 'Change the integration settings (owner, admin, write keys)',
        body: IntegrationSettingsInput,
        response: { 200: IntegrationSettings, ...problemResponses },
      },
    },
    async (request) => updateIntegrationSettings(db, requireActor(request), request.body, contextOf(request)),
  );
}
