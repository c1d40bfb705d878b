// The daily digest of open cases (src/domain/loop/digest.ts), at 05:00 UTC (06:00–07:00 in
// Scandinavia); at most one per owner and local day, however often it runs.
import { z } from 'zod';
import { sendDailyDigests } from '../../domain/loop/index.ts';
import type { JobDefinition } from '../queue.ts';

const payload = z.object({});

export const loopDigestJob: JobDefinition<typeof payload> = {
  id: 'loop-digest',
  payload,
  expireInSeconds: 30 * 60,
  retryLimit: 2,
  cron: '0 5 * * *',
  handler: async (_payload, { database, logger, config, mail }) => {
    const result = await sendDailyDigests(database.db, mail, config.publicUrl, new Date());
    if (result.sent > 0) logger.info(result, 'case digests sent');
  },
};
