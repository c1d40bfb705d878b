// Pass 1 of an import (run-import.ts): every row checked outside any transaction, with progress; the
// valid rows are handed on in batches (to the staging table, or straight to the writing pass).
import { sql } from 'kysely';
import type { Db, Import } from '../../db/index.ts';
import { readImportFile } from './file-store.ts';
import type { ImportMapping } from './mapping.ts';
import { openImportFile } from './read-file.ts';
import { ImportReportBuilder } from './report.ts';
import { STAGED_BATCH_ROWS, type StagedRow } from './staging.ts';
import { type ValidationContext, validateRow } from './validate-row.ts';

/** rows_done is written every this many rows during the check (a short statement of its own). */
const PROGRESS_EVERY = 2_000;
/** The check gives the event loop a turn every this many rows: a long check (it runs in the server
 * process) must not hold up requests, nor the writing transaction's queries when the two overlap. */
const YIELD_EVERY = 100;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface CheckOptions {
  mapping: ImportMapping;
  validation: ValidationContext;
  delimiter: ',' | ';' | '\t';
  /** The columns whose cells travel with each valid row (what a problem found while writing quotes). */
  quotedColumns: string[];
  /** Takes each batch of valid rows, in file order; the check waits for it. */
  onValidRows: (rows: StagedRow[]) => Promise<void>;
  /** Stop handing rows on once a row is bad (under `reject_file` nothing is written then). */
  onlyWhileClean: boolean;
}

/**
 * Pass 1: checks every row, outside any transaction. Keeps what the report needs and lets the rest go:
 * the counts and the report's lines; the valid rows go to `onValidRows`.
 */
export async function checkRows(db: Db, row: Import, options: CheckOptions) {
  const { mapping, validation, quotedColumns, onValidRows } = options;
  const report = new ImportReportBuilder(mapping);
  const file = await openImportFile({ stream: readImportFile(db, row.id), fileName: row.file_name });
  let read = 0;
  let clean = true;
  let batch: StagedRow[] = [];
  try {
    for await (const fileRow of file.rows) {
      const result = validateRow(fileRow, mapping, validation);
      const outcome = report.add(fileRow.rowNumber, result);
      if (outcome !== 'valid') clean = false;
      if (outcome === 'valid' && result.ok && (clean || !options.onlyWhileClean)) {
        const values: Record<string, string> = {};
        for (const column of quotedColumns) values[column] = fileRow.values[column] ?? '';
        batch.push({ rowNumber: fileRow.rowNumber, record: result.record, values });
        if (batch.length >= STAGED_BATCH_ROWS) {
          await onValidRows(batch);
          batch = [];
        }
      }
      read += 1;
      if (read % YIELD_EVERY === 0) await nextTurn();
      if (read % PROGRESS_EVERY === 0) await db.updateTable('imports').set({ rows_done: read, updated_at: sql`now()` }).where('id', '=', row.id).execute();
    }
    if (batch.length > 0) await onValidRows(batch);
  } finally {
    await file.close();
  }
  await db.updateTable('imports').set({ rows_done: read, rows_total: read, updated_at: sql`now()` }).where('id', '=', row.id).execute();
  return {
    counts: report.counts,
    problemCount: report.problems.length + report.problemsNotStored,
    reportCsv: [...report.csv({ delimiter: options.delimiter })].join(''),
  };
}
