// Surveys for respondent tests, written straight into the tables (a published version, personal
// links, contacts) so the respondent pages are tested without going through the editor's API.
import { randomBytes } from 'node:crypto';
import type { Database } from '../../src/db/index.ts';
import type { LocalizedText, SurveyDefinition } from '../../src/domain/surveys/definition.ts';

/** A text in all six languages. */
const six = (en: string, da: string, sv: string, nb: string, de: string, fi: string): LocalizedText => ({ en, da, sv, nb, de, fi });

/** A relationship NPS survey over three pages, using every feature the pages render. */
export const NPS_SURVEY: SurveyDefinition = {
  defaultLanguage: 'en',
  languages: ['en', 'da', 'sv', 'nb', 'de', 'fi'],
  intro: six(
    'Hi {firstName}, two minutes of your time helps {company} improve.',
    'Hej {firstName}, to minutter af din tid hjælper {company} med at blive bedre.',
    'Hej {firstName}, två minuter av din tid hjälper {company} att bli bättre.',
    'Hei {firstName}, to minutter av din tid hjelper {company} å bli bedre.',
    'Hallo {firstName}, zwei Minuten Ihrer Zeit helfen {company}, besser zu werden.',
    'Hei {firstName}, kaksi minuuttia ajastasi auttaa yritystä {company} kehittymään.',
  ),
  mainQuestion: 'recommend',
  pages: [
    {
      questions: [
        {
          key: 'recommend',
          type: 'nps',
          required: true,
          text: six(
            'How likely are you to recommend {company} to a friend or colleague?',
            'Hvor sandsynligt er det, at du vil anbefale {company} til en ven eller kollega?',
            'Hur troligt är det att du skulle rekommendera {company} till en vän eller kollega?',
            'Hvor sannsynlig er det at du vil anbefale {company} til en venn eller kollega?',
            'Wie wahrscheinlich ist es, dass Sie {company} einem Freund oder Kollegen empfehlen?',
            'Kuinka todennäköisesti suosittelisit yritystä {company} ystävälle tai kollegalle?',
          ),
          minLabel: six(
            'Not at all likely',
            'Slet ikke sandsynligt',
            'Inte alls troligt',
            'Ikke sannsynlig',
            'Überhaupt nicht wahrscheinlich',
            'En lainkaan todennäköisesti',
          ),
          maxLabel: six('Extremely likely', 'Meget sandsynligt', 'Mycket troligt', 'Svært sannsynlig', 'Äußerst wahrscheinlich', 'Erittäin todennäköisesti'),
        },
      ],
    },
    {
      questions: [
        {
          key: 'why',
          type: 'text',
          required: false,
          multiline: true,
          text: six(
            'Why did you give that score?',
            'Hvorfor gav du den score?',
            'Varför gav du det betyget?',
            'Hvorfor ga du den poengsummen?',
            'Warum haben Sie diese Bewertung gegeben?',
            'Miksi annoit tämän arvion?',
          ),
          textByCategory: {
            promoter: six(
              'What do you like most about us?',
              'Hvad kan du bedst lide ved os?',
              'Vad gillar du mest med oss?',
              'Hva liker du best med oss?',
              'Was gefällt Ihnen an uns am besten?',
              'Mistä pidät meissä eniten?',
            ),
            detractor: six(
              'What should we do better?',
              'Hvad skal vi gøre bedre?',
              'Vad borde vi göra bättre?',
              'Hva bør vi gjøre bedre?',
              'Was sollten wir besser machen?',
              'Mitä meidän pitäisi tehdä paremmin?',
            ),
          },
        },
        {
          key: 'area',
          type: 'single_choice',
          required: false,
          condition: { type: 'category', categories: ['detractor', 'passive'] },
          text: six(
            'What matters most to you?',
            'Hvad betyder mest for dig?',
            'Vad är viktigast för dig?',
            'Hva betyr mest for deg?',
            'Was ist Ihnen am wichtigsten?',
            'Mikä on sinulle tärkeintä?',
          ),
          choices: [
            { key: 'price', label: six('Price', 'Pris', 'Pris', 'Pris', 'Preis', 'Hinta') },
            { key: 'service', label: six('Service', 'Service', 'Service', 'Service', 'Service', 'Palvelu') },
            { key: 'quality', label: six('Quality', 'Kvalitet', 'Kvalitet', 'Kvalitet', 'Qualität', 'Laatu') },
          ],
        },
      ],
    },
    {
      questions: [
        {
          key: 'contact_ok',
          type: 'yes_no',
          required: false,
          text: six(
            'May we contact you about your answer?',
            'Må vi kontakte dig om dit svar?',
            'Får vi kontakta dig om ditt svar?',
            'Kan vi kontakte deg om svaret ditt?',
            'Dürfen wir Sie zu Ihrer Antwort kontaktieren?',
            'Saammeko ottaa sinuun yhteyttä vastauksestasi?',
          ),
        },
        {
          key: 'service',
          type: 'rating',
          min: 1,
          max: 5,
          required: false,
          text: six(
            'How satisfied are you with our service?',
            'Hvor tilfreds er du med vores service?',
            'Hur nöjd är du med vår service?',
            'Hvor fornøyd er du med servicen vår?',
            'Wie zufrieden sind Sie mit unserem Service?',
            'Kuinka tyytyväinen olet palveluumme?',
          ),
          minLabel: six('Very dissatisfied', 'Meget utilfreds', 'Mycket missnöjd', 'Svært misfornøyd', 'Sehr unzufrieden', 'Erittäin tyytymätön'),
          maxLabel: six('Very satisfied', 'Meget tilfreds', 'Mycket nöjd', 'Svært fornøyd', 'Sehr zufrieden', 'Erittäin tyytyväinen'),
        },
        {
          key: 'email',
          type: 'email',
          required: false,
          text: six('Your email address', 'Din e-mailadresse', 'Din e-postadress', 'E-postadressen din', 'Ihre E-Mail-Adresse', 'Sähköpostiosoitteesi'),
          help: six(
            'Only if you want us to reply.',
            'Kun hvis du vil have svar.',
            'Bara om du vill ha svar.',
            'Bare hvis du vil ha svar.',
            'Nur wenn Sie eine Antwort möchten.',
            'Vain jos haluat vastauksen.',
          ),
        },
        {
          key: 'vip_topics',
          type: 'multiple_choice',
          required: false,
          condition: { type: 'attribute', attribute: 'segment', values: ['vip'] },
          text: six(
            'Which topics interest you?',
            'Hvilke emner interesserer dig?',
            'Vilka ämnen intresserar dig?',
            'Hvilke temaer interesserer deg?',
            'Welche Themen interessieren Sie?',
            'Mitkä aiheet kiinnostavat sinua?',
          ),
          choices: [
            { key: 'events', label: six('Events', 'Arrangementer', 'Evenemang', 'Arrangementer', 'Veranstaltungen', 'Tapahtumat') },
            { key: 'news', label: six('News', 'Nyheder', 'Nyheter', 'Nyheter', 'Neuigkeiten', 'Uutiset') },
          ],
        },
      ],
    },
  ],
  thankYou: {
    text: six(
      'Thank you for your answers.',
      'Tak for dine svar.',
      'Tack för dina svar.',
      'Takk for svarene dine.',
      'Danke für Ihre Antworten.',
      'Kiitos vastauksistasi.',
    ),
  },
  thankYouByCategory: {
    promoter: {
      text: six(
        'Thank you! Would you tell others?',
        'Tak! Vil du fortælle andre om os?',
        'Tack! Vill du berätta för andra?',
        'Takk! Vil du fortelle andre om oss?',
        'Danke! Möchten Sie es weitersagen?',
        'Kiitos! Kertoisitko muillekin?',
      ),
      link: {
        url: 'https://example.com/review',
        label: six('Write a review', 'Skriv en anmeldelse', 'Skriv en recension', 'Skriv en anmeldelse', 'Bewertung schreiben', 'Kirjoita arvio'),
      },
    },
  },
};

