// Building blocks the templates share: the template shape, the NPS question and its end labels,
// the "why" question worded per category, rating scales, the permission to follow up, and the
// thank-you texts. Texts are written per language, not translated word by word; Finnish texts
// avoid inflecting {company} (it cannot take case endings), writing "yritystä {company}" or "we".
import type { SurveyKind } from '../../../db/index.ts';
import type { LocalizedText, Question, SurveyDefinition } from '../definition.ts';
import { LANGUAGES } from '../definition.ts';

export interface SurveyTemplate {
  id: string;
  kind: SurveyKind;
  anonymous: boolean;
  name: LocalizedText;
  description: LocalizedText;
  definition: SurveyDefinition;
}

/** A text in all six languages, in the order of LANGUAGES: en, da, sv, nb, de, fi. */
export function t(en: string, da: string, sv: string, nb: string, de: string, fi: string): Required<LocalizedText> {
  return { en, da, sv, nb, de, fi };
}

/** Templates are written in English first and offered in every language. */
export const allLanguages = (): Pick<SurveyDefinition, 'defaultLanguage' | 'languages'> => ({ defaultLanguage: 'en', languages: [...LANGUAGES] });

const NPS_LABELS = {
  minLabel: t(
    'Not at all likely',
    'Slet ikke sandsynligt',
    'Inte alls troligt',
    'Svært lite sannsynlig',
    'Überhaupt nicht wahrscheinlich',
    'En lainkaan todennäköisesti',
  ),
  maxLabel: t('Extremely likely', 'Yderst sandsynligt', 'Mycket troligt', 'Svært sannsynlig', 'Äußerst wahrscheinlich', 'Erittäin todennäköisesti'),
};

export const npsQuestion = (text: LocalizedText, touchpoint?: string): Question => ({
  key: 'nps',
  type: 'nps',
  text,
  required: true,
  ...NPS_LABELS,
  ...(touchpoint ? { touchpoint } : {}),
});

/** The customer NPS question in its established wording. */
export const RECOMMEND_TO_FRIEND = t(
  'How likely is it that you would recommend {company} to a friend or colleague?',
  'Hvor sandsynligt er det, at du vil anbefale {company} til en ven eller kollega?',
  'Hur troligt är det att du skulle rekommendera {company} till en vän eller kollega?',
  'Hvor sannsynlig er det at du vil anbefale {company} til en venn eller kollega?',
  'Wie wahrscheinlich ist es, dass Sie {company} einem Freund oder Kollegen weiterempfehlen?',
  'Kuinka todennäköisesti suosittelisit yritystä {company} ystävällesi tai kollegallesi?',
);

const REASON = t(
  'What is the main reason for your score?',
  'Hvad er den vigtigste grund til din vurdering?',
  'Vad är den främsta anledningen till ditt betyg?',
  'Hva er hovedgrunnen til at du ga denne vurderingen?',
  'Was ist der wichtigste Grund für Ihre Bewertung?',
  'Mikä on tärkein syy antamaasi arvioon?',
);

/** The open "why" question, worded for each NPS category. */
export const whyQuestion = (byCategory: { promoter: LocalizedText; passive: LocalizedText; detractor: LocalizedText }): Question => ({
  key: 'why',
  type: 'text',
  multiline: true,
  required: false,
  text: REASON,
  textByCategory: byCategory,
});

/** The customer wording of the "why" question. */
export const CUSTOMER_WHY = {
  promoter: t(
    'What do you value most about us?',
    'Hvad sætter du mest pris på hos os?',
    'Vad uppskattar du mest hos oss?',
    'Hva setter du mest pris på hos oss?',
    'Was schätzen Sie an uns am meisten?',
    'Mitä arvostat meissä eniten?',
  ),
  passive: t(
    'What would make you more likely to recommend us?',
    'Hvad skulle der til, for at du ville anbefale os?',
    'Vad skulle få dig att hellre rekommendera oss?',
    'Hva skal til for at du vil anbefale oss?',
    'Was müssten wir tun, damit Sie uns eher weiterempfehlen?',
    'Mikä saisi sinut suosittelemaan meitä todennäköisemmin?',
  ),
  detractor: t(
    'What disappointed you, and what should we improve first?',
    'Hvad skuffede dig, og hvad bør vi forbedre først?',
    'Vad gjorde dig besviken, och vad borde vi förbättra först?',
    'Hva skuffet deg, og hva bør vi forbedre først?',
    'Was hat Sie enttäuscht, und was sollten wir zuerst verbessern?',
    'Mikä sinua harmitti, ja mitä meidän pitäisi parantaa ensimmäiseksi?',
  ),
};

