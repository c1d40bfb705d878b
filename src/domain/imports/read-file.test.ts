import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import type { ImportRow } from './file.ts';
import { columnLetter, detectDelimiter } from './read-csv.ts';
import { type ImportSource, openImportFile } from './read-file.ts';
import { cellText } from './read-xlsx.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

async function readAll(source: ImportSource) {
  const file = await openImportFile(source);
  const rows: ImportRow[] = [];
  for await (const row of file.rows) rows.push(row);
  return { format: file.format, encoding: file.encoding, delimiter: file.delimiter, headers: file.headers, rows };
}

async function failure(source: ImportSource): Promise<{ message: string; field: string | undefined }> {
  try {
    await readAll(source);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.code).toBe('validation_failed');
    return { message: appError.message, field: appError.details.errors?.[0]?.field };
  }
  throw new Error('expected the file to be rejected');
}

describe('openImportFile: CSV', () => {
  it('reads UTF-8 with BOM, ";" and CRLF, numbering rows as a spreadsheet shows them', async () => {
    const file = await readAll({ path: fixture('danish-bom-semicolon-crlf.csv') });
    expect(file).toMatchObject({ format: 'csv', encoding: 'utf-8-bom', delimiter: ';' });
    expect(file.headers).toEqual([
      'Kundenummer',
      'E-mail',
      'Fornavn',
      'Efternavn',
      'Telefon',
      'Sprog',
      'Ansvarlig',
      'Afdeling',
      'Kundetype',
      'Kunde siden',
      'Omsætning',
      'Nyhedsbrev',
      'Note',
    ]);
    // Row 3's note spans two lines but is one spreadsheet row; row 4 is empty; row 7 holds only
    // delimiters: both are skipped but still counted, so row 8 is the eighth row Excel shows.
    expect(file.rows.map((row) => [row.rowNumber, row.values.Kundenummer, row.values.Efternavn])).toEqual([
      [2, 'C-1001', 'Kierkegaard'],
      [3, 'C-1002', 'Ærø'],
      [5, 'C-1003', 'Ørsted'],
      [6, 'C-1001', 'K'],
      [8, '', 'Nøgle'],
      [9, 'C-1004', 'Nørgaard'],
    ]);
    expect(file.rows[1]?.values.Note).toBe('Ringer helst\r\nom formiddagen; aldrig "sent"');
    expect(file.rows[0]?.values).toEqual({
      Kundenummer: 'C-1001',
      'E-mail': 'Soren.Kierkegaard@Example.DK',
      Fornavn: 'Søren',
      Efternavn: 'Kierkegaard',
      Telefon: '20 12 34 56',
      Sprog: 'da',
      Ansvarlig: 'ida@anbefal.test',
      Afdeling: 'Aarhus',
      Kundetype: 'Privat',
      'Kunde siden': '01.03.2024',
      Omsætning: '1.234,50',
      Nyhedsbrev: 'ja',
      Note: '',
    });
  });

  it('reads Windows-1252 with Danish and Swedish letters, "," and LF', async () => {
    const file = await readAll({ path: fixture('swedish-danish-windows-1252.csv') });
    expect(file).toMatchObject({ format: 'csv', encoding: 'windows-1252', delimiter: ',' });
    expect(file.headers).toEqual(['Kundnummer', 'E-post', 'Namn', 'Telefon', 'Språk', 'Säljare', 'Avdelning', 'Ort']);
    expect(file.rows.map((row) => [row.rowNumber, row.values.Namn, row.values.Ort])).toEqual([
      [2, 'Søren Kierkegaard', 'Ærø'],
      [3, 'Åsa Öberg', 'Göteborg'],
      [4, 'Åkesson, Åke', 'Malmö'],
    ]);
  });

  it('reads tab-delimited UTF-8 without BOM, skipping empty lines and unquoting values', async () => {
    const file = await readAll({ path: fixture('english-tab.txt') });
    expect(file).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: '\t' });
    expect(file.headers).toEqual(['CRM ID', 'Email', 'First name', 'Last name', 'Language', 'Time zone', 'Owner', 'Unit', 'Segment', 'Consent']);
    expect(file.rows.map((row) => [row.rowNumber, row.values['CRM ID'], row.values.Email])).toEqual([
      [2, 'A-1', 'mary@example.com'],
      [3, 'A-2', 'john@example.com'],
      [6, 'A-3', 'jane@example.com'],
    ]);
  });

  it('reads from a stream, trims headers and fills missing trailing cells with ""', async () => {
    const stream = Readable.from([Buffer.from(' Email ;"Name; full"\n'), Buffer.from('a@example.com;"A; B"\nb@example.com\n')]);
    const file = await readAll({ stream, fileName: 'upload.csv' });
    expect(file.delimiter).toBe(';');
    expect(file.rows).toEqual([
      { rowNumber: 2, values: { Email: 'a@example.com', 'Name; full': 'A; B' } },
      { rowNumber: 3, values: { Email: 'b@example.com', 'Name; full': '' } },
    ]);
  });

  it('decodes a UTF-8 character split across chunks, and UTF-16 with BOM (Excel "Unicode text")', async () => {
    const bytes = Buffer.from('Email,Navn\nx@example.com,Ærø\n');
    const split = bytes.indexOf(Buffer.from('Ærø')) + 1;
    const chunked = await readAll({ stream: Readable.from([bytes.subarray(0, split), bytes.subarray(split)]), fileName: 'a.csv' });
    expect(chunked.rows[0]?.values.Navn).toBe('Ærø');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Email\tNavn\r\nx@example.com\tÅsa\r\n', 'utf16le')]);
    const unicode = await readAll({ stream: Readable.from([utf16]), fileName: 'a.txt' });
    expect(unicode).toMatchObject({ encoding: 'utf-16le-bom', delimiter: '\t', rows: [{ rowNumber: 2, values: { Email: 'x@example.com', Navn: 'Åsa' } }] });
  });

  it('releases the file when the reader stops early', async () => {
    for (const name of ['danish-bom-semicolon-crlf.csv', 'contacts.xlsx']) {
      const file = await openImportFile({ path: fixture(name) });
      for await (const row of file.rows) {
        expect(row.rowNumber).toBe(2);
        break;
      }
      await file.close();
    }
  });

  it('rejects a row with more values than headers, naming the row', async () => {
    const stream = Readable.from([Buffer.from('Email,Name\na@example.com,A\nb@example.com,B,extra\n')]);
    expect(await failure({ stream, fileName: 'a.csv' })).toEqual({
      message: 'Row 3: it has 3 values but the header has 2 columns. Check the quotes and delimiters (",") in this row.',
      field: 'row 3',
    });
  });

  it.each([
    [
      'unclosed-quote.csv',
      'Row 4: a quoted value starts in this row but its closing quote (") is missing. Close the quote, or write a quote inside a value as "".',
      'row 4',
    ],
    ['header-only.csv', 'The file has a header row but no contacts below it.', 'file'],
    ['empty.csv', 'The file is empty. Export the contacts again, with a header row and at least one contact.', 'file'],
    ['binary.csv', 'The file is not a CSV or XLSX file (it contains binary data). Upload a CSV or XLSX export.', 'file'],
    ['duplicate-headers.csv', 'Row 1: the header "email" appears twice, in column 1 (A) and column 3 (C). Give every column a different name.', 'row 1'],
    ['corrupt.xlsx', 'The workbook cannot be read: it is damaged or not an Excel .xlsx file. Open it in Excel, save it as .xlsx and upload it again.', 'file'],
  ])('rejects %s with a message naming what is wrong', async (name, message, field) => {
    expect(await failure({ path: fixture(name) })).toEqual({ message, field });
  });

  it('rejects an empty header and an .xls workbook', async () => {
    const emptyHeader = Readable.from([Buffer.from('Email;;Name\nx@example.com;1;X\n')]);
    expect((await failure({ stream: emptyHeader, fileName: 'a.csv' })).message).toBe(
      'Row 1: column 2 (B) has no header. Give every column a name, or delete the empty column.',
    );
    const xls = Readable.from([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])]);
    expect((await failure({ stream: xls, fileName: 'kunder.xls' })).message).toBe(
      'This is an old Excel .xls workbook. Save it as .xlsx (Excel Workbook) or CSV and upload it again.',
    );
  });

  it('rejects a file that turns out not to be UTF-8 after the sniffed bytes', async () => {
    const head = Buffer.from(`Email,Note\n${'a@example.com,plain\n'.repeat(4000)}`);
    const stream = Readable.from([head, Buffer.from([0x62, 0x40, 0x78, 0x2c, 0xe6, 0x0a])]);
    expect((await failure({ stream, fileName: 'a.csv' })).message).toBe(
      'The file is not valid UTF-8 from line 4002 on, although it starts as UTF-8. Save it again as "CSV UTF-8" and upload it again.',
    );
    const truncated = Buffer.from('Email,Navn\nx@example.com,Æ').subarray(0, -1);
    expect((await failure({ stream: Readable.from([truncated]), fileName: 'a.csv' })).message).toBe(
      'The file is not valid UTF-8 from line 2 on, although it starts as UTF-8. Save it again as "CSV UTF-8" and upload it again.',
    );
  });
});

