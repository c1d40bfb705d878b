// Workspace branding for respondent pages: read and change the colour and logo, and the public,
// content-hashed logo URL the pages link to.
import { z } from 'zod';
import { getBrandingView, readBrandLogo, removeBrandLogo, setBrandColour, setBrandLogo } from '../../domain/workspaces/branding.ts';
import { LOGO_TYPES, MAX_LOGO_BYTES } from '../../domain/workspaces/branding-rules.ts';
import { AppError } from '../../errors.ts';
import { contextOf, requireActor } from '../plugins/auth.ts';
import { Id, Problem, problemResponses } from '../schemas.ts';
import type { App, Deps } from '../types.ts';

const tags = ['Workspaces'];
const LOGO_CONTENT_TYPES = Object.keys(LOGO_TYPES);

const Branding = z
  .object({
    colour: z.string().nullable().describe('Brand colour as #rrggbb; buttons carry white text on it'),
    logoUrl: z.string().nullable().describe('Same-origin URL of the logo; it changes with the logo, so it may be cached forever'),
    logo: z.object({ contentType: z.enum(LOGO_CONTENT_TYPES as [string, ...string[]]), bytes: z.number().int() }).nullable(),
    contrastWithWhite: z.number().nullable().describe('Contrast ratio of white text on the colour (at least 4.5)'),
    focusColourOnDark: z.string().nullable().describe('Focus and selection colour respondent pages use in dark mode'),
  })
  .meta({ id: 'Branding' });

const ColourBody = z.object({
  colour: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour as #RRGGBB, such as #1a5fb4')
    .nullable()
    .describe('#RRGGBB; white text on it needs a contrast ratio of at least 4.5:1. null removes the colour.'),
});

const LogoParams = z.object({
  workspaceId: Id,
  file: z.string().regex(/^logo-[0-9a-f]{16}\.(png|jpg|webp|svg)$/, 'must be a logo file name from logoUrl'),
});

/** A year: the URL names the content, so a new logo is a new URL. */
const FOREVER = 'public, max-age=31536000, immutable';

export function brandingRoutes(app: App, deps: Deps) {
  const db = deps.database.db;

  app.get(
    '/api/v1/workspace/branding',
    { schema: { tags, summary: "The workspace's branding on respondent pages", response: { 200: Branding, ...problemResponses } } },
    async (request) => getBrandingView(db, requireActor(request)),
  );

  app.put(
    '/api/v1/workspace/branding',
    {
      schema: {
        tags,
        summary: 'Set or remove the brand colour',
        description:
          'Refused with 400 when white text on the colour has a contrast ratio below 4.5:1; the message gives the ratio and a darker shade that passes.',
        body: ColourBody,
        response: { 200: Branding, ...problemResponses },
      },
    },
    async (request) => setBrandColour(db, requireActor(request), request.body.colour, contextOf(request)),
  );

  // Raw image bodies only here: the parser takes any image/* so the domain can name what is allowed.
  app.register(async (scope: App) => {
    scope.addContentTypeParser(/^image\//, { parseAs: 'buffer', bodyLimit: MAX_LOGO_BYTES * 4 }, (_request, body, done) => done(null, body));
    scope.put(
      '/api/v1/workspace/branding/logo',
      {
        schema: {
          tags,
          summary: 'Upload the logo',
          description:
            `The request body is the image file itself, with its Content-Type (${LOGO_CONTENT_TYPES.join(', ')}); at most ${MAX_LOGO_BYTES / 1024} KB. ` +
            'The format is told by the bytes. SVGs with scripts, event handlers, foreignObject, animation, DOCTYPEs or references outside the file are refused.',
          consumes: LOGO_CONTENT_TYPES,
          body: z.any().describe('The image file (binary)'),
          response: { 200: Branding, ...problemResponses, 413: Problem, 415: Problem },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        if (!Buffer.isBuffer(request.body)) {
          throw new AppError('unsupported_media_type', `Send the logo as the request body with Content-Type ${LOGO_CONTENT_TYPES.join(', ')}.`);
        }
        return setBrandLogo(db, actor, request.headers['content-type'] ?? '', request.body, contextOf(request));
      },
    );
  });

  app.delete(
    '/api/v1/workspace/branding/logo',
    { schema: { tags, summary: 'Remove the logo', response: { 200: Branding, ...problemResponses } } },
    async (request) => removeBrandLogo(db, requireActor(request), contextOf(request)),
  );

  // Public: respondent pages show the logo to people who are not signed in.
  app.get('/brand/:workspaceId/:file', { schema: { hide: true, params: LogoParams } }, async (request, reply) => {
    const hash = request.params.file.slice('logo-'.length, 'logo-'.length + 16);
    const logo = await readBrandLogo(db, request.params.workspaceId, hash);
    if (!logo || request.params.file !== `logo-${hash}.${LOGO_TYPES[logo.contentType]}`) throw AppError.notFound('The logo');
    return reply
      .type(logo.contentType)
      .header('cache-control', FOREVER)
      .header('x-content-type-options', 'nosniff')
      .header('content-disposition', `inline; filename="${request.params.file}"`)
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
      .send(logo.data);
  });
}
