// One row of a file → a contact record ready to upsert, or every problem found in it. No database: what
// the workspace knows (members, units, attributes) is passed in.
import type { CountryCode } from 'libphonenumber-js';
import type { ImportRow } from './file.ts';
import type { AttributeDefinition, ContactField, ImportMapping } from './mapping.ts';
import { type Parsed, parseBoolean, parseDate, parseEmail, parseLanguage, parseListValue, parseNumber, parsePhone, parseTimeZone } from './values.ts';

export interface ValidationContext {
  attributes: readonly AttributeDefinition[];
  /** Members who can own contacts: lowercased emails and external ids. */
  knownOwners: { byEmail: ReadonlySet<string>; byExternalId: ReadonlySet<string> };
  /** Units: external ids (exact) and names (compared case-insensitively). */
  knownUnits: { byExternalId: ReadonlySet<string>; byName: ReadonlySet<string> };
  /** The country of phone numbers written without a country code. */
  defaultPhoneCountry: CountryCode;
  /** An owner who is no member: a problem, or a member to create without login. */
  unknownOwners: 'report' | 'create';
}

export interface Problem {
  rowNumber: number;
  /** The file's header of the column; for a problem of the whole row, the key columns. */
  column: string;
  field: string;
  value: string;
  /** What is wrong. */
  message: string;
  /** What is allowed instead. */
  allowed: string;
}

/** A contact as the import stores it. A field whose cell is empty is absent (not cleared). */
export interface ContactImportRecord {
  externalId?: string;
  email?: string;
  phone?: string;
  firstName?: string;
  lastName?: string;
  name?: string;
  language?: string;
  timeZone?: string;
  accountExternalId?: string;
  accountName?: string;
  ownerEmail?: string;
  ownerExternalId?: string;
  /** The owner is no member yet and the policy says to create one. */
  newOwner?: boolean;
  unitExternalId?: string;
  unitName?: string;
  segment?: string;
  consent?: boolean;
  /** Custom attributes by key: text and list values as strings, dates as `YYYY-MM-DD`. */
  attributes: Record<string, string | number | boolean>;
}

export type RowResult = { ok: true; record: ContactImportRecord } | { ok: false; problems: Problem[] };

type TextField = Exclude<ContactField, 'consent'>;

/** A mapped column as validateRow walks it: worked out once per file, not once per row. */
interface Target {
  column: string;
  field: string;
  /** The attribute of an `attr.` field; null when the workspace does not define it. */
  attribute?: AttributeDefinition | null;
}

interface Prepared {
  targets: Target[];
  unitNames: Set<string>;
  keyColumns: string;
  columnOrder: Map<string, number>;
}

const prepared = new WeakMap<ImportMapping, WeakMap<ValidationContext, Prepared>>();

function prepare(mapping: ImportMapping, context: ValidationContext): Prepared {
  let byContext = prepared.get(mapping);
  if (!byContext) {
    byContext = new WeakMap();
    prepared.set(mapping, byContext);
  }
  let found = byContext.get(context);
  if (!found) {
    const attributes = new Map(context.attributes.map((attribute) => [attribute.key, attribute]));
    const columns = Object.entries(mapping.columns);
    found = {
      targets: columns.flatMap(([column, field]) =>
        field === null ? [] : [{ column, field, ...(field.startsWith('attr.') && { attribute: attributes.get(field.slice(5)) ?? null }) }],
      ),
      unitNames: new Set([...context.knownUnits.byName].map((name) => name.toLocaleLowerCase())),
      keyColumns: columns
        .filter(([, field]) => field === 'externalId' || field === 'email')
        .map(([column]) => column)
        .join(' / '),
      columnOrder: new Map(columns.map(([column], i) => [column, i])),
    };
    byContext.set(context, found);
  }
  return found;
}

/** Stores a parsed value under its key when it is good; hands the result on either way. */
function keep<K extends string, T>(into: Partial<Record<K, T>>, key: K, parsed: Parsed<T>): Parsed<T> {
  if (parsed.ok) into[key] = parsed.value;
  return parsed;
}

function problemOf(rowNumber: number, column: string, field: string, value: string, parsed: { message: string; allowed: string }): Problem {
  return { rowNumber, column, field, value, message: parsed.message, allowed: parsed.allowed };
}

