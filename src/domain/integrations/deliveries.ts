// Webhook events and their delivery. An event is written as one delivery row per subscribed,
// enabled endpoint in the caller's transaction, so it exists exactly when its cause committed.
// The webhook-deliver job (every minute) sends what is due; a failure is retried with exponential
// backoff (30 s · 2^n, at most 6 h apart) until MAX_ATTEMPTS, then the delivery is failed.
// Replay sends a delivery again at once, with the same webhook-id.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/index.ts';
import { type Actor, canManageIntegrations, ensure, ensureVisible } from '../access/index.ts';
import { openSecret } from '../distribution/secret-box.ts';
import type { WebhookDeliveryView, WebhookEventType } from '../views.ts';
import { DELIVERY_COLUMNS, deliveryView } from './endpoints.ts';
import { type SendResult, sendSignedRequest } from './transport.ts';

export const MAX_ATTEMPTS = 8;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 6 * 60 * 60 * 1000;
/** A claimed delivery is not picked up again before this, should the process die mid-request. */
const CLAIM_MS = 60_000;
const BATCH = 50;

/** The wait after the n-th failed attempt (1-based). */
export const retryDelayMs = (attempts: number): number => Math.min(BASE_DELAY_MS * 2 ** (attempts - 1), MAX_DELAY_MS);

/** What the n-th attempt (1-based) leaves on a delivery row: delivered, failed for good, or due again after the backoff. */
export const afterAttempt = (result: SendResult, attempts: number, now: Date) => ({
  attempts,
  last_response_status: result.status,
  last_error: result.error,
  ...(result.ok
    ? { status: 'delivered' as const, delivered_at: now, next_attempt_at: null }
    : attempts >= MAX_ATTEMPTS
      ? { status: 'failed' as const, next_attempt_at: null }
      : { next_attempt_at: new Date(now.getTime() + retryDelayMs(attempts)) }),
});

/** How long delivered and failed deliveries stay in the log. */
export const DELIVERY_LOG_DAYS = 30;

/** Deletes finished deliveries older than DELIVERY_LOG_DAYS; pending ones stay whatever their age. */
export async function pruneWebhookDeliveries(db: Db, now: Date): Promise<number> {
  const result = await db
    .deleteFrom('webhook_deliveries')
    .where('status', 'in', ['delivered', 'failed'])
    .where('created_at', '<', new Date(now.getTime() - DELIVERY_LOG_DAYS * 86_400_000))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Writes the event for every enabled endpoint of the workspace that subscribed to its type; returns how many. */
export async function emitWebhookEvent(trx: Db, workspaceId: string, type: WebhookEventType, data: Record<string, unknown>, now: Date): Promise<number> {
  const endpoints = await trx
    .selectFrom('webhook_endpoints')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('enabled', '=', true)
    .where(sql<boolean>`${type} = any(event_types)`)
    .execute();
  if (endpoints.length === 0) return 0;
  const payload = JSON.stringify({ type, timestamp: now.toISOString(), data });
  await trx
    .insertInto('webhook_deliveries')
    .values(
      endpoints.map((endpoint) => ({
        endpoint_id: endpoint.id,
        workspace_id: workspaceId,
        webhook_id: `msg_${crypto.randomBytes(16).toString('base64url')}`,
        event_type: type,
        payload,
        next_attempt_at: now,
      })),
    )
    .execute();
  return endpoints.length;
}

type Claimed = { id: string; webhook_id: string; payload: unknown; attempts: number; url: string; secret_sealed: string; allow_private: boolean | null };

const claimedColumns = (db: Db) =>
  db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .leftJoin('integration_settings as s', 's.workspace_id', 'd.workspace_id')
    .select(['d.id', 'd.webhook_id', 'd.payload', 'd.attempts', 'e.url', 'e.secret_sealed', 's.webhooks_allow_private as allow_private']);

async function attempt(config: Config, delivery: Claimed, now: Date): Promise<SendResult> {
  let secret: string;
  try {
    secret = openSecret(config, delivery.secret_sealed);
  } catch (error) {
    return { ok: false, status: null, error: (error as Error).message };
  }
  return sendSignedRequest({
    url: delivery.url,
    secret,
    webhookId: delivery.webhook_id,
    body: JSON.stringify(delivery.payload),
    sentAt: now,
    allowPrivate: delivery.allow_private ?? false,
  });
}

/** Sends every due delivery (up to a batch); returns how many were delivered and how many failed this time. */
export async function deliverDueWebhooks(db: Db, config: Config, now: Date): Promise<{ delivered: number; failed: number }> {
  // Claimed by pushing next_attempt_at ahead: a second process skips them, and no transaction stays open during HTTP.
  const claimed = await db
    .updateTable('webhook_deliveries')
    .set({ next_attempt_at: new Date(now.getTime() + CLAIM_MS) })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        // A disabled endpoint's deliveries wait: they go out when it is enabled again.
        .where((inner) =>
          inner.exists(
            inner
              .selectFrom('webhook_endpoints')
              .select('webhook_endpoints.id')
              .whereRef('webhook_endpoints.id', '=', 'webhook_deliveries.endpoint_id')
              .where('webhook_endpoints.enabled', '=', true),
          ),
        )
        .orderBy('next_attempt_at')
        .limit(BATCH)
        .forUpdate()
        .skipLocked(),
    )
    .returning('id')
    .execute();
  if (claimed.length === 0) return { delivered: 0, failed: 0 };
  const rows = await claimedColumns(db)
    .where(
      'd.id',
      'in',
      claimed.map((row) => row.id),
    )
    .execute();
  let delivered = 0;
  let failed = 0;
  for (const row of rows) {
    const result = await attempt(config, row, now);
    const attempts = row.attempts + 1;
    if (result.ok) delivered += 1;
    else failed += 1;
    await db
      .updateTable('webhook_deliveries')
      .set(afterAttempt(result, attempts, now))
      .where('id', '=', row.id)
      .execute();
  }
  return { delivered, failed };
}

/**
 * Sends one delivery again now, with its webhook-id and body unchanged. Success marks it delivered;
 * a failure is logged on it and leaves its status (a failed delivery stays failed, a pending one keeps its schedule).
 */
export async function replayWebhookDelivery(
  db: Db,
  actor: Actor,
  config: Config,
  endpointId: string,
  deliveryId: string,
  now: Date,
): Promise<WebhookDeliveryView> {
  const row = await claimedColumns(db)
    .where('d.workspace_id', '=', actor.workspaceId)
    .where('d.endpoint_id', '=', endpointId)
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
  ensureVisible(row !== undefined, 'webhook delivery');
  ensure(canManageIntegrations(actor), 'replay webhook deliveries');
  const result = await attempt(config, row as Claimed, now);
  const updated = await db
    .updateTable('webhook_deliveries')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_response_status: result.status,
      last_error: result.error,
      ...(result.ok ? { status: 'delivered' as const, delivered_at: now, next_attempt_at: null } : {}),
    }))
    .where('id', '=', deliveryId)
    .returning(DELIVERY_COLUMNS)
    .executeTakeFirstOrThrow();
  return deliveryView(updated);
}
