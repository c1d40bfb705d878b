// Durable background jobs (pg-boss). Each job lives in definitions/ as id + zod payload + handler.
import { importContactsJob } from './definitions/import-contacts.ts';
import type { JobDefinition } from './queue.ts';

export { type JobContext, type JobDefinition, type JobQueue, type JobRun, startJobs } from './queue.ts';
export { importContactsJob };

/** Every job this process works on. */
export const JOBS: readonly JobDefinition[] = [importContactsJob as unknown as JobDefinition];
