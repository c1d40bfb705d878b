// Runs the alert rules on answers left unfinished (src/domain/loop/unfinished.ts) every minute.
import { z } from 'zod';
import { evaluateUnfinishedAnswers } from '../../domain/loop/index.ts';
import type { JobDefinition } from '../queue.ts';

const payload = z.object({});

export const loopUnfinishedJob: JobDefinition<typeof payload> = {
  id: 'loop-unfinished',
  payload,
  expireInSeconds: 15 * 60,
  retryLimit: 2,
  cron: '* * * * *',
  handler: async (_payload, { database, logger }) => {
    const result = await evaluateUnfinishedAnswers(database.db, new Date());
    if (result.evaluated > 0) logger.info(result, 'unfinished answers evaluated');
  },
};
