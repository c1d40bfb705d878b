// Durable background jobs (pg-boss). Each job lives in definitions/ as id + zod payload + handler.
import { distributionSendJob } from './definitions/distribution-send.ts';
import { distributionWavesJob } from './definitions/distribution-waves.ts';
import { importContactsJob } from './definitions/import-contacts.ts';
import { importDropFolderJob } from './definitions/import-drop-folder.ts';
import { importRetentionJob } from './definitions/import-retention.ts';
import { insightDigestJob } from './definitions/insight-digest.ts';
import { loopDigestJob } from './definitions/loop-digest.ts';
import { loopEscalateJob } from './definitions/loop-escalate.ts';
import { loopNotifyJob } from './definitions/loop-notify.ts';
import { loopUnfinishedJob } from './definitions/loop-unfinished.ts';
import { webhookDeliverJob } from './definitions/webhook-deliver.ts';
import type { JobDefinition } from './queue.ts';

export { type JobContext, type JobDefinition, type JobQueue, type JobRun, startJobs } from './queue.ts';
export { distributionSendJob, distributionWavesJob, importContactsJob, importDropFolderJob, importRetentionJob };

/** Every job this process works on. */
export const JOBS: readonly JobDefinition[] = [
  importContactsJob,
  importDropFolderJob,
  importRetentionJob,
  distributionSendJob,
  distributionWavesJob,
  webhookDeliverJob,
  loopNotifyJob,
  loopEscalateJob,
  loopDigestJob,
  loopUnfinishedJob,
  insightDigestJob,
] as unknown as JobDefinition[];
