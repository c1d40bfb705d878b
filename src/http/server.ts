// Builds the Fastify application: security headers, cookies, rate limits, the error
// handler, authentication, the OpenAPI document, the API routes and the portal.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../errors.ts';
import { registerAuth } from './plugins/auth.ts';
import { registerErrorHandling, sendProblem } from './plugins/errors.ts';
import { accountRoutes } from './routes/accounts.ts';
import { analyticsRoutes } from './routes/analytics.ts';
import { apiKeyRoutes } from './routes/api-keys.ts';
import { attributeDefinitionRoutes } from './routes/attribute-definitions.ts';
import { auditLogRoutes } from './routes/audit-log.ts';
import { authRoutes } from './routes/auth.ts';
import { bounceRoutes } from './routes/bounces.ts';
import { brandingRoutes } from './routes/branding.ts';
import { caseRoutes } from './routes/cases.ts';
import { contactRoutes } from './routes/contacts.ts';
import { digestUnsubscribeRoutes } from './routes/digest-unsubscribe.ts';
import { distributionFunnelRoutes } from './routes/distribution-funnel.ts';
import { distributionRunRoutes } from './routes/distribution-run.ts';
import { distributionSettingsRoutes } from './routes/distribution-settings.ts';
import { emailPreferenceRoutes } from './routes/email-preferences.ts';
import { eventRoutes } from './routes/events.ts';
import { healthRoutes } from './routes/health.ts';
import { importRoutes } from './routes/imports.ts';
import { loopRoutes } from './routes/loop.ts';
import { memberRoutes } from './routes/members.ts';
import { outboxRoutes } from './routes/outbox.ts';
import { respondentRoutes } from './routes/respondent.ts';
import { surveyTranslationRoutes } from './routes/survey-translations.ts';
import { surveyRoutes } from './routes/surveys.ts';
import { triggerRuleRoutes } from './routes/trigger-rules.ts';
import { unitRoutes } from './routes/units.ts';
import { unsubscribeRoutes } from './routes/unsubscribe.ts';
import { userRoutes } from './routes/users.ts';
import { waveRoutes } from './routes/waves.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { workspaceRoutes } from './routes/workspaces.ts';
import type { App, Deps } from './types.ts';

const PORTAL_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/portal');

export async function buildServer(deps: Deps, logger: FastifyBaseLogger): Promise<App> {
  const app = Fastify({
    loggerInstance: logger,
    trustProxy: deps.config.trustProxy,
    forceCloseConnections: 'idle',
    bodyLimit: 1024 * 1024,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  registerErrorHandling(app);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: deps.config.publicUrl.startsWith('https:'),
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: true,
    max: deps.apiRateLimitPerMinute,
    timeWindow: '1 minute',
    // API keys and sessions get their own budget; anonymous callers share their IP's.
    keyGenerator: (request) => request.headers.authorization?.slice(-16) ?? request.cookies?.anbefal_session?.slice(-16) ?? request.ip,
    errorResponseBuilder: (_request, context) => {
      const error = new AppError('rate_limited', `Too many requests: at most ${context.max} per ${context.after}. Slow down and retry.`, {
        retryAfterSeconds: Math.ceil(context.ttl / 1000),
      });
      return Object.assign(error, { statusCode: 429 });
    },
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Anbefal API',
        version: deps.config.version,
        description:
          'Run a Net Promoter Score programme: organisation, people and access today; surveys, distribution and the closed loop as they land. ' +
          'Authenticate with `Authorization: Bearer <API key>`, or with the session cookie plus the `x-csrf-token` header for writes. ' +
          'Errors are RFC 9457 problem documents (application/problem+json) with a stable `code`.',
        license: { name: 'AGPL-3.0-only', identifier: 'AGPL-3.0-only' },
      },
      servers: [{ url: deps.config.publicUrl }],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key created under Settings → API keys (anb_…)' },
          cookieAuth: { type: 'apiKey', in: 'cookie', name: 'anbefal_session', description: 'Portal session; writes also need x-csrf-token' },
        },
      },
      security: [{ bearerAuth: [] }, { cookieAuth: [] }],
    },
    transform: jsonSchemaTransform,
    // Schemas registered with .meta({ id }) become components.schemas, which the routes' $refs point to.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' }, staticCSP: true });

  registerAuth(app, deps);

  healthRoutes(app, deps);
  authRoutes(app, deps);
  workspaceRoutes(app, deps);
  brandingRoutes(app, deps);
  unitRoutes(app, deps);
  memberRoutes(app, deps);
  contactRoutes(app, deps);
  accountRoutes(app, deps);
  attributeDefinitionRoutes(app, deps);
  importRoutes(app, deps);
  userRoutes(app, deps);
  apiKeyRoutes(app, deps);
  auditLogRoutes(app, deps);
  outboxRoutes(app, deps);
  distributionFunnelRoutes(app, deps);
  analyticsRoutes(app, deps);
  distributionRunRoutes(app, deps);
  distributionSettingsRoutes(app, deps);
  triggerRuleRoutes(app, deps);
  eventRoutes(app, deps);
  bounceRoutes(app, deps);
  surveyRoutes(app, deps);
  surveyTranslationRoutes(app, deps);
  loopRoutes(app, deps);
  caseRoutes(app, deps);
  respondentRoutes(app, deps);
  unsubscribeRoutes(app, deps);
  digestUnsubscribeRoutes(app, deps);
  emailPreferenceRoutes(app, deps);
  waveRoutes(app, deps);
  webhookRoutes(app, deps);

  app.get('/api/v1/openapi.json', { schema: { hide: true, security: [] } }, async () => app.swagger());

  registerPortal(app);
  return app;
}

/** The React portal: built files from dist/portal, and index.html for every other GET (client routing). */
function registerPortal(app: App) {
  const hasPortal = fs.existsSync(path.join(PORTAL_DIR, 'index.html'));
  if (hasPortal) {
    app.register(fastifyStatic, { root: PORTAL_DIR, prefix: '/', wildcard: false, index: false, maxAge: '1h', immutable: true });
  }
  app.setNotFoundHandler((request, reply) => {
    const isPage =
      (request.method === 'GET' || request.method === 'HEAD') && !request.url.startsWith('/api/') && !path.extname(request.url.split('?')[0] ?? '');
    if (!isPage) return sendProblem(request, reply, AppError.notFound(`${request.method} ${request.url.split('?')[0]}`));
    if (!hasPortal) {
      return sendProblem(request, reply, new AppError('unavailable', 'The portal is not built. Run `npm run build:portal` (npm start does it for you).'));
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html', PORTAL_DIR, { maxAge: 0, immutable: false });
  });
}
