// The respondent pages: personal links /s/{token}, public links /l/{slug} and kiosks /k/{slug},
// plain HTML forms with Post/Redirect/Get, one page per state, the optional script, and the
// editor's preview. Pages are rendered by src/survey-ui; what is saved is decided in src/domain/responses.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { randomToken } from '../../domain/auth/index.ts';
import {
  categoryOf,
  chooseLanguage,
  conditionContext,
  type FormBody,
  fromAcceptLanguage,
  isValidEmailScore,
  LINK_STATES,
  type LinkKind,
  type LinkState,
  loadPreview,
  loadProgress,
  markOpened,
  type OpenLink,
  pinnedLink,
  primaryLanguage,
  recordEmailScore,
  resolveLink,
  settleEmailScore,
  shownPages,
  shownQuestions,
  submitPage,
} from '../../domain/responses/index.ts';
import { LANGUAGES, type Language } from '../../domain/surveys/definition.ts';
import { getBranding } from '../../domain/workspaces/branding.ts';
import { type Frame, renderQuestionPage, renderState, renderThankYou } from '../../survey-ui/render.ts';
import { SURVEY_SCRIPT } from '../../survey-ui/script.ts';
import { requireActor } from '../plugins/auth.ts';
import { Id, problemResponses } from '../schemas.ts';
import type { App, Deps } from '../types.ts';

const PREFIX: Record<LinkKind, string> = { personal: '/s', public: '/l', kiosk: '/k' };
const STATUS: Record<LinkState, number> = { unknown: 404, closed: 410, expired: 410, used: 410 };
const RESUME_COOKIE = 'anbefal_rk';
const RESUME_KEY = /^[A-Za-z0-9_-]{22,100}$/;
/** Posts per minute per link and address: plenty for a person (or a kiosk's queue), little for a script. */
const POSTS_PER_MINUTE = 60;

type Query = Record<string, string | string[] | undefined>;
const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/** The form's fields, whatever the client sent (a JSON body or an empty one become a form without odd values). */
function formOf(body: unknown): FormBody {
  const form: FormBody = Object.create(null);
  if (!body || typeof body !== 'object') return form;
  for (const [key, value] of Object.entries(body)) {
    const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
    if (values.length > 0) form[key] = values;
  }
  return form;
}

export function sendHtml(reply: FastifyReply, status: number, body: string) {
  // Answers and tokens must not sit in shared caches; the page is personal even when anonymous.
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
}

/** Plain HTML forms post urlencoded bodies; only the public page scopes accept them (the API stays JSON). */
export function acceptForms(scope: App) {
  scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => {
    const form: FormBody = Object.create(null);
    for (const [name, value] of new URLSearchParams(body as string)) {
      const values = form[name];
      if (values) values.push(value);
      else form[name] = [value];
    }
    done(null, form);
  });
}

export function respondentRoutes(app: App, deps: Deps) {
  app.register(async (scope) => {
    acceptForms(scope as unknown as App);
    pageRoutes(scope as unknown as App, deps);
  });
  previewRoute(app, deps);
}

