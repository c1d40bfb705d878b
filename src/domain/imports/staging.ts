// The rows an import's check found valid, kept for its writing pass in `import_staged_rows` (migration
// 0010), so that pass neither parses nor checks the file again. A row is one JSON line; a batch of
// lines is one staged row, written as the check goes (each batch its own statement, outside the
// import's transaction) and read back one batch at a time. Used where the writing cannot start before
// the check ends: under `reject_file`, and on PGlite (whose one connection the writing transaction holds).
import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import type { ContactImportRecord } from './validate-row.ts';

/** Rows per staged batch, and so per write of the import's transaction. */
export const STAGED_BATCH_ROWS = 2_000;

export interface StagedRow {
  rowNumber: number;
  record: ContactImportRecord;
  /** The file's cells of the columns a problem found while writing may quote. */
  values: Record<string, string>;
}

export async function clearStagedRows(db: Db, importId: string): Promise<void> {
  await sql`delete from import_staged_rows where import_id = ${importId}`.execute(db);
}

/** Stores batches of rows as the check hands them over, one statement each, while the check goes on. */
export class StagedRowsWriter {
  readonly #db: Db;
  readonly #importId: string;
  #seq = 0;
  #storing: Promise<unknown> | undefined;

  constructor(db: Db, importId: string) {
    this.#db = db;
    this.#importId = importId;
  }

  /** Waits for the batch before (at most one is stored at a time), then starts storing this one. */
  async add(rows: StagedRow[]): Promise<void> {
    await this.#storing;
    const lines = serialiseBatch(rows);
    this.#storing = sql`insert into import_staged_rows (import_id, seq, lines) values (${this.#importId}, ${this.#seq++}, ${lines})`.execute(this.#db);
    // Awaited by the next add or by finish; until then a failure must not count as unhandled.
    this.#storing.catch(() => undefined);
  }

  /** Waits for the last batch; the number of batches stored. */
  async finish(): Promise<number> {
    await this.#storing;
    return this.#seq;
  }

  /** Waits for a batch still being stored, ignoring its failure (the import fails for another reason). */
  async settle(): Promise<void> {
    await this.#storing?.catch(() => undefined);
  }
}

/** A batch of rows as one string of JSON lines, as it is stored. */
const serialiseBatch = (rows: StagedRow[]) => rows.map((row) => JSON.stringify([row.rowNumber, row.record, row.values])).join('\n');

export const parseBatch = (lines: string): StagedRow[] =>
  lines.split('\n').map((line) => {
    const [rowNumber, record, values] = JSON.parse(line) as [number, ContactImportRecord, Record<string, string>];
    return { rowNumber, record, values };
  });

/** The staged batches in order, each fetched while the caller works on the one before. */
export async function* readStagedRows(db: Db, importId: string, batches: number): AsyncGenerator<string> {
  const fetch = (seq: number) =>
    sql<{ lines: string }>`select lines from import_staged_rows where import_id = ${importId} and seq = ${seq}`.execute(db).then((result) => {
      const lines = result.rows[0]?.lines;
      if (lines === undefined) throw new AppError('internal', `Staged batch ${seq} of import ${importId} is missing; run the import again.`);
      return lines;
    });
  let next = batches > 0 ? fetch(0) : undefined;
  try {
    for (let seq = 0; seq < batches; seq += 1) {
      const lines = await (next as Promise<string>);
      next = seq + 1 < batches ? fetch(seq + 1) : undefined;
      next?.catch(() => undefined);
      yield lines;
    }
  } finally {
    await next?.catch(() => undefined);
  }
}
