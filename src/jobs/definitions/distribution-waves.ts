// Plans due waves into scheduled invitations (src/domain/distribution/wave-planning.ts), every
// minute. Planning is idempotent per wave and day, so a retry or a second process changes nothing.
import { z } from 'zod';
import { planWaves } from '../../domain/distribution/index.ts';
import type { JobDefinition } from '../queue.ts';
import { distributionSendJob } from './distribution-send.ts';

const payload = z.object({});

export const distributionWavesJob: JobDefinition<typeof payload> = {
  id: 'distribution-waves',
  payload,
  expireInSeconds: 15 * 60,
  retryLimit: 2,
  cron: '* * * * *',
  handler: async (_payload, { database, logger, jobs }) => {
    const result = await planWaves(database.db, new Date());
    if (result.waves > 0) logger.info({ waves: result.waves, invitations: result.invitations }, 'waves planned');
    // The invitations are due now: the send tick need not wait for its next minute.
    if (result.invitations > 0) await jobs.send(distributionSendJob, {});
    for (const failure of result.failed) logger.error(failure, 'a wave could not be planned; it is tried again next minute');
  },
};