describe('openImportFile: XLSX', () => {
  it('reads the first worksheet with sheet row numbers and cells as text', async () => {
    const file = await readAll({ path: fixture('contacts.xlsx') });
    expect(file.format).toBe('xlsx');
    expect(file.headers).toEqual(['Kundenummer', 'E-mail', 'Fornavn', 'Efternavn', 'Telefon', 'Kunde siden', 'Omsætning', 'Nyhedsbrev', 'Ansvarlig']);
    expect(file.rows).toEqual([
      {
        rowNumber: 2,
        values: {
          Kundenummer: 'C-1',
          'E-mail': 'soren@example.dk',
          Fornavn: 'Søren',
          Efternavn: 'Kierkegaard',
          Telefon: '+45 20 12 34 56',
          'Kunde siden': '2024-03-01',
          Omsætning: '0.3',
          Nyhedsbrev: 'true',
          Ansvarlig: 'ida@anbefal.test',
        },
      },
      {
        rowNumber: 3,
        values: {
          Kundenummer: '1002',
          'E-mail': 'ASA@EXAMPLE.SE',
          Fornavn: 'Åsa',
          Efternavn: 'Öberg',
          Telefon: '46701234567',
          'Kunde siden': '2023-12-24T13:30:00',
          Omsætning: '3000',
          Nyhedsbrev: 'nej',
          Ansvarlig: 'ida@anbefal.test',
        },
      },
      {
        rowNumber: 5,
        values: {
          Kundenummer: 'C-4',
          'E-mail': 'not-an-email',
          Fornavn: 'Ærø',
          Efternavn: '',
          Telefon: '',
          'Kunde siden': '31.02.2024',
          Omsætning: '12,5',
          Nyhedsbrev: 'kanske',
          Ansvarlig: 'nobody@anbefal.test',
        },
      },
    ]);
  });

  it('takes the format from the bytes: a workbook named .csv still reads as XLSX', async () => {
    const { createReadStream } = await import('node:fs');
    const file = await openImportFile({ stream: createReadStream(fixture('contacts.xlsx')), fileName: 'export.csv' });
    expect(file.format).toBe('xlsx');
    await file.close();
  });

  it('turns cell values into text', () => {
    expect(cellText(0.1 + 0.2)).toBe('0.3');
    expect(cellText(4512345678)).toBe('4512345678');
    expect(cellText(new Date(Date.UTC(2024, 2, 1)))).toBe('2024-03-01');
    expect(cellText({ richText: [{ text: 'Ær' }, { text: 'ø' }] })).toBe('Ærø');
    expect(cellText({ formula: 'A1', result: new Date(Date.UTC(2024, 0, 2, 8, 15)) })).toBe('2024-01-02T08:15:00');
    expect(cellText({ sharedFormula: 'A1', result: 2.5 } as never)).toBe('2.5');
    expect(cellText({ text: 'mail@example.com', hyperlink: 'mailto:mail@example.com' })).toBe('mail@example.com');
    expect(cellText({ error: '#N/A' })).toBe('#N/A');
    expect(cellText(false)).toBe('false');
    expect(cellText(null)).toBe('');
  });
});

describe('delimiter detection and column letters', () => {
  it.each([
    ['a;b;c\n1,5;2;3', ';'],
    ['"x, y";"z, w"\n', ';'],
    ['a\tb\tc\n', '\t'],
    ['a,b,"c;d;e"\n', ','],
    ['email\n', ','],
    ['\n\na;b\n', ';'],
    ['"multi\nline, header";b\n', ';'],
  ])('%j → %j', (text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });

  it('names columns as spreadsheets do', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});