const QUALITY_LABELS = {
  minLabel: t('Very poor', 'Meget dårlig', 'Mycket dålig', 'Svært dårlig', 'Sehr schlecht', 'Erittäin huono'),
  maxLabel: t('Excellent', 'Fremragende', 'Utmärkt', 'Utmerket', 'Ausgezeichnet', 'Erinomainen'),
};

export const AGREE_LABELS = {
  minLabel: t('Strongly disagree', 'Helt uenig', 'Instämmer inte alls', 'Helt uenig', 'Stimme überhaupt nicht zu', 'Täysin eri mieltä'),
  maxLabel: t('Strongly agree', 'Helt enig', 'Instämmer helt', 'Helt enig', 'Stimme voll und ganz zu', 'Täysin samaa mieltä'),
};

/** An experience rating from 1 (very poor) to 5 (excellent). */
export const qualityRating = (key: string, text: LocalizedText, touchpoint?: string): Question => ({
  key,
  type: 'rating',
  min: 1,
  max: 5,
  text,
  required: false,
  ...QUALITY_LABELS,
  ...(touchpoint ? { touchpoint } : {}),
});

/** A statement rated from 1 (strongly disagree) to 5 (strongly agree). */
export const agreeRating = (key: string, text: LocalizedText): Question => ({ key, type: 'rating', min: 1, max: 5, text, required: false, ...AGREE_LABELS });

/** Permission to follow up, which closing the loop needs; anonymous surveys never ask it. */
export const contactQuestion: Question = {
  key: 'may_contact',
  type: 'yes_no',
  required: false,
  text: t(
    'May we contact you about your answer?',
    'Må vi kontakte dig om dit svar?',
    'Får vi kontakta dig om ditt svar?',
    'Kan vi kontakte deg om svaret ditt?',
    'Dürfen wir Sie zu Ihrer Antwort kontaktieren?',
    'Saammeko ottaa sinuun yhteyttä vastauksesi johdosta?',
  ),
};

export const CUSTOMER_INTRO = t(
  'Thank you for taking a couple of minutes to tell us how we are doing. Your answers help us improve.',
  'Tak, fordi du vil bruge et par minutter på at fortælle os, hvordan vi klarer os. Dine svar hjælper os med at blive bedre.',
  'Tack för att du tar ett par minuter och berättar hur vi sköter oss. Dina svar hjälper oss att bli bättre.',
  'Takk for at du tar deg et par minutter til å fortelle oss hvordan vi gjør det. Svarene dine hjelper oss å bli bedre.',
  'Danke, dass Sie sich ein paar Minuten Zeit nehmen, um uns zu sagen, wie wir uns schlagen. Ihre Antworten helfen uns, besser zu werden.',
  'Kiitos, että käytät pari minuuttia kertoaksesi, miten olemme onnistuneet. Vastauksesi auttavat meitä kehittymään.',
);

export const CUSTOMER_THANK_YOU = t(
  'Thank you for your answers!',
  'Tak for dine svar!',
  'Tack för dina svar!',
  'Takk for svarene dine!',
  'Vielen Dank für Ihre Antworten!',
  'Kiitos vastauksistasi!',
);

/** Thank-you texts per category. Promoters are invited to leave a review; the link is the company's own, so it is added per survey. */
export const CUSTOMER_THANK_YOU_BY_CATEGORY: NonNullable<SurveyDefinition['thankYouByCategory']> = {
  promoter: {
    text: t(
      'Thank you, we are glad to hear it! If you have a moment, a review would help others find us.',
      'Tak, det er vi glade for at høre! Har du et øjeblik, vil en anmeldelse hjælpe andre med at finde os.',
      'Tack, vad roligt att höra! Om du har en stund över hjälper en recension andra att hitta oss.',
      'Takk, så hyggelig å høre! Har du et øyeblikk, hjelper en anmeldelse andre med å finne oss.',
      'Vielen Dank, das freut uns sehr! Wenn Sie einen Moment Zeit haben, hilft eine Bewertung anderen, uns zu finden.',
      'Kiitos, ilahduttavaa kuulla! Jos sinulla on hetki aikaa, arvostelusi auttaa muita löytämään meidät.',
    ),
  },
  passive: {
    text: t(
      'Thank you for your answers. We will use them to become a company you would gladly recommend.',
      'Tak for dine svar. Vi bruger dem til at blive en virksomhed, du gerne vil anbefale.',
      'Tack för dina svar. Vi använder dem för att bli ett företag du gärna rekommenderar.',
      'Takk for svarene dine. Vi bruker dem til å bli et selskap du gjerne anbefaler.',
      'Vielen Dank für Ihre Antworten. Wir nutzen sie, um ein Unternehmen zu werden, das Sie gern weiterempfehlen.',
      'Kiitos vastauksistasi. Käytämme niitä, jotta voisit jatkossa suositella meitä mielelläsi.',
    ),
  },
  detractor: {
    text: t(
      'Thank you for telling us honestly. We take your answers seriously and will use them to improve.',
      'Tak, fordi du ærligt fortæller os det. Vi tager dine svar alvorligt og bruger dem til at blive bedre.',
      'Tack för att du ärligt berättar det för oss. Vi tar dina svar på allvar och använder dem för att bli bättre.',
      'Takk for at du sier det ærlig til oss. Vi tar svarene dine på alvor og bruker dem til å bli bedre.',
      'Danke für Ihre ehrliche Rückmeldung. Wir nehmen Ihre Antworten ernst und nutzen sie, um besser zu werden.',
      'Kiitos rehellisestä palautteestasi. Otamme vastauksesi vakavasti ja käytämme niitä toimintamme parantamiseen.',
    ),
  },
};

