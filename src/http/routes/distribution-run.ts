// Runs the send tick for the caller's workspace now (it also runs every minute as a job).
import { z } from 'zod';
import { runSendTickNow } from '../../domain/distribution/send.ts';
import { requireActor } from '../plugins/auth.ts';
import { problemResponses } from '../schemas.ts';
import type { App, Deps } from '../types.ts';

const SendTick = z
  .object({
    queued: z.number().int().describe('Invitations written to the outbox'),
    skipped: z.record(z.string(), z.number().int()).describe('Invitations not sent, by reason (recently_invited, unsubscribed, survey_closed…)'),
    deferred: z.number().int().describe("Invitations moved to the start of their recipient's next send window"),
    reminders: z.number().int().describe('Reminders written to the outbox'),
  })
  .meta({ id: 'SendTick' });

export function distributionRunRoutes(app: App, deps: Deps) {
  app.post(
    '/api/v1/distribution/run',
    {
      schema: {
        tags: ['Distribution'],
        summary: 'Send what is due now',
        description:
          'Runs the send tick for this workspace at once: due invitations are checked against the rules and queued, skipped (with the reason) or moved to the send window, and due reminders are queued, within the hourly rate. The tick also runs every minute by itself.',
        response: { 200: SendTick, ...problemResponses },
      },
    },
    async (request) => {
      const result = await runSendTickNow(deps.database.db, requireActor(request), { mail: deps.mail, publicUrl: deps.config.publicUrl }, new Date());
      if (result.queued + result.reminders > 0) deps.mail.nudge();
      return result;
    },
  );
}
