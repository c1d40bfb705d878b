// Opens an uploaded or dropped contact file (CSV or XLSX) as a stream of rows. The format is decided by
// the file's first bytes, not its name: a CRM export called `.csv` that is really a workbook still reads.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { AppError } from '../../errors.ts';
import type { ByteSource, ImportFile } from './file.ts';
import { invalidFile } from './file.ts';
import { readCsv } from './read-csv.ts';
import { readXlsx } from './read-xlsx.ts';

export type ImportSource = { path: string; fileName?: string } | { stream: Readable; fileName: string };

/** How many bytes are looked at to decide the format and the encoding. */
const SNIFF_BYTES = 64 * 1024;

/**
 * Reads the header (and checks there is at least one data row), so a file that cannot be imported fails
 * here, before any mapping or job exists. Rows are then read lazily; memory stays flat with the file's size.
 */
export async function openImportFile(source: ImportSource): Promise<ImportFile> {
  const stream = 'path' in source ? createReadStream(source.path) : source.stream;
  const fileName = source.fileName ?? ('path' in source ? source.path : '');
  const bytes = await sniff(stream);
  const kind = detectKind(bytes.head, fileName);
  try {
    const file = kind === 'xlsx' ? await readXlsx(bytes) : await readCsv(bytes);
    return file;
  } catch (error) {
    bytes.destroy();
    throw error;
  }
}

async function sniff(stream: Readable): Promise<ByteSource> {
  const iterator: AsyncIterator<Buffer> = stream[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  let ended = false;
  try {
    while (size < SNIFF_BYTES) {
      const next = await iterator.next();
      if (next.done) {
        ended = true;
        break;
      }
      const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
      chunks.push(chunk);
      size += chunk.length;
    }
  } catch (error) {
    stream.destroy();
    throw new AppError('validation_failed', `The file could not be read: ${(error as Error).message}.`);
  }
  const rest: AsyncIterator<Buffer> = ended ? { next: async () => ({ done: true, value: undefined }) } : iterator;
  return { head: Buffer.concat(chunks), rest, destroy: () => stream.destroy() };
}

function detectKind(head: Buffer, fileName: string): 'csv' | 'xlsx' {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (head.length === 0) throw invalidFile('The file is empty. Export the contacts again, with a header row and at least one contact.');
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'xlsx';
  if (head.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])) || extension === 'xls') {
    throw invalidFile('This is an old Excel .xls workbook. Save it as .xlsx (Excel Workbook) or CSV and upload it again.');
  }
  if (extension === 'xlsx') throw invalidFile('The file is called .xlsx but is not an Excel workbook (it may be damaged). Save it again from Excel.');
  const sample = head.subarray(0, 4096);
  const utf16 = sample[0] === 0xff && sample[1] === 0xfe;
  if (!utf16 && sample.includes(0)) {
    throw invalidFile('The file is not a CSV or XLSX file (it contains binary data). Upload a CSV or XLSX export.');
  }
  return 'csv';
}
