// The weekly digest email's unsubscribe link: GET /digest/unsubscribe/{token} asks to confirm (a GET
// never opts out: mail scanners fetch every link), POST opts the member out, from the page's form
// or a mail client's RFC 8058 one-click POST (`List-Unsubscribe=One-Click`). No sign-in needed.
import type { FastifyReply } from 'fastify';
import { type DigestSubscription, findDigestSubscription, unsubscribeFromDigest } from '../../domain/digest/index.ts';
import { getBranding } from '../../domain/workspaces/branding.ts';
import { renderDigestUnsubscribe } from '../../survey-ui/digest-unsubscribe.ts';
import type { Frame } from '../../survey-ui/render.ts';
import type { App, Deps } from '../types.ts';
import { type Fields, firstOf, oneClickScope, postRateLimit } from './one-click.ts';
import { sendHtml } from './respondent.ts';

export function digestUnsubscribeRoutes(app: App, deps: Deps) {
  oneClickScope(app, deps, pages);
}

function pages(app: App, deps: Deps) {
  const db = deps.database.db;
  const preferencesUrl = `${deps.config.publicUrl}/preferences`;
  const path = (token: string) => `/digest/unsubscribe/${encodeURIComponent(token)}`;

  async function frameOf(found: DigestSubscription | undefined): Promise<Frame> {
    return {
      language: 'en',
      languages: ['en'],
      languageUrl: () => '',
      company: found?.workspaceName ?? '',
      branding: found ? await getBranding(db, found.workspaceId) : { colour: null, logoUrl: null },
    };
  }

  async function show(reply: FastifyReply, token: string, found: DigestSubscription | undefined) {
    const frame = await frameOf(found);
    if (!found) return sendHtml(reply, 404, renderDigestUnsubscribe(frame, { kind: 'unknown' }));
    const state = found.optedOutAt ? { kind: 'done' as const, preferencesUrl } : { kind: 'confirm' as const, action: path(token) };
    return sendHtml(reply, 200, renderDigestUnsubscribe(frame, state));
  }

  app.get('/digest/unsubscribe/:token', { schema: { hide: true } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    return show(reply, token, await findDigestSubscription(db, token));
  });

  app.post(
    '/digest/unsubscribe/:token',
    {
      schema: { hide: true },
      config: postRateLimit,
    },
    async (request, reply) => {
      const { token } = request.params as { token: string };
      const form = (request.body ?? {}) as Fields;
      const via = firstOf(form['List-Unsubscribe']) === 'One-Click' ? 'one_click' : 'unsubscribe_page';
      return show(reply, token, await unsubscribeFromDigest(db, token, via, { requestId: String(request.id) }));
    },
  );
}
