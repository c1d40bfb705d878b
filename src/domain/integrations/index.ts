// Integrations: signed webhooks (Standard Webhooks) and the workspace's integration settings.
export {
  afterAttempt,
  DELIVERY_LOG_DAYS,
  deliverDueWebhooks,
  emitWebhookEvent,
  MAX_ATTEMPTS,
  pruneWebhookDeliveries,
  replayWebhookDelivery,
  retryDelayMs,
} from './deliveries.ts';
export {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getIntegrationSettings,
  getWebhookEndpoint,
  IntegrationSettingsInput,
  listWebhookDeliveries,
  listWebhookEndpoints,
  updateIntegrationSettings,
  updateWebhookEndpoint,
  WebhookEndpointInput,
  WebhookEndpointPatch,
  WebhookEventTypeSchema,
} from './endpoints.ts';
export { emitContactUnsubscribed, emitResponseEvent } from './events.ts';
export { checkTarget, postJson, type SendResult, signWebhook } from './transport.ts';
