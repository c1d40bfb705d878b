// A workspace's branding on respondent pages: a brand colour (refused when white button text on
// it would be hard to read) and a logo. Both live in workspaces.settings.branding; the logo is
// stored as base64 there (at most 200 KB, so one row stays small) and served by its content hash,
// so its URL changes whenever it does and browsers may cache it forever.
//
// SVG logos are accepted only when they cannot act: no scripts, event handlers, foreignObject,
// animation (which can rewrite links), DOCTYPE/entities, stylesheets or references outside the
// file. Anything else is refused with the reason rather than silently rewritten, and the route
// serving logos adds a sandboxing Content-Security-Policy as a second line of defence.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { type Db, inTransaction } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { type Actor, canEditOrganisation, ensure } from '../access/index.ts';
import { type RequestContext, recordAudit } from '../audit/index.ts';
import { type BrandingView, checkBrandColour, colourRefusal, isHexColour, LOGO_TYPES, type LogoType, MAX_LOGO_BYTES } from './branding-rules.ts';

interface StoredLogo {
  contentType: LogoType;
  hash: string;
  bytes: number;
}

interface StoredBranding {
  colour: string | null;
  logo: StoredLogo | null;
}

const logoUrl = (workspaceId: string, logo: StoredLogo) => `/brand/${workspaceId}/logo-${logo.hash}.${LOGO_TYPES[logo.contentType]}`;

/** Reads colour and logo metadata without the logo's bytes. */
async function readStored(db: Db, workspaceId: string): Promise<StoredBranding | undefined> {
  const result = await sql<{ colour: string | null; logo: StoredLogo | null }>`
    select settings #>> '{branding,colour}' as colour,
           (settings #> '{branding,logo}') - 'data' as logo
      from workspaces where id = ${workspaceId}`.execute(db);
  const row = result.rows[0];
  return row && { colour: row.colour, logo: row.logo };
}

/** What respondent pages need: the colour and the logo's URL (null when not set). */
export async function getBranding(db: Db, workspaceId: string): Promise<{ colour: string | null; logoUrl: string | null }> {
  const stored = await readStored(db, workspaceId);
  return { colour: stored?.colour ?? null, logoUrl: stored?.logo ? logoUrl(workspaceId, stored.logo) : null };
}

function viewOf(workspaceId: string, stored: StoredBranding): BrandingView {
  const verdict = stored.colour ? checkBrandColour(stored.colour) : null;
  return {
    colour: stored.colour,
    logoUrl: stored.logo ? logoUrl(workspaceId, stored.logo) : null,
    logo: stored.logo ? { contentType: stored.logo.contentType, bytes: stored.logo.bytes } : null,
    contrastWithWhite: verdict ? Math.floor(verdict.ratio * 100) / 100 : null,
    focusColourOnDark: verdict?.focusOnDark ?? null,
  };
}

/** The branding as the API shows it; every signed-in actor of the workspace may read it. */
export async function getBrandingView(db: Db, actor: Actor): Promise<BrandingView> {
  const stored = await readStored(db, actor.workspaceId);
  if (!stored) throw AppError.notFound('The workspace');
  return viewOf(actor.workspaceId, stored);
}

/** Merges a patch into settings.branding in one statement, so concurrent changes of other settings survive. */
async function patchBranding(db: Db, workspaceId: string, patch: Record<string, unknown>, remove: string[] = []) {
  await sql`
    update workspaces
       set settings = settings || jsonb_build_object('branding', (coalesce(settings -> 'branding', '{}'::jsonb) - ${sql.val(remove)}::text[]) || ${JSON.stringify(patch)}::jsonb),
           updated_at = now()
     where id = ${workspaceId}`.execute(db);
}

/** Sets the brand colour (#RRGGBB), or removes it with null. */
export async function setBrandColour(db: Db, actor: Actor, colour: string | null, context: RequestContext): Promise<BrandingView> {
  ensure(canEditOrganisation(actor), "change the workspace's branding");
  let next: string | null = null;
  if (colour !== null) {
    if (!isHexColour(colour)) throw AppError.invalid('body.colour', `must be a colour as #RRGGBB, such as #1a5fb4 (got "${colour}")`);
    const verdict = checkBrandColour(colour);
    if (!verdict.ok) throw AppError.invalid('body.colour', colourRefusal(verdict));
    next = verdict.colour;
  }
  return inTransaction(db, async (trx) => {
    const before = await readStored(trx, actor.workspaceId);
    if (!before) throw AppError.notFound('The workspace');
    await patchBranding(trx, actor.workspaceId, next === null ? {} : { colour: next }, next === null ? ['colour'] : []);
    await recordAudit(
      trx,
      actor,
      {
        workspaceId: actor.workspaceId,
        action: 'workspace.branding_updated',
        targetType: 'workspace',
        targetId: actor.workspaceId,
        before: { colour: before.colour },
        after: { colour: next },
      },
      context,
    );
    return viewOf(actor.workspaceId, { ...before, colour: next });
  });
}