/** A customer NPS survey: the question on page 1; the why, up to three ratings and the permission to follow up on page 2. */
export function customerNpsDefinition(mainQuestion: Question, ratings: Question[], invitation = CUSTOMER_INVITATION): SurveyDefinition {
  return {
    ...allLanguages(),
    invitation,
    intro: CUSTOMER_INTRO,
    mainQuestion: 'nps',
    pages: [{ questions: [mainQuestion] }, { questions: [whyQuestion(CUSTOMER_WHY), ...ratings, contactQuestion] }],
    thankYou: { text: CUSTOMER_THANK_YOU },
    thankYouByCategory: CUSTOMER_THANK_YOU_BY_CATEGORY,
  };
}

/** The invitation email of the customer templates: short subjects, a two-sentence message. */
export const CUSTOMER_INVITATION: NonNullable<SurveyDefinition['invitation']> = {
  subject: t(
    'How are we doing, {firstName}?',
    'Hvordan klarer vi os, {firstName}?',
    'Hur sköter vi oss, {firstName}?',
    'Hvordan gjør vi det, {firstName}?',
    'Wie zufrieden sind Sie mit uns, {firstName}?',
    'Miten olemme onnistuneet, {firstName}?',
  ),
  reminderSubject: t(
    'A minute for {company}?',
    'Et minut til {company}?',
    'En minut för {company}?',
    'Ett minutt for {company}?',
    'Eine Minute für {company}?',
    'Minuutti aikaa yritykselle {company}?',
  ),
  body: t(
    'Hi {firstName},\n\nWe would like to hear what you think of {company}. Your answer helps us improve.',
    'Hej {firstName},\n\nVi vil gerne høre, hvad du synes om {company}. Dit svar hjælper os med at blive bedre.',
    'Hej {firstName},\n\nVi vill gärna höra vad du tycker om {company}. Ditt svar hjälper oss att bli bättre.',
    'Hei {firstName},\n\nVi vil gjerne høre hva du synes om {company}. Svaret ditt hjelper oss å bli bedre.',
    'Hallo {firstName},\n\nwir möchten gern wissen, was Sie von {company} halten. Ihre Antwort hilft uns, besser zu werden.',
    'Hei {firstName},\n\nHaluaisimme kuulla, mitä mieltä olet yrityksestä {company}. Vastauksesi auttaa meitä kehittymään.',
  ),
};

/** An invitation about one interaction: the subject and message name what happened. */
export const interactionInvitation = (subject: LocalizedText, body: LocalizedText): NonNullable<SurveyDefinition['invitation']> => ({
  subject,
  reminderSubject: CUSTOMER_INVITATION.reminderSubject,
  body,
});

/** The invitation after a closed support case (the support NPS and CES templates). */
export const SUPPORT_INVITATION = interactionInvitation(
  t(
    'How did we handle your request?',
    'Hvordan håndterede vi din henvendelse?',
    'Hur hanterade vi ditt ärende?',
    'Hvordan håndterte vi henvendelsen din?',
    'Wie haben wir Ihr Anliegen bearbeitet?',
    'Miten hoidimme asiasi?',
  ),
  t(
    'Hi {firstName},\n\nYour request to {company} has been closed. Tell us how it went; it only takes a moment.',
    'Hej {firstName},\n\nDin henvendelse til {company} er afsluttet. Fortæl os, hvordan det gik – det tager kun et øjeblik.',
    'Hej {firstName},\n\nDitt ärende hos {company} är avslutat. Berätta hur det gick – det tar bara en stund.',
    'Hei {firstName},\n\nHenvendelsen din til {company} er avsluttet. Fortell oss hvordan det gikk – det tar bare et øyeblikk.',
    'Hallo {firstName},\n\nIhr Anliegen bei {company} ist abgeschlossen. Sagen Sie uns, wie es gelaufen ist – es dauert nur einen Moment.',
    'Hei {firstName},\n\nAsiasi yrityksen {company} kanssa on käsitelty. Kerro meille, miten se sujui – se vie vain hetken.',
  ),
);
