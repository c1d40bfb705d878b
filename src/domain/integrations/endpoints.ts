// Webhook endpoints of a workspace, the workspace's integration settings, and the delivery log.
// Endpoint changes are privileged: each writes an audit entry (never the secret).
import { z } from 'zod';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/index.ts';
import { inTransaction } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { type Actor, canManageIntegrations, canViewIntegrations, ensure, ensureVisible } from '../access/index.ts';
import { type RequestContext, recordAudit } from '../audit/index.ts';
import { sealSecret } from '../distribution/secret-box.ts';
import { decodeCursor, toPage } from '../paging.ts';
import {
  type CreatedWebhookEndpointView,
  type IntegrationSettingsView,
  type Page,
  WEBHOOK_EVENT_TYPES,
  type WebhookDeliveryView,
  type WebhookEndpointView,
  type WebhookEventType,
} from '../views.ts';
import { newWebhookSecret, urlProblem } from './transport.ts';

export const WebhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);

const WebhookUrl = z
  .string()
  .trim()
  .max(2000, 'must be at most 2000 characters')
  .superRefine((value, ctx) => {
    const problem = urlProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const WebhookEndpointInput = z
  .object({
    url: WebhookUrl,
    description: z.string().trim().max(500, 'must be at most 500 characters').nullable().optional(),
    eventTypes: z.array(WebhookEventTypeSchema).min(1, 'must name at least one event type').max(WEBHOOK_EVENT_TYPES.length),
    enabled: z.boolean().optional(),
  })
  .strict();
export type WebhookEndpointInput = z.infer<typeof WebhookEndpointInput>;

export const WebhookEndpointPatch = WebhookEndpointInput.partial().strict();
export type WebhookEndpointPatch = z.infer<typeof WebhookEndpointPatch>;

export const IntegrationSettingsInput = z.object({ webhooksAllowPrivate: z.boolean() }).strict();
export type IntegrationSettingsInput = z.infer<typeof IntegrationSettingsInput>;

type EndpointRow = {
  id: string;
  url: string;
  description: string | null;
  event_types: string[];
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
};

const endpointView = (row: EndpointRow): WebhookEndpointView => ({
  id: row.id,
  url: row.url,
  description: row.description,
  eventTypes: row.event_types as WebhookEventType[],
  enabled: row.enabled,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const ENDPOINT_COLUMNS = ['id', 'url', 'description', 'event_types', 'enabled', 'created_at', 'updated_at'] as const;
const unique = (types: readonly string[]) => [...new Set(types)];

export async function listWebhookEndpoints(db: Db, actor: Actor): Promise<WebhookEndpointView[]> {
  ensure(canViewIntegrations(actor), 'read webhook endpoints');
  const rows = await db
    .selectFrom('webhook_endpoints')
    .select(ENDPOINT_COLUMNS)
    .where('workspace_id', '=', actor.workspaceId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(endpointView);
}

async function findEndpoint(db: Db, actor: Actor, id: string): Promise<EndpointRow> {
  const row = await db
    .selectFrom('webhook_endpoints')
    .select(ENDPOINT_COLUMNS)
    .where('workspace_id', '=', actor.workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  ensureVisible(row !== undefined, 'webhook endpoint');
  return row as EndpointRow;
}

export async function getWebhookEndpoint(db: Db, actor: Actor, id: string): Promise<WebhookEndpointView> {
  // Found first: an endpoint of another workspace is 404 for everyone, never 403.
  const row = await findEndpoint(db, actor, id);
  ensure(canViewIntegrations(actor), 'read webhook endpoints');
  return endpointView(row);
}

/** Creates an endpoint with a fresh secret, which only this answer shows. */
export async function createWebhookEndpoint(
  db: Db,
  actor: Actor,
  raw: WebhookEndpointInput,
  config: Config,
  context: RequestContext = {},
): Promise<CreatedWebhookEndpointView> {
  ensure(canManageIntegrations(actor), 'create webhook endpoints');
  const input = parseInput(WebhookEndpointInput, raw);
  const secret = newWebhookSecret();
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto('webhook_endpoints')
      .values({
        workspace_id: actor.workspaceId,
        url: input.url,
        description: input.description ?? null,
        secret_sealed: sealSecret(config, secret),
        event_types: unique(input.eventTypes),
        enabled: input.enabled ?? true,
      })
      .returning(ENDPOINT_COLUMNS)
      .executeTakeFirstOrThrow();
    const view = endpointView(row);
    await recordAudit(
      trx,
      actor,
      { workspaceId: actor.workspaceId, action: 'webhook_endpoint.created', targetType: 'webhook_endpoint', targetId: row.id, after: view },
      context,
    );
    return { ...view, secret };
  });
}

export async function updateWebhookEndpoint(
  db: Db,
  actor: Actor,
  id: string,
  raw: WebhookEndpointPatch,
  context: RequestContext = {},
): Promise<WebhookEndpointView> {
  return inTransaction(db, async (trx) => {
    const before = endpointView(await findEndpoint(trx, actor, id));
    ensure(canManageIntegrations(actor), 'change webhook endpoints');
    const patch = parseInput(WebhookEndpointPatch, raw);
    const row = await trx
      .updateTable('webhook_endpoints')
      .set({
        ...(patch.url !== undefined ? { url: patch.url } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.eventTypes !== undefined ? { event_types: unique(patch.eventTypes) } : {}),
        ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
        updated_at: new Date(),
      })
      .where('workspace_id', '=', actor.workspaceId)
      .where('id', '=', id)
      .returning(ENDPOINT_COLUMNS)
      .executeTakeFirstOrThrow();
    const after = endpointView(row);
    await recordAudit(
      trx,
      actor,
      { workspaceId: actor.workspaceId, action: 'webhook_endpoint.updated', targetType: 'webhook_endpoint', targetId: id, before, after },
      context,
    );
    return after;
  });
}

/** Deletes the endpoint and its delivery log; pending deliveries are not sent. */
export async function deleteWebhookEndpoint(db: Db, actor: Actor, id: string, context: RequestContext = {}): Promise<void> {
  await inTransaction(db, async (trx) => {
    const before = endpointView(await findEndpoint(trx, actor, id));
    ensure(canManageIntegrations(actor), 'delete webhook endpoints');
    await trx.deleteFrom('webhook_endpoints').where('workspace_id', '=', actor.workspaceId).where('id', '=', id).execute();
    await recordAudit(
      trx,
      actor,
      { workspaceId: actor.workspaceId, action: 'webhook_endpoint.deleted', targetType: 'webhook_endpoint', targetId: id, before },
      context,
    );
  });
}

type DeliveryRow = {
  id: string;
  endpoint_id: string;
  webhook_id: string;
  event_type: string;
  payload: unknown;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: Date | null;
  last_response_status: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
};

export const DELIVERY_COLUMNS = [
  'id',
  'endpoint_id',
  'webhook_id',
  'event_type',
  'payload',
  'status',
  'attempts',
  'next_attempt_at',
  'last_response_status',
  'last_error',
  'created_at',
  'delivered_at',
] as const;

export const deliveryView = (row: DeliveryRow): WebhookDeliveryView => ({
  id: row.id,
  endpointId: row.endpoint_id,
  webhookId: row.webhook_id,
  eventType: row.event_type,
  payload: row.payload,
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at?.toISOString() ?? null,
  lastResponseStatus: row.last_response_status,
  lastError: row.last_error,
  createdAt: row.created_at.toISOString(),
  deliveredAt: row.delivered_at?.toISOString() ?? null,
});

export interface DeliveryQuery {
  limit: number;
  cursor?: string;
}

/** The endpoint's delivery log, newest first. */
export async function listWebhookDeliveries(db: Db, actor: Actor, endpointId: string, query: DeliveryQuery): Promise<Page<WebhookDeliveryView>> {
  await findEndpoint(db, actor, endpointId);
  ensure(canViewIntegrations(actor), 'read webhook deliveries');
  let q = db
    .selectFrom('webhook_deliveries')
    .select(DELIVERY_COLUMNS)
    .where('workspace_id', '=', actor.workspaceId)
    .where('endpoint_id', '=', endpointId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1);
  const after = decodeCursor(query.cursor, ['timestamp', 'uuid']);
  if (after) {
    const [createdAt, id] = after as [string, string];
    q = q.where((eb) => eb.or([eb('created_at', '<', new Date(createdAt)), eb.and([eb('created_at', '=', new Date(createdAt)), eb('id', '<', id)])]));
  }
  const rows = await q.execute();
  return toPage(rows, query.limit, (row) => [row.created_at.toISOString(), row.id], deliveryView);
}

export async function getIntegrationSettings(db: Db, actor: Actor): Promise<IntegrationSettingsView> {
  ensure(canViewIntegrations(actor), 'read the integration settings');
  const row = await db
    .selectFrom('integration_settings')
    .select(['webhooks_allow_private', 'updated_at'])
    .where('workspace_id', '=', actor.workspaceId)
    .executeTakeFirst();
  return { webhooksAllowPrivate: row?.webhooks_allow_private ?? false, updatedAt: row?.updated_at.toISOString() ?? null };
}

export async function updateIntegrationSettings(
  db: Db,
  actor: Actor,
  raw: IntegrationSettingsInput,
  context: RequestContext = {},
): Promise<IntegrationSettingsView> {
  ensure(canManageIntegrations(actor), 'change the integration settings');
  const input = parseInput(IntegrationSettingsInput, raw);
  return inTransaction(db, async (trx) => {
    const before = await getIntegrationSettings(trx, actor);
    const now = new Date();
    await trx
      .insertInto('integration_settings')
      .values({ workspace_id: actor.workspaceId, webhooks_allow_private: input.webhooksAllowPrivate, updated_at: now })
      .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ webhooks_allow_private: input.webhooksAllowPrivate, updated_at: now }))
      .execute();
    const after = { webhooksAllowPrivate: input.webhooksAllowPrivate, updatedAt: now.toISOString() };
    await recordAudit(
      trx,
      actor,
      { workspaceId: actor.workspaceId, action: 'integration_settings.updated', targetType: 'workspace', targetId: actor.workspaceId, before, after },
      context,
    );
    return after;
  });
}

/** Parses input given directly to the domain (routes parse too) into field-named problems. */
function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((issue) => ({ field: ['body', ...issue.path].join('.'), message: issue.message }));
  throw new AppError('validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
}