/** The format a file really has, by its first bytes (the declared content type is not trusted). */
function sniffLogo(data: Buffer): LogoType | null {
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.toString('latin1', 0, 4) === 'RIFF' && data.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (/^\uFEFF?\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>\s*)*<svg[\s>]/i.test(data.toString('utf8', 0, 4096)))
    return 'image/svg+xml';
  return null;
}

const SVG_REFUSALS: [RegExp, string][] = [
  [/<script/i, 'a script'],
  [/<foreignObject/i, 'foreignObject (embedded HTML)'],
  [/<(iframe|embed|object|audio|video|handler|listener)\b/i, 'embedded content'],
  [/<(animate|animateMotion|animateTransform|set)\b/i, 'animation elements'],
  [/[\s/]on[a-z]+\s*=/i, 'an event handler attribute (on…=)'],
  [/<!(DOCTYPE|ENTITY)/i, 'a DOCTYPE or entity declaration'],
  [/<\?xml-stylesheet|@import/i, 'an external stylesheet'],
  [/javascript:/i, 'a javascript: link'],
  [/href\s*=\s*(?!["']\s*#)/i, 'a link or image reference outside the file (only #fragment references are allowed)'],
  [/url\(\s*(?!["']?#)/i, 'a url() outside the file (only url(#…) is allowed)'],
];

/** Why an SVG is refused, or null when it is inert. */
function svgRefusal(text: string): string | null {
  for (const [pattern, what] of SVG_REFUSALS) if (pattern.test(text)) return what;
  return null;
}

function checkLogo(declaredType: string, data: Buffer): LogoType {
  const allowed = 'PNG, JPEG, WebP or SVG';
  if (data.length === 0) throw AppError.invalid('body', `is empty: send the logo file (${allowed}) as the request body`);
  if (data.length > MAX_LOGO_BYTES) {
    throw new AppError(
      'payload_too_large',
      `The logo is ${Math.ceil(data.length / 1024)} KB; it may be at most ${MAX_LOGO_BYTES / 1024} KB. Export it smaller.`,
    );
  }
  const type = sniffLogo(data);
  if (!type) throw AppError.invalid('body', `is not a ${allowed} image (sent as ${declaredType || 'no content type'})`);
  if (type === 'image/svg+xml') {
    const refusal = svgRefusal(data.toString('utf8'));
    if (refusal) throw AppError.invalid('body', `the SVG contains ${refusal}; export a plain SVG without it, or upload a PNG`);
  }
  return type;
}

/** Replaces the logo. The content type served is the one the bytes show. */
export async function setBrandLogo(db: Db, actor: Actor, declaredType: string, data: Buffer, context: RequestContext): Promise<BrandingView> {
  ensure(canEditOrganisation(actor), "change the workspace's branding");
  const contentType = checkLogo(declaredType, data);
  const logo: StoredLogo = { contentType, hash: createHash('sha256').update(data).digest('hex').slice(0, 16), bytes: data.length };
  return inTransaction(db, async (trx) => {
    const before = await readStored(trx, actor.workspaceId);
    if (!before) throw AppError.notFound('The workspace');
    await patchBranding(trx, actor.workspaceId, { logo: { ...logo, data: data.toString('base64') } });
    await recordAudit(
      trx,
      actor,
      {
        workspaceId: actor.workspaceId,
        action: 'workspace.logo_uploaded',
        targetType: 'workspace',
        targetId: actor.workspaceId,
        before: before.logo,
        after: logo,
      },
      context,
    );
    return viewOf(actor.workspaceId, { ...before, logo });
  });
}

export async function removeBrandLogo(db: Db, actor: Actor, context: RequestContext): Promise<BrandingView> {
  ensure(canEditOrganisation(actor), "change the workspace's branding");
  return inTransaction(db, async (trx) => {
    const before = await readStored(trx, actor.workspaceId);
    if (!before) throw AppError.notFound('The workspace');
    if (before.logo) {
      await patchBranding(trx, actor.workspaceId, {}, ['logo']);
      await recordAudit(
        trx,
        actor,
        { workspaceId: actor.workspaceId, action: 'workspace.logo_removed', targetType: 'workspace', targetId: actor.workspaceId, before: before.logo },
        context,
      );
    }
    return viewOf(actor.workspaceId, { ...before, logo: null });
  });
}

/** The logo's bytes for the public URL, only while `hash` is the current one (old URLs stop working). */
export async function readBrandLogo(db: Db, workspaceId: string, hash: string): Promise<{ contentType: LogoType; data: Buffer } | null> {
  const result = await sql<{ logo: (StoredLogo & { data: string }) | null }>`
    select settings #> '{branding,logo}' as logo from workspaces where id = ${workspaceId}`.execute(db);
  const logo = result.rows[0]?.logo;
  if (!logo || logo.hash !== hash) return null;
  return { contentType: logo.contentType, data: Buffer.from(logo.data, 'base64') };
}
