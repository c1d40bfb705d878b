// Imports one uploaded contact file (src/domain/imports/run-import.ts). Sent when an import is
// created or run again, and at start for imports a killed process left unfinished.
import { z } from 'zod';
import { runImportJob, unfinishedImports, waitsInDropFolder } from '../../domain/imports/index.ts';
import type { JobDefinition } from '../queue.ts';
import { importDropFolderJob } from './import-drop-folder.ts';

const payload = z.object({ importId: z.uuid() });

export const importContactsJob: JobDefinition<typeof payload> = {
  id: 'import-contacts',
  payload,
  // Generous: a run that outlives this is failed by pg-boss and retried; the import itself is
  // protected by its own lock and status, so a late retry of a finished import does nothing.
  expireInSeconds: 4 * 60 * 60,
  retryLimit: 2,
  handler: async ({ importId }, { database, logger, attempt, jobs, config }) => {
    // On PostgreSQL in a process of its own with a bounded heap (run-in-process.ts).
    await runImportJob(database, importId, logger, attempt, { heapMb: config.importHeapMb });
    // A file from the drop folder moves to done/ or failed/ now rather than at the next minute's scan.
    if (await waitsInDropFolder(database.db, importId)) await jobs.send(importDropFolderJob, {});
  },
  recover: async ({ database }) => (await unfinishedImports(database)).map((importId) => ({ importId })),
};
