// Signed webhooks end to end: a real HTTP receiver verifies every request with the official
// `standardwebhooks` library; events come from an unsubscribe through /u/{token} and an answer
// through the respondent pages; a failing receiver gets retries with backoff (the clock is driven
// through `now`), replay keeps the webhook-id, and loopback is refused until the workspace allows it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedApiKey, seedUser, seedWorkspace, signIn, startTestApp, type TestApp, withApiKey } from '../../../test/support/app.ts';
import { seedContact, seedInvitation, seedSurvey } from '../../../test/support/surveys.ts';
import { parseConfig } from '../../config.ts';
import {
  DELIVERY_LOG_DAYS,
  deliverDueWebhooks,
  emitWebhookEvent,
  MAX_ATTEMPTS,
  pruneWebhookDeliveries,
  retryDelayMs,
} from '../../domain/integrations/index.ts';

const SECRET_KEY = 'webhook-test-secret-key-0123456789abcdef';
const config = parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_URL: 'http://anbefal.test', ANBEFAL_SECRET_KEY: SECRET_KEY });

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The standardwebhooks library accepted the signature (and the timestamp). */
  verified: boolean;
}

let t: TestApp;
let ws: Awaited<ReturnType<typeof seedWorkspace>>;
let owner: Awaited<ReturnType<typeof signIn>>;
let receiver: http.Server;
let base: string;
const received: Received[] = [];
/** Secrets by path: the receiver verifies with the secret of the endpoint that path belongs to. */
const secrets = new Map<string, string>();
/** Paths that answer 500 this many more times before answering 200 (-1: always 500). */
const failures = new Map<string, number>();

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      const path = req.url ?? '/';
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      let verified = false;
      try {
        new Webhook(secrets.get(path) ?? 'whsec_AAAA').verify(body, headers);
        verified = true;
      } catch {
        verified = false;
      }
      received.push({ path, headers, body, verified });
      const left = failures.get(path) ?? 0;
      if (left !== 0) failures.set(path, left - 1);
      res.writeHead(left === 0 ? 200 : 500).end(left === 0 ? 'ok' : 'receiver is down');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  t = await startTestApp({ ANBEFAL_SECRET_KEY: SECRET_KEY });
  ws = await seedWorkspace(t.database, 'Hook Co', 'hanna@hook.test');
  owner = await signIn(t.app, 'hanna@hook.test');
});
afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await t?.close();
});

async function endpoint(path: string, eventTypes: string[]) {
  const created = await owner.post('/api/v1/webhook-endpoints', { url: `${base}${path}`, eventTypes, description: path });
  expect(created.statusCode, created.body).toBe(201);
  const body = created.json() as { id: string; secret: string };
  secrets.set(path, body.secret);
  return body;
}

const deliveriesOf = async (endpointId: string) => {
  const page = await owner.get(`/api/v1/webhook-endpoints/${endpointId}/deliveries`);
  expect(page.statusCode, page.body).toBe(200);
  return page.json().items as {
    id: string;
    webhookId: string;
    eventType: string;
    status: string;
    attempts: number;
    nextAttemptAt: string | null;
    lastError: string | null;
    lastResponseStatus: number | null;
    payload: { type: string; data: Record<string, unknown> };
  }[];
};
const at = (path: string) => received.filter((r) => r.path === path);
const allowPrivate = async (allowed: boolean) =>
  expect((await owner.put('/api/v1/integration-settings', { webhooksAllowPrivate: allowed })).statusCode).toBe(200);

/** The hidden fields of the page's form, to post like a browser does. */
const hiddenFields = (html: string): Record<string, string> =>
  Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1] as string, m[2] as string]));

