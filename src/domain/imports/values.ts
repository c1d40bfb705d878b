// Parsers for one cell each: forgiving in what they read, returning one canonical form, or a problem
// that says what is wrong and what is allowed.
import type { CountryCode } from 'libphonenumber-js';
import { checkEmail, checkLanguage, checkPhone, checkTimeZone } from '../contacts/index.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string; allowed: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (message: string, allowed: string): Parsed<never> => ({ ok: false, message, allowed });

// Files are forgiving where the API is strict: each parser cleans up what spreadsheets and CRMs
// write, then the contact field rules (src/domain/contacts) decide validity and canonical form.

/** Trimmed and lowercased; a `mailto:` prefix is dropped. */
export function parseEmail(text: string): Parsed<string> {
  const checked = checkEmail(text.trim().replace(/^mailto:/i, ''));
  return checked.ok ? ok(checked.value) : bad('Not a valid email address', 'an email address such as name@example.com');
}

/**
 * E.164. A number without a country code is read as a number of `defaultCountry`; a number of digits
 * only that starts with a country code (Excel drops the leading "+") is tried with "+" too.
 */
export function parsePhone(text: string, defaultCountry: CountryCode): Parsed<string> {
  const allowed = `a phone number with country code (+45 12 34 56 78), or a number of the default country ${defaultCountry}`;
  const candidates = [text.trim()];
  if (/^[1-9]\d{7,14}$/.test(text.trim())) candidates.push(`+${text.trim()}`);
  for (const candidate of candidates) {
    const checked = checkPhone(candidate, defaultCountry);
    if (checked.ok) return ok(checked.value);
  }
  return bad('Not a valid phone number', allowed);
}

const LANGUAGE_NAMES: Record<string, string> = {
  dansk: 'da',
  danish: 'da',
  danska: 'da',
  danisch: 'da',
  tanska: 'da',
  svenska: 'sv',
  svensk: 'sv',
  swedish: 'sv',
  schwedisch: 'sv',
  ruotsi: 'sv',
  norsk: 'nb',
  norwegian: 'nb',
  norska: 'nb',
  norwegisch: 'nb',
  norja: 'nb',
  english: 'en',
  engelsk: 'en',
  engelska: 'en',
  englisch: 'en',
  englanti: 'en',
  deutsch: 'de',
  german: 'de',
  tysk: 'de',
  tyska: 'de',
  saksa: 'de',
  suomi: 'fi',
  finnish: 'fi',
  finsk: 'fi',
  finska: 'fi',
  finnisch: 'fi',
};
/** A BCP 47 tag of a known language, canonical (`da-DK`); `da_DK` and language names ("Dansk") are accepted. */
export function parseLanguage(text: string): Parsed<string> {
  const trimmed = text.trim();
  const checked = checkLanguage(LANGUAGE_NAMES[trimmed.toLowerCase()] ?? trimmed);
  return checked.ok ? ok(checked.value) : bad('Not a known language', 'a language tag such as da, sv, nb, en-GB, de or fi');
}

/** An IANA time zone, in its canonical spelling ("europe/berlin" → "Europe/Berlin"). */
export function parseTimeZone(text: string): Parsed<string> {
  const checked = checkTimeZone(text);
  return checked.ok ? ok(checked.value) : bad('Not a known time zone', 'an IANA time zone such as Europe/Copenhagen or Europe/Stockholm');
}

/**
 * ISO `2024-03-01` (a time after it, as XLSX date-times have, is dropped), or day first: `01.03.2024`,
 * `01-03-2024` and `1/3/2024` are all 1 March 2024 — Nordic and German files write the day first, and
 * a month-first US file would otherwise import wrong dates silently half the time.
 */
