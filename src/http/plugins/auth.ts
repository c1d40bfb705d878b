// Who is calling: an API key (Authorization: Bearer) or a session cookie. Cookie-based
// writes must carry the session's CSRF token in x-csrf-token (synchroniser token pattern);
// bearer requests cannot be forged by a browser, so they need none.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../domain/access/index.ts';
import { authenticateApiKey } from '../../domain/api-keys/index.ts';
import type { RequestContext } from '../../domain/audit/index.ts';
import { actorForUser, resolveSession, type SignedInUser, safeEqual } from '../../domain/auth/index.ts';
import { AppError } from '../../errors.ts';
import type { App, Deps } from '../types.ts';

export const SESSION_COOKIE = 'anbefal_session';

declare module 'fastify' {
  interface FastifyRequest {
    signedIn: SignedInUser | undefined;
    actor: Actor | undefined;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function registerAuth(app: App, deps: Deps): void {
  app.decorateRequest('signedIn', undefined);
  app.decorateRequest('actor', undefined);

  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/v1/')) return;
    // Public routes say so in their OpenAPI document (`security: []`). They act on no one's
    // behalf, so a session cookie there is ignored (signing in again must not need a CSRF token).
    const isPublic = (request.routeOptions.schema as { security?: unknown[] } | undefined)?.security?.length === 0;
    if (isPublic) return;
    await authenticate(request);
    // Deny by default, before the input is validated: anonymous callers learn nothing about a route's input.
    if (!request.actor && !request.signedIn && request.routeOptions.url !== undefined) requireActor(request);
  });

  async function authenticate(request: FastifyRequest): Promise<void> {
    const db = deps.database.db;
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const actor = match?.[1] ? await authenticateApiKey(db, match[1]) : undefined;
      if (!actor) {
        throw new AppError('unauthenticated', 'The API key is missing, malformed, unknown or revoked. Send "Authorization: Bearer anb_…" with an active key.');
      }
      request.actor = actor;
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const signedIn = await resolveSession(db, token);
    if (!signedIn) return;
    if (!SAFE_METHODS.has(request.method)) {
      const presented = request.headers['x-csrf-token'];
      if (typeof presented !== 'string' || !safeEqual(presented, signedIn.csrfToken)) {
        throw new AppError('csrf_failed', 'Send the x-csrf-token header with the csrfToken from GET /api/v1/auth/me.');
      }
    }
    request.signedIn = signedIn;
    if (signedIn.workspaceId) request.actor = await actorForUser(db, signedIn.userId, signedIn.workspaceId, signedIn.email);
  }
}

/** The workspace actor, or 401 when nobody (or nobody with a workspace) is signed in. */
export function requireActor(request: FastifyRequest): Actor {
  if (request.actor) return request.actor;
  if (request.signedIn)
    throw new AppError('unauthenticated', 'You are signed in but not a member of any workspace; accept an invitation or create a workspace.');
  throw new AppError('unauthenticated', 'Sign in, or send an API key as "Authorization: Bearer anb_…".');
}

export function requireSignedIn(request: FastifyRequest): SignedInUser {
  if (request.signedIn) return request.signedIn;
  throw new AppError('unauthenticated', 'This needs a signed-in person (a session cookie); API keys cannot use it.');
}

export const contextOf = (request: FastifyRequest): RequestContext => ({ ip: request.ip, requestId: String(request.id) });

/** `alwaysSecure` when the public URL is https: the cookie must not depend on trusting a proxy's headers. */
export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, alwaysSecure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: alwaysSecure || 'auto', path: '/', expires: expiresAt });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
