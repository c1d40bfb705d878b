// Sign-in, sign-out, the current person, workspace switching, first-run setup,
// password reset and invitation acceptance. The public ones are rate limited.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  completeSetup,
  confirmPasswordReset,
  createSession,
  describeSession,
  destroySession,
  isSetupNeeded,
  login,
  requestPasswordReset,
  switchWorkspace,
} from '../../domain/auth/index.ts';
import { acceptInvitation } from '../../domain/organisation/index.ts';
import { AppError } from '../../errors.ts';
import { clearSessionCookie, contextOf, requireSignedIn, setSessionCookie } from '../plugins/auth.ts';
import { Email, Id, Name, Password, Problem, RoleSchema } from '../schemas.ts';
import type { App, Deps } from '../types.ts';

const Me = z
  .object({
    user: z.object({ id: Id, email: z.string(), name: z.string() }),
    csrfToken: z.string(),
    workspace: z.object({ id: Id, name: z.string(), role: RoleSchema, memberId: Id, unitId: Id }).nullable(),
    workspaces: z.array(z.object({ id: Id, name: z.string(), role: RoleSchema })),
  })
  .meta({ id: 'Me' });

const publicLimit = (max: number) => ({ rateLimit: { max, timeWindow: '1 minute' } });
const tags = ['Authentication'];

export function authRoutes(app: App, deps: Deps) {
  const db = deps.database.db;
  const ttlHours = deps.config.sessionTtlHours;
  const secureCookies = deps.config.publicUrl.startsWith('https:');

  /** Signs the person in right after setup or joining: a new session, its cookie, and who they are. */
  async function startSession(request: FastifyRequest, reply: FastifyReply, who: { userId: string; workspaceId: string }) {
    const session = await createSession(db, { ...who, ip: request.ip, userAgent: request.headers['user-agent'], ttlHours });
    setSessionCookie(reply, session.token, session.expiresAt, secureCookies);
    return describeSession(db, { ...who, csrfToken: session.csrfToken });
  }

  app.get(
    '/api/v1/setup',
    { schema: { tags, summary: 'Whether first-run setup is still needed', security: [], response: { 200: z.object({ needed: z.boolean() }) } } },
    async () => ({ needed: await isSetupNeeded(db) }),
  );

  app.post(
    '/api/v1/setup',
    {
      config: publicLimit(10),
      schema: {
        tags,
        summary: 'First run: create the first owner and workspace with the one-time setup token',
        security: [],
        body: z.object({ token: z.string().min(1), workspaceName: Name, name: Name, email: Email, password: Password }),
        response: { 201: Me, 400: Problem, 409: Problem, 410: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      const created = await completeSetup(db, request.body, contextOf(request));
      return reply.code(201).send(await startSession(request, reply, created));
    },
  );

  app.post(
    '/api/v1/auth/login',
    {
      config: publicLimit(60),
      schema: {
        tags,
        summary: 'Sign in with email and password (sets the session cookie)',
        description:
          'Failed attempts back off per account and IP: after 5 failures the pair is locked for 30 s, doubling with each further failure, answered 429 with Retry-After.',
        security: [],
        body: z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(200) }),
        response: { 200: Me, 400: Problem, 401: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      const session = await login(db, { ...request.body, userAgent: request.headers['user-agent'], ttlHours }, contextOf(request));
      setSessionCookie(reply, session.token, session.expiresAt, secureCookies);
      return describeSession(db, session);
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { schema: { tags, summary: 'Sign out (ends the session)', response: { 204: z.null(), 401: Problem, 403: Problem } } },
    async (request, reply) => {
      const signedIn = requireSignedIn(request);
      await destroySession(db, signedIn.sessionId);
      clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/me',
    { schema: { tags, summary: 'The signed-in person, their workspaces and the CSRF token', response: { 200: Me, 401: Problem } } },
    async (request) => describeSession(db, requireSignedIn(request)),
  );

  app.post(
    '/api/v1/auth/workspace',
    {
      schema: {
        tags,
        summary: 'Switch the session to another of your workspaces',
        body: z.object({ workspaceId: Id }),
        response: { 200: Me, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => {
      const signedIn = requireSignedIn(request);
      if (!(await switchWorkspace(db, signedIn, request.body.workspaceId))) throw AppError.notFound(`The workspace ${request.body.workspaceId}`);
      return describeSession(db, { ...signedIn, workspaceId: request.body.workspaceId });
    },
  );

  app.post(
    '/api/v1/auth/password-reset',
    {
      config: publicLimit(5),
      schema: {
        tags,
        summary: 'Email a one-time password reset link (always 202, so it does not reveal which emails have accounts)',
        security: [],
        body: z.object({ email: Email }),
        response: { 202: z.object({ status: z.literal('accepted') }), 400: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(db, deps.mail, deps.config.publicUrl, request.body.email);
      return reply.code(202).send({ status: 'accepted' as const });
    },
  );

  app.post(
    '/api/v1/auth/password-reset/confirm',
    {
      config: publicLimit(10),
      schema: {
        tags,
        summary: 'Set a new password with the emailed token (signs out every session)',
        security: [],
        body: z.object({ token: z.string().min(1).max(200), password: Password }),
        response: { 204: z.null(), 400: Problem, 410: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      await confirmPasswordReset(db, request.body.token, request.body.password, contextOf(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/invitations/accept',
    {
      config: publicLimit(20),
      schema: {
        tags,
        summary: 'Accept an invitation: create the account (or confirm an existing one) and sign in',
        security: [],
        body: z.object({ token: z.string().min(1).max(200), name: Name.optional(), password: Password }),
        response: { 200: Me, 400: Problem, 401: Problem, 409: Problem, 410: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      const joined = await acceptInvitation(db, request.body, contextOf(request));
      return startSession(request, reply, joined);
    },
  );
}
