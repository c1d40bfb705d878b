// Sends due webhook deliveries (src/domain/integrations/deliveries.ts) every minute: new events
// reach their receivers within about a minute, retries when their backoff has passed; finished
// deliveries older than DELIVERY_LOG_DAYS leave the log.
import { z } from 'zod';
import { deliverDueWebhooks, pruneWebhookDeliveries } from '../../domain/integrations/index.ts';
import type { JobDefinition } from '../queue.ts';

const payload = z.object({});

export const webhookDeliverJob: JobDefinition<typeof payload> = {
  id: 'webhook-deliver',
  payload,
  // A batch of 50 requests of up to 10 s each, one after another.
  expireInSeconds: 15 * 60,
  retryLimit: 0,
  cron: '* * * * *',
  handler: async (_payload, { database, logger, config }) => {
    const now = new Date();
    const result = await deliverDueWebhooks(database.db, config, now);
    if (result.delivered + result.failed > 0) logger.info(result, 'webhook deliveries sent');
    const pruned = await pruneWebhookDeliveries(database.db, now);
    if (pruned > 0) logger.info({ pruned }, 'old webhook deliveries removed from the log');
  },
};
