// CSV: charset sniffing, delimiter detection and row numbering around csv-parse (which does the parsing).
//
// Row numbers are the rows a spreadsheet shows when it opens the file: the header is row 1, every line
// break outside quotes starts a new row, empty lines count (Excel shows them as empty rows) but yield
// nothing, and a record whose quoted value spans several lines is one row, numbered where it starts.
// Without multi-line values this is simply the line number in a text editor.
import { pipeline, Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import iconv from 'iconv-lite';
import type { ByteSource, CsvDelimiter, CsvEncoding, ImportFile, ImportRow } from './file.ts';
import { invalidFile } from './file.ts';

const MAX_RECORD_CHARS = 1_000_000;
const DELIMITERS: CsvDelimiter[] = [';', '\t', ','];

interface Decoder {
  write(chunk: Buffer): string;
  end(): string;
}

interface ParsedRecord {
  record: string[];
  info: { records: number; empty_lines: number };
}

export async function readCsv(bytes: ByteSource): Promise<ImportFile> {
  const { encoding, decoder, start } = chooseEncoding(bytes.head);
  const headText = new TextDecoder(encoding === 'windows-1252' ? 'windows-1252' : encoding === 'utf-16le-bom' ? 'utf-16le' : 'utf-8').decode(
    bytes.head.subarray(start),
  );
  const delimiter = detectDelimiter(headText);
  let linesDecoded = 0;
  const decode = (chunk: Buffer | null): string => {
    try {
      const text = chunk === null ? decoder.end() : decoder.write(chunk);
      linesDecoded += countLines(text);
      return text;
    } catch {
      const valid = new TextDecoder().decode(chunk ?? undefined).split('\uFFFD')[0] ?? '';
      throw invalidFile(
        `The file is not valid UTF-8 from line ${linesDecoded + countLines(valid) + 1} on, although it starts as UTF-8. Save it again as "CSV UTF-8" and upload it again.`,
      );
    }
  };

  async function* text(): AsyncGenerator<string> {
    yield decode(bytes.head.subarray(start));
    for (;;) {
      const next = await bytes.rest.next();
      if (next.done) break;
      yield decode(next.value);
    }
    yield decode(null);
  }

  const parser = parse({
    delimiter,
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
    max_record_size: MAX_RECORD_CHARS,
  });
  pipeline(
    Readable.from(text()).on('error', () => bytes.destroy()),
    parser,
    () => {},
  );
  const records: AsyncIterator<ParsedRecord> = parser[Symbol.asyncIterator]();
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    parser.destroy();
    bytes.destroy();
  };

  const nextRecord = async (): Promise<{ rowNumber: number; cells: string[] } | undefined> => {
    for (;;) {
      let next: IteratorResult<ParsedRecord>;
      try {
        next = await records.next();
      } catch (error) {
        throw translateError(error);
      }
      if (next.done) return undefined;
      const { record, info } = next.value;
      if (record.every((cell) => cell.trim() === '')) continue;
      return { rowNumber: info.records + info.empty_lines, cells: record };
    }
  };

  try {
    const headerRecord = await nextRecord();
    if (!headerRecord) throw invalidFile('The file has no header row and no contacts. Export the contacts again with a header row.');
    const headers = checkHeaders(headerRecord.cells, headerRecord.rowNumber);
    const first = await nextRecord();
    if (!first) throw invalidFile('The file has a header row but no contacts below it.');

    const toRow = ({ rowNumber, cells }: { rowNumber: number; cells: string[] }): ImportRow => {
      if (cells.length > headers.length && cells.slice(headers.length).some((cell) => cell.trim() !== '')) {
        throw invalidFile(
          `it has ${cells.length} values but the header has ${headers.length} columns. Check the quotes and delimiters (${describe(delimiter)}) in this row.`,
          rowNumber,
        );
      }
      const values: Record<string, string> = {};
      for (let index = 0; index < headers.length; index += 1) values[headers[index] as string] = cells[index] ?? '';
      return { rowNumber, values };
    };

    async function* rows(): AsyncGenerator<ImportRow> {
      try {
        yield toRow(first as { rowNumber: number; cells: string[] });
        for (let record = await nextRecord(); record; record = await nextRecord()) yield toRow(record);
      } finally {
        await close();
      }
    }
    return { format: 'csv', encoding, delimiter, headers, rows: rows(), close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A BOM decides; otherwise bytes that are valid UTF-8 are UTF-8 and anything else is Windows-1252. */
function chooseEncoding(head: Buffer): { encoding: CsvEncoding; decoder: Decoder; start: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8-bom', decoder: utf8Decoder(), start: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le-bom', decoder: iconvDecoder('utf-16le'), start: 2 };
  try {
    // stream: true tolerates a character cut in two at the end of the sniffed bytes.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return { encoding: 'utf-8', decoder: utf8Decoder(), start: 0 };
  } catch {
    return { encoding: 'windows-1252', decoder: iconvDecoder('windows-1252'), start: 0 };
  }
}

function utf8Decoder(): Decoder {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  return { write: (chunk) => decoder.decode(chunk, { stream: true }), end: () => decoder.decode() };
}

function iconvDecoder(encoding: string): Decoder {
  const decoder = iconv.getDecoder(encoding, { stripBOM: false });
  return { write: (chunk) => decoder.write(chunk), end: () => decoder.end() ?? '' };
}

/** The candidate found most often outside quotes in the first record; a single-column file gets ','. */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  let sawContent = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) {
      if (sawContent) break;
    } else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
    if (char.trim() !== '') sawContent = true;
  }
  let best: CsvDelimiter = ',';
  let bestCount = 0;
  for (const delimiter of DELIMITERS) {
    const count = counts.get(delimiter) ?? 0;
    if (count > bestCount) [best, bestCount] = [delimiter, count];
  }
  return best;
}

