// What every browser test file needs: a real server per viewport, one Chromium, and the steps
// people take in the portal (sign in, open the menu on a phone, follow the navigation), plus axe.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/index.ts';
import type { App } from '../../src/http/types.ts';
import { startRuntime } from '../../src/runtime.ts';
import { TEST_PASSWORD } from '../support/app.ts';
import { createTestDatabase } from '../support/database.ts';

const PORTAL_INDEX = path.resolve(import.meta.dirname, '../../dist/portal/index.html');
const SCREENSHOTS = process.env.PORTAL_SCREENSHOTS;

export const VIEWPORTS: { name: string; options: BrowserContextOptions }[] = [
  { name: 'desktop', options: { viewport: { width: 1280, height: 800 } } },
  { name: 'phone', options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, colorScheme: 'dark' } },
];

export interface Server {
  base: string;
  database: Database;
  app: App;
  close(): Promise<void>;
}

async function startServer(): Promise<Server> {
  const { database, drop } = await createTestDatabase();
  const runtime = await startRuntime(parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', JOB_SCHEDULES: 'false' }), {
    database,
    apiRateLimitPerMinute: 1_000_000,
  });
  await runtime.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = runtime.app.server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    database,
    app: runtime.app,
    async close() {
      await runtime.close();
      await drop();
    },
  };
}

/** Headless Chromium from the system's package (CI installs it with apt). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      // Chromium is most of the browser tests' CPU on two cores: one renderer process for all
      // pages (they are all one origin) instead of one per site and frame, and no paint holding.
      '--disable-site-isolation-trials',
      '--disable-features=site-per-process,IsolateOrigins,PaintHolding',
      '--renderer-process-limit=1',
    ],
  });
}

/**
 * Registers the file's hooks: one fresh server per viewport (each prepared by `prepare`, e.g.
 * seeded), started together with Chromium before the tests, all closed after.
 */
export function setUpBrowserAndServers(prepare: (server: Server) => Promise<void> = async () => undefined) {
  let browser: Browser | undefined;
  const servers = new Map<string, Server>();
  beforeAll(async () => {
    if (!fs.existsSync(PORTAL_INDEX)) throw new Error(`${PORTAL_INDEX} is missing: run \`npm run build:portal\` before the browser tests.`);
    // One server after the other: PGlite's migrations hold the event loop, and on a busy machine a
    // second server migrating beside the first outlasts Fastify's plugin timeout (10 s) of the first.
    const started = (async () => {
      for (const { name } of VIEWPORTS) {
        const server = await startServer();
        servers.set(name, server);
        await prepare(server);
      }
    })();
    browser = await launchChromium();
    await started;
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([...servers.values()].map((server) => server.close()));
  });
  return {
    browser(): Browser {
      if (!browser) throw new Error('the browser is not started yet');
      return browser;
    },
    server(viewport: string): Server {
      const server = servers.get(viewport);
      if (!server) throw new Error(`no server for ${viewport}`);
      return server;
    },
  };
}

/** Fails with the list of axe violations (rule, help, elements) so the message says what to fix;
 * `exclude`: a selector of elements checked elsewhere. */
export async function expectAccessible(page: Page, options: { exclude?: string } = {}) {
  // Legacy mode runs axe in the page itself. The default runs it per frame, then opens a blank page
  // to merge the results: a page more per check, to cover cross-origin frames, which the portal and
  // the respondent pages never embed.
  const axe = new AxeBuilder({ page }).setLegacyMode().options({ resultTypes: ['violations'] });
  if (options.exclude) axe.exclude(options.exclude);
  const { violations } = await axe.analyze();
  expect(violations.map((v) => `${v.id}: ${v.help} → ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

export const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });

/** On a phone the navigation sits behind the menu button (left open if it already is). */
export async function openMenu(page: Page) {
  if ((page.viewportSize()?.width ?? 1280) >= 760) return;
  const toggle = page.getByRole('button', { name: /^(Menu|Close menu)$/ });
  if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
}

/** Follows a link of the main navigation; each page's h1 repeats the link's text. */
export async function navigate(page: Page, link: string) {
  await openMenu(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link, exact: true }).click();
  await heading(page, link).waitFor();
}

/** Signs in and waits for the overview, whose heading is the workspace's name. */
export async function signIn(page: Page, email: string, workspace: string) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await heading(page, workspace).waitFor();
}

export async function snap(page: Page, name: string) {
  if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
