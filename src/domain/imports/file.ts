// What a reader gives back, shared by the CSV and XLSX readers.
import { AppError } from '../../errors.ts';

/** One data row. `rowNumber` is the row a spreadsheet shows for it (the header is row 1). */
export interface ImportRow {
  rowNumber: number;
  /** Cell text by header, exactly as in the file (not trimmed); a missing cell is ''. */
  values: Record<string, string>;
}

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le-bom' | 'windows-1252';
export type CsvDelimiter = ',' | ';' | '\t';

export interface ImportFile {
  format: 'csv' | 'xlsx';
  /** CSV only: how the bytes were decoded. */
  encoding?: CsvEncoding;
  /** CSV only: the delimiter found in the header line. */
  delimiter?: CsvDelimiter;
  /** Header names, trimmed, in file order; unique and non-empty. */
  headers: string[];
  /** The data rows, streamed; iterate once. Throws AppError('validation_failed') on malformed input. */
  rows: AsyncIterable<ImportRow>;
  /** Releases the file when the rows are not read to the end. Safe to call twice. */
  close(): Promise<void>;
}

/** Bytes already read for sniffing, then the rest of the source, as one stream of chunks. */
export interface ByteSource {
  head: Buffer;
  rest: AsyncIterator<Buffer>;
  destroy(): void;
}

/** A file that cannot be imported, with the row when there is one (AppError validation_failed). */
export function invalidFile(message: string, row?: number): AppError {
  const field = row === undefined ? 'file' : `row ${row}`;
  return new AppError('validation_failed', row === undefined ? message : `Row ${row}: ${message}`, { errors: [{ field, message }] });
}
