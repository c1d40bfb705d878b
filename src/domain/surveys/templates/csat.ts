// Customer satisfaction (CSAT): satisfaction from 1 to 5; the follow-up question depends on the
// answer (what to improve for 1–3, what worked for 4–5), shown on the next page.
import { allLanguages, CUSTOMER_INTRO, CUSTOMER_INVITATION, CUSTOMER_THANK_YOU, contactQuestion, qualityRating, type SurveyTemplate, t } from './common.ts';

export const csat: SurveyTemplate = {
  id: 'csat',
  kind: 'csat',
  anonymous: false,
  name: t(
    'Customer satisfaction (CSAT)',
    'Kundetilfredshed (CSAT)',
    'Kundnöjdhet (CSAT)',
    'Kundetilfredshet (CSAT)',
    'Kundenzufriedenheit (CSAT)',
    'Asiakastyytyväisyys (CSAT)',
  ),
  description: t(
    'How satisfied customers are, on a scale from 1 to 5, with a follow-up question that fits their answer.',
    'Hvor tilfredse kunderne er på en skala fra 1 til 5, med et opfølgende spørgsmål, der passer til svaret.',
    'Hur nöjda kunderna är på en skala från 1 till 5, med en följdfråga som passar svaret.',
    'Hvor fornøyde kundene er på en skala fra 1 til 5, med et oppfølgingsspørsmål som passer til svaret.',
    'Wie zufrieden Kunden sind, auf einer Skala von 1 bis 5, mit einer Folgefrage, die zur Antwort passt.',
    'Kuinka tyytyväisiä asiakkaat ovat asteikolla 1–5, ja vastaukseen sopiva jatkokysymys.',
  ),
  definition: {
    ...allLanguages(),
    invitation: CUSTOMER_INVITATION,
    intro: CUSTOMER_INTRO,
    mainQuestion: 'satisfaction',
    pages: [
      {
        questions: [
          {
            key: 'satisfaction',
            type: 'rating',
            min: 1,
            max: 5,
            required: true,
            text: t(
              'Overall, how satisfied are you with {company}?',
              'Hvor tilfreds er du alt i alt med {company}?',
              'Hur nöjd är du överlag med {company}?',
              'Hvor fornøyd er du alt i alt med {company}?',
              'Wie zufrieden sind Sie insgesamt mit {company}?',
              'Kuinka tyytyväinen olet kokonaisuutena yritykseen {company}?',
            ),
            minLabel: t('Very dissatisfied', 'Meget utilfreds', 'Mycket missnöjd', 'Svært misfornøyd', 'Sehr unzufrieden', 'Erittäin tyytymätön'),
            maxLabel: t('Very satisfied', 'Meget tilfreds', 'Mycket nöjd', 'Svært fornøyd', 'Sehr zufrieden', 'Erittäin tyytyväinen'),
          },
        ],
      },
      {
        questions: [
          {
            key: 'improve',
            type: 'text',
            multiline: true,
            required: false,
            condition: { type: 'answer', questionKey: 'satisfaction', max: 3 },
            text: t(
              'What should we do better?',
              'Hvad skulle vi have gjort bedre?',
              'Vad borde vi göra bättre?',
              'Hva burde vi gjort bedre?',
              'Was sollten wir besser machen?',
              'Mitä meidän pitäisi tehdä paremmin?',
            ),
          },
          {
            key: 'liked',
            type: 'text',
            multiline: true,
            required: false,
            condition: { type: 'answer', questionKey: 'satisfaction', min: 4 },
            text: t(
              'What did you like most?',
              'Hvad var du mest tilfreds med?',
              'Vad var du mest nöjd med?',
              'Hva var du mest fornøyd med?',
              'Was hat Ihnen am besten gefallen?',
              'Mihin olit tyytyväisin?',
            ),
          },
          qualityRating(
            'quality',
            t(
              'The quality of our products and services',
              'Kvaliteten af vores produkter og ydelser',
              'Kvaliteten på våra produkter och tjänster',
              'Kvaliteten på produktene og tjenestene våre',
              'Die Qualität unserer Produkte und Leistungen',
              'Tuotteidemme ja palveluidemme laatu',
            ),
          ),
          qualityRating(
            'customer_service',
            t('Our customer service', 'Vores kundeservice', 'Vår kundservice', 'Kundeservicen vår', 'Unser Kundenservice', 'Asiakaspalvelumme'),
          ),
          contactQuestion,
        ],
      },
    ],
    thankYou: { text: CUSTOMER_THANK_YOU },
  },
};
