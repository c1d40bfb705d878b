// The browser tests' accessibility check must fail on a real violation, in the page and in a
// same-origin frame (legacy mode runs axe in the page, not per frame: see expectAccessible).
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectAccessible, launchChromium } from './harness.ts';

const html = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;

const PAGES: Record<string, string> = {
  '/fine': html('Fine', '<p>Nothing wrong here.</p><img src="data:," alt="A dot">'),
  '/image': html('Image', '<img id="logo" src="data:,">'),
  '/outer': html('Outer', '<iframe title="Inside" src="/inner"></iframe>'),
  '/inner': html('Inner', '<button id="empty"></button>'),
};

/** The assertion's failure lists the violations as its actual value. */
const violationsOf = (check: Promise<void>) =>
  check.then(
    () => '',
    (error: { actual?: unknown }) => String(error.actual),
  );

describe('expectAccessible', () => {
  let server: http.Server;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      const body = PAGES[request.url ?? ''];
      response.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
      response.end(body ?? 'not found');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  test('passes a page without violations', async () => {
    await page.goto(`${base}/fine`);
    await expectAccessible(page);
  });

  test('fails naming the rule and the element when an image has no text alternative', async () => {
    await page.goto(`${base}/image`);
    expect(await violationsOf(expectAccessible(page))).toMatch(/image-alt: .*#logo/);
  });

  test('looks into a same-origin frame, and leaves out what `exclude` names', async () => {
    await page.goto(`${base}/outer`);
    await page.frameLocator('iframe').locator('#empty').waitFor({ state: 'attached' });
    expect(await violationsOf(expectAccessible(page))).toMatch(/button-name: .*#empty/);
    await expectAccessible(page, { exclude: 'iframe' });
  });
});
