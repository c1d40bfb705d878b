// Retention of contact imports. Uploaded files are the bulk (they hold the whole CRM export, personal
// data included) and are needed only to run an import again, so they go first; the import record and
// its report, which say what happened, stay longer. Runs daily (src/jobs/definitions/import-retention.ts).
import { sql } from 'kysely';
import type { Db, Import } from '../../db/index.ts';

export interface ImportRetention {
  /** Days after an import finished until its uploaded file is deleted. */
  fileDays: number;
  /** Days after an import finished until the import and its report are deleted. */
  importDays: number;
}

export interface ImportRetentionResult {
  filesRemoved: number;
  importsDeleted: number;
  /** Uploads a crash cut short (no file size) more than a day ago. */
  abandonedUploads: number;
}

const FINISHED: Import['status'][] = ['succeeded', 'failed', 'rejected'];
/** Imports handled per statement: each file deletion is its own short transaction. */
const BATCH = 100;

export async function applyImportRetention(db: Db, retention: ImportRetention): Promise<ImportRetentionResult> {
  const result: ImportRetentionResult = { filesRemoved: 0, importsDeleted: 0, abandonedUploads: 0 };
  for (;;) {
    const due = await db
      .selectFrom('imports')
      .select('id')
      .where('status', 'in', FINISHED)
      .where('file_removed_at', 'is', null)
      .where('file_size', 'is not', null)
      .where('finished_at', '<', sql<Date>`now() - make_interval(days => ${retention.fileDays})`)
      .limit(BATCH)
      .execute();
    for (const { id } of due) {
      await db.transaction().execute(async (trx) => {
        // Marking first locks the row; a re-run that started meanwhile (status no longer finished) keeps its file.
        const marked = await trx
          .updateTable('imports')
          .set({ file_removed_at: sql`now()`, updated_at: sql`now()` })
          .where('id', '=', id)
          .where('status', 'in', FINISHED)
          .where('file_removed_at', 'is', null)
          .returning('id')
          .executeTakeFirst();
        if (!marked) return;
        await trx.deleteFrom('import_files').where('import_id', '=', id).execute();
        result.filesRemoved += 1;
      });
    }
    if (due.length < BATCH) break;
  }
  // Old imports go whole (their chunks cascade); one whose file still waits in the drop folder's
  // processing/ stays, or the next scan would import that file again.
  for (;;) {
    const deleted = await db
      .deleteFrom('imports')
      .where(
        'id',
        'in',
        db
          .selectFrom('imports')
          .select('id')
          .where('status', 'in', FINISHED)
          .where('drop_file', 'is', null)
          .where('finished_at', '<', sql<Date>`now() - make_interval(days => ${retention.importDays})`)
          .limit(BATCH),
      )
      .executeTakeFirst();
    const count = Number(deleted.numDeletedRows);
    result.importsDeleted += count;
    if (count < BATCH) break;
  }
  const abandoned = await db
    .deleteFrom('imports')
    .where('file_size', 'is', null)
    .where('created_at', '<', sql<Date>`now() - interval '1 day'`)
    .executeTakeFirst();
  result.abandonedUploads = Number(abandoned.numDeletedRows);
  return result;
}