async function answerSurvey(token: string, fields: Record<string, string>[]) {
  const jar = new Map<string, string>();
  const send = async (method: 'GET' | 'POST', url: string, payload?: string) => {
    const response: LightMyRequestResponse = await t.app.inject({
      method,
      url,
      headers: {
        'accept-language': 'en',
        ...(jar.size > 0 ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...(payload === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      payload,
    });
    for (const c of response.cookies as { name: string; value: string }[]) jar.set(c.name, c.value);
    return response;
  };
  let url = `/s/${token}`;
  for (const page of fields) {
    const shown = await send('GET', url);
    const posted = await send('POST', `/s/${token}`, new URLSearchParams({ ...hiddenFields(shown.body), ...page }).toString());
    expect(posted.statusCode, posted.body).toBe(303);
    url = posted.headers.location as string;
  }
  return url;
}

describe('webhook endpoints', () => {
  it('are created with a whsec_ secret shown once, listed without it, changed and deleted with audit entries', async () => {
    const created = await endpoint('/crud', ['case.created']);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const listed = (await owner.get('/api/v1/webhook-endpoints')).json().items;
    expect(listed).toContainEqual(expect.objectContaining({ id: created.id, eventTypes: ['case.created'], enabled: true }));
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    const stored = await t.database.db.selectFrom('webhook_endpoints').select('secret_sealed').where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(stored.secret_sealed).not.toContain(created.secret.slice(6));

    const changed = await owner.patch(`/api/v1/webhook-endpoints/${created.id}`, { enabled: false, eventTypes: ['case.updated', 'case.created'] });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ enabled: false, eventTypes: ['case.updated', 'case.created'], url: `${base}/crud` });
    expect((await owner.delete(`/api/v1/webhook-endpoints/${created.id}`)).statusCode).toBe(204);
    expect((await owner.get(`/api/v1/webhook-endpoints/${created.id}`)).statusCode).toBe(404);
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('target_id', '=', created.id).orderBy('created_at').execute();
    expect(audit.map((a) => a.action)).toEqual(['webhook_endpoint.created', 'webhook_endpoint.updated', 'webhook_endpoint.deleted']);
  });

  it('refuse URLs that are not http(s) and unknown event types, naming the field', async () => {
    const ftp = await owner.post('/api/v1/webhook-endpoints', { url: 'ftp://example.com/x', eventTypes: ['case.created'] });
    expect(ftp.statusCode).toBe(400);
    expect(ftp.json().errors).toContainEqual(expect.objectContaining({ field: 'body.url', message: 'must use http or https' }));
    const unknown = await owner.post('/api/v1/webhook-endpoints', { url: 'https://example.com/x', eventTypes: ['case.deleted'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toMatch(/^body\.eventTypes/);
  });

  it('are managed by owner and admin and write keys; read keys read; analysts and managers do not', async () => {
    const admin = await seedUser(t.database, ws.workspaceId, 'ada@hook.test', 'admin');
    const analyst = await seedUser(t.database, ws.workspaceId, 'ana@hook.test', 'analyst');
    expect(admin && analyst).toBeTruthy();
    const readKey = withApiKey(t.app, await seedApiKey(t.database, ws.workspaceId, 'read'));
    const writeKey = withApiKey(t.app, await seedApiKey(t.database, ws.workspaceId, 'write'));
    const body = { url: 'https://example.com/hook', eventTypes: ['case.created'] };
    expect((await readKey.get('/api/v1/webhook-endpoints')).statusCode).toBe(200);
    expect((await readKey.post('/api/v1/webhook-endpoints', body)).statusCode).toBe(403);
    expect((await writeKey.post('/api/v1/webhook-endpoints', body)).statusCode).toBe(201);
    expect((await (await signIn(t.app, 'ada@hook.test')).post('/api/v1/webhook-endpoints', body)).statusCode).toBe(201);
    const analystClient = await signIn(t.app, 'ana@hook.test');
    expect((await analystClient.get('/api/v1/webhook-endpoints')).statusCode).toBe(403);
    expect((await analystClient.put('/api/v1/integration-settings', { webhooksAllowPrivate: true })).statusCode).toBe(403);
  });
});

describe('webhook delivery', () => {
  it('refuses loopback until the workspace allows it; an unsubscribe through /u/{token} is delivered signed, and replayed with the same webhook-id', async () => {
    const hook = await endpoint('/unsubscribed', ['contact.unsubscribed']);
    const survey = await seedSurvey(t.database, ws.workspaceId);
    const contactId = await seedContact(t.database, ws.workspaceId, ws.rootUnitId, { firstName: 'Ulla' });
    const token = await seedInvitation(t.database, { workspaceId: ws.workspaceId, surveyId: survey.surveyId, contactId });
    const page = await t.app.inject({
      method: 'POST',
      url: `/u/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '_lang=en',
    });
    expect(page.statusCode).toBe(200);

    const [pending] = await deliveriesOf(hook.id);
    expect(pending).toMatchObject({
      eventType: 'contact.unsubscribed',
      status: 'pending',
      attempts: 0,
      payload: { type: 'contact.unsubscribed', data: { contactId, via: 'page' } },
    });
    expect(pending?.webhookId).toMatch(/^msg_/);

    // Loopback is refused by default: nothing reaches the receiver, the attempt is logged and retried later.
    const now = new Date();
    expect(await deliverDueWebhooks(t.database.db, config, now)).toEqual({ delivered: 0, failed: 1 });
    expect(at('/unsubscribed')).toHaveLength(0);
    const [refused] = await deliveriesOf(hook.id);
    expect(refused).toMatchObject({ status: 'pending', attempts: 1, lastResponseStatus: null, nextAttemptAt: new Date(now.getTime() + 30_000).toISOString() });
    expect(refused?.lastError).toContain('loopback');

    await allowPrivate(true);
    expect(await deliverDueWebhooks(t.database.db, config, new Date(now.getTime() + 30_000))).toEqual({ delivered: 1, failed: 0 });
    const [first] = at('/unsubscribed');
    expect(first?.verified).toBe(true);
    expect(first?.headers['webhook-id']).toBe(pending?.webhookId);
    expect(first?.headers['webhook-signature']).toMatch(/^v1,/);
    expect(JSON.parse(first?.body ?? '{}')).toMatchObject({ type: 'contact.unsubscribed', data: { contactId, via: 'page' } });
    expect((await deliveriesOf(hook.id))[0]).toMatchObject({ status: 'delivered', attempts: 2, lastResponseStatus: 200, lastError: null });

    const replayed = await owner.post(`/api/v1/webhook-endpoints/${hook.id}/deliveries/${pending?.id}/replay`);
    expect(replayed.statusCode, replayed.body).toBe(200);
    expect(replayed.json()).toMatchObject({ status: 'delivered', attempts: 3, webhookId: pending?.webhookId });
    const [, again] = at('/unsubscribed');
    expect(again?.verified).toBe(true);
    expect(again?.headers['webhook-id']).toBe(first?.headers['webhook-id']);
    expect(again?.body).toBe(first?.body);
    // Nothing else was due.
    expect(await deliverDueWebhooks(t.database.db, config, new Date(now.getTime() + 3_600_000))).toEqual({ delivered: 0, failed: 0 });
  });

  it('delivers response.created and response.completed from the respondent pages; a failing receiver gets retries with backoff', async () => {
    await allowPrivate(true);
    const created = await endpoint('/created', ['response.created']);
    const completed = await endpoint('/completed', ['response.completed']);
    failures.set('/completed', 1);
    const survey = await seedSurvey(t.database, ws.workspaceId);
    const contactId = await seedContact(t.database, ws.workspaceId, ws.rootUnitId, { firstName: 'Rasmus' });
    const token = await seedInvitation(t.database, { workspaceId: ws.workspaceId, surveyId: survey.surveyId, contactId });
    // A passive answer: no default alert rule opens a case, whose case.created would go to the example.com endpoints above.
    const end = await answerSurvey(token, [{ recommend: '8' }, { why: 'Friendly mechanics' }, { contact_ok: 'yes' }]);
    expect(end).toContain('/thanks');

    const now = new Date();
    expect(await deliverDueWebhooks(t.database.db, config, now)).toEqual({ delivered: 1, failed: 1 });
    const [createdEvent] = at('/created');
    expect(createdEvent?.verified).toBe(true);
    expect(JSON.parse(createdEvent?.body ?? '{}')).toMatchObject({
      type: 'response.created',
      data: { surveyId: survey.surveyId, contactId, channel: 'email' },
    });
    expect((await deliveriesOf(created.id))[0]).toMatchObject({ eventType: 'response.created', status: 'delivered', attempts: 1, lastResponseStatus: 200 });

    // The receiver answered 500: the delivery waits 30 s, and is not sent before.
    const [waiting] = await deliveriesOf(completed.id);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, lastResponseStatus: 500, nextAttemptAt: new Date(now.getTime() + 30_000).toISOString() });
    expect(waiting?.lastError).toContain('receiver is down');
    expect(await deliverDueWebhooks(t.database.db, config, new Date(now.getTime() + 29_000))).toEqual({ delivered: 0, failed: 0 });
    expect(await deliverDueWebhooks(t.database.db, config, new Date(now.getTime() + 30_000))).toEqual({ delivered: 1, failed: 0 });
    const attempts = at('/completed');
    expect(attempts).toHaveLength(2);
    expect(attempts.every((a) => a.verified)).toBe(true);
    expect(attempts[1]?.headers['webhook-id']).toBe(attempts[0]?.headers['webhook-id']);
    expect(JSON.parse(attempts[1]?.body ?? '{}')).toMatchObject({ type: 'response.completed', data: { contactId, score: 8, category: 'passive' } });
    expect((await deliveriesOf(completed.id))[0]).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('holds the deliveries of a disabled endpoint until it is enabled again, and sends a disabled endpoint no new events', async () => {
    await allowPrivate(true);
    const paused = await endpoint('/paused', ['case.updated']);
    const now = new Date();
    expect(await emitWebhookEvent(t.database.db, ws.workspaceId, 'case.updated', { caseId: 'c-1' }, now)).toBe(1);
    expect((await owner.patch(`/api/v1/webhook-endpoints/${paused.id}`, { enabled: false })).statusCode).toBe(200);
    expect(await emitWebhookEvent(t.database.db, ws.workspaceId, 'case.updated', { caseId: 'c-2' }, now)).toBe(0);
    expect(await deliverDueWebhooks(t.database.db, config, now)).toEqual({ delivered: 0, failed: 0 });
    expect((await owner.patch(`/api/v1/webhook-endpoints/${paused.id}`, { enabled: true })).statusCode).toBe(200);
    expect(await deliverDueWebhooks(t.database.db, config, now)).toEqual({ delivered: 1, failed: 0 });
    expect(at('/paused').map((r) => [r.verified, JSON.parse(r.body).data])).toEqual([[true, { caseId: 'c-1' }]]);
  });

  it('gives up after the last attempt, each wait twice the one before', async () => {
    await allowPrivate(true);
    const down = await endpoint('/down', ['contact.unsubscribed']);
    failures.set('/down', -1);
    const survey = await seedSurvey(t.database, ws.workspaceId);
    const contactId = await seedContact(t.database, ws.workspaceId, ws.rootUnitId);
    const token = await seedInvitation(t.database, { workspaceId: ws.workspaceId, surveyId: survey.surveyId, contactId });
    await t.app.inject({
      method: 'POST',
      url: `/u/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });

    let now = new Date();
    const waits: number[] = [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      // The first tick also delivers to the earlier test's endpoint, which subscribes to this event too.
      expect(await deliverDueWebhooks(t.database.db, config, now)).toMatchObject({ failed: 1 });
      const [delivery] = await deliveriesOf(down.id);
      expect(delivery?.attempts).toBe(attempt);
      if (attempt < MAX_ATTEMPTS) {
        const next = new Date(delivery?.nextAttemptAt as string);
        waits.push(next.getTime() - now.getTime());
        now = next;
      } else expect(delivery).toMatchObject({ status: 'failed', nextAttemptAt: null, lastResponseStatus: 500 });
    }
    expect(waits).toEqual([1, 2, 3, 4, 5, 6, 7].map(retryDelayMs));
    expect(waits).toEqual([30, 60, 120, 240, 480, 960, 1920].map((s) => s * 1000));
    expect(at('/down')).toHaveLength(MAX_ATTEMPTS);
    expect(await deliverDueWebhooks(t.database.db, config, new Date(now.getTime() + 86_400_000))).toEqual({ delivered: 0, failed: 0 });
  });

  it('keeps finished deliveries for the log period and pending ones until they are sent', async () => {
    const pending = await emitWebhookEvent(t.database.db, ws.workspaceId, 'contact.unsubscribed', { contactId: 'c-old' }, new Date());
    expect(pending).toBeGreaterThan(0);
    const count = async () => {
      const rows = await t.database.db.selectFrom('webhook_deliveries').select('status').where('workspace_id', '=', ws.workspaceId).execute();
      return { finished: rows.filter((r) => r.status !== 'pending').length, pending: rows.filter((r) => r.status === 'pending').length };
    };
    const before = await count();
    expect(before.finished).toBeGreaterThan(0);
    expect(await pruneWebhookDeliveries(t.database.db, new Date(Date.now() + (DELIVERY_LOG_DAYS - 1) * 86_400_000))).toBe(0);
    expect(await pruneWebhookDeliveries(t.database.db, new Date(Date.now() + (DELIVERY_LOG_DAYS + 1) * 86_400_000))).toBe(before.finished);
    expect(await count()).toEqual({ finished: 0, pending: before.pending });
  });
});
