// Sends alert notifications (src/domain/loop/notify.ts) every minute: alert emails go to the
// outbox, Slack, Teams and webhook posts are sent, failures retried with backoff.
import { z } from 'zod';
import { deliverAlertNotifications } from '../../domain/loop/index.ts';
import type { JobDefinition } from '../queue.ts';

const payload = z.object({});

export const loopNotifyJob: JobDefinition<typeof payload> = {
  id: 'loop-notify',
  payload,
  // A batch of 50 requests of up to 10 s each, one after another.
  expireInSeconds: 15 * 60,
  retryLimit: 0,
  cron: '* * * * *',
  handler: async (_payload, { database, logger, config, mail }) => {
    const result = await deliverAlertNotifications(database.db, config, mail, new Date());
    if (result.sent + result.failed > 0) logger.info(result, 'alert notifications sent');
  },
};
