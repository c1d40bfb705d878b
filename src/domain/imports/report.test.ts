import { describe, expect, it } from 'vitest';
import type { ImportMapping } from './mapping.ts';
import { csvField, ImportReportBuilder } from './report.ts';
import type { Problem } from './validate-row.ts';

const mapping: ImportMapping = { version: 1, columns: { 'CRM ID': 'externalId', 'E-mail': 'email' } };
const valid = (record: { externalId?: string; email?: string }) => ({ ok: true as const, record: { ...record, attributes: {} } });
const problem = (rowNumber: number): Problem => ({
  rowNumber,
  column: 'E-mail',
  field: 'email',
  value: 'x',
  message: 'Not a valid email address',
  allowed: 'an email',
});

describe('ImportReportBuilder', () => {
  it('reports later rows with a key already used, by external id or else by email', () => {
    const report = new ImportReportBuilder(mapping);
    expect([
      report.add(2, valid({ externalId: 'A', email: 'a@example.com' })),
      report.add(3, valid({ email: 'a@example.com' })),
      report.add(4, valid({ externalId: 'A', email: 'other@example.com' })),
      report.add(5, { ok: false, problems: [problem(5)] }),
      report.add(6, valid({ email: 'a@example.com' })),
      report.add(9, valid({ externalId: 'A' })),
    ]).toEqual(['valid', 'valid', 'duplicate', 'invalid', 'duplicate', 'duplicate']);
    expect(report.counts).toEqual({ rowsRead: 6, valid: 2, invalid: 1, duplicates: 3 });
    expect(report.problems.map((p) => [p.rowNumber, p.column, p.field, p.value, p.message, p.allowed])).toEqual([
      [4, 'CRM ID', 'externalId', 'A', 'Duplicate: row 2 has the same external id', 'each external id once per file'],
      [5, 'E-mail', 'email', 'x', 'Not a valid email address', 'an email'],
      [6, 'E-mail', 'email', 'a@example.com', 'Duplicate: row 3 has the same email', 'each email once per file'],
      [9, 'CRM ID', 'externalId', 'A', 'Duplicate: row 2 has the same external id', 'each external id once per file'],
    ]);
  });

  it('stores problems up to the cap, counts the rest and says so in the CSV', () => {
    const report = new ImportReportBuilder(mapping, { maxProblems: 2 });
    for (const rowNumber of [2, 3, 4, 5]) report.add(rowNumber, { ok: false, problems: [problem(rowNumber)] });
    expect(report.problems.map((p) => p.rowNumber)).toEqual([2, 3]);
    expect(report.problemsNotStored).toBe(2);
    expect([...report.csv()].join('')).toBe(
      '\uFEFFrow,column,field,value,problem,allowed\r\n' +
        '2,E-mail,email,x,Not a valid email address,an email\r\n' +
        '3,E-mail,email,x,Not a valid email address,an email\r\n' +
        ',,,,2 more problems are not listed; fix the ones above and check the file again,\r\n',
    );
  });
});

describe('csvField (RFC 4180, formulas guarded)', () => {
  it.each([
    ['plain', ',', 'plain'],
    ['a,b', ',', '"a,b"'],
    ['a,b', ';', 'a,b'],
    ['a;b', ';', '"a;b"'],
    ['say "hi"', ',', '"say ""hi"""'],
    ['two\r\nlines', ',', '"two\r\nlines"'],
    ['æøå åäö', ',', 'æøå åäö'],
    ['', ',', ''],
    ['=HYPERLINK("http://x")', ',', '"\'=HYPERLINK(""http://x"")"'],
    ['+45 12', ',', "'+45 12"],
    ['@SUM(A1)', ',', "'@SUM(A1)"],
    ['-1', ',', "'-1"],
  ])('%j with %j → %j', (value, delimiter, expected) => {
    expect(csvField(value, delimiter)).toBe(expected);
  });
});
