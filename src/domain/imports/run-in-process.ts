// On PostgreSQL an import runs in a Node process of its own (import-runner.ts) with a bounded heap
// (IMPORT_HEAP_MB). Checking a file makes garbage at a steady rate, and V8 lets an unbounded old
// generation grow far past what the import keeps alive (a million rows took the server to ~400 MB);
// a heap bound can only be set when a process starts, and it should bind the import, not the server.
// The server stays responsive meanwhile, and a runner whose parent dies stops (its transaction rolls
// back). Starting a runner costs seconds of CPU (loading the modules under tsx), so files smaller than
// RUNNER_FROM_BYTES, whose garbage cannot grow the server much, are imported in the server's process.
// PGlite's database lives inside the server's process, so there every import runs in it.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../db/index.ts';
import { runImport } from './run-import.ts';

/** What the parent sends the runner. */
export interface RunnerTask {
  url: string;
  importId: string;
  final: boolean;
  logLevel: string;
}

/** What the runner answers: done (with its peak RSS in bytes and its CPU time in ms), or the unexpected error that ended it. */
export type RunnerAnswer = { ok: true; peakRss: number; cpuMs: number } | { ok: false; error: string };

// The runner is TypeScript like the rest; tsx's loader is handed to it by absolute URL, so it is found
// wherever the server was started from.
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const RUNNER = fileURLToPath(new URL('./import-runner.ts', import.meta.url));
/** Files from this size (about 30,000 rows of a typical CRM export) are imported in a runner. */
export const RUNNER_FROM_BYTES = 4 * 1024 * 1024;

/**
 * Runs the import as runImport does, in a runner process on PostgreSQL. Returns the runner's peak RSS and
 * CPU time (undefined when it ran here). An unexpected failure is thrown, as runImport throws it.
 */
export async function runImportJob(
  database: Database,
  importId: string,
  logger: Logger,
  attempt: { final: boolean },
  /** `nodeOptions`: more flags for the runner's Node (the benchmark's CPU profile); `runnerFromBytes`: RUNNER_FROM_BYTES unless given. */
  options: { heapMb: number; nodeOptions?: string[]; runnerFromBytes?: number },
): Promise<{ peakRss?: number; cpuMs?: number }> {
  const size = await database.db.selectFrom('imports').select('file_size').where('id', '=', importId).executeTakeFirst();
  if (database.kind !== 'postgres' || database.url === undefined || (size?.file_size ?? 0) < (options.runnerFromBytes ?? RUNNER_FROM_BYTES)) {
    await runImport(database, importId, logger, attempt);
    return {};
  }
  const child = fork(RUNNER, [], {
    execArgv: ['--import', TSX_LOADER, `--max-old-space-size=${options.heapMb}`, ...(options.nodeOptions ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let answer: RunnerAnswer | undefined;
  child.on('message', (message: RunnerAnswer) => {
    answer = message;
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const task: RunnerTask = { url: database.url, importId, final: attempt.final, logLevel: logger.level };
  child.send(task);
  const [code, signal] = await exited;
  if (answer?.ok) return { peakRss: answer.peakRss, cpuMs: answer.cpuMs };
  const message =
    answer?.error ?? `the import's process ended (${signal ?? `exit code ${code}`}) without finishing, for example out of memory (IMPORT_HEAP_MB)`;
  // A runner that died could not record why; on the last attempt nothing will run the import again.
  if (answer === undefined && attempt.final) {
    await database.db
      .updateTable('imports')
      .set({ status: 'failed', error: `Unexpected error: ${message}`, finished_at: sql`now()`, updated_at: sql`now()` })
      .where('id', '=', importId)
      .where('status', 'in', ['queued', 'running'])
      .execute();
  }
  throw new Error(message);
}
