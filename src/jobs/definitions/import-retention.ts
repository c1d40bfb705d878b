// Deletes uploaded import files and then whole imports once they are old enough
// (IMPORT_FILE_RETENTION_DAYS, IMPORT_RETENTION_DAYS; src/domain/imports/retention.ts). Daily, at night UTC.
import { z } from 'zod';
import { applyImportRetention } from '../../domain/imports/index.ts';
import type { JobDefinition } from '../queue.ts';

const payload = z.object({});

export const importRetentionJob: JobDefinition<typeof payload> = {
  id: 'import-retention',
  payload,
  expireInSeconds: 60 * 60,
  retryLimit: 2,
  cron: '17 3 * * *',
  handler: async (_payload, { database, logger, config }) => {
    const result = await applyImportRetention(database.db, { fileDays: config.importFileRetentionDays, importDays: config.importRetentionDays });
    logger.info(result, 'import retention applied');
  },
};
