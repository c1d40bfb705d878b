// The process an import runs in on PostgreSQL (run-in-process.ts): takes one task over IPC, runs the
// import with runImport on a small pool of its own, answers and exits.
import pino, { type Level } from 'pino';
import { openDatabase } from '../../db/index.ts';
import { runImport } from './run-import.ts';
import type { RunnerAnswer, RunnerTask } from './run-in-process.ts';

// The parent gone (killed, or exited): stop at once. PostgreSQL rolls the import's transaction back and
// releases its lock when the connections close, so a later run starts it over.
const orphaned = () => process.exit(1);
process.on('disconnect', orphaned);

process.once('message', (task: RunnerTask) => {
  void run(task).then((answer) => {
    process.off('disconnect', orphaned);
    process.send?.(answer, () => process.disconnect());
  });
});

async function run(task: RunnerTask): Promise<RunnerAnswer> {
  const logger = pino({ level: task.logLevel as Level });
  try {
    // The advisory lock, the transaction, the file's chunks and progress updates each hold a connection.
    const database = await openDatabase({ kind: 'postgres', url: task.url, poolSize: 5 });
    try {
      await runImport(database, task.importId, logger, { final: task.final });
    } finally {
      await database.close();
    }
    const usage = process.resourceUsage();
    return { ok: true, peakRss: usage.maxRSS * 1024, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
