// The fictional company behind the demo: an energy supplier in four countries, each a tree of
// regions and branches. Every branch and touchpoint carries an effect on the score, so the demo
// shows real differences (Aarhus and Bergen do well, Köln and the invoices pull down).

export type DemoLanguage = 'da' | 'sv' | 'nb' | 'de' | 'en';

export interface DemoCountry {
  name: string;
  code: 'DK' | 'SE' | 'NO' | 'DE';
  language: Exclude<DemoLanguage, 'en'>;
  timeZone: string;
  phonePrefix: string;
  /** Points added to the mean score (0–10 scale) of every answer from this country. */
  effect: number;
  regions: { name: string; branches: { name: string; effect: number }[] }[];
  firstNames: string[];
  lastNames: string[];
  /** Trades combined with a family name into a business account's name, and the legal suffixes. */
  trades: string[];
  companySuffixes: string[];
  /** The name of a town's administration, for public-sector accounts. */
  publicBody: (town: string) => string;
}

export const COUNTRIES: readonly DemoCountry[] = [
  {
    name: 'Danmark',
    code: 'DK',
    language: 'da',
    timeZone: 'Europe/Copenhagen',
    phonePrefix: '+45',
    effect: 0.2,
    regions: [
      {
        name: 'Hovedstaden',
        branches: [
          { name: 'København', effect: 0.3 },
          { name: 'Lyngby', effect: 0.1 },
        ],
      },
      {
        name: 'Midtjylland',
        branches: [
          { name: 'Aarhus', effect: 0.7 },
          { name: 'Herning', effect: -0.2 },
        ],
      },
      {
        name: 'Syddanmark',
        branches: [
          { name: 'Odense', effect: 0 },
          { name: 'Esbjerg', effect: -0.6 },
        ],
      },
    ],
    firstNames: [
      'Anne',
      'Mette',
      'Kirsten',
      'Hanne',
      'Louise',
      'Camilla',
      'Sofie',
      'Ida',
      'Peter',
      'Jens',
      'Lars',
      'Henrik',
      'Søren',
      'Rasmus',
      'Mads',
      'Frederik',
    ],
    lastNames: ['Jensen', 'Nielsen', 'Hansen', 'Pedersen', 'Andersen', 'Christensen', 'Larsen', 'Sørensen', 'Rasmussen', 'Jørgensen', 'Madsen', 'Østergaard'],
    trades: ['Byg', 'Logistik', 'Bageri', 'Maskinfabrik', 'Ejendomme', 'Transport', 'Auto', 'VVS', 'Tømrer', 'Revision'],
    companySuffixes: ['ApS', 'A/S'],
    publicBody: (town) => `${town} Kommune`,
  },
  {
    name: 'Sverige',
    code: 'SE',
    language: 'sv',
    timeZone: 'Europe/Stockholm',
    phonePrefix: '+46',
    effect: 0,
    regions: [
      {
        name: 'Stockholm',
        branches: [
          { name: 'Stockholm City', effect: -0.3 },
          { name: 'Solna', effect: 0.2 },
        ],
      },
      {
        name: 'Västra Götaland',
        branches: [
          { name: 'Göteborg', effect: 0.4 },
          { name: 'Borås', effect: -0.1 },
        ],
      },
      {
        name: 'Skåne',
        branches: [
          { name: 'Malmö', effect: 0.1 },
          { name: 'Helsingborg', effect: -0.4 },
        ],
      },
    ],
    firstNames: ['Anna', 'Eva', 'Maria', 'Karin', 'Sara', 'Elin', 'Linnéa', 'Maja', 'Erik', 'Karl', 'Anders', 'Johan', 'Mikael', 'Oskar', 'Gustav', 'Björn'],
    lastNames: ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Lindqvist', 'Åberg', 'Sjöberg'],
    trades: ['Bygg', 'Logistik', 'Bageri', 'Mekaniska', 'Fastigheter', 'Transport', 'Bil', 'VVS', 'Snickeri', 'Revision'],
    companySuffixes: ['AB'],
    publicBody: (town) => `${town.replace(' City', '')} kommun`,
  },
  {
    name: 'Norge',
    code: 'NO',
    language: 'nb',
    timeZone: 'Europe/Oslo',
    phonePrefix: '+47',
    effect: 0.4,
    regions: [
      {
        name: 'Østlandet',
        branches: [
          { name: 'Oslo', effect: 0.2 },
          { name: 'Drammen', effect: 0.3 },
        ],
      },
      {
        name: 'Vestlandet',
        branches: [
          { name: 'Bergen', effect: 0.6 },
          { name: 'Stavanger', effect: -0.2 },
        ],
      },
      { name: 'Trøndelag', branches: [{ name: 'Trondheim', effect: 0.1 }] },
    ],
    firstNames: ['Ingrid', 'Kari', 'Marit', 'Liv', 'Nora', 'Ingeborg', 'Solveig', 'Hilde', 'Ole', 'Knut', 'Bjørn', 'Jon', 'Magnus', 'Håkon', 'Eirik', 'Sindre'],
    lastNames: ['Hansen', 'Johansen', 'Olsen', 'Nilsen', 'Kristiansen', 'Berg', 'Haugen', 'Hagen', 'Bakken', 'Strand', 'Dahl', 'Solberg'],
    trades: ['Bygg', 'Logistikk', 'Bakeri', 'Mekaniske', 'Eiendom', 'Transport', 'Bil', 'Rør', 'Snekkeri', 'Revisjon'],
    companySuffixes: ['AS'],
    publicBody: (town) => `${town} kommune`,
  },
  {
    name: 'Deutschland',
    code: 'DE',
    language: 'de',
    timeZone: 'Europe/Berlin',
    phonePrefix: '+49',
    effect: -0.5,
    regions: [
      {
        name: 'Nord',
        branches: [
          { name: 'Hamburg', effect: -0.4 },
          { name: 'Bremen', effect: 0.2 },
        ],
      },
      {
        name: 'Nordrhein-Westfalen',
        branches: [
          { name: 'Köln', effect: -0.9 },
          { name: 'Düsseldorf', effect: 0 },
        ],
      },
      {
        name: 'Bayern',
        branches: [
          { name: 'München', effect: 0.3 },
          { name: 'Nürnberg', effect: -0.3 },
        ],
      },
    ],
    firstNames: [
      'Anna',
      'Julia',
      'Katharina',
      'Sabine',
      'Petra',
      'Lena',
      'Sophie',
      'Hannah',
      'Thomas',
      'Michael',
      'Andreas',
      'Stefan',
      'Jürgen',
      'Lukas',
      'Felix',
      'Jonas',
    ],
    lastNames: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Schröder'],
    trades: ['Bau', 'Logistik', 'Bäckerei', 'Maschinenbau', 'Immobilien', 'Transporte', 'Autohaus', 'Sanitär', 'Tischlerei', 'Steuerberatung'],
    companySuffixes: ['GmbH', 'GmbH & Co. KG'],
    publicBody: (town) => `Stadt ${town}`,
  },
];

