import { describe, expect, it } from 'vitest';
import { parseBoolean, parseDate, parseEmail, parseLanguage, parseListValue, parseNumber, parsePhone, parseTimeZone } from './values.ts';

const value = <T>(parsed: { ok: true; value: T } | { ok: false; message: string }) => (parsed.ok ? parsed.value : `✗ ${parsed.message}`);

describe('cell parsers', () => {
  it('emails: trimmed, lowercased, mailto: dropped', () => {
    expect(['  Soren.K@Example.DK ', 'mailto:a@b.se', 'bad-email@', 'a b@example.com', 'x@localhost'].map((text) => value(parseEmail(text)))).toEqual([
      'soren.k@example.dk',
      'a@b.se',
      '✗ Not a valid email address',
      '✗ Not a valid email address',
      '✗ Not a valid email address',
    ]);
  });

  it('phones: E.164 with the default country, and digits that lost their "+" in Excel', () => {
    expect(
      ['20 12 34 56', '+45 87 65 43 21', '0045 20123456', '4520123456', '+46 70 123 45 67', '070-123 45 67', '123'].map((text) =>
        value(parsePhone(text, 'DK')),
      ),
    ).toEqual(['+4520123456', '+4587654321', '+4520123456', '+4520123456', '+46701234567', '✗ Not a valid phone number', '✗ Not a valid phone number']);
    expect(value(parsePhone('070-123 45 67', 'SE'))).toBe('+46701234567');
  });

  it('languages: canonical BCP 47, underscores and language names accepted', () => {
    expect(['da', 'da-dk', 'DA_DK', 'sv-SE', 'Dansk', 'svenska', 'Suomi', 'en', 'klingon', 'xx', '12'].map((text) => value(parseLanguage(text)))).toEqual([
      'da',
      'da-DK',
      'da-DK',
      'sv-SE',
      'da',
      'sv',
      'fi',
      'en',
      '✗ Not a known language',
      '✗ Not a known language',
      '✗ Not a known language',
    ]);
  });

  it('time zones: IANA names in canonical case', () => {
    expect(['Europe/Copenhagen', 'europe/berlin', 'UTC', 'Mars/Olympus', 'CET+1'].map((text) => value(parseTimeZone(text)))).toEqual([
      'Europe/Copenhagen',
      'Europe/Berlin',
      'UTC',
      '✗ Not a known time zone',
      '✗ Not a known time zone',
    ]);
  });

  it('dates: ISO, or day first with ".", "-" or "/"', () => {
    expect(
      ['2024-03-01', '01.03.2024', '01-03-2024', '1/3/2024', '2023-12-24T13:30:00', '31.02.2024', '2024-13-01', '03/01/24', 'tomorrow'].map((text) =>
        value(parseDate(text)),
      ),
    ).toEqual([
      '2024-03-01',
      '2024-03-01',
      '2024-03-01',
      '2024-03-01',
      '2023-12-24',
      '✗ Not a date in the calendar',
      '✗ Not a date in the calendar',
      '✗ Not a date',
      '✗ Not a date',
    ]);
  });

  it('numbers: decimal comma or point, thousands separators, ambiguity reported', () => {
    const cases: [string, number | string][] = [
      ['12', 12],
      ['1234,5', 1234.5],
      ['1234.5', 1234.5],
      ['1.234,50', 1234.5],
      ['1,234.50', 1234.5],
      ['1 234 567,8', 1234567.8],
      ['1.234.567', 1234567],
      ["1'234.5", 1234.5],
      ['-0,125', -0.125],
      ['1234,567', 1234.567],
      ['1.500', '✗ Ambiguous: the mark could separate thousands or decimals'],
      ['1,5,0', '✗ Not a number'],
      ['1.23.4', '✗ Not a number'],
      ['1.234,5.6', '✗ Not a number'],
      ['12a', '✗ Not a number'],
      ['', '✗ Not a number'],
    ];
    expect(cases.map(([text]) => value(parseNumber(text)))).toEqual(cases.map(([, expected]) => expected));
  });

  it('booleans in six languages', () => {
    const truthy = ['ja', 'Yes', 'JA', 'kyllä', 'KYLLÄ', '1', 'true', 'sand', 'sant', 'wahr'];
    const falsy = ['nej', 'no', 'nein', 'nei', 'ei', '0', 'false', 'falsk'];
    expect(truthy.map((text) => value(parseBoolean(text)))).toEqual(truthy.map(() => true));
    expect(falsy.map((text) => value(parseBoolean(text)))).toEqual(falsy.map(() => false));
    expect(parseBoolean('måske')).toEqual({ ok: false, message: 'Not yes or no', allowed: 'ja/nej, yes/no, ja/nein, kyllä/ei, 1/0 or true/false' });
  });

  it('list values: case-insensitive, canonical spelling', () => {
    expect(value(parseListValue(' erhverv ', ['Privat', 'Erhverv']))).toBe('Erhverv');
    expect(parseListValue('VIP', ['Privat', 'Erhverv'])).toEqual({ ok: false, message: 'Not one of the allowed values', allowed: 'Privat, Erhverv' });
  });
});
