// Unsubscribing from the link in every invitation email: GET /u/{token} asks to confirm (a GET
// never unsubscribes: mail scanners fetch every link), POST /u/{token} opts the contact out, from
// the page's form or a mail client's RFC 8058 one-click POST (`List-Unsubscribe=One-Click`).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { findUnsubscribeTarget, type UnsubscribeTarget, unsubscribe } from '../../domain/distribution/index.ts';
import { chooseLanguage, fromAcceptLanguage, primaryLanguage } from '../../domain/responses/index.ts';
import { LANGUAGES, type Language } from '../../domain/surveys/definition.ts';
import { getBranding } from '../../domain/workspaces/branding.ts';
import { type Frame, renderState } from '../../survey-ui/render.ts';
import { renderUnsubscribe } from '../../survey-ui/unsubscribe.ts';
import type { App, Deps } from '../types.ts';
import { type Fields, firstOf, oneClickScope, postRateLimit } from './one-click.ts';
import { sendHtml } from './respondent.ts';

export function unsubscribeRoutes(app: App, deps: Deps) {
  oneClickScope(app, deps, pages);
}

function pages(app: App, deps: Deps) {
  const db = deps.database.db;

  const languageOf = (request: FastifyRequest, target: UnsubscribeTarget | undefined, requested: string | undefined): Language =>
    target
      ? chooseLanguage(target.survey ?? { languages: LANGUAGES, defaultLanguage: 'en' }, {
          requested,
          invitation: target.invitationLanguage,
          contact: target.contactLanguage,
          acceptLanguage: request.headers['accept-language'],
        })
      : (primaryLanguage(requested) ?? fromAcceptLanguage(request.headers['accept-language'], LANGUAGES) ?? 'en');

  async function frameOf(token: string, target: UnsubscribeTarget | undefined, language: Language): Promise<Frame> {
    return {
      language,
      languages: target?.survey?.languages ?? LANGUAGES,
      languageUrl: (l) => `/u/${encodeURIComponent(token)}?lang=${l}`,
      company: target?.company ?? '',
      branding: target ? await getBranding(db, target.workspaceId) : { colour: null, logoUrl: null },
    };
  }

  async function show(request: FastifyRequest, reply: FastifyReply, token: string, target: UnsubscribeTarget | undefined, requested: string | undefined) {
    const frame = await frameOf(token, target, languageOf(request, target, requested));
    if (!target) return sendHtml(reply, 404, renderState(frame, 'unknown'));
    return sendHtml(reply, 200, renderUnsubscribe(frame, { action: `/u/${encodeURIComponent(token)}`, done: target.optedOutAt !== null }));
  }

  app.get('/u/:token', { schema: { hide: true } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    return show(request, reply, token, await findUnsubscribeTarget(db, token), firstOf((request.query as Fields).lang));
  });

  app.post(
    '/u/:token',
    {
      schema: { hide: true },
      config: postRateLimit,
    },
    async (request, reply) => {
      const { token } = request.params as { token: string };
      const form = (request.body ?? {}) as Fields;
      const via = firstOf(form['List-Unsubscribe']) === 'One-Click' ? 'one_click' : 'page';
      const target = await unsubscribe(db, token, via, { requestId: request.id });
      return show(request, reply, token, target, firstOf(form._lang));
    },
  );
}
