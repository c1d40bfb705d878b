// What the unsubscribe pages share (the invitations' /u/{token} and the weekly digest's): HTML forms
// and the RFC 8058 one-click POST a mail client sends, a per-link rate limit on the POSTs, and
// reading a form or query field that may come once or repeated.
import type { FastifyRequest } from 'fastify';
import type { App, Deps } from '../types.ts';
import { acceptForms } from './respondent.ts';

/** Posts per minute per link and address, as for the respondent pages. */
const POSTS_PER_MINUTE = 60;

export const postRateLimit = {
  rateLimit: { max: POSTS_PER_MINUTE, timeWindow: '1 minute', keyGenerator: (request: FastifyRequest) => `${request.ip} ${request.url}` },
};

export type Fields = Record<string, string[] | undefined>;
export const firstOf = (value: unknown): string | undefined => (Array.isArray(value) ? value[0] : typeof value === 'string' ? value : undefined);

/** Registers `pages` in a scope that takes urlencoded forms and the one-click POST's multipart body. */
export function oneClickScope(app: App, deps: Deps, pages: (scope: App, deps: Deps) => void) {
  app.register(async (scope) => {
    acceptForms(scope as unknown as App);
    // RFC 8058 prefers multipart/form-data for the one-click POST; its only field says what the POST itself already means.
    scope.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, _body, done) => done(null, {}));
    pages(scope as unknown as App, deps);
  });
}
