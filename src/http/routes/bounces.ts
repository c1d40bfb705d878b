// Bounces reported by another system (a mail provider's webhook relay, a mailbox watcher).
import { z } from 'zod';
import { reportBounce } from '../../domain/distribution/bounces.ts';
import { contextOf, requireActor } from '../plugins/auth.ts';
import { Email, Id, problemResponses } from '../schemas.ts';
import type { App, Deps } from '../types.ts';

const BounceBody = z
  .object({
    email: Email.optional().describe('The rejected address'),
    messageId: z.string().min(3).max(998).optional().describe('Message-ID of the email that bounced, such as <invitation-…@host>'),
    kind: z.enum(['permanent', 'temporary']).describe('permanent: the address does not exist or refuses mail; temporary: try again later'),
    reason: z.string().max(1000).optional().describe("The receiving server's answer, such as 550 5.1.1 User unknown"),
  })
  .meta({ id: 'BounceBody' });

const ReportedBounce = z
  .object({
    id: Id,
    email: z.string(),
    kind: z.enum(['permanent', 'temporary']),
    reason: z.string().nullable(),
    contactsMarked: z.number().int().describe('Live contacts with this address now marked invalid'),
    invitationId: Id.nullable().describe('The invitation whose email (or reminder) bounced, when messageId matched one'),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'ReportedBounce' });

export function bounceRoutes(app: App, deps: Deps) {
  app.post(
    '/api/v1/bounces',
    {
      schema: {
        tags: ['Distribution'],
        summary: 'Report a bounce (owner, admin, write keys)',
        description:
          'Give `email`, `messageId` or both. A permanent bounce marks the address invalid on every live contact that has it ' +
          '(no invitation is sent to it until the email changes) and the invitation of that Message-ID bounced; a temporary one is only recorded. ' +
          'An address no contact has is still recorded (`contactsMarked: 0`); a `messageId` alone that matches no email of the workspace answers 404.',
        body: BounceBody,
        response: { 201: ReportedBounce, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await reportBounce(deps.database.db, requireActor(request), request.body, new Date(), contextOf(request))),
  );
}
