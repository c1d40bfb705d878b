// Customer effort score (CES): agreement from 1 to 7 that the company made it easy to handle the
// issue; the follow-up asks what made it hard (1–4) or easy (5–7).
import {
  AGREE_LABELS,
  allLanguages,
  CUSTOMER_INTRO,
  CUSTOMER_THANK_YOU,
  contactQuestion,
  qualityRating,
  SUPPORT_INVITATION,
  type SurveyTemplate,
  t,
} from './common.ts';

export const ces: SurveyTemplate = {
  id: 'ces',
  kind: 'ces',
  anonymous: false,
  name: t(
    'Customer effort score (CES)',
    'Kundeindsats (CES)',
    'Kundansträngning (CES)',
    'Kundeinnsats (CES)',
    'Kundenaufwand (CES)',
    'Asiakkaan vaivannäkö (CES)',
  ),
  description: t(
    'How easy it was for customers to get their issue handled, on a scale from 1 to 7, and what made it easy or hard.',
    'Hvor let det var for kunderne at få deres sag klaret, på en skala fra 1 til 7, og hvad der gjorde det let eller svært.',
    'Hur enkelt det var för kunderna att få sitt ärende löst, på en skala från 1 till 7, och vad som gjorde det enkelt eller svårt.',
    'Hvor enkelt det var for kundene å få ordnet saken sin, på en skala fra 1 til 7, og hva som gjorde det enkelt eller vanskelig.',
    'Wie einfach es für Kunden war, ihr Anliegen zu erledigen, auf einer Skala von 1 bis 7, und was es leicht oder schwer gemacht hat.',
    'Kuinka helppoa asiakkaiden oli saada asiansa hoidettua asteikolla 1–7, ja mikä teki siitä helppoa tai vaikeaa.',
  ),
  definition: {
    ...allLanguages(),
    invitation: SUPPORT_INVITATION,
    intro: CUSTOMER_INTRO,
    mainQuestion: 'effort',
    pages: [
      {
        questions: [
          {
            key: 'effort',
            type: 'rating',
            min: 1,
            max: 7,
            required: true,
            touchpoint: 'support',
            text: t(
              '{company} made it easy for me to handle my issue.',
              '{company} gjorde det let for mig at få klaret min sag.',
              '{company} gjorde det enkelt för mig att få mitt ärende löst.',
              '{company} gjorde det enkelt for meg å få ordnet saken min.',
              '{company} hat es mir leicht gemacht, mein Anliegen zu erledigen.',
              'Minun oli helppo hoitaa asiani yrityksen {company} kanssa.',
            ),
            help: t(
              'How much do you agree with this statement?',
              'Hvor enig er du i dette udsagn?',
              'Hur mycket instämmer du i påståendet?',
              'Hvor enig er du i denne påstanden?',
              'Wie sehr stimmen Sie dieser Aussage zu?',
              'Kuinka samaa mieltä olet väittämän kanssa?',
            ),
            ...AGREE_LABELS,
          },
        ],
      },
      {
        questions: [
          {
            key: 'hard',
            type: 'text',
            multiline: true,
            required: false,
            condition: { type: 'answer', questionKey: 'effort', max: 4 },
            text: t(
              'What made it difficult, and what should we change first?',
              'Hvad gjorde det besværligt, og hvad bør vi ændre først?',
              'Vad gjorde det krångligt, och vad borde vi ändra först?',
              'Hva gjorde det tungvint, og hva bør vi endre først?',
              'Was war umständlich, und was sollten wir zuerst ändern?',
              'Mikä teki asioinnista hankalaa, ja mitä meidän pitäisi muuttaa ensimmäiseksi?',
            ),
          },
          {
            key: 'easy',
            type: 'text',
            multiline: true,
            required: false,
            condition: { type: 'answer', questionKey: 'effort', min: 5 },
            text: t(
              'What made it easy?',
              'Hvad gjorde det let?',
              'Vad gjorde det enkelt?',
              'Hva gjorde det enkelt?',
              'Was hat es einfach gemacht?',
              'Mikä teki asioinnista helppoa?',
            ),
          },
          qualityRating(
            'speed',
            t(
              'How quickly your issue was resolved',
              'Hvor hurtigt din sag blev løst',
              'Hur snabbt ditt ärende löstes',
              'Hvor raskt saken din ble løst',
              'Wie schnell Ihr Anliegen gelöst wurde',
              'Kuinka nopeasti asiasi ratkaistiin',
            ),
            'support',
          ),
          contactQuestion,
        ],
      },
    ],
    thankYou: { text: CUSTOMER_THANK_YOU },
  },
};