export function checkHeaders(cells: readonly string[], rowNumber: number): string[] {
  const headers = cells.map((cell) => cell.trim());
  const seen = new Map<string, number>();
  headers.forEach((header, index) => {
    const column = `column ${index + 1} (${columnLetter(index)})`;
    if (header === '') throw invalidFile(`${column} has no header. Give every column a name, or delete the empty column.`, rowNumber);
    const earlier = seen.get(header.toLowerCase());
    if (earlier !== undefined) {
      throw invalidFile(
        `the header "${header}" appears twice, in column ${earlier + 1} (${columnLetter(earlier)}) and ${column}. Give every column a different name.`,
        rowNumber,
      );
    }
    seen.set(header.toLowerCase(), index);
  });
  return headers;
}

/** Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function countLines(text: string): number {
  let lines = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines += 1;
  return lines;
}

function describe(delimiter: CsvDelimiter): string {
  return delimiter === '\t' ? 'tab' : `"${delimiter}"`;
}

function translateError(error: unknown): unknown {
  if (!(error instanceof CsvError)) return error;
  const context = error as unknown as { records?: number; empty_lines?: number };
  const row = (context.records ?? 0) + (context.empty_lines ?? 0) + 1;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return invalidFile(
        'a quoted value starts in this row but its closing quote (") is missing. Close the quote, or write a quote inside a value as "".',
        row,
      );
    case 'CSV_MAX_RECORD_SIZE':
      return invalidFile(
        `this row is longer than ${MAX_RECORD_CHARS.toLocaleString('en')} characters, so a quote (") is probably not closed. Close the quote and upload the file again.`,
        row,
      );
    case 'CSV_INVALID_CLOSING_QUOTE':
      return invalidFile('a quoted value is followed by other characters before the next delimiter. Write a quote inside a value as "".', row);
    default:
      return invalidFile(`the file cannot be read as CSV here (${error.message}).`, row);
  }
}
