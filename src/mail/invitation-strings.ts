// The invitation email's frame in every survey language: the built-in subject and message for
// surveys without their own, and the lines every invitation carries (purpose, time needed,
// anonymity, the button and the unsubscribe footer). Survey texts come from the definition.
import type { Language } from '../domain/surveys/definition.ts';

export interface InvitationStrings {
  subject: string;
  reminderSubject: string;
  body: string;
  purpose: string;
  minuteOne: string;
  minutesMany: string;
  anonymous: string;
  personal: string;
  scaleHint: string;
  start: string;
  answerHere: string;
  unsubscribeQuestion: string;
  unsubscribe: string;
}

export const INVITATION_STRINGS: Record<Language, InvitationStrings> = {
  en: {
    subject: '{company} would like your feedback',
    reminderSubject: 'A reminder: {company} would like your feedback',
    body: 'Hi {firstName},\n\nWe would like to know how we are doing. Please answer the short question below.',
    purpose: 'We ask so that {company} can learn what works well and what to improve.',
    minuteOne: 'It takes about 1 minute.',
    minutesMany: 'It takes about {minutes} minutes.',
    anonymous: 'Your answers are anonymous: they are not linked to your name.',
    personal: 'Your answer is shared with {company} and your contact person so they can follow up.',
    scaleHint: 'Choose a number: the survey opens with it selected.',
    start: 'Start the survey',
    answerHere: 'Answer here',
    unsubscribeQuestion: 'Rather not receive surveys from {company}?',
    unsubscribe: 'Unsubscribe',
  },
  da: {
    subject: '{company} vil gerne høre din mening',
    reminderSubject: 'Påmindelse: {company} vil gerne høre din mening',
    body: 'Hej {firstName},\n\nVi vil gerne vide, hvordan vi klarer os. Svar gerne på det korte spørgsmål herunder.',
    purpose: 'Vi spørger, så {company} kan lære, hvad der fungerer godt, og hvad der skal forbedres.',
    minuteOne: 'Det tager omkring 1 minut.',
    minutesMany: 'Det tager omkring {minutes} minutter.',
    anonymous: 'Dine svar er anonyme: de bliver ikke knyttet til dit navn.',
    personal: 'Dit svar deles med {company} og din kontaktperson, så de kan følge op.',
    scaleHint: 'Vælg et tal: undersøgelsen åbner med tallet valgt.',
    start: 'Start undersøgelsen',
    answerHere: 'Svar her',
    unsubscribeQuestion: 'Vil du hellere undgå undersøgelser fra {company}?',
    unsubscribe: 'Afmeld',
  },
  sv: {
    subject: '{company} vill gärna höra vad du tycker',
    reminderSubject: 'Påminnelse: {company} vill gärna höra vad du tycker',
    body: 'Hej {firstName},\n\nVi vill gärna veta hur vi sköter oss. Svara gärna på den korta frågan här nedanför.',
    purpose: 'Vi frågar för att {company} ska lära sig vad som fungerar bra och vad som behöver bli bättre.',
    minuteOne: 'Det tar ungefär 1 minut.',
    minutesMany: 'Det tar ungefär {minutes} minuter.',
    anonymous: 'Dina svar är anonyma: de kopplas inte till ditt namn.',
    personal: 'Ditt svar delas med {company} och din kontaktperson så att de kan följa upp det.',
    scaleHint: 'Välj ett tal: enkäten öppnas med talet valt.',
    start: 'Starta enkäten',
    answerHere: 'Svara här',
    unsubscribeQuestion: 'Vill du hellre slippa enkäter från {company}?',
    unsubscribe: 'Avregistrera dig',
  },
  nb: {
    subject: '{company} vil gjerne høre hva du mener',
    reminderSubject: 'Påminnelse: {company} vil gjerne høre hva du mener',
    body: 'Hei {firstName},\n\nVi vil gjerne vite hvordan vi gjør det. Svar gjerne på det korte spørsmålet nedenfor.',
    purpose: 'Vi spør slik at {company} kan lære hva som fungerer godt, og hva som bør bli bedre.',
    minuteOne: 'Det tar omtrent 1 minutt.',
    minutesMany: 'Det tar omtrent {minutes} minutter.',
    anonymous: 'Svarene dine er anonyme: de knyttes ikke til navnet ditt.',
    personal: 'Svaret ditt deles med {company} og kontaktpersonen din, slik at de kan følge opp.',
    scaleHint: 'Velg et tall: undersøkelsen åpnes med tallet valgt.',
    start: 'Start undersøkelsen',
    answerHere: 'Svar her',
    unsubscribeQuestion: 'Vil du heller slippe undersøkelser fra {company}?',
    unsubscribe: 'Meld deg av',
  },
  de: {
    subject: '{company} bittet um Ihre Meinung',
    reminderSubject: 'Erinnerung: {company} bittet um Ihre Meinung',
    body: 'Hallo {firstName},\n\nwir möchten gern wissen, wie zufrieden Sie mit uns sind. Bitte beantworten Sie dazu die kurze Frage unten.',
    purpose: 'Wir fragen, damit {company} erfährt, was gut läuft und was besser werden sollte.',
    minuteOne: 'Das dauert etwa 1 Minute.',
    minutesMany: 'Das dauert etwa {minutes} Minuten.',
    anonymous: 'Ihre Antworten sind anonym: Sie werden nicht mit Ihrem Namen verknüpft.',
    personal: 'Ihre Antwort wird mit {company} und Ihrer Ansprechperson geteilt, damit man sich bei Ihnen melden kann.',
    scaleHint: 'Wählen Sie eine Zahl: Die Umfrage öffnet sich mit dieser Auswahl.',
    start: 'Umfrage starten',
    answerHere: 'Hier antworten',
    unsubscribeQuestion: 'Sie möchten keine Umfragen von {company} mehr erhalten?',
    unsubscribe: 'Abmelden',
  },
  fi: {
    subject: 'Kerro mielipiteesi yritykselle {company}',
    reminderSubject: 'Muistutus: kerro mielipiteesi yritykselle {company}',
    body: 'Hei {firstName},\n\nHaluaisimme tietää, miten olemme onnistuneet. Vastaathan alla olevaan lyhyeen kysymykseen.',
    purpose: 'Kysymme, jotta yritys {company} tietää, mikä toimii hyvin ja mitä pitää parantaa.',
    minuteOne: 'Vastaaminen vie noin minuutin.',
    minutesMany: 'Vastaaminen vie noin {minutes} minuuttia.',
    anonymous: 'Vastauksesi ovat nimettömiä: niitä ei yhdistetä nimeesi.',
    personal: 'Vastauksesi näkyy yritykselle {company} ja yhteyshenkilöllesi, jotta he voivat olla sinuun yhteydessä.',
    scaleHint: 'Valitse numero: kysely avautuu valintasi kanssa.',
    start: 'Aloita kysely',
    answerHere: 'Vastaa tästä',
    unsubscribeQuestion: 'Etkö halua enää kyselyitä yritykseltä {company}?',
    unsubscribe: 'Lopeta kyselyviestit',
  },
};
