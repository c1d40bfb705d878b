// The validation report of one import: counts, duplicates of the upsert key inside the file, the problems,
// and the report as a CSV a person opens in Excel.
import { stringify } from 'csv-stringify/sync';
import { KeySet } from './key-set.ts';
import type { ImportMapping } from './mapping.ts';
import type { Problem, RowResult } from './validate-row.ts';

export interface ImportCounts {
  rowsRead: number;
  /** Valid rows whose key was not seen before: the rows an import would write. */
  valid: number;
  invalid: number;
  /** Valid rows whose key an earlier valid row of the file already has. */
  duplicates: number;
}

export type RowOutcome = 'valid' | 'invalid' | 'duplicate';

export const REPORT_COLUMNS = ['row', 'column', 'field', 'value', 'problem', 'allowed'] as const;

/**
 * Feed it every row's result in file order. The key of a row is its external id, or its email when it
 * has none; the first valid row with a key wins and later ones are reported naming it. Keys are kept in
 * memory, packed (key-set.ts: ~30 bytes a key); problems are stored up to `maxProblems` and counted beyond.
 */
export class ImportReportBuilder {
  readonly #maxProblems: number;
  readonly #keyColumns: { externalId: string; email: string };
  readonly #firstRowByKey = new KeySet();
  readonly #problems: Problem[] = [];
  #problemsNotStored = 0;
  readonly #counts: ImportCounts = { rowsRead: 0, valid: 0, invalid: 0, duplicates: 0 };

  constructor(mapping: ImportMapping, options: { maxProblems?: number } = {}) {
    this.#maxProblems = options.maxProblems ?? 10_000;
    const columnOf = (wanted: string) => Object.entries(mapping.columns).find(([, field]) => field === wanted)?.[0] ?? '';
    this.#keyColumns = { externalId: columnOf('externalId'), email: columnOf('email') };
  }

  add(rowNumber: number, result: RowResult): RowOutcome {
    this.#counts.rowsRead += 1;
    if (!result.ok) {
      this.#counts.invalid += 1;
      for (const problem of result.problems) this.#store(problem);
      return 'invalid';
    }
    const { externalId, email } = result.record;
    const field = externalId !== undefined ? 'externalId' : 'email';
    const value = externalId ?? email ?? '';
    const key = `${field}:${value}`;
    const first = this.#firstRowByKey.firstRowOrAdd(key, rowNumber);
    if (first === undefined) {
      this.#counts.valid += 1;
      return 'valid';
    }
    this.#counts.duplicates += 1;
    this.#store({
      rowNumber,
      column: this.#keyColumns[field],
      field,
      value,
      message: `Duplicate: row ${first} has the same ${field === 'externalId' ? 'external id' : 'email'}`,
      allowed: `each ${field === 'externalId' ? 'external id' : 'email'} once per file`,
    });
    return 'duplicate';
  }

  get counts(): Readonly<ImportCounts> {
    return { ...this.#counts };
  }

  /** The stored problems, in file order. */
  get problems(): readonly Problem[] {
    return this.#problems;
  }

  /** Problems beyond `maxProblems`, counted but not stored. */
  get problemsNotStored(): number {
    return this.#problemsNotStored;
  }

  /**
   * The report as CSV text chunks: a UTF-8 BOM (so Excel reads æøå right), a header line, one line per
   * problem, CRLF line ends, and a last line saying how many problems were left out. Pass the upload's
   * delimiter so the report opens in columns in the same Excel that wrote the file.
   */
  *csv(options: { delimiter?: ',' | ';' | '\t' } = {}): Generator<string> {
    const delimiter = options.delimiter ?? ',';
    yield `\uFEFF${csvLine(REPORT_COLUMNS, delimiter)}`;
    for (const problem of this.#problems) yield problemLine(problem, delimiter);
    if (this.#problemsNotStored > 0) {
      yield csvLine(['', '', '', '', `${this.#problemsNotStored} more problems are not listed; fix the ones above and check the file again`, ''], delimiter);
    }
  }

  #store(problem: Problem): void {
    if (this.#problems.length < this.#maxProblems) this.#problems.push(problem);
    else this.#problemsNotStored += 1;
  }
}

/**
 * One CSV line of text cells, ending in CRLF (csv-stringify, RFC 4180). Text that a spreadsheet would
 * run as a formula (starting with = + - @ or a tab/CR) gets a leading apostrophe, because report values
 * come from uploaded files (CSV injection).
 */
export const csvLine = (cells: readonly string[], delimiter: string = ','): string =>
  stringify([cells], { delimiter, record_delimiter: 'windows', escape_formulas: true });

/** One CSV field, quoted and guarded as in csvLine. */
export const csvField = (value: string, delimiter: string = ','): string => csvLine([value], delimiter).slice(0, -2);

/** A problem as a line of the report, in REPORT_COLUMNS' order. */
export const problemLine = (p: Problem, delimiter: string): string =>
  csvLine([String(p.rowNumber), p.column, p.field, p.value, p.message, p.allowed], delimiter);
