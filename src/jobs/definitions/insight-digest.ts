// The weekly insight digest (src/domain/digest): hourly, so each workspace's Monday 06:00 comes
// within the hour whatever its time zone; at most one email per member and week, however often it
// runs. A member whose digest failed is tried again by the retry (the others are already decided).
import { z } from 'zod';
import { sendWeeklyDigests } from '../../domain/digest/index.ts';
import type { JobDefinition } from '../queue.ts';

const payload = z.object({});

export const insightDigestJob: JobDefinition<typeof payload> = {
  id: 'insight-digest',
  payload,
  expireInSeconds: 50 * 60,
  retryLimit: 2,
  cron: '7 * * * *',
  handler: async (_payload, { database, logger, config, mail }) => {
    const result = await sendWeeklyDigests(database.db, mail, config.publicUrl, new Date());
    for (const failure of result.failed) logger.error({ err: failure.error, memberId: failure.memberId }, 'weekly digest failed');
    if (result.sent > 0 || result.empty > 0) logger.info({ sent: result.sent, empty: result.empty }, 'weekly digests decided');
    if (result.failed.length > 0) throw new Error(`${result.failed.length} weekly digest(s) failed; the retry sends them`);
  },
};
