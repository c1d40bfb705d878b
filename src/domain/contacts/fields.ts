// Field rules for contacts and accounts: each turns what a caller sent into what is stored, or
// names what is wrong and what is allowed. Shared by the API and file imports.
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';
import type { FieldProblem } from '../../errors.ts';
import type { AttributeType, AttributeValue } from '../views.ts';

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };
const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const bad = <T>(message: string): Checked<T> => ({ ok: false, message });

// The same rule as the HTTP schemas (src/http/schemas.ts), so API, import and forms agree.
const emailSchema = z.email().max(320);

/** Trimmed and lowercased. */
export function checkEmail(value: string): Checked<string> {
  const email = value.trim().toLowerCase();
  return emailSchema.safeParse(email).success ? ok(email) : bad('must be an email address such as anna@example.com');
}

/** A phone number in E.164; numbers without a country code are read in the workspace's country. */
export function checkPhone(value: string, defaultCountry: string): Checked<string> {
  const phone = parsePhoneNumberFromString(value.trim(), defaultCountry as CountryCode);
  return phone?.isValid()
    ? ok(phone.number)
    : bad(`must be a phone number, with a country code such as +4512345678 (without one it is read as a number of ${defaultCountry})`);
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** Remembers the answers of a costly check (Intl objects take ~0.1 ms each; a file repeats a handful of
 * languages and zones a million times). Bounded: emptied when full, so odd input cannot grow it. */
function remembered<T>(check: (value: string) => Checked<T>): (value: string) => Checked<T> {
  const known = new Map<string, Checked<T>>();
  return (value) => {
    let answer = known.get(value);
    if (answer === undefined) {
      answer = check(value);
      if (known.size >= 1000) known.clear();
      known.set(value, answer);
    }
    return answer;
  };
}

/** A BCP 47 tag of a known language, canonicalised (`SV-se` and `sv_SE` → `sv-SE`). */
export const checkLanguage = remembered((value: string): Checked<string> => {
  try {
    const [tag] = Intl.getCanonicalLocales(value.trim().replaceAll('_', '-'));
    if (tag && languageNames.of(tag.split('-')[0] as string) !== undefined) return ok(tag);
  } catch {
    // fall through
  }
  return bad('must be a BCP 47 language tag of a known language, such as da, sv-SE or en-GB');
});

/** An IANA time zone, in its canonical spelling (`europe/copenhagen` → `Europe/Copenhagen`). */
export const checkTimeZone = remembered((value: string): Checked<string> => {
  try {
    const zone = new Intl.DateTimeFormat('en', { timeZone: value.trim() }).resolvedOptions().timeZone;
    if (/^[A-Za-z]/.test(zone)) return ok(zone);
  } catch {
    // fall through
  }
  return bad('must be an IANA time zone such as Europe/Copenhagen or UTC');
});

export interface AttributeRule {
  key: string;
  type: AttributeType;
  allowedValues: string[] | null;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const isDate = (value: string) => {
  const match = DATE.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
};

/** One attribute value in its stored form: text and list values as strings, numbers as numbers,
 * dates as YYYY-MM-DD, booleans as booleans. Strings are accepted for every type (files carry text). */
export function checkAttributeValue(rule: AttributeRule, value: unknown): Checked<AttributeValue> {
  const text = typeof value === 'string' ? value.trim() : undefined;
  switch (rule.type) {
    case 'text':
      if (text !== undefined && text.length <= 1000) return ok(text);
      if (typeof value === 'number' || typeof value === 'boolean') return ok(String(value));
      return bad('must be text of at most 1000 characters');
    case 'number': {
      const number = typeof value === 'number' ? value : text !== undefined && text !== '' ? Number(text) : Number.NaN;
      return Number.isFinite(number) ? ok(number) : bad('must be a number such as 42 or 3.5');
    }
    case 'date':
      return text !== undefined && isDate(text) ? ok(text) : bad('must be a date written YYYY-MM-DD, such as 2026-03-31');
    case 'boolean':
      if (typeof value === 'boolean') return ok(value);
      if (text === 'true' || text === 'false') return ok(text === 'true');
      return bad('must be true or false');
    case 'list':
      if (text !== undefined && rule.allowedValues?.includes(text)) return ok(text);
      return bad(`must be one of: ${(rule.allowedValues ?? []).join(', ')}`);
  }
}

/** Attributes checked against the workspace's definitions. null removes an attribute. */
export function checkAttributes(
  rules: ReadonlyMap<string, AttributeRule>,
  input: Record<string, unknown>,
  field: string,
  problems: FieldProblem[],
): Record<string, AttributeValue | null> {
  const out: Record<string, AttributeValue | null> = {};
  for (const [key, value] of Object.entries(input)) {
    const rule = rules.get(key);
    if (!rule) {
      const known = [...rules.keys()].sort().join(', ') || 'none yet';
      problems.push({ field: `${field}.${key}`, message: `is not a defined attribute (defined: ${known}); define it under attribute definitions first` });
    } else if (value === null) {
      out[key] = null;
    } else {
      const checked = checkAttributeValue(rule, value);
      if (checked.ok) out[key] = checked.value;
      else problems.push({ field: `${field}.${key}`, message: checked.message });
    }
  }
  return out;
}

/** Applies a change of attributes to stored ones: null removes a key. Keys come out sorted, so equal
 * attributes compare equal as JSON. */
export function mergeAttributes(stored: Record<string, unknown>, change: Record<string, AttributeValue | null>): Record<string, AttributeValue> {
  const merged: Record<string, unknown> = { ...stored, ...change };
  return Object.fromEntries(
    Object.entries(merged)
      .filter(([, value]) => value !== null && value !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  ) as Record<string, AttributeValue>;
}
