// Which column of a file fills which contact field. A mapping is plain JSON, so it can be saved with a
// workspace and reused for the next nightly export; `parseMapping` checks one against a file's headers.
import { z } from 'zod';
import { AppError, type FieldProblem } from '../../errors.ts';

export const CONTACT_FIELDS = [
  'externalId',
  'email',
  'phone',
  'firstName',
  'lastName',
  'name',
  'language',
  'timeZone',
  'accountExternalId',
  'accountName',
  'ownerEmail',
  'ownerExternalId',
  'unitExternalId',
  'unitName',
  'segment',
  'consent',
] as const;

export type ContactField = (typeof CONTACT_FIELDS)[number];
/** A contact field, or `attr.<key>` for a custom attribute of the workspace. */
export type TargetField = ContactField | `attr.${string}`;

export interface AttributeDefinition {
  key: string;
  label: string;
  type: 'text' | 'number' | 'date' | 'boolean' | 'list';
  /** For `list`: the canonical values; a cell matches one case-insensitively. */
  allowedValues?: string[];
}

const targetField = z.union([z.enum(CONTACT_FIELDS), z.templateLiteral(['attr.', z.string().regex(/^[A-Za-z0-9_-]+$/)])], {
  error: (issue) => `"${String(issue.input)}" is not a contact field. Use one of ${CONTACT_FIELDS.join(', ')}, or attr.<key> for a custom attribute.`,
});

/** Header (as in the file) → target field; null leaves the column out. Version 1. */
export const ImportMapping = z
  .object({
    version: z.literal(1),
    columns: z.record(z.string().min(1), targetField.nullable()),
  })
  .superRefine((mapping, context) => {
    const firstColumn = new Map<string, string>();
    for (const [column, field] of Object.entries(mapping.columns)) {
      if (field === null) continue;
      const earlier = firstColumn.get(field);
      if (earlier === undefined) firstColumn.set(field, column);
      else {
        context.addIssue({
          code: 'custom',
          path: ['columns', column],
          message: `The field ${field} is already filled from the column "${earlier}". Map each field from one column only.`,
        });
      }
    }
    if (!firstColumn.has('externalId') && !firstColumn.has('email')) {
      context.addIssue({
        code: 'custom',
        path: ['columns'],
        message: 'Map a column to externalId or email: contacts are matched by one of them.',
      });
    }
  });
export type ImportMapping = z.infer<typeof ImportMapping>;

/** The mapping with its columns in the file's order (jsonb keeps keys sorted; problems are reported in column order). */
export function inHeaderOrder(mapping: ImportMapping, headers: readonly string[]): ImportMapping {
  const order = new Map(headers.map((header, i) => [header, i]));
  const columns = Object.entries(mapping.columns).sort(([a], [b]) => (order.get(a) ?? headers.length) - (order.get(b) ?? headers.length));
  return { ...mapping, columns: Object.fromEntries(columns) };
}

/**
 * Checks a saved or submitted mapping against the file's headers and the workspace's attributes.
 * Throws AppError('validation_failed') listing every problem.
 */
export function parseMapping(input: unknown, headers: readonly string[], attributes: readonly AttributeDefinition[]): ImportMapping {
  const parsed = ImportMapping.safeParse(input);
  const problems: FieldProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ field: ['mapping', ...issue.path.map(String)].join('.'), message: issue.message }));
  if (parsed.success) {
    const keys = new Set(attributes.map((attribute) => attribute.key));
    const headerSet = new Set(headers);
    for (const [column, field] of Object.entries(parsed.data.columns)) {
      if (!headerSet.has(column)) {
        problems.push({ field: `mapping.columns.${column}`, message: `The file has no column "${column}". Its columns are: ${headers.join(', ')}.` });
      }
      if (field?.startsWith('attr.') && !keys.has(field.slice(5))) {
        problems.push({
          field: `mapping.columns.${column}`,
          message: `There is no custom attribute "${field.slice(5)}". Define it first, or map the column to one of: ${[...keys].join(', ') || '(none defined)'}.`,
        });
      }
    }
  }
  if (problems.length > 0 || !parsed.success) {
    throw new AppError('validation_failed', `The column mapping is not valid: ${problems.map((p) => p.message).join(' ')}`, { errors: problems });
  }
  return parsed.data;
}

/** Lowercase, without diacritics, spaces or punctuation: "E-Mail" → "email", "Sähköposti" → "sahkoposti". */
export function normaliseHeader(header: string): string {
  return header
    .toLowerCase()
    .replaceAll('æ', 'ae')
    .replaceAll('ø', 'o')
    .replaceAll('ß', 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]/g, '');
}