function pageRoutes(app: App, deps: Deps) {
  const db = deps.database.db;
  const secureCookies = deps.config.publicUrl.startsWith('https:');

  app.get('/s-assets/survey.js', { schema: { hide: true } }, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=86400').type('text/javascript; charset=utf-8').send(SURVEY_SCRIPT),
  );

  for (const state of LINK_STATES) {
    app.get(`/s/-/${state}`, { schema: { hide: true } }, async (request, reply) => {
      const query = request.query as Query;
      const language = primaryLanguage(first(query.lang)) ?? fromAcceptLanguage(request.headers['accept-language'], LANGUAGES) ?? 'en';
      const frame: Frame = {
        language,
        languages: LANGUAGES,
        languageUrl: (l) => `/s/-/${state}?lang=${l}`,
        company: '',
        branding: { colour: null, logoUrl: null },
      };
      return sendHtml(reply, STATUS[state], renderState(frame, state));
    });
  }

  const stateRedirect = (reply: FastifyReply, request: FastifyRequest, state: LinkState, language: string | null) => {
    const lang = primaryLanguage(language) ?? fromAcceptLanguage(request.headers['accept-language'], LANGUAGES);
    return reply.redirect(`/s/-/${state}${lang ? `?lang=${lang}` : ''}`, 303);
  };

  /** Public links and anonymous personal links find their response by a key the browser holds; kiosks by the URL (no cookie). */
  const usesResumeKey = (link: OpenLink) => link.kind !== 'personal' || link.anonymous;
  const basePath = (link: OpenLink, key: string) => `${PREFIX[link.kind]}/${key}`;

  function presentedKey(request: FastifyRequest, link: OpenLink, form?: FormBody): string | null {
    if (!usesResumeKey(link)) return null;
    const candidate = first(form?._rk) ?? (link.kind === 'kiosk' ? first((request.query as Query).r) : request.cookies[RESUME_COOKIE]);
    return candidate && RESUME_KEY.test(candidate) ? candidate : null;
  }

  function keepKey(reply: FastifyReply, link: OpenLink, key: string, resumeKey: string | null) {
    if (!resumeKey || link.kind === 'kiosk') return;
    reply.setCookie(RESUME_COOKIE, resumeKey, {
      httpOnly: true,
      sameSite: 'lax',
      secure: secureCookies || 'auto',
      path: basePath(link, key),
      maxAge: 30 * 24 * 3600,
    });
  }

  async function frameFor(link: OpenLink, language: Language, url: (language: Language) => string): Promise<Frame> {
    return { language, languages: link.definition.languages, languageUrl: url, company: link.company, branding: await getBranding(db, link.workspaceId) };
  }

  const languageOf = (request: FastifyRequest, link: OpenLink, requested: string | undefined, started: string | null) =>
    chooseLanguage(link.definition, {
      requested,
      response: started,
      invitation: link.invitation?.language,
      contact: link.contact?.language,
      acceptLanguage: request.headers['accept-language'],
    });

  const nextUrl = (link: OpenLink, key: string, params: Record<string, string | null>) => {
    const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== null)).toString();
    return `${basePath(link, key)}${search ? `?${search}` : ''}`;
  };

  for (const kind of ['personal', 'public', 'kiosk'] as const) {
    const prefix = PREFIX[kind];

    app.get(`${prefix}/:key`, { schema: { hide: true } }, async (request, reply) => {
      const { key } = request.params as { key: string };
      const query = request.query as Query;
      const resolved = await resolveLink(db, kind, key);
      if ('state' in resolved) return stateRedirect(reply, request, resolved.state, resolved.language);
      let { link } = resolved;
      let resumeKey = presentedKey(request, link);
      let progress = await loadProgress(db, link, resumeKey);
      // A finished anonymous response is not reopened: the next visit (a kiosk's next person) starts anew.
      if (usesResumeKey(link) && (progress.completed || !resumeKey)) {
        resumeKey = randomToken(24);
        progress = await loadProgress(db, link, null);
      }
      link = await pinnedLink(db, link, progress.versionId);
      const language = languageOf(request, link, first(query.lang), progress.language);
      const context = conditionContext(link, progress.answers, language);
      const pages = shownPages(link.definition, context);
      const requested = Number(first(query.page) ?? '1') - 1;
      const wanted = progress.responseId && Number.isInteger(requested) ? requested : 0;
      const pageIndex = pages.find((p) => p >= wanted) ?? pages.at(-1) ?? 0;
      const main = link.definition.mainQuestion;
      const scoreParam = first(query.score);
      const emailScore =
        kind === 'personal' && pageIndex === 0 && scoreParam !== undefined && /^\d{1,2}$/.test(scoreParam) && isValidEmailScore(link, Number(scoreParam));
      // A GET records nothing: link scanners fetch every score link in the email. Only a plain view counts as opened.
      if (request.method === 'GET' && scoreParam === undefined) await markOpened(db, link);
      keepKey(reply, link, key, resumeKey);
      const frame = await frameFor(link, language, (l) => nextUrl(link, key, { page: String(pageIndex + 1), lang: l, r: kind === 'kiosk' ? resumeKey : null }));
      const stored = (questionKey: string) => {
        if (emailScore && questionKey === main) return [String(Number(scoreParam))];
        const answer = progress.answers.get(questionKey);
        return answer ? (answer.choices ?? [answer.number !== undefined ? String(answer.number) : (answer.text ?? '')]) : [];
      };
      return sendHtml(
        reply,
        200,
        renderQuestionPage({
          frame,
          definition: link.definition,
          questions: shownQuestions(link.definition, pageIndex, context),
          category: categoryOf(link.definition, progress.answers),
          firstName: link.anonymous ? null : (link.contact?.firstName ?? null),
          anonymous: link.anonymous,
          action: basePath(link, key),
          pageIndex,
          position: pages.indexOf(pageIndex) + 1,
          pageCount: pages.length,
          isLast: pages.at(-1) === pageIndex,
          values: stored,
          problems: [],
          hidden: { _page: String(pageIndex + 1), _lang: language, ...(resumeKey ? { _rk: resumeKey } : {}) },
          emailScore: emailScore ? { anonymous: link.anonymous } : undefined,
        }),
      );
    });

    app.post(
      `${prefix}/:key`,
      {
        schema: { hide: true },
        config: { rateLimit: { max: POSTS_PER_MINUTE, timeWindow: '1 minute', keyGenerator: (request: FastifyRequest) => `${request.ip} ${request.url}` } },
      },
      async (request, reply) => {
        const { key } = request.params as { key: string };
        const resolved = await resolveLink(db, kind, key);
        if ('state' in resolved) return stateRedirect(reply, request, resolved.state, resolved.language);
        let { link } = resolved;
        const form = formOf(request.body);
        const source = first(form._src);
        const presented = presentedKey(request, link, form);
        const resumeKey = usesResumeKey(link) ? (presented ?? randomToken(24)) : null;
        const language = languageOf(request, link, first(form._lang), null);

        if (source === 'email_link' || source === 'email_link_confirm') {
          const main = link.definition.mainQuestion;
          const score = Number(first(main ? form[main] : undefined));
          if (source === 'email_link' && /^\d{1,2}$/.test(first(main ? form[main] : undefined) ?? '')) await recordEmailScore(db, link, score, language);
          if (source === 'email_link_confirm' && resumeKey) {
            await settleEmailScore(db, link, resumeKey, language);
            keepKey(reply, link, key, resumeKey);
          }
          return reply.code(204).header('cache-control', 'no-store').send();
        }

        const page = Number(first(form._page) ?? '1') - 1;
        const outcome = await submitPage(db, link, {
          page: Number.isInteger(page) ? page : 0,
          body: form,
          language,
          resumeKey,
          back: first(form._nav) === 'back',
        });
        keepKey(reply, link, key, resumeKey);
        const r = kind === 'kiosk' ? resumeKey : null;
        if (outcome.outcome === 'finished')
          return reply.redirect(`${basePath(link, key)}/thanks?${new URLSearchParams({ lang: language, ...(r ? { r } : {}) })}`, 303);
        if (outcome.outcome === 'saved') return reply.redirect(nextUrl(link, key, { page: String(outcome.next + 1), lang: language, r }), 303);

        const progress = await loadProgress(db, link, resumeKey);
        link = await pinnedLink(db, link, progress.versionId);
        const context = conditionContext(link, progress.answers, language);
        const pages = shownPages(link.definition, context);
        const frame = await frameFor(link, language, (l) => nextUrl(link, key, { page: String(outcome.page + 1), lang: l, r }));
        return sendHtml(
          reply,
          400,
          renderQuestionPage({
            frame,
            definition: link.definition,
            questions: shownQuestions(link.definition, outcome.page, context),
            category: categoryOf(link.definition, outcome.page === 0 ? new Map() : progress.answers),
            firstName: link.anonymous ? null : (link.contact?.firstName ?? null),
            anonymous: link.anonymous,
            action: basePath(link, key),
            pageIndex: outcome.page,
            position: Math.max(1, pages.indexOf(outcome.page) + 1),
            pageCount: pages.length,
            isLast: pages.at(-1) === outcome.page,
            values: (questionKey) => form[questionKey] ?? [],
            problems: outcome.problems,
            hidden: { _page: String(outcome.page + 1), _lang: language, ...(resumeKey ? { _rk: resumeKey } : {}) },
          }),
        );
      },
    );

    app.get(`${prefix}/:key/thanks`, { schema: { hide: true } }, async (request, reply) => {
      const { key } = request.params as { key: string };
      const query = request.query as Query;
      const resolved = await resolveLink(db, kind, key, { thankYou: true });
      if ('state' in resolved) return stateRedirect(reply, request, resolved.state, resolved.language);
      const progress = await loadProgress(db, resolved.link, presentedKey(request, resolved.link));
      const link = await pinnedLink(db, resolved.link, progress.versionId);
      // Nothing finished with this browser's key (or this personal link): back to the survey.
      if (!progress.completed) return reply.redirect(basePath(link, key), 303);
      const language = languageOf(request, link, first(query.lang), progress.language);
      const frame = await frameFor(
        link,
        language,
        (l) => `${basePath(link, key)}/thanks?${new URLSearchParams({ lang: l, ...(kind === 'kiosk' ? { r: first(query.r) ?? '' } : {}) })}`,
      );
      return sendHtml(
        reply,
        200,
        renderThankYou({
          frame,
          definition: link.definition,
          category: categoryOf(link.definition, progress.answers),
          firstName: link.anonymous ? null : (link.contact?.firstName ?? null),
          restartUrl: kind === 'kiosk' ? basePath(link, key) : undefined,
        }),
      );
    });
  }
}

