// Events from other systems (CRM, shop, service desk) that trigger rules turn into invitations.
import { listEvents, recordEvent } from '../../domain/distribution/index.ts';
import { contextOf, requireActor } from '../plugins/auth.ts';
import { pageOf, problemResponses } from '../schemas.ts';
import type { App, Deps } from '../types.ts';
import { DistributionEvent, EventBody, ListEventsQuery, RecordedEvent } from './trigger-schemas.ts';

const tags = ['Distribution'];

export function eventRoutes(app: App, deps: Deps) {
  const db = deps.database.db;

  app.post(
    '/api/v1/events',
    {
      schema: {
        tags,
        summary: 'Record an event; matching trigger rules schedule invitations (owner, admin, write keys)',
        description:
          'The contact is created or updated from `contact` first. Answers 202 with what each matching enabled rule did; ' +
          'a repeat with the same idempotencyKey and body answers 200 with the first answer.',
        body: EventBody,
        response: { 200: RecordedEvent, 202: RecordedEvent, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { result, replayed } = await recordEvent(db, requireActor(request), request.body, new Date(), contextOf(request));
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(replayed ? 200 : 202).send(result);
    },
  );

  app.get(
    '/api/v1/events',
    {
      schema: {
        tags,
        summary: 'Recent events, newest first, with what each matching rule did',
        querystring: ListEventsQuery,
        response: { 200: pageOf(DistributionEvent), ...problemResponses },
      },
    },
    async (request) => listEvents(db, requireActor(request), request.query),
  );
}
