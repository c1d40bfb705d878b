// Scans the import drop folders (src/domain/imports/drop-folder.ts) every minute, and right after a
// drop-folder import finishes so its file moves to done/ or failed/ without waiting for the minute.
import { z } from 'zod';
import { dropFolderHasFiles, scanDropFolder } from '../../domain/imports/index.ts';
import type { JobDefinition } from '../queue.ts';
import { importContactsJob } from './import-contacts.ts';

const payload = z.object({});

export const importDropFolderJob: JobDefinition<typeof payload> = {
  id: 'import-drop-folder',
  payload,
  // Storing a large file takes a while; the next minute's scan finds the lock held and does nothing.
  expireInSeconds: 60 * 60,
  // A failed scan is retried by the next scheduled one.
  retryLimit: 0,
  cron: '* * * * *',
  // At start, a scan at once when files wait (claimed ones a killed process left in processing/, or
  // files delivered while no server ran), rather than at the next minute.
  recover: async ({ config }) => ((await dropFolderHasFiles(config.importDropDir)) ? [{}] : []),
  handler: async (_payload, { database, logger, config, jobs }) => {
    await scanDropFolder({
      database,
      root: config.importDropDir,
      logger,
      quietSeconds: config.importDropQuietSeconds,
      queueImport: (importId) => jobs.send(importContactsJob, { importId }),
    });
  },
};