function previewRoute(app: App, deps: Deps) {
  const db = deps.database.db;
  app.get(
    '/api/v1/surveys/:id/preview',
    {
      schema: {
        tags: ['Surveys'],
        summary: "A respondent page of the survey's draft as HTML, for the editor's preview (records nothing)",
        params: z.object({ id: Id }),
        querystring: z.object({
          language: z.enum(LANGUAGES).optional(),
          page: z.coerce.number().int().min(1).max(20).default(1),
        }),
        response: { ...problemResponses },
      },
    },
    async (request, reply) => {
      const source = await loadPreview(db, requireActor(request), request.params.id);
      const { definition } = source;
      const language = request.query.language && definition.languages.includes(request.query.language) ? request.query.language : definition.defaultLanguage;
      const pageIndex = Math.min(request.query.page, definition.pages.length) - 1;
      const url = (l: Language, page = pageIndex + 1) => `/api/v1/surveys/${request.params.id}/preview?language=${l}&page=${page}`;
      const body = renderQuestionPage({
        frame: {
          language,
          languages: definition.languages,
          languageUrl: (l) => url(l),
          company: source.company,
          branding: await getBranding(db, source.workspaceId),
        },
        definition,
        questions: definition.pages[pageIndex]?.questions ?? [],
        category: undefined,
        firstName: null,
        anonymous: source.anonymous,
        action: url(language),
        pageIndex,
        position: pageIndex + 1,
        pageCount: definition.pages.length,
        isLast: pageIndex === definition.pages.length - 1,
        values: () => [],
        problems: [],
        hidden: {},
        preview: true,
      });
      // The portal (same origin) shows the preview in an iframe at phone and desktop sizes.
      reply.header('x-frame-options', 'SAMEORIGIN');
      reply.header(
        'content-security-policy',
        "default-src 'self';script-src 'self';style-src 'self' 'unsafe-inline';img-src 'self' data:;connect-src 'self';frame-ancestors 'self';form-action 'none';base-uri 'self';object-src 'none'",
      );
      return sendHtml(reply, 200, body);
    },
  );
}
