// The committed fixture files, read, mapped and validated end to end: the exact rows and the exact report.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  type AttributeDefinition,
  ImportReportBuilder,
  openImportFile,
  suggestMapping,
  type TargetField,
  type ValidationContext,
  validateRow,
} from './index.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

const attributes: AttributeDefinition[] = [
  { key: 'customer_since', label: 'Kunde siden', type: 'date' },
  { key: 'revenue', label: 'Omsætning', type: 'number' },
  { key: 'tier', label: 'Kundetype', type: 'list', allowedValues: ['Privat', 'Erhverv'] },
  { key: 'newsletter', label: 'Nyhedsbrev', type: 'boolean' },
  { key: 'note', label: 'Note', type: 'text' },
];

const context: ValidationContext = {
  attributes,
  knownOwners: { byEmail: new Set(['ida@anbefal.test']), byExternalId: new Set(['owner-7']) },
  knownUnits: { byExternalId: new Set(['u-1']), byName: new Set(['Aarhus', 'København', 'London', 'Stockholm']) },
  defaultPhoneCountry: 'DK',
  unknownOwners: 'report',
};

async function importFile(name: string, options: { context?: Partial<ValidationContext>; mapping?: Record<string, TargetField | null> } = {}) {
  const file = await openImportFile({ path: fixture(name) });
  const suggested = suggestMapping(file.headers, attributes);
  const mapping = { ...suggested, columns: { ...suggested.columns, ...options.mapping } };
  const report = new ImportReportBuilder(mapping);
  const records: unknown[] = [];
  for await (const row of file.rows) {
    const result = validateRow(row, mapping, { ...context, ...options.context });
    if (report.add(row.rowNumber, result) === 'valid' && result.ok) records.push({ row: row.rowNumber, ...result.record });
  }
  return { mapping: mapping.columns, records, counts: report.counts, csv: [...report.csv({ delimiter: file.delimiter })].join('') };
}

const csv = (lines: string[]) => `\uFEFF${lines.map((line) => `${line}\r\n`).join('')}`;

