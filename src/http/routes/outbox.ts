import { z } from 'zod';
import { listOutbox, OUTBOX_KINDS } from '../../domain/outbox/index.ts';
import { requireActor } from '../plugins/auth.ts';
import { Id, PageQuery, pageOf, problemResponses } from '../schemas.ts';
import type { App, Deps } from '../types.ts';

const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'stored', 'failed'] as const;

const OutboxQuery = PageQuery.extend({
  kind: z
    .enum(OUTBOX_KINDS, { message: `must be one of ${OUTBOX_KINDS.join(', ')}` })
    .optional()
    .meta({ description: 'invitation and reminder: survey emails to contacts; user_invitation: an invitation to sign in to the portal.' }),
  status: z
    .enum(OUTBOX_STATUSES, { message: `must be one of ${OUTBOX_STATUSES.join(', ')}` })
    .optional()
    .meta({ description: 'stored: kept because no SMTP server is configured, not delivered; failed: the SMTP server refused it for good.' }),
});

const OutboxEmail = z
  .object({
    id: Id,
    kind: z.string(),
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    status: z.enum(OUTBOX_STATUSES),
    delivered: z.boolean(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    messageId: z.string(),
    contactId: Id.nullable().meta({ description: 'The contact an invitation or reminder went to.' }),
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
        description: 'smtpConfigured: the server has an SMTP server (SMTP_URL), or the workspace has its own in its sending settings.',
        querystring: OutboxQuery,
        response: { 200: pageOf(OutboxEmail).extend({ smtpConfigured: z.boolean() }), ...problemResponses },
      },
    },
    async (request) => listOutbox(deps.database.db, requireActor(request), request.query, deps.mail.delivers),
  );
}
