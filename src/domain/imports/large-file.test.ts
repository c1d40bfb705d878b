// 200,000 rows streamed through read → validate → report. Memory: what stays alive after a full
// garbage collection at every 20,000th row must stay far below the file's rows held as objects (the
// garbage of other test files sharing this worker does not count). Speed lives in bench/.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ImportReportBuilder, openImportFile, suggestMapping, type ValidationContext, validateRow } from './index.ts';

const ROWS = 200_000;
// A full collection on demand: the flag makes a fresh context get gc().
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
/** What stays alive: the heap and the buffers (the duplicate check packs its keys into buffers). */
const retainedHeap = () => {
  collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
};
let dir = '';
let path = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anbefal-import-'));
  path = join(dir, 'large.csv');
  const out = createWriteStream(path);
  out.write('\uFEFFKundenummer;E-mail;Fornavn;Efternavn;Kunde siden;Omsætning;Note\r\n');
  for (let i = 1; i <= ROWS; i += 1) {
    const email = i % 1000 === 0 ? 'not-an-email' : `kunde${i}@example.dk`;
    const id = i % 5000 === 2500 ? 'C-1' : `C-${i}`;
    const note = i % 100 === 0 ? '"Første linje\r\nanden linje"' : 'Ærø';
    if (!out.write(`${id};${email};Søren;Kierkegaard ${i};01.03.2024;${i},50;${note}\r\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('streams 200,000 rows with flat memory and exact counts', async () => {
  const attributes = [
    { key: 'since', label: 'Kunde siden', type: 'date' as const },
    { key: 'revenue', label: 'Omsætning', type: 'number' as const },
    { key: 'note', label: 'Note', type: 'text' as const },
  ];
  const context: ValidationContext = {
    attributes,
    knownOwners: { byEmail: new Set(), byExternalId: new Set() },
    knownUnits: { byExternalId: new Set(), byName: new Set() },
    defaultPhoneCountry: 'DK',
    unknownOwners: 'report',
  };
  const file = await openImportFile({ path });
  const mapping = suggestMapping(file.headers, attributes);
  const report = new ImportReportBuilder(mapping);
  const heapBefore = retainedHeap();
  let lastRow = 0;
  let peakGrowth = 0;
  for await (const row of file.rows) {
    report.add(row.rowNumber, validateRow(row, mapping, context));
    lastRow = row.rowNumber;
    if (row.rowNumber % 20_000 === 0) peakGrowth = Math.max(peakGrowth, retainedHeap() - heapBefore);
  }
  // Every 100th row has a two-line note: still one spreadsheet row each.
  expect(lastRow).toBe(ROWS + 1);
  expect(report.counts).toEqual({ rowsRead: ROWS, valid: ROWS - 200 - 40, invalid: 200, duplicates: 40 });
  expect(report.problems[0]).toMatchObject({ rowNumber: 1001, column: 'E-mail', value: 'not-an-email' });
  expect(report.problems.find((problem) => problem.field === 'externalId')).toMatchObject({
    rowNumber: 2501,
    message: 'Duplicate: row 2 has the same external id',
  });
  // Holding the rows takes about 70 MB; streaming keeps only the duplicate check's packed keys.
  expect(peakGrowth).toBeLessThan(25 * 1024 * 1024);
});