/** Common header names in English, Danish, Swedish, Norwegian, German and Finnish, normalised. */
const SYNONYMS: Record<ContactField, string[]> = {
  externalId: [
    'externalid',
    'id',
    'crmid',
    'crm',
    'customerid',
    'customerno',
    'customernumber',
    'clientid',
    'contactid',
    'kundenummer',
    'kundenr',
    'kundeid',
    'kundnummer',
    'kundnr',
    'kundid',
    'kontaktid',
    'kundennummer',
    'kundennr',
    'kundenid',
    'asiakasnumero',
    'asiakasnro',
    'asiakastunnus',
    'asiakasid',
  ],
  email: [
    'email',
    'emailaddress',
    'mail',
    'mailaddress',
    'epost',
    'epostadresse',
    'epostadress',
    'emailadresse',
    'emailadress',
    'mailadresse',
    'mailadress',
    'sahkoposti',
    'sahkopostiosoite',
    'sposti',
  ],
  phone: [
    'phone',
    'phonenumber',
    'telephone',
    'tel',
    'mobile',
    'mobilephone',
    'cell',
    'cellphone',
    'telefon',
    'telefonnummer',
    'telefonnr',
    'tlf',
    'tlfnr',
    'mobil',
    'mobilnummer',
    'mobiltelefon',
    'handy',
    'handynummer',
    'puhelin',
    'puhelinnumero',
    'matkapuhelin',
  ],
  firstName: ['firstname', 'givenname', 'forename', 'fornavn', 'fornamn', 'vorname', 'etunimi'],
  lastName: ['lastname', 'surname', 'familyname', 'efternavn', 'efternamn', 'etternavn', 'nachname', 'familienname', 'sukunimi'],
  name: ['name', 'fullname', 'contactname', 'navn', 'fuldtnavn', 'fulltnavn', 'namn', 'fulltnamn', 'kontaktperson', 'nimi', 'kokonimi'],
  language: ['language', 'lang', 'locale', 'sprog', 'sprak', 'sprache', 'kieli', 'asiointikieli'],
  timeZone: ['timezone', 'tz', 'tidszone', 'tidszon', 'tidssone', 'zeitzone', 'aikavyohyke'],
  accountExternalId: [
    'accountid',
    'accountexternalid',
    'accountnumber',
    'companyid',
    'firmaid',
    'virksomhedsid',
    'foretagsid',
    'firmenid',
    'yritysid',
    'cvr',
    'cvrnummer',
    'orgnr',
    'organisationsnummer',
    'organisasjonsnummer',
    'ytunnus',
  ],
  accountName: [
    'account',
    'accountname',
    'company',
    'companyname',
    'firma',
    'firmanavn',
    'virksomhed',
    'foretag',
    'foretagsnamn',
    'foretaksnavn',
    'selskap',
    'unternehmen',
    'firmenname',
    'yritys',
    'yrityksennimi',
  ],
  ownerEmail: [
    'owner',
    'owneremail',
    'accountmanager',
    'salesrep',
    'ansvarlig',
    'kundeansvarlig',
    'saelger',
    'selger',
    'saljare',
    'kundansvarig',
    'ansvarig',
    'betreuer',
    'verkaufer',
    'kundenbetreuer',
    'myyja',
    'vastuuhenkilo',
    'yhteyshenkilo',
  ],
  ownerExternalId: ['ownerid', 'ownerexternalid', 'ansvarligid', 'saljareid', 'selgerid', 'betreuerid', 'myyjaid'],
  unitExternalId: ['unitid', 'unitexternalid', 'afdelingsid', 'avdelningsid', 'avdelingsid', 'abteilungsid', 'osastoid'],
  unitName: ['unit', 'unitname', 'department', 'team', 'branch', 'store', 'afdeling', 'avdelning', 'avdeling', 'abteilung', 'filiale', 'osasto', 'toimipiste'],
  segment: ['segment', 'customersegment', 'kundesegment', 'kundsegment', 'kundensegment', 'segmentti', 'asiakassegmentti'],
  consent: ['consent', 'optin', 'marketingconsent', 'samtykke', 'samtycke', 'einwilligung', 'suostumus'],
};

const FIELD_BY_HEADER = new Map<string, ContactField>(
  (Object.entries(SYNONYMS) as [ContactField, string[]][]).flatMap(([field, names]) => names.map((name) => [name, field] as const)),
);

/**
 * Suggests a mapping from the headers alone. A generic owner column ("Ansvarlig", "Owner") is taken as
 * the owner's email; each field is suggested for its first matching column only; a header that is no
 * known name but matches a custom attribute's key or label maps to it; the rest stay unmapped (null).
 */
export function suggestMapping(headers: readonly string[], attributes: readonly AttributeDefinition[]): ImportMapping {
  const attributeByName = new Map<string, string>();
  for (const attribute of attributes) {
    attributeByName.set(normaliseHeader(attribute.key), attribute.key);
    attributeByName.set(normaliseHeader(attribute.label), attribute.key);
  }
  const used = new Set<TargetField>();
  const columns = headers.map((header): [string, TargetField | null] => {
    const name = normaliseHeader(header);
    const key = attributeByName.get(name);
    const candidate: TargetField | undefined = FIELD_BY_HEADER.get(name) ?? (key === undefined ? undefined : `attr.${key}`);
    if (candidate === undefined || used.has(candidate)) return [header, null];
    used.add(candidate);
    return [header, candidate];
  });
  return { version: 1, columns: Object.fromEntries(columns) };
}
