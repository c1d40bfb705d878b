import { z } from 'zod';
import { listOutbox } from '../../domain/outbox/index.ts';
import { requireActor } from '../plugins/auth.ts';
import { Id, PageQuery, pageOf, problemResponses } from '../schemas.ts';
import type { App, Deps } from '../types.ts';

const OutboxEmail = z
  .object({
    id: Id,
    kind: z.string(),
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    status: z.enum(['pending', 'sending', 'sent', 'stored', 'failed']),
    delivered: z.boolean(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    messageId: z.string(),
    createdAt: z.iso.datetime(),
    sentAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'OutboxEmail' });

export function outboxRoutes(app: App, deps: Deps) {
  app.get(
    '/api/v1/outbox',
    {
      schema: {
        tags: ['Email'],
        summary: "Emails of this workspace; status 'stored' means no SMTP server is configured and it was not delivered",
        querystring: PageQuery,
        response: { 200: pageOf(OutboxEmail).extend({ smtpConfigured: z.boolean() }), ...problemResponses },
      },
    },
    async (request) => ({ ...(await listOutbox(deps.database.db, requireActor(request), request.query)), smtpConfigured: deps.mail.delivers }),
  );
}
