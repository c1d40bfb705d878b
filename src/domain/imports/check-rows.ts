// Pass 1 of an import (run-import.ts): every row checked outside any transaction, with progress.
import { sql } from 'kysely';
import type { Db, Import } from '../../db/index.ts';
import { readImportFile } from './file-store.ts';
import type { ImportMapping } from './mapping.ts';
import { openImportFile } from './read-file.ts';
import { ImportReportBuilder } from './report.ts';
import { type ValidationContext, validateRow } from './validate-row.ts';

/** rows_done is written every this many rows during the check (a short statement of its own). */
const PROGRESS_EVERY = 2_000;

/**
 * Pass 1: checks every row, outside any transaction. Keeps what pass 2 and the report need and lets the
 * rest go: the counts, the report's lines, and which rows to write (a bit per row number), so the
 * duplicate check's keys are freed before the writing starts.
 */
export async function checkRows(db: Db, row: Import, mapping: ImportMapping, validation: ValidationContext, delimiter: ',' | ';' | '\t') {
  const report = new ImportReportBuilder(mapping);
  const toWrite = new RowSet();
  const file = await openImportFile({ stream: readImportFile(db, row.id), fileName: row.file_name });
  let read = 0;
  try {
    for await (const fileRow of file.rows) {
      if (report.add(fileRow.rowNumber, validateRow(fileRow, mapping, validation)) === 'valid') toWrite.add(fileRow.rowNumber);
      read += 1;
      if (read % PROGRESS_EVERY === 0) await db.updateTable('imports').set({ rows_done: read, updated_at: sql`now()` }).where('id', '=', row.id).execute();
    }
  } finally {
    await file.close();
  }
  await db.updateTable('imports').set({ rows_done: read, rows_total: read, updated_at: sql`now()` }).where('id', '=', row.id).execute();
  return {
    counts: report.counts,
    problemCount: report.problems.length + report.problemsNotStored,
    reportCsv: [...report.csv({ delimiter })].join(''),
    toWrite,
  };
}

/** A set of row numbers as a bitmap: an eighth of a byte per row of the file. */
export class RowSet {
  #bits = new Uint8Array(1024);

  add(n: number): void {
    if (n >> 3 >= this.#bits.length) {
      const grown = new Uint8Array(Math.max(this.#bits.length * 2, (n >> 3) + 1));
      grown.set(this.#bits);
      this.#bits = grown;
    }
    this.#bits[n >> 3] = (this.#bits[n >> 3] ?? 0) | (1 << (n & 7));
  }

  has(n: number): boolean {
    return ((this.#bits[n >> 3] ?? 0) & (1 << (n & 7))) !== 0;
  }
}
