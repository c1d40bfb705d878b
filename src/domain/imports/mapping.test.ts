import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { type AttributeDefinition, normaliseHeader, parseMapping, suggestMapping } from './mapping.ts';

const attributes: AttributeDefinition[] = [
  { key: 'customer_since', label: 'Kunde siden', type: 'date' },
  { key: 'revenue', label: 'Omsætning', type: 'number' },
  { key: 'tier', label: 'Kundetype', type: 'list', allowedValues: ['Privat', 'Erhverv'] },
];

function problemsOf(run: () => unknown): { field: string; message: string }[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).details.errors ?? [];
  }
  throw new Error('expected the mapping to be rejected');
}

describe('suggestMapping', () => {
  it.each([
    ['English', ['CRM ID', 'E-mail', 'First Name', 'Last Name', 'Phone', 'Language', 'Time zone', 'Company', 'Owner', 'Department', 'Segment', 'Consent']],
    [
      'Danish',
      ['Kundenummer', 'E-mail', 'Fornavn', 'Efternavn', 'Telefon', 'Sprog', 'Tidszone', 'Virksomhed', 'Ansvarlig', 'Afdeling', 'Kundesegment', 'Samtykke'],
    ],
    ['Swedish', ['Kundnummer', 'E-post', 'Förnamn', 'Efternamn', 'Mobil', 'Språk', 'Tidszon', 'Företag', 'Säljare', 'Avdelning', 'Kundsegment', 'Samtycke']],
    ['Norwegian', ['Kundenr', 'E-post', 'Fornavn', 'Etternavn', 'Mobilnummer', 'Språk', 'Tidssone', 'Selskap', 'Selger', 'Avdeling', 'Segment', 'Samtykke']],
    [
      'German',
      [
        'Kundennummer',
        'E-Mail',
        'Vorname',
        'Nachname',
        'Handy',
        'Sprache',
        'Zeitzone',
        'Unternehmen',
        'Betreuer',
        'Abteilung',
        'Kundensegment',
        'Einwilligung',
      ],
    ],
    [
      'Finnish',
      ['Asiakasnumero', 'Sähköposti', 'Etunimi', 'Sukunimi', 'Puhelin', 'Kieli', 'Aikavyöhyke', 'Yritys', 'Myyjä', 'Osasto', 'Segmentti', 'Suostumus'],
    ],
  ])('%s headers', (_language, headers) => {
    const fields = [
      'externalId',
      'email',
      'firstName',
      'lastName',
      'phone',
      'language',
      'timeZone',
      'accountName',
      'ownerEmail',
      'unitName',
      'segment',
      'consent',
    ];
    expect(suggestMapping(headers, [])).toEqual({ version: 1, columns: Object.fromEntries(headers.map((header, index) => [header, fields[index]])) });
  });

  it('maps custom attributes by key or label, leaves unknown headers and second matches unmapped', () => {
    expect(suggestMapping(['Mail', 'Kunde siden', 'REVENUE', 'Kundetype', 'Note', 'Email', 'Navn', 'Ansvarlig ID'], attributes)).toEqual({
      version: 1,
      columns: {
        Mail: 'email',
        'Kunde siden': 'attr.customer_since',
        REVENUE: 'attr.revenue',
        Kundetype: 'attr.tier',
        Note: null,
        Email: null,
        Navn: 'name',
        'Ansvarlig ID': 'ownerExternalId',
      },
    });
  });

  it('normalises case, diacritics, spaces and punctuation', () => {
    expect(['E-Mail', ' Sähköposti ', 'Förnamn', 'Omsætning', 'Straße', 'CRM_ID'].map(normaliseHeader)).toEqual([
      'email',
      'sahkoposti',
      'fornamn',
      'omsaetning',
      'strasse',
      'crmid',
    ]);
  });

  it('suggests a mapping that parseMapping accepts', () => {
    const headers = ['Kundenummer', 'E-mail', 'Kunde siden'];
    expect(parseMapping(suggestMapping(headers, attributes), headers, attributes)).toEqual({
      version: 1,
      columns: { Kundenummer: 'externalId', 'E-mail': 'email', 'Kunde siden': 'attr.customer_since' },
    });
  });
});

describe('parseMapping', () => {
  const headers = ['Id', 'Mail', 'Other mail', 'Size'];

  it('rejects a field mapped twice', () => {
    expect(problemsOf(() => parseMapping({ version: 1, columns: { Id: 'externalId', Mail: 'email', 'Other mail': 'email' } }, headers, attributes))).toEqual([
      { field: 'mapping.columns.Other mail', message: 'The field email is already filled from the column "Mail". Map each field from one column only.' },
    ]);
  });

  it('rejects an unknown field and an unknown attribute', () => {
    expect(problemsOf(() => parseMapping({ version: 1, columns: { Id: 'externalId', Mail: 'mail' } }, headers, attributes))).toEqual([
      {
        field: 'mapping.columns.Mail',
        message:
          '"mail" is not a contact field. Use one of externalId, email, phone, firstName, lastName, name, language, timeZone, accountExternalId, accountName, ownerEmail, ownerExternalId, unitExternalId, unitName, segment, consent, or attr.<key> for a custom attribute.',
      },
    ]);
    expect(problemsOf(() => parseMapping({ version: 1, columns: { Id: 'externalId', Size: 'attr.size' } }, headers, attributes))).toEqual([
      {
        field: 'mapping.columns.Size',
        message: 'There is no custom attribute "size". Define it first, or map the column to one of: customer_since, revenue, tier.',
      },
    ]);
  });

  it('rejects a column the file does not have, and a mapping without a key', () => {
    expect(problemsOf(() => parseMapping({ version: 1, columns: { Kundenummer: 'externalId' } }, headers, attributes))).toEqual([
      { field: 'mapping.columns.Kundenummer', message: 'The file has no column "Kundenummer". Its columns are: Id, Mail, Other mail, Size.' },
    ]);
    expect(problemsOf(() => parseMapping({ version: 1, columns: { Id: null, Size: 'attr.revenue' } }, headers, attributes))).toEqual([
      { field: 'mapping.columns', message: 'Map a column to externalId or email: contacts are matched by one of them.' },
    ]);
  });
});