/** Expats in every country answer in English. */
export const ENGLISH_NAMES = {
  firstNames: ['James', 'Oliver', 'Emily', 'Charlotte', 'Sarah', 'Daniel', 'Grace', 'Jack'],
  lastNames: ['Smith', 'Jones', 'Taylor', 'Brown', 'Wilson', 'Evans', 'Walker', 'Murphy'],
};
export const ENGLISH_SHARE = 0.1;

/** Segments, their share of contacts, and their effect on the score. */
export const SEGMENTS = [
  { name: 'Private', share: 0.7, effect: 0.1, customerType: 'Residential' },
  { name: 'SMB', share: 0.18, effect: -0.2, customerType: 'Business' },
  { name: 'Enterprise', share: 0.06, effect: 0.2, customerType: 'Business' },
  { name: 'Public', share: 0.06, effect: -0.3, customerType: 'Public sector' },
] as const;

export const PRODUCTS = ['Electricity', 'Gas', 'District heating', 'Solar', 'EV charging'] as const;

/** The surveys: one relationship survey sent in quarterly waves, and one transactional survey per touchpoint. */
export const DEMO_SURVEYS = [
  { template: 'relationship-nps-b2c', name: 'Relationship NPS', touchpoint: null, effect: 0, share: 0 },
  { template: 'transactional-nps-delivery', name: 'NPS after installation', touchpoint: 'delivery', effect: 0.3, share: 0.25 },
  { template: 'transactional-nps-service-visit', name: 'NPS after service visit', touchpoint: 'service', effect: 0.2, share: 0.35 },
  { template: 'transactional-nps-support', name: 'NPS after customer support', touchpoint: 'support', effect: -0.6, share: 0.4 },
] as const;

export const SURVEY_LANGUAGES = ['da', 'sv', 'nb', 'de', 'en'] as const;

/** Folds the Nordic and German letters for email addresses. */
export function asciiFold(text: string): string {
  return text
    .toLowerCase()
    .replaceAll('æ', 'ae')
    .replaceAll('ø', 'oe')
    .replaceAll('å', 'aa')
    .replaceAll('ß', 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