export function parseDate(text: string): Parsed<string> {
  const allowed = 'a date as 2024-03-01 or 01.03.2024 (day first)';
  const trimmed = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/.exec(trimmed);
  const dayFirst = /^(\d{1,2})([./-])(\d{1,2})\2(\d{4})$/.exec(trimmed);
  const [year, month, day] = iso ? [iso[1], iso[2], iso[3]] : dayFirst ? [dayFirst[4], dayFirst[3], dayFirst[1]] : [];
  if (year === undefined || month === undefined || day === undefined) return bad('Not a date', allowed);
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCFullYear() !== Number(year) || date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) {
    return bad('Not a date in the calendar', allowed);
  }
  return ok(date.toISOString().slice(0, 10));
}

/**
 * Decimal comma or point, thousands separated by point, comma, space or apostrophe. When both marks
 * appear the last one is the decimal mark. A single mark followed by exactly three digits ("1.500") is
 * ambiguous — 1.5 or 1500 — and is reported rather than guessed.
 */
export function parseNumber(text: string): Parsed<number> {
  const allowed = 'a number such as 1234,5 or 1234.5 (thousands separators are allowed when there are decimals: 1.234,50)';
  const compact = text
    .trim()
    .replace(/[\s\u00a0\u202f']/g, '')
    .replace(/^\u2212/, '-');
  const match = /^([+-]?)(\d[\d.,]*)$/.exec(compact);
  if (!match) return bad('Not a number', allowed);
  const digits = match[2] as string;
  const lastPoint = digits.lastIndexOf('.');
  const lastComma = digits.lastIndexOf(',');
  let integer = digits;
  let fraction = '';
  if (lastPoint !== -1 && lastComma !== -1) {
    const decimalAt = Math.max(lastPoint, lastComma);
    [integer, fraction] = [digits.slice(0, decimalAt), digits.slice(decimalAt + 1)];
    if (/[.,]/.test(fraction)) return bad('Not a number', allowed);
  } else if (lastPoint !== -1 || lastComma !== -1) {
    const mark = lastPoint !== -1 ? '.' : ',';
    const parts = digits.split(mark);
    if (parts.length === 2) {
      if ((parts[1] as string).length === 3 && /^[1-9]\d{0,2}$/.test(parts[0] as string))
        return bad('Ambiguous: the mark could separate thousands or decimals', allowed);
      [integer, fraction] = parts as [string, string];
    }
  }
  if (/[.,]/.test(integer) && !/^\d{1,3}([.,]\d{3})+$/.test(integer)) return bad('Not a number', allowed);
  if (/[.,]/.test(integer) && new Set(integer.replace(/\d/g, '')).size > 1) return bad('Not a number', allowed);
  if (fraction !== '' && !/^\d+$/.test(fraction)) return bad('Not a number', allowed);
  const value = Number(`${match[1]}${integer.replace(/[.,]/g, '')}${fraction === '' ? '' : `.${fraction}`}`);
  return Number.isFinite(value) ? ok(value) : bad('Not a number', allowed);
}

const TRUE_WORDS = ['ja', 'yes', 'y', 'kylla', 'true', '1', 'sand', 'sant', 'sann', 'wahr', 'tosi'];
const FALSE_WORDS = ['nej', 'nei', 'no', 'n', 'nein', 'ei', 'false', '0', 'falsk', 'falskt', 'usann', 'falsch', 'epatosi'];

/** ja/nej, ja/nei, yes/no, ja/nein, kyllä/ei, 1/0, true/false (and the words for true/false), any case. */
export function parseBoolean(text: string): Parsed<boolean> {
  const word = text
    .trim()
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
  if (TRUE_WORDS.includes(word)) return ok(true);
  if (FALSE_WORDS.includes(word)) return ok(false);
  return bad('Not yes or no', 'ja/nej, yes/no, ja/nein, kyllä/ei, 1/0 or true/false');
}

/** The canonical spelling of the allowed value that matches case-insensitively. */
export function parseListValue(text: string, allowedValues: readonly string[]): Parsed<string> {
  const wanted = text.trim().toLocaleLowerCase();
  const match = allowedValues.find((value) => value.toLocaleLowerCase() === wanted);
  return match === undefined ? bad('Not one of the allowed values', allowedValues.join(', ')) : ok(match);
}
