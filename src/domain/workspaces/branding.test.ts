// Workspace branding in the domain: the contrast rule and its suggested shade, logo formats told
// by their bytes, SVGs that could act refused with the reason, content-hashed URLs, other
// settings left alone, and the audit trail.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorkspace } from '../../../test/support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { type Db, migrate } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import type { UserActor } from '../access/index.ts';
import { actorForUser } from '../auth/index.ts';
import { getBranding, getBrandingView, readBrandLogo, removeBrandLogo, setBrandColour, setBrandLogo } from './branding.ts';
import { checkBrandColour, contrastRatio, DARK_BACKGROUND, formatRatio } from './branding-rules.ts';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60)]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(40)]);
const svg = (body: string) => Buffer.from(`<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">${body}</svg>`);

let test: TestDatabase;
let db: Db;
let actor: UserActor;
let analyst: UserActor;

beforeAll(async () => {
  test = await createTestDatabase();
  await migrate(test.database);
  db = test.database.db;
  const seeded = await seedWorkspace(test.database, 'Brand Co', 'bea@brand.test');
  const owner = await actorForUser(db, seeded.ownerUserId, seeded.workspaceId, 'test');
  if (!owner) throw new Error('no owner actor');
  actor = owner;
  analyst = { ...owner, role: 'analyst' };
});
afterAll(() => test?.drop());

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('contrast', () => {
  it('measures WCAG contrast ratios', () => {
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(formatRatio(4.4999)).toBe('4.49:1');
  });

  it('suggests the nearest darker shade of the same hue that passes', () => {
    const verdict = checkBrandColour('#4DA3FF');
    expect(verdict.ok).toBe(false);
    const suggestion = verdict.suggestion as string;
    expect(contrastRatio(suggestion, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    // Same hue: blue stays the strongest channel and the shade is darker in every channel.
    const channels = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
    const [r, g, b] = channels(suggestion) as [number, number, number];
    expect(b).toBeGreaterThan(g);
    expect(g).toBeGreaterThan(r);
    expect(channels(suggestion).every((c, i) => c <= (channels('#4da3ff')[i] as number))).toBe(true);
  });

  it('gives a lighter focus colour for dark mode when the colour would vanish on the dark background', () => {
    const navy = checkBrandColour('#0b1f4d');
    expect(navy.ok).toBe(true);
    expect(contrastRatio('#0b1f4d', DARK_BACKGROUND)).toBeLessThan(3);
    expect(contrastRatio(navy.focusOnDark, DARK_BACKGROUND)).toBeGreaterThanOrEqual(3);
    expect(checkBrandColour('#c62828').focusOnDark).toBe('#c62828');
  });
});

describe('brand colour', () => {
  it('stores a passing colour in lower case and leaves other settings alone', async () => {
    await sql`update workspaces set settings = settings || '{"defaultCountry":"SE"}'::jsonb where id = ${actor.workspaceId}`.execute(db);
    const view = await setBrandColour(db, actor, '#1A5FB4', {});
    expect(view).toMatchObject({ colour: '#1a5fb4', contrastWithWhite: expect.any(Number) });
    expect(view.contrastWithWhite).toBeGreaterThanOrEqual(4.5);
    expect(await getBranding(db, actor.workspaceId)).toMatchObject({ colour: '#1a5fb4' });
    const country = await sql<{ c: string }>`select settings ->> 'defaultCountry' as c from workspaces where id = ${actor.workspaceId}`.execute(db);
    expect(country.rows[0]?.c).toBe('SE');
  });

  it('refuses a light colour with the measured ratio and a darker shade that passes', async () => {
    const error = await refusal(setBrandColour(db, actor, '#ffcc00', {}));
    expect(error.status).toBe(400);
    expect(error.details.errors?.[0]?.field).toBe('body.colour');
    expect(error.message).toContain('1.51:1');
    const suggested = /such as (#[0-9a-f]{6})/.exec(error.message)?.[1] as string;
    expect(contrastRatio(suggested, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect((await getBranding(db, actor.workspaceId)).colour).toBe('#1a5fb4');
  });

  it('refuses what is not #RRGGBB, and roles that may not edit the organisation', async () => {
    expect((await refusal(setBrandColour(db, actor, 'blue', {}))).message).toContain('#RRGGBB');
    expect((await refusal(setBrandColour(db, analyst, '#000000', {}))).status).toBe(403);
  });

  it('removes the colour with null and audits every change', async () => {
    await setBrandColour(db, actor, '#000000', {});
    expect((await setBrandColour(db, actor, null, {})).colour).toBeNull();
    const entries = await db
      .selectFrom('audit_log')
      .select(['before', 'after'])
      .where('workspace_id', '=', actor.workspaceId)
      .where('action', '=', 'workspace.branding_updated')
      .orderBy('id')
      .execute();
    expect(entries.at(-1)).toMatchObject({ before: { colour: '#000000' }, after: { colour: null } });
  });
});

describe('logo', () => {
  it('stores a PNG under a content-hashed URL and serves its bytes only at the current hash', async () => {
    const view = await setBrandLogo(db, actor, 'image/png', PNG, {});
    expect(view.logo).toEqual({ contentType: 'image/png', bytes: PNG.length });
    expect(view.logoUrl).toMatch(new RegExp(`^/brand/${actor.workspaceId}/logo-[0-9a-f]{16}\\.png$`));
    expect((await getBranding(db, actor.workspaceId)).logoUrl).toBe(view.logoUrl);
    const hash = /logo-([0-9a-f]{16})/.exec(view.logoUrl as string)?.[1] as string;
    expect(await readBrandLogo(db, actor.workspaceId, hash)).toEqual({ contentType: 'image/png', data: PNG });

    const next = await setBrandLogo(db, actor, 'image/jpeg', JPEG, {});
    expect(next.logoUrl).toMatch(/\.jpg$/);
    expect(await readBrandLogo(db, actor.workspaceId, hash)).toBeNull();
  });

  it('tells the format by the bytes, not the declared type', async () => {
    expect((await setBrandLogo(db, actor, 'image/png', WEBP, {})).logo?.contentType).toBe('image/webp');
    const error = await refusal(setBrandLogo(db, actor, 'image/gif', Buffer.from('GIF89a......'), {}));
    expect(error.message).toContain('not a PNG, JPEG, WebP or SVG image (sent as image/gif)');
  });

  it('refuses files over 200 KB and empty files', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(200 * 1024)]);
    const error = await refusal(setBrandLogo(db, actor, 'image/png', big, {}));
    expect(error.status).toBe(413);
    expect(error.message).toContain('at most 200 KB');
    expect((await refusal(setBrandLogo(db, actor, 'image/png', Buffer.alloc(0), {}))).status).toBe(400);
  });

  it('accepts an inert SVG and refuses one that could act or reach outside', async () => {
    const fine = svg(
      '<defs><linearGradient id="g"><stop offset="0" stop-color="#123"/></linearGradient></defs><rect fill="url(#g)" width="10" height="10"/><use href="#g"/>',
    );
    expect((await setBrandLogo(db, actor, 'image/svg+xml', fine, {})).logoUrl).toMatch(/\.svg$/);
    const cases: [string, string][] = [
      ['<script>alert(1)</script>', 'a script'],
      ['<rect onload="alert(1)"/>', 'event handler'],
      ['<rect/onclick="alert(1)"/>', 'event handler'],
      ['<foreignObject><div>x</div></foreignObject>', 'foreignObject'],
      ['<image href="https://tracker.example/p.png"/>', 'outside the file'],
      ['<a xlink:href="javascript:alert(1)"><rect/></a>', 'javascript:'],
      ['<set attributeName="href" to="x"/>', 'animation'],
      ['<rect style="fill:url(https://x.example/a)"/>', 'url()'],
    ];
    for (const [body, reason] of cases) {
      const error = await refusal(setBrandLogo(db, actor, 'image/svg+xml', svg(body), {}));
      expect(error.message, body).toContain(reason);
    }
    const doctype = Buffer.from('<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>');
    expect((await refusal(setBrandLogo(db, actor, 'image/svg+xml', doctype, {}))).message).toContain('DOCTYPE');
  });

  it('removes the logo, keeps the colour, and audits upload and removal', async () => {
    await setBrandColour(db, actor, '#1a5fb4', {});
    await setBrandLogo(db, actor, 'image/png', PNG, {});
    expect((await refusal(removeBrandLogo(db, analyst, {}))).status).toBe(403);
    const view = await removeBrandLogo(db, actor, {});
    expect(view).toMatchObject({ colour: '#1a5fb4', logo: null, logoUrl: null });
    expect(await getBrandingView(db, analyst)).toEqual(view);
    const actions = await db.selectFrom('audit_log').select('action').where('workspace_id', '=', actor.workspaceId).execute();
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['workspace.logo_uploaded', 'workspace.logo_removed']));
  });
});