export interface SeededSurvey {
  surveyId: string;
  versionId: string;
  slug: string;
}

export async function seedSurvey(
  database: Database,
  workspaceId: string,
  options: { definition?: SurveyDefinition; anonymous?: boolean; publicLink?: boolean; kiosk?: boolean; name?: string } = {},
): Promise<SeededSurvey> {
  const db = database.db;
  const definition = options.definition ?? NPS_SURVEY;
  const slug = `s-${randomBytes(8).toString('hex')}`;
  const survey = await db
    .insertInto('surveys')
    .values({
      workspace_id: workspaceId,
      name: options.name ?? `Survey ${slug}`,
      kind: 'relationship_nps',
      status: 'active',
      anonymous: options.anonymous ?? false,
      slug,
      public_link_enabled: options.publicLink ?? false,
      kiosk_enabled: options.kiosk ?? false,
      draft: JSON.stringify(definition),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const version = await db
    .insertInto('survey_versions')
    .values({ workspace_id: workspaceId, survey_id: survey.id, version: 1, definition: JSON.stringify(definition) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.updateTable('surveys').set({ current_version_id: version.id }).where('id', '=', survey.id).execute();
  return { surveyId: survey.id, versionId: version.id, slug };
}

export async function seedContact(
  database: Database,
  workspaceId: string,
  unitId: string,
  fields: { firstName?: string; language?: string; segment?: string; attributes?: Record<string, unknown> } = {},
): Promise<string> {
  const row = await database.db
    .insertInto('contacts')
    .values({
      workspace_id: workspaceId,
      unit_id: unitId,
      email: `${randomBytes(6).toString('hex')}@example.com`,
      first_name: fields.firstName ?? null,
      language: fields.language ?? null,
      segment: fields.segment ?? null,
      attributes: JSON.stringify(fields.attributes ?? {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function seedInvitation(
  database: Database,
  input: { workspaceId: string; surveyId: string; contactId: string; language?: string; properties?: Record<string, unknown>; expiresAt?: Date },
): Promise<string> {
  const token = randomBytes(16).toString('base64url');
  await database.db
    .insertInto('survey_invitations')
    .values({
      workspace_id: input.workspaceId,
      survey_id: input.surveyId,
      contact_id: input.contactId,
      token,
      language: input.language ?? null,
      properties: JSON.stringify(input.properties ?? {}),
      expires_at: input.expiresAt ?? new Date(Date.now() + 30 * 86_400_000),
    })
    .execute();
  return token;
}

/** What a test reads back: responses of a survey with their answers. */
export async function responsesOf(database: Database, surveyId: string) {
  const responses = await database.db.selectFrom('responses').selectAll().where('survey_id', '=', surveyId).orderBy('started_at').execute();
  const answers = await database.db
    .selectFrom('response_answers')
    .selectAll()
    .where('response_id', 'in', responses.map((r) => r.id).concat(['00000000-0000-0000-0000-000000000000']))
    .execute();
  return responses.map((r) => ({ ...r, answers: Object.fromEntries(answers.filter((a) => a.response_id === r.id).map((a) => [a.question_key, a])) }));
}
