import { describe, expect, it } from 'vitest';
import type { ImportMapping } from './mapping.ts';
import { splitName, type ValidationContext, validateRow } from './validate-row.ts';

const context: ValidationContext = {
  attributes: [{ key: 'tier', label: 'Tier', type: 'list', allowedValues: ['Gold', 'Silver'] }],
  knownOwners: { byEmail: new Set(['ida@anbefal.test']), byExternalId: new Set(['owner-7']) },
  knownUnits: { byExternalId: new Set(['u-1']), byName: new Set(['København']) },
  defaultPhoneCountry: 'DK',
  unknownOwners: 'report',
};

const mapping: ImportMapping = {
  version: 1,
  columns: {
    Id: 'externalId',
    Mail: 'email',
    Owner: 'ownerEmail',
    'Owner id': 'ownerExternalId',
    Unit: 'unitName',
    'Unit id': 'unitExternalId',
    Tier: 'attr.tier',
    Name: 'name',
    Ignored: null,
  },
};

const row = (values: Record<string, string>, rowNumber = 7) => ({ rowNumber, values });

describe('validateRow', () => {
  it('builds the record: trimmed text, canonical values, empty cells absent, unmapped columns ignored', () => {
    expect(validateRow(row({ Id: ' 42 ', Mail: '', Unit: 'KØBENHAVN', Tier: 'gold', Name: 'Anna  Maria Svensson', Ignored: 'x' }), mapping, context)).toEqual({
      ok: true,
      record: {
        externalId: '42',
        unitName: 'KØBENHAVN',
        name: 'Anna Maria Svensson',
        firstName: 'Anna Maria',
        lastName: 'Svensson',
        attributes: { tier: 'Gold' },
      },
    });
  });

  it('keeps an account name with its spaces collapsed, and refuses one longer than an account name may be', () => {
    const withAccount: ImportMapping = { version: 1, columns: { Id: 'externalId', Company: 'accountName' } };
    expect(validateRow(row({ Id: '1', Company: ' Nordlys   A/S ' }), withAccount, context)).toMatchObject({ ok: true, record: { accountName: 'Nordlys A/S' } });
    expect(validateRow(row({ Id: '1', Company: 'x'.repeat(201) }), withAccount, context)).toMatchObject({
      ok: false,
      problems: [{ rowNumber: 7, column: 'Company', field: 'accountName', message: 'Longer than 200 characters' }],
    });
  });

  it('refuses a text attribute longer than the contact rules allow, since the written rows are not checked again', () => {
    const withNote: ImportMapping = { version: 1, columns: { Id: 'externalId', Note: 'attr.note' } };
    const noted: ValidationContext = { ...context, attributes: [{ key: 'note', label: 'Note', type: 'text' }] };
    expect(validateRow(row({ Id: '1', Note: 'x'.repeat(1000) }), withNote, noted)).toMatchObject({
      ok: true,
      record: { attributes: { note: 'x'.repeat(1000) } },
    });
    expect(validateRow(row({ Id: '1', Note: 'x'.repeat(1001) }), withNote, noted)).toMatchObject({
      ok: false,
      problems: [{ rowNumber: 7, column: 'Note', field: 'attr.note', message: 'Longer than 1000 characters' }],
    });
  });

  it('matches owners by email (any case) or external id; creates unknown ones only under the create policy', () => {
    expect(validateRow(row({ Id: '1', Owner: 'IDA@Anbefal.test' }), mapping, context)).toMatchObject({ ok: true, record: { ownerEmail: 'ida@anbefal.test' } });
    expect(validateRow(row({ Id: '1', 'Owner id': 'owner-7' }), mapping, context)).toMatchObject({ ok: true, record: { ownerExternalId: 'owner-7' } });
    expect(validateRow(row({ Id: '1', Owner: 'new@anbefal.test' }), mapping, { ...context, unknownOwners: 'create' })).toEqual({
      ok: true,
      record: { externalId: '1', ownerEmail: 'new@anbefal.test', newOwner: true, attributes: {} },
    });
    expect(validateRow(row({ Id: '1', 'Owner id': 'owner-9' }), mapping, context)).toEqual({
      ok: false,
      problems: [
        {
          rowNumber: 7,
          column: 'Owner id',
          field: 'ownerExternalId',
          value: 'owner-9',
          message: 'Not a member of this workspace',
          allowed: 'the email or external id of a member (or choose to create unknown owners as members without login)',
        },
      ],
    });
  });

  it('reports every problem of a row in column order, with the value as written', () => {
    expect(validateRow(row({ Id: '', Mail: ' Bad@ ', 'Unit id': 'u-2', Tier: 'Bronze' }, 12), mapping, context)).toEqual({
      ok: false,
      problems: [
        {
          rowNumber: 12,
          column: 'Mail',
          field: 'email',
          value: ' Bad@ ',
          message: 'Not a valid email address',
          allowed: 'an email address such as name@example.com',
        },
        {
          rowNumber: 12,
          column: 'Unit id',
          field: 'unitExternalId',
          value: 'u-2',
          message: 'No unit has this external id',
          allowed: 'the external id of a unit of the organisation',
        },
        { rowNumber: 12, column: 'Tier', field: 'attr.tier', value: 'Bronze', message: 'Not one of the allowed values', allowed: 'Gold, Silver' },
      ],
    });
  });

  it('reports a row without external id and email once, naming both key columns', () => {
    expect(validateRow(row({ Id: ' ', Mail: '', Name: 'Bo' }), mapping, context)).toEqual({
      ok: false,
      problems: [
        {
          rowNumber: 7,
          column: 'Id / Mail',
          field: 'externalId',
          value: '',
          message: 'Neither an external id nor an email: the contact cannot be matched',
          allowed: 'an external id or an email in every row',
        },
      ],
    });
  });
});

describe('splitName', () => {
  it.each([
    [{ name: 'Søren Kierkegaard' }, { firstName: 'Søren', lastName: 'Kierkegaard' }],
    [{ name: 'Kierkegaard, Søren' }, { firstName: 'Søren', lastName: 'Kierkegaard', name: 'Søren Kierkegaard' }],
    [{ name: 'Cher' }, { firstName: 'Cher' }],
    [{ name: 'Åsa Öberg', firstName: 'Åsa' }, {}],
    [{ firstName: 'Åsa', lastName: 'Öberg' }, { name: 'Åsa Öberg' }],
    [{ lastName: 'Öberg' }, { name: 'Öberg' }],
    [{}, {}],
  ])('%j → %j', (fields, expected) => {
    expect(splitName(fields)).toEqual(expected);
  });
});
