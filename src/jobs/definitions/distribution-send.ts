// The send tick (src/domain/distribution/send.ts), every minute: due invitations and reminders go
// to the outbox, then the mail dispatcher is told there is work. Safe to run in several processes
// at once: each claims its invitations with FOR UPDATE SKIP LOCKED.
import { z } from 'zod';
import { runSendTick } from '../../domain/distribution/send.ts';
import type { JobDefinition } from '../queue.ts';

const payload = z.object({ workspaceId: z.uuid().optional() });

export const distributionSendJob: JobDefinition<typeof payload> = {
  id: 'distribution-send',
  payload,
  expireInSeconds: 15 * 60,
  retryLimit: 2,
  cron: '* * * * *',
  handler: async ({ workspaceId }, { database, logger, config, mail }) => {
    const result = await runSendTick(database.db, { mail, publicUrl: config.publicUrl }, new Date(), { workspaceId });
    // Each chunk committed inside runSendTick: the outbox rows are visible to the dispatcher now.
    if (result.queued + result.reminders > 0) mail.nudge();
    if (result.queued + result.reminders + result.deferred + Object.keys(result.skipped).length > 0) logger.info(result, 'distribution send tick');
  },
};