describe('fixtures end to end', () => {
  it('danish-bom-semicolon-crlf.csv: duplicates, bad email/date/boolean, no key, unknown owner and unit, value not in the list', async () => {
    const result = await importFile('danish-bom-semicolon-crlf.csv');
    expect(result.mapping).toEqual({
      Kundenummer: 'externalId',
      'E-mail': 'email',
      Fornavn: 'firstName',
      Efternavn: 'lastName',
      Telefon: 'phone',
      Sprog: 'language',
      Ansvarlig: 'ownerEmail',
      Afdeling: 'unitName',
      Kundetype: 'attr.tier',
      'Kunde siden': 'attr.customer_since',
      Omsætning: 'attr.revenue',
      Nyhedsbrev: 'attr.newsletter',
      Note: 'attr.note',
    });
    expect(result.records).toEqual([
      {
        row: 2,
        externalId: 'C-1001',
        email: 'soren.kierkegaard@example.dk',
        firstName: 'Søren',
        lastName: 'Kierkegaard',
        name: 'Søren Kierkegaard',
        phone: '+4520123456',
        language: 'da',
        ownerEmail: 'ida@anbefal.test',
        unitName: 'Aarhus',
        attributes: { tier: 'Privat', customer_since: '2024-03-01', revenue: 1234.5, newsletter: true },
      },
      {
        row: 3,
        externalId: 'C-1002',
        email: 'anne@example.dk',
        firstName: 'Anne',
        lastName: 'Ærø',
        name: 'Anne Ærø',
        phone: '+4587654321',
        language: 'da-DK',
        ownerEmail: 'ida@anbefal.test',
        unitName: 'København',
        attributes: {
          tier: 'Erhverv',
          customer_since: '2024-03-01',
          revenue: 1234.5,
          newsletter: false,
          note: 'Ringer helst\r\nom formiddagen; aldrig "sent"',
        },
      },
    ]);
    expect(result.counts).toEqual({ rowsRead: 6, valid: 2, invalid: 3, duplicates: 1 });
    expect(result.csv).toBe(
      csv([
        'row;column;field;value;problem;allowed',
        '5;E-mail;email;bad-email@;Not a valid email address;an email address such as name@example.com',
        '5;Kunde siden;attr.customer_since;31.02.2024;Not a date in the calendar;a date as 2024-03-01 or 01.03.2024 (day first)',
        '5;Nyhedsbrev;attr.newsletter;måske;Not yes or no;ja/nej, yes/no, ja/nein, kyllä/ei, 1/0 or true/false',
        '6;Kundenummer;externalId;C-1001;Duplicate: row 2 has the same external id;each external id once per file',
        '8;Kundenummer / E-mail;externalId;;Neither an external id nor an email: the contact cannot be matched;an external id or an email in every row',
        '9;Ansvarlig;ownerEmail;ukendt@anbefal.test;Not a member of this workspace;the email or external id of a member (or choose to create unknown owners as members without login)',
        '9;Afdeling;unitName;Odense;No unit has this name;the name of a unit of the organisation',
        '9;Kundetype;attr.tier;VIP;Not one of the allowed values;Privat, Erhverv',
        '9;Omsætning;attr.revenue;1.500;Ambiguous: the mark could separate thousands or decimals;a number such as 1234,5 or 1234.5 (thousands separators are allowed when there are decimals: 1.234,50)',
      ]),
    );
  });

  it('swedish-danish-windows-1252.csv: names split, language names, phones of the default country', async () => {
    const asDanish = await importFile('swedish-danish-windows-1252.csv');
    expect(asDanish.mapping).toEqual({
      Kundnummer: 'externalId',
      'E-post': 'email',
      Namn: 'name',
      Telefon: 'phone',
      Språk: 'language',
      Säljare: 'ownerEmail',
      Avdelning: 'unitName',
      Ort: null,
    });
    expect(asDanish.counts).toEqual({ rowsRead: 3, valid: 2, invalid: 1, duplicates: 0 });
    expect(asDanish.csv).toBe(
      csv([
        'row,column,field,value,problem,allowed',
        '4,Telefon,phone,070-123 45 67,Not a valid phone number,"a phone number with country code (+45 12 34 56 78), or a number of the default country DK"',
      ]),
    );
    const asSwedish = await importFile('swedish-danish-windows-1252.csv', { context: { defaultPhoneCountry: 'SE' } });
    expect(asSwedish.csv).toBe(csv(['row,column,field,value,problem,allowed']));
    expect(asSwedish.records).toEqual([
      {
        row: 2,
        externalId: 'K-1',
        email: 'soren@example.dk',
        name: 'Søren Kierkegaard',
        firstName: 'Søren',
        lastName: 'Kierkegaard',
        phone: '+4520123456',
        language: 'da',
        ownerEmail: 'ida@anbefal.test',
        unitName: 'Aarhus',
        attributes: {},
      },
      {
        row: 3,
        externalId: 'K-2',
        email: 'asa.oberg@example.se',
        name: 'Åsa Öberg',
        firstName: 'Åsa',
        lastName: 'Öberg',
        phone: '+46701234567',
        language: 'sv-SE',
        ownerEmail: 'ida@anbefal.test',
        unitName: 'Stockholm',
        attributes: {},
      },
      {
        row: 4,
        externalId: 'K-3',
        email: 'ake@example.se',
        name: 'Åke Åkesson',
        firstName: 'Åke',
        lastName: 'Åkesson',
        phone: '+46701234567',
        language: 'sv',
        unitName: 'Stockholm',
        attributes: {},
      },
    ]);
  });

  it('english-tab.txt: the owner column remapped to external ids; bad language, time zone and consent; unknown owner and unit', async () => {
    const result = await importFile('english-tab.txt', { mapping: { Owner: 'ownerExternalId' } });
    expect(result.records).toEqual([
      {
        row: 2,
        externalId: 'A-1',
        email: 'mary@example.com',
        firstName: 'Mary',
        lastName: 'Smith',
        name: 'Mary Smith',
        language: 'en-GB',
        timeZone: 'Europe/London',
        ownerExternalId: 'owner-7',
        unitName: 'London',
        segment: 'Enterprise',
        consent: true,
        attributes: {},
      },
    ]);
    expect(result.counts).toEqual({ rowsRead: 3, valid: 1, invalid: 2, duplicates: 0 });
    expect(result.csv).toBe(
      csv([
        'row\tcolumn\tfield\tvalue\tproblem\tallowed',
        '3\tLanguage\tlanguage\tklingon\tNot a known language\ta language tag such as da, sv, nb, en-GB, de or fi',
        '3\tTime zone\ttimeZone\tMars/Olympus\tNot a known time zone\tan IANA time zone such as Europe/Copenhagen or Europe/Stockholm',
        '3\tConsent\tconsent\tperhaps\tNot yes or no\tja/nej, yes/no, ja/nein, kyllä/ei, 1/0 or true/false',
        '6\tOwner\townerExternalId\towner-8\tNot a member of this workspace\tthe email or external id of a member (or choose to create unknown owners as members without login)',
        '6\tUnit\tunitName\tBerlin\tNo unit has this name\tthe name of a unit of the organisation',
      ]),
    );
  });

  it('contacts.xlsx: dates, numbers, rich text and formulas as values; an unknown owner created when the policy says so', async () => {
    const result = await importFile('contacts.xlsx', { context: { unknownOwners: 'create' } });
    expect(result.records).toEqual([
      {
        row: 2,
        externalId: 'C-1',
        email: 'soren@example.dk',
        firstName: 'Søren',
        lastName: 'Kierkegaard',
        name: 'Søren Kierkegaard',
        phone: '+4520123456',
        ownerEmail: 'ida@anbefal.test',
        attributes: { customer_since: '2024-03-01', revenue: 0.3, newsletter: true },
      },
      {
        row: 3,
        externalId: '1002',
        email: 'asa@example.se',
        firstName: 'Åsa',
        lastName: 'Öberg',
        name: 'Åsa Öberg',
        phone: '+46701234567',
        ownerEmail: 'ida@anbefal.test',
        attributes: { customer_since: '2023-12-24', revenue: 3000, newsletter: false },
      },
    ]);
    expect(result.counts).toEqual({ rowsRead: 3, valid: 2, invalid: 1, duplicates: 0 });
    expect(result.csv).toBe(
      csv([
        'row,column,field,value,problem,allowed',
        '5,E-mail,email,not-an-email,Not a valid email address,an email address such as name@example.com',
        '5,Kunde siden,attr.customer_since,31.02.2024,Not a date in the calendar,a date as 2024-03-01 or 01.03.2024 (day first)',
        '5,Nyhedsbrev,attr.newsletter,kanske,Not yes or no,"ja/nej, yes/no, ja/nein, kyllä/ei, 1/0 or true/false"',
      ]),
    );
  });
});
