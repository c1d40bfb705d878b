// Webhooks in Chromium, on a desktop and on a phone (dark mode): an admin allows private targets,
// adds an endpoint on a local receiver and copies its secret from the one-time dialog; an event
// waits in the delivery log, and the replay button delivers it, signed so that the official
// standardwebhooks library accepts it with that secret. Each screen is checked with axe.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { emitWebhookEvent } from '../../src/domain/integrations/index.ts';
import { seedUser, seedWorkspace } from '../support/app.ts';
import { expectAccessible, navigate, type Server, setUpBrowserAndServers, signIn, snap, VIEWPORTS } from './harness.ts';

const WORKSPACE = 'Krog Cykler';
const ADMIN = 'ada@krog.example';

const received: { headers: Record<string, string>; body: string }[] = [];
let receiver: http.Server;
let receiverUrl: string;

const env = setUpBrowserAndServers(async ({ database }) => {
  const workspace = await seedWorkspace(database, WORKSPACE, 'owner@krog.example');
  await seedUser(database, workspace.workspaceId, ADMIN, 'admin');
});

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])), body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

describe.each(VIEWPORTS)('webhooks on $name', ({ name: viewport, options }) => {
  let server: Server;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = env.server(viewport);
    context = await env.browser().newContext({ ...options, baseURL: server.base });
    page = await context.newPage();
    await signIn(page, ADMIN, WORKSPACE);
  });
  afterAll(async () => {
    await context?.close();
  });

  test('an admin adds an endpoint, keeps its secret, and replays a delivery the receiver verifies', async () => {
    await navigate(page, 'Webhooks');
    await page.getByText('No webhook endpoints yet.').waitFor();
    await expectAccessible(page);

    const allow = page.getByLabel('Allow endpoints on private, loopback and link-local addresses');
    await allow.check();
    await expect
      .poll(
        async () => (await server.database.db.selectFrom('integration_settings').select('webhooks_allow_private').executeTakeFirst())?.webhooks_allow_private,
      )
      .toBe(true);

    await page.getByLabel('URL').fill('ftp://example.com/x');
    await page.getByLabel('contact.unsubscribed').check();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByText('must use http or https').first().waitFor();

    await page.getByLabel('URL').fill(receiverUrl);
    await page.getByLabel('Description').fill(`CRM (${viewport})`);
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const dialog = page.getByRole('dialog', { name: 'The endpoint is added' });
    await dialog.waitFor();
    const secret = await dialog.getByLabel('Signing secret').inputValue();
    expect(secret).toMatch(/^whsec_/);
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Done' }).click();

    const workspace = await server.database.db.selectFrom('workspaces').select('id').executeTakeFirstOrThrow();
    await emitWebhookEvent(server.database.db, workspace.id, 'contact.unsubscribed', { contactId: 'c-42', via: 'page' }, new Date());
    await page.getByRole('button', { name: `Deliveries to ${receiverUrl}` }).click();
    const log = page.getByRole('region', { name: `Deliveries to ${receiverUrl}` });
    await log.getByText('Pending').waitFor();
    await page.getByRole('button', { name: /^Replay msg_/ }).click();
    await log.getByText('Delivered').waitFor();
    await expectAccessible(page);
    await snap(page, `${viewport}-webhooks`);

    const delivered = received.at(-1);
    expect(delivered).toBeDefined();
    expect(new Webhook(secret).verify(delivered?.body ?? '', delivered?.headers ?? {})).toMatchObject({
      type: 'contact.unsubscribed',
      data: { contactId: 'c-42' },
    });
  });
});
