// XLSX through ExcelJS's streaming reader: the first worksheet, its first non-empty row as headers,
// every cell turned into the text a person would type for it. Row numbers are the sheet's own.
// Shared strings are cached by ExcelJS (one copy of each distinct text), rows are not.
import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { isAppError } from '../../errors.ts';
import type { ByteSource, ImportFile, ImportRow } from './file.ts';
import { invalidFile } from './file.ts';
import { checkHeaders } from './read-csv.ts';

interface SheetRow {
  number: number;
  values: ExcelJS.CellValue[] | { [key: string]: ExcelJS.CellValue };
}

export async function readXlsx(bytes: ByteSource): Promise<ImportFile> {
  async function* chunks(): AsyncGenerator<Buffer> {
    yield bytes.head;
    for (;;) {
      const next = await bytes.rest.next();
      if (next.done) return;
      yield next.value;
    }
  }
  // exceljs is loaded on first use rather than with the server (half a second of its start).
  const { default: excel } = await import('exceljs');
  const reader = new excel.stream.xlsx.WorkbookReader(Readable.from(chunks(), { objectMode: false }), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // dates are numbers with a date format; without styles they would read as numbers
    hyperlinks: 'ignore',
    entries: 'emit',
  });
  const sheets = reader[Symbol.asyncIterator]();
  let lastRow = 0;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    bytes.destroy();
    await sheets.return(undefined).catch(() => undefined);
  };

  const unreadable = (error: unknown) => {
    if (isAppError(error)) return error;
    const where = lastRow === 0 ? '' : ` after row ${lastRow}`;
    return invalidFile(
      `The workbook cannot be read${where}: it is damaged or not an Excel .xlsx file. Open it in Excel, save it as .xlsx and upload it again.`,
    );
  };

  try {
    const sheet = await sheets.next();
    if (sheet.done) throw invalidFile('The workbook has no worksheet. Put the contacts on the first worksheet.');
    const rowIterator: AsyncIterator<SheetRow> = sheet.value[Symbol.asyncIterator]();
    const nextRow = async (): Promise<{ rowNumber: number; cells: string[] } | undefined> => {
      for (;;) {
        const next = await rowIterator.next();
        if (next.done) return undefined;
        lastRow = next.value.number;
        const raw = Array.isArray(next.value.values) ? next.value.values.slice(1) : [];
        const cells = Array.from(raw, (value) => cellText(value));
        if (cells.some((cell) => cell.trim() !== '')) return { rowNumber: next.value.number, cells };
      }
    };

    const headerRow = await nextRow();
    if (!headerRow) throw invalidFile('The first worksheet is empty. Put a header row and the contacts on the first worksheet.');
    const headers = checkHeaders(headerRow.cells, headerRow.rowNumber);
    const first = await nextRow();
    if (!first) throw invalidFile('The first worksheet has a header row but no contacts below it.');

    const toRow = ({ rowNumber, cells }: { rowNumber: number; cells: string[] }): ImportRow => {
      const extra = cells.findIndex((cell, index) => index >= headers.length && cell.trim() !== '');
      if (extra !== -1) throw invalidFile(`column ${extra + 1} has a value but no header. Give the column a header or delete the value.`, rowNumber);
      return { rowNumber, values: Object.fromEntries(headers.map((header, index) => [header, cells[index] ?? ''])) };
    };

    async function* rows(): AsyncGenerator<ImportRow> {
      try {
        yield toRow(first as { rowNumber: number; cells: string[] });
        for (;;) {
          let row: { rowNumber: number; cells: string[] } | undefined;
          try {
            row = await nextRow();
          } catch (error) {
            throw unreadable(error);
          }
          if (!row) return;
          yield toRow(row);
        }
      } finally {
        await close();
      }
    }
    return { format: 'xlsx', headers, rows: rows(), close };
  } catch (error) {
    await close();
    throw unreadable(error);
  }
}

/** The text of a cell: dates as ISO (date only at midnight), numbers without float noise, formulas as their result. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(Number(value.toPrecision(15))) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
  }
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result ?? null);
  if ('hyperlink' in value) return cellText(value.text as ExcelJS.CellValue);
  if ('error' in value) return value.error;
  return '';
}
