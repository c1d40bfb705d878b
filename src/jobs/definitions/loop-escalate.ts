// Escalates overdue cases (src/domain/loop/escalation.ts) every five minutes; each level once.
import { z } from 'zod';
import { escalateOverdueCases } from '../../domain/loop/index.ts';
import type { JobDefinition } from '../queue.ts';

const payload = z.object({});

export const loopEscalateJob: JobDefinition<typeof payload> = {
  id: 'loop-escalate',
  payload,
  expireInSeconds: 15 * 60,
  retryLimit: 2,
  cron: '*/5 * * * *',
  handler: async (_payload, { database, logger, config, mail }) => {
    const result = await escalateOverdueCases(database.db, mail, config.publicUrl, new Date());
    if (result.escalated > 0) logger.info(result, 'overdue cases escalated');
  },
};
