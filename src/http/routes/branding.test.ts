// Branding over HTTP: the contrast refusal as a problem naming the field, raw image uploads,
// and the public logo URL with its cache, type and sniffing headers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, seedApiKey, seedUser, seedWorkspace, signIn, startTestApp, type TestApp } from '../../../test/support/app.ts';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4" fill="#1a5fb4"/></svg>');

let t: TestApp;
let owner: Awaited<ReturnType<typeof signIn>>;
let analyst: Awaited<ReturnType<typeof signIn>>;
let writeKey: string;
let workspaceId: string;

beforeAll(async () => {
  t = await startTestApp();
  const seeded = await seedWorkspace(t.database, 'Logo Co', 'lou@logo.test');
  workspaceId = seeded.workspaceId;
  await seedUser(t.database, workspaceId, 'ana@logo.test', 'analyst');
  owner = await signIn(t.app, 'lou@logo.test');
  analyst = await signIn(t.app, 'ana@logo.test');
  writeKey = await seedApiKey(t.database, workspaceId, 'write');
});
afterAll(() => t?.close());

const upload = (body: Buffer, contentType: string, headers: Record<string, string> = { cookie: owner.cookie, 'x-csrf-token': owner.csrfToken }) =>
  t.app.inject({ method: 'PUT', url: '/api/v1/workspace/branding/logo', headers: { ...headers, 'content-type': contentType }, payload: body });

describe('brand colour', () => {
  it('starts empty, saves a readable colour, and every signed-in role reads it', async () => {
    expect((await analyst.get('/api/v1/workspace/branding')).json()).toEqual({
      colour: null,
      logoUrl: null,
      logo: null,
      contrastWithWhite: null,
      focusColourOnDark: null,
    });
    const saved = await owner.request('PUT', '/api/v1/workspace/branding', { colour: '#0B1F4D' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ colour: '#0b1f4d', contrastWithWhite: expect.any(Number) });
    expect(saved.json().focusColourOnDark).not.toBe('#0b1f4d');
    expect((await analyst.get('/api/v1/workspace/branding')).json().colour).toBe('#0b1f4d');
  });

  it('answers 400 naming the ratio and a darker shade when white text would be hard to read', async () => {
    const refused = await owner.request('PUT', '/api/v1/workspace/branding', { colour: '#4da3ff' });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = refused.json();
    expect(problem.errors).toEqual([{ field: 'body.colour', message: expect.stringMatching(/ratio of 2\.\d\d:1.*such as #[0-9a-f]{6} \(4\.\d\d:1\)/) }]);
    expect((await owner.request('PUT', '/api/v1/workspace/branding', { colour: 'navy' })).json().errors[0].field).toBe('body.colour');
  });

  it('lets analysts read but not change it', async () => {
    const refused = await analyst.request('PUT', '/api/v1/workspace/branding', { colour: '#000000' });
    expect(refused.statusCode).toBe(403);
  });
});

describe('logo', () => {
  it('takes a raw PNG and serves it publicly with long caching, its type and nosniff', async () => {
    const uploaded = await upload(PNG, 'image/png');
    expect(uploaded.statusCode, uploaded.body).toBe(200);
    const { logoUrl, logo } = uploaded.json();
    expect(logo).toEqual({ contentType: 'image/png', bytes: PNG.length });
    expect(logoUrl).toMatch(new RegExp(`^/brand/${workspaceId}/logo-[0-9a-f]{16}\\.png$`));

    const served = await anonymous(t.app).get(logoUrl);
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload.equals(PNG)).toBe(true);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.headers['content-security-policy']).toContain('sandbox');

    // Another extension or an old hash is not the logo.
    expect((await anonymous(t.app).get(logoUrl.replace('.png', '.svg'))).statusCode).toBe(404);
    const replaced = await upload(SVG, 'image/svg+xml', { authorization: `Bearer ${writeKey}` });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect((await anonymous(t.app).get(logoUrl)).statusCode).toBe(404);
    const svg = await anonymous(t.app).get(replaced.json().logoUrl);
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.body).toBe(SVG.toString());
  });

  it('refuses scriptable SVGs, other formats, JSON bodies and files over 200 KB with clear problems', async () => {
    const scripted = await upload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/svg+xml');
    expect(scripted.statusCode).toBe(400);
    expect(scripted.json().detail).toContain('a script');
    const gif = await upload(Buffer.from('GIF89a\x01\x00\x01\x00'), 'image/gif');
    expect(gif.statusCode).toBe(400);
    expect(gif.json().detail).toContain('PNG, JPEG, WebP or SVG');
    const json = await owner.request('PUT', '/api/v1/workspace/branding/logo', { logo: 'x' });
    expect(json.statusCode).toBe(415);
    const big = await upload(Buffer.concat([PNG, Buffer.alloc(210 * 1024)]), 'image/png');
    expect(big.statusCode).toBe(413);
    expect(big.json().detail).toContain('at most 200 KB');
  });

  it('is removed with DELETE, after which its URL is gone; the public route needs a valid workspace id', async () => {
    const { logoUrl } = (await upload(PNG, 'image/png')).json();
    expect((await analyst.delete('/api/v1/workspace/branding/logo')).statusCode).toBe(403);
    const removed = await owner.delete('/api/v1/workspace/branding/logo');
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toMatchObject({ logo: null, logoUrl: null, colour: '#0b1f4d' });
    expect((await anonymous(t.app).get(logoUrl)).statusCode).toBe(404);
    expect((await anonymous(t.app).get('/brand/not-a-uuid/logo-0123456789abcdef.png')).statusCode).toBe(400);
  });
});
