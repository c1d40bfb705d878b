// Request and response schemas of the webhook routes. Input schemas live in the domain (they check
// direct calls too); the views are described here.
import { z } from 'zod';
import { WebhookEventTypeSchema } from '../../domain/integrations/index.ts';
import { Id } from '../schemas.ts';

export { IntegrationSettingsInput, WebhookEndpointInput, WebhookEndpointPatch } from '../../domain/integrations/index.ts';

export const WebhookEndpoint = z
  .object({
    id: Id,
    url: z.string(),
    description: z.string().nullable(),
    eventTypes: z.array(WebhookEventTypeSchema),
    enabled: z.boolean(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'WebhookEndpoint' });

export const CreatedWebhookEndpoint = WebhookEndpoint.extend({
  secret: z.string().meta({ description: 'whsec_ + base64. Shown only in this answer: keep it to verify signatures (Standard Webhooks).' }),
}).meta({ id: 'CreatedWebhookEndpoint' });

export const WebhookDelivery = z
  .object({
    id: Id,
    endpointId: Id,
    webhookId: z.string().meta({ description: 'The webhook-id header; the same on every attempt and on replay.' }),
    eventType: z.string(),
    payload: z.unknown().meta({ description: 'The body sent: { type, timestamp, data }.' }),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    nextAttemptAt: z.iso.datetime().nullable(),
    lastResponseStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.iso.datetime(),
    deliveredAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'WebhookDelivery' });

export const DeliveryParams = z.object({ id: Id, deliveryId: Id });

export const IntegrationSettings = z
  .object({
    webhooksAllowPrivate: z.boolean().meta({ description: 'Webhooks may go to private, loopback and link-local addresses. Off by default.' }),
    updatedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'IntegrationSettings' });