export function validateRow(row: ImportRow, mapping: ImportMapping, context: ValidationContext): RowResult {
  const { targets, unitNames, keyColumns, columnOrder } = prepare(mapping, context);
  const problems: Problem[] = [];
  const fields: Partial<Record<TextField, string>> = {};
  const record: ContactImportRecord = { attributes: {} };
  const attributeValues: Record<string, string | number | boolean> = {};
  const columnOf: Partial<Record<string, string>> = {};

  for (const { column, field, attribute } of targets) {
    const value = row.values[column] ?? '';
    const text = value.trim();
    if (text === '') continue;
    columnOf[field] = column;
    let parsed: Parsed<unknown> | undefined;
    if (attribute !== undefined) {
      if (attribute === null) continue;
      const value = parseAttribute(text, attribute);
      if (value.ok) attributeValues[attribute.key] = value.value;
      parsed = value;
    } else {
      switch (field as ContactField) {
        case 'email':
        case 'ownerEmail':
          parsed = keep(fields, field as TextField, parseEmail(text));
          break;
        case 'phone':
          parsed = keep(fields, 'phone', parsePhone(text, context.defaultPhoneCountry));
          break;
        case 'language':
          parsed = keep(fields, 'language', parseLanguage(text));
          break;
        case 'timeZone':
          parsed = keep(fields, 'timeZone', parseTimeZone(text));
          break;
        case 'consent':
          parsed = keep(record, 'consent', parseBoolean(text));
          break;
        default:
          fields[field as TextField] = SPACES.test(text) ? text.replace(SPACES_ALL, ' ') : text;
      }
    }
    if (parsed !== undefined && !parsed.ok) problems.push(problemOf(row.rowNumber, column, field, value, parsed));
  }

  const problem = (field: string, message: string, allowed: string) => {
    const column = columnOf[field] ?? '';
    problems.push({ rowNumber: row.rowNumber, column, field, value: row.values[column] ?? '', message, allowed });
  };

  const owners = context.knownOwners;
  const ownerKnown =
    (fields.ownerEmail !== undefined && owners.byEmail.has(fields.ownerEmail)) ||
    (fields.ownerExternalId !== undefined && owners.byExternalId.has(fields.ownerExternalId));
  const ownerGiven = fields.ownerEmail !== undefined || fields.ownerExternalId !== undefined;
  if (ownerGiven && !ownerKnown) {
    if (context.unknownOwners === 'create') record.newOwner = true;
    else {
      problem(
        fields.ownerEmail !== undefined ? 'ownerEmail' : 'ownerExternalId',
        'Not a member of this workspace',
        'the email or external id of a member (or choose to create unknown owners as members without login)',
      );
    }
  }
  if (fields.accountName !== undefined && fields.accountName.length > 200) {
    problem('accountName', 'Longer than 200 characters', 'an account name of at most 200 characters');
  }
  if (fields.unitExternalId !== undefined && !context.knownUnits.byExternalId.has(fields.unitExternalId)) {
    problem('unitExternalId', 'No unit has this external id', 'the external id of a unit of the organisation');
  }
  if (fields.unitName !== undefined && !unitNames.has(fields.unitName.toLocaleLowerCase())) {
    problem('unitName', 'No unit has this name', 'the name of a unit of the organisation');
  }

  if (columnOf.externalId === undefined && columnOf.email === undefined) {
    problems.push({
      rowNumber: row.rowNumber,
      column: keyColumns,
      field: 'externalId',
      value: '',
      message: 'Neither an external id nor an email: the contact cannot be matched',
      allowed: 'an external id or an email in every row',
    });
  }
  if (problems.length > 0) {
    problems.sort((a, b) => (columnOrder.get(a.column) ?? -1) - (columnOrder.get(b.column) ?? -1));
    return { ok: false, problems };
  }

  Object.assign(record, fields, splitName(fields));
  record.attributes = attributeValues;
  return { ok: true, record };
}

// Runs of white space inside a text value become one space; the test first spares the common case a copy.
const SPACES = /\s\s|[^\S ]/;
const SPACES_ALL = /\s+/g;

/** Text attributes: the contact rules' limit (fields.ts), checked here so a written row never fails it. */
const MAX_TEXT_ATTRIBUTE = 1000;

function parseAttribute(text: string, attribute: AttributeDefinition): Parsed<string | number | boolean> {
  switch (attribute.type) {
    case 'number':
      return parseNumber(text);
    case 'date':
      return parseDate(text);
    case 'boolean':
      return parseBoolean(text);
    case 'list':
      return parseListValue(text, attribute.allowedValues ?? []);
    default:
      return text.length <= MAX_TEXT_ATTRIBUTE
        ? { ok: true, value: text }
        : { ok: false, message: `Longer than ${MAX_TEXT_ATTRIBUTE} characters`, allowed: `text of at most ${MAX_TEXT_ATTRIBUTE} characters` };
  }
}

/**
 * A full name fills first and last name when neither is given: "Kierkegaard, Søren" (comma: last name
 * first) or "Anna Maria Svensson" (the last word is the last name). Without a full name, it is built.
 */
export function splitName(fields: { firstName?: string; lastName?: string; name?: string }): Pick<ContactImportRecord, 'firstName' | 'lastName' | 'name'> {
  const { firstName, lastName, name } = fields;
  if (name === undefined) {
    const full = [firstName, lastName].filter((part) => part !== undefined).join(' ');
    return full === '' ? {} : { name: full };
  }
  if (firstName !== undefined || lastName !== undefined) return {};
  const comma = name.indexOf(',');
  if (comma !== -1) {
    const last = name.slice(0, comma).trim();
    const first = name.slice(comma + 1).trim();
    return { ...(first && { firstName: first }), ...(last && { lastName: last }), name: [first, last].filter(Boolean).join(' ') };
  }
  const space = name.lastIndexOf(' ');
  return space === -1 ? { firstName: name } : { firstName: name.slice(0, space), lastName: name.slice(space + 1) };
}
