// Workspace settings → Branding in Chromium: the contrast verdict follows the typed colour, a
// too-light colour cannot be set until the suggested shade is taken, and a logo uploads and shows.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedUser, seedWorkspace } from '../support/app.ts';
import { expectAccessible, navigate, type Server, setUpBrowserAndServers, signIn, snap, VIEWPORTS } from './harness.ts';

const WORKSPACE = 'Fyrtårn Cykler';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const env = setUpBrowserAndServers(async (server) => {
  const seeded = await seedWorkspace(server.database, WORKSPACE, 'owner@fyrtaarn.example');
  await seedUser(server.database, seeded.workspaceId, 'analyst@fyrtaarn.example', 'analyst');
});

describe.each(VIEWPORTS)('branding on $name', ({ name: viewport, options }) => {
  let server: Server;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = env.server(viewport);
    context = await env.browser().newContext({ ...options, baseURL: server.base });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
  });

  test('an owner sets a readable colour with the suggested shade and uploads a logo', async () => {
    await signIn(page, 'owner@fyrtaarn.example', WORKSPACE);
    await navigate(page, 'Workspace settings');
    const colour = page.getByLabel('Brand colour', { exact: true });
    await colour.fill('#4da3ff');
    await page.getByText(/White text: 2\.\d\d:1, too light/).waitFor();
    expect(await page.getByRole('button', { name: 'Set colour' }).isDisabled()).toBe(true);
    await expectAccessible(page);

    await page.getByRole('button', { name: /^Use #[0-9a-f]{6}/ }).click();
    await page.getByText(/readable \(at least 4\.5:1\)/).waitFor();
    const suggested = await colour.inputValue();
    await page.getByRole('button', { name: 'Set colour' }).click();
    await page.getByText(`The brand colour ${suggested} is saved.`).waitFor();

    await page.getByLabel('Logo file').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('button', { name: 'Upload logo' }).click();
    await page.getByText('The logo is saved.').waitFor();
    const logo = page.getByRole('img', { name: 'The current logo' });
    await logo.waitFor();
    expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
    await snap(page, `${viewport}-branding`);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Remove logo' }).click();
    await page.getByText('No logo yet').waitFor();
  });

  test('an analyst sees the branding but cannot change it', async () => {
    await context.clearCookies();
    await signIn(page, 'analyst@fyrtaarn.example', WORKSPACE);
    await page.goto('/settings');
    await page.getByRole('heading', { name: 'Branding' }).waitFor();
    expect(await page.getByLabel('Brand colour', { exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Set colour' }).count()).toBe(0);
    expect(await page.getByLabel('Logo file').count()).toBe(0);
  });
});
