// The respondent pages' own words (buttons, errors, state pages) in every survey language.
// Survey texts come from the definition; these are the frame around them.
import type { Language } from '../domain/surveys/definition.ts';

export interface UiStrings {
  /** The language's own name, for the language switcher. */
  languageName: string;
  languageSwitcher: string;
  heading: string;
  progress: string;
  continue: string;
  send: string;
  back: string;
  required: string;
  anonymous: string;
  yes: string;
  no: string;
  errorSummary: string;
  errorRequired: string;
  errorScale: string;
  errorChoice: string;
  errorTooLong: string;
  errorEmail: string;
  errorPhone: string;
  thankYou: string;
  startAgain: string;
  kioskRestart: string;
  preview: string;
  closedTitle: string;
  closedText: string;
  expiredTitle: string;
  expiredText: string;
  usedTitle: string;
  usedText: string;
  unknownTitle: string;
  unknownText: string;
  unsubscribeTitle: string;
  unsubscribeText: string;
  unsubscribeButton: string;
  unsubscribedTitle: string;
  unsubscribedText: string;
}

export const UI_STRINGS: Record<Language, UiStrings> = {
  en: {
    languageName: 'English',
    languageSwitcher: 'Language',
    heading: 'Your feedback to {company}',
    progress: 'Page {page} of {pages}',
    continue: 'Continue',
    send: 'Send answers',
    back: 'Back',
    required: '(required)',
    anonymous: 'Your answers are anonymous.',
    yes: 'Yes',
    no: 'No',
    errorSummary: 'There is a problem',
    errorRequired: 'Answer this question.',
    errorScale: 'Choose a number from {min} to {max}.',
    errorChoice: 'Choose one of the options shown.',
    errorTooLong: 'Use at most {max} characters.',
    errorEmail: 'Enter an email address like name@example.com.',
    errorPhone: 'Enter a phone number using digits, for example +44 20 7946 0958.',
    thankYou: 'Thank you',
    startAgain: 'Start again',
    kioskRestart: 'The survey starts again for the next person in a few seconds.',
    preview: 'Preview: answers are not saved.',
    closedTitle: 'This survey is closed',
    closedText: 'The survey no longer takes answers. Thank you for your interest.',
    expiredTitle: 'This link has expired',
    expiredText: 'The link was valid for a limited time. If you still want to give feedback, reply to the email that brought you here.',
    usedTitle: 'You have already answered',
    usedText: 'Your answers were received. Thank you for taking the time.',
    unknownTitle: 'We cannot find this survey',
    unknownText: 'Check that the whole link was copied from the email or message.',
    unsubscribeTitle: 'Unsubscribe from surveys',
    unsubscribeText: 'Confirm that you no longer want survey invitations from {company}.',
    unsubscribeButton: 'Unsubscribe',
    unsubscribedTitle: 'You are unsubscribed',
    unsubscribedText: 'You will not receive any more survey invitations from {company}.',
  },
  da: {
    languageName: 'Dansk',
    languageSwitcher: 'Sprog',
    heading: 'Din feedback til {company}',
    progress: 'Side {page} af {pages}',
    continue: 'Fortsæt',
    send: 'Send svar',
    back: 'Tilbage',
    required: '(skal besvares)',
    anonymous: 'Dine svar er anonyme.',
    yes: 'Ja',
    no: 'Nej',
    errorSummary: 'Der er et problem',
    errorRequired: 'Besvar dette spørgsmål.',
    errorScale: 'Vælg et tal fra {min} til {max}.',
    errorChoice: 'Vælg en af de viste muligheder.',
    errorTooLong: 'Brug højst {max} tegn.',
    errorEmail: 'Skriv en e-mailadresse som navn@eksempel.dk.',
    errorPhone: 'Skriv et telefonnummer med cifre, for eksempel +45 12 34 56 78.',
    thankYou: 'Tak',
    startAgain: 'Start forfra',
    kioskRestart: 'Undersøgelsen starter forfra for den næste om få sekunder.',
    preview: 'Forhåndsvisning: svar gemmes ikke.',
    closedTitle: 'Undersøgelsen er lukket',
    closedText: 'Undersøgelsen modtager ikke længere svar. Tak for din interesse.',
    expiredTitle: 'Linket er udløbet',
    expiredText: 'Linket var gyldigt i en begrænset periode. Vil du stadig give feedback, så svar på den e-mail, der bragte dig hertil.',
    usedTitle: 'Du har allerede svaret',
    usedText: 'Vi har modtaget dine svar. Tak fordi du tog dig tid.',
    unknownTitle: 'Vi kan ikke finde undersøgelsen',
    unknownText: 'Kontroller, at hele linket blev kopieret fra e-mailen eller beskeden.',
    unsubscribeTitle: 'Afmeld undersøgelser',
    unsubscribeText: 'Bekræft, at du ikke længere vil have invitationer til undersøgelser fra {company}.',
    unsubscribeButton: 'Afmeld',
    unsubscribedTitle: 'Du er afmeldt',
    unsubscribedText: 'Du får ikke flere invitationer til undersøgelser fra {company}.',
  },
  sv: {
    languageName: 'Svenska',
    languageSwitcher: 'Språk',
    heading: 'Din feedback till {company}',
    progress: 'Sida {page} av {pages}',
    continue: 'Fortsätt',
    send: 'Skicka svar',
    back: 'Tillbaka',
    required: '(obligatorisk)',
    anonymous: 'Dina svar är anonyma.',
    yes: 'Ja',
    no: 'Nej',
    errorSummary: 'Det finns ett problem',
    errorRequired: 'Besvara den här frågan.',
    errorScale: 'Välj ett tal från {min} till {max}.',
    errorChoice: 'Välj ett av de visade alternativen.',
    errorTooLong: 'Använd högst {max} tecken.',
    errorEmail: 'Ange en e-postadress som namn@exempel.se.',
    errorPhone: 'Ange ett telefonnummer med siffror, till exempel +46 8 123 456 78.',
    thankYou: 'Tack',
    startAgain: 'Börja om',
    kioskRestart: 'Enkäten börjar om för nästa person om några sekunder.',
    preview: 'Förhandsvisning: svaren sparas inte.',
    closedTitle: 'Enkäten är stängd',
    closedText: 'Enkäten tar inte längre emot svar. Tack för ditt intresse.',
    expiredTitle: 'Länken har gått ut',
    expiredText: 'Länken gällde under en begränsad tid. Vill du ändå lämna feedback kan du svara på mejlet som ledde dig hit.',
    usedTitle: 'Du har redan svarat',
    usedText: 'Vi har tagit emot dina svar. Tack för att du tog dig tid.',
    unknownTitle: 'Vi hittar inte enkäten',
    unknownText: 'Kontrollera att hela länken kopierades från mejlet eller meddelandet.',
    unsubscribeTitle: 'Avregistrera dig från enkäter',
    unsubscribeText: 'Bekräfta att du inte längre vill få inbjudningar till enkäter från {company}.',
    unsubscribeButton: 'Avregistrera mig',
    unsubscribedTitle: 'Du är avregistrerad',
    unsubscribedText: 'Du får inga fler inbjudningar till enkäter från {company}.',
  },
  nb: {
    languageName: 'Norsk (bokmål)',
    languageSwitcher: 'Språk',
    heading: 'Din tilbakemelding til {company}',
    progress: 'Side {page} av {pages}',
    continue: 'Fortsett',
    send: 'Send svar',
    back: 'Tilbake',
    required: '(må besvares)',
    anonymous: 'Svarene dine er anonyme.',
    yes: 'Ja',
    no: 'Nei',
    errorSummary: 'Det er et problem',
    errorRequired: 'Svar på dette spørsmålet.',
    errorScale: 'Velg et tall fra {min} til {max}.',
    errorChoice: 'Velg ett av alternativene som vises.',
    errorTooLong: 'Bruk høyst {max} tegn.',
    errorEmail: 'Skriv en e-postadresse som navn@eksempel.no.',
    errorPhone: 'Skriv et telefonnummer med sifre, for eksempel +47 22 12 34 56.',
    thankYou: 'Takk',
    startAgain: 'Start på nytt',
    kioskRestart: 'Undersøkelsen starter på nytt for neste person om noen sekunder.',
    preview: 'Forhåndsvisning: svarene lagres ikke.',
    closedTitle: 'Undersøkelsen er avsluttet',
    closedText: 'Undersøkelsen tar ikke lenger imot svar. Takk for interessen.',
    expiredTitle: 'Lenken er utløpt',
    expiredText: 'Lenken var gyldig en begrenset tid. Vil du fortsatt gi en tilbakemelding, kan du svare på e-posten som førte deg hit.',
    usedTitle: 'Du har allerede svart',
    usedText: 'Vi har mottatt svarene dine. Takk for at du tok deg tid.',
    unknownTitle: 'Vi finner ikke undersøkelsen',
    unknownText: 'Sjekk at hele lenken ble kopiert fra e-posten eller meldingen.',
    unsubscribeTitle: 'Meld deg av undersøkelser',
    unsubscribeText: 'Bekreft at du ikke lenger vil ha invitasjoner til undersøkelser fra {company}.',
    unsubscribeButton: 'Meld meg av',
    unsubscribedTitle: 'Du er meldt av',
    unsubscribedText: 'Du får ingen flere invitasjoner til undersøkelser fra {company}.',
  },
  de: {
    languageName: 'Deutsch',
    languageSwitcher: 'Sprache',
    heading: 'Ihr Feedback an {company}',
    progress: 'Seite {page} von {pages}',
    continue: 'Weiter',
    send: 'Antworten senden',
    back: 'Zurück',
    required: '(Pflichtfrage)',
    anonymous: 'Ihre Antworten sind anonym.',
    yes: 'Ja',
    no: 'Nein',
    errorSummary: 'Es gibt ein Problem',
    errorRequired: 'Bitte beantworten Sie diese Frage.',
    errorScale: 'Wählen Sie eine Zahl von {min} bis {max}.',
    errorChoice: 'Wählen Sie eine der angezeigten Möglichkeiten.',
    errorTooLong: 'Verwenden Sie höchstens {max} Zeichen.',
    errorEmail: 'Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein.',
    errorPhone: 'Geben Sie eine Telefonnummer mit Ziffern ein, zum Beispiel +49 30 1234567.',
    thankYou: 'Vielen Dank',
    startAgain: 'Neu beginnen',
    kioskRestart: 'Die Umfrage beginnt in wenigen Sekunden für die nächste Person neu.',
    preview: 'Vorschau: Antworten werden nicht gespeichert.',
    closedTitle: 'Diese Umfrage ist beendet',
    closedText: 'Die Umfrage nimmt keine Antworten mehr an. Vielen Dank für Ihr Interesse.',
    expiredTitle: 'Dieser Link ist abgelaufen',
    expiredText: 'Der Link war nur begrenzte Zeit gültig. Wenn Sie trotzdem Feedback geben möchten, antworten Sie auf die E-Mail, die Sie hierher geführt hat.',
    usedTitle: 'Sie haben bereits geantwortet',
    usedText: 'Ihre Antworten sind angekommen. Vielen Dank, dass Sie sich die Zeit genommen haben.',
    unknownTitle: 'Wir finden diese Umfrage nicht',
    unknownText: 'Prüfen Sie, ob der ganze Link aus der E-Mail oder Nachricht kopiert wurde.',
    unsubscribeTitle: 'Von Umfragen abmelden',
    unsubscribeText: 'Bestätigen Sie, dass Sie keine Einladungen zu Umfragen von {company} mehr erhalten möchten.',
    unsubscribeButton: 'Abmelden',
    unsubscribedTitle: 'Sie sind abgemeldet',
    unsubscribedText: 'Sie erhalten keine Einladungen zu Umfragen von {company} mehr.',
  },
  fi: {
    languageName: 'Suomi',
    languageSwitcher: 'Kieli',
    heading: 'Palautteesi yritykselle {company}',
    progress: 'Sivu {page}/{pages}',
    continue: 'Jatka',
    send: 'Lähetä vastaukset',
    back: 'Takaisin',
    required: '(pakollinen)',
    anonymous: 'Vastauksesi ovat nimettömiä.',
    yes: 'Kyllä',
    no: 'Ei',
    errorSummary: 'Vastauksissa on ongelma',
    errorRequired: 'Vastaa tähän kysymykseen.',
    errorScale: 'Valitse luku väliltä {min}–{max}.',
    errorChoice: 'Valitse jokin näytetyistä vaihtoehdoista.',
    errorTooLong: 'Käytä enintään {max} merkkiä.',
    errorEmail: 'Anna sähköpostiosoite, esimerkiksi nimi@esimerkki.fi.',
    errorPhone: 'Anna puhelinnumero numeroina, esimerkiksi +358 9 123 4567.',
    thankYou: 'Kiitos',
    startAgain: 'Aloita alusta',
    kioskRestart: 'Kysely alkaa alusta seuraavalle vastaajalle muutaman sekunnin kuluttua.',
    preview: 'Esikatselu: vastauksia ei tallenneta.',
    closedTitle: 'Kysely on suljettu',
    closedText: 'Kysely ei enää ota vastaan vastauksia. Kiitos kiinnostuksestasi.',
    expiredTitle: 'Linkki on vanhentunut',
    expiredText: 'Linkki oli voimassa rajoitetun ajan. Jos haluat silti antaa palautetta, vastaa sähköpostiin, josta tulit tänne.',
    usedTitle: 'Olet jo vastannut',
    usedText: 'Vastauksesi on vastaanotettu. Kiitos, että käytit aikaasi.',
    unknownTitle: 'Kyselyä ei löydy',
    unknownText: 'Tarkista, että koko linkki kopioitiin sähköpostista tai viestistä.',
    unsubscribeTitle: 'Kyselyviestien lopettaminen',
    unsubscribeText: 'Vahvista, ettet enää halua kutsuja yrityksen {company} kyselyihin.',
    unsubscribeButton: 'Lopeta kyselyviestit',
    unsubscribedTitle: 'Kyselyviestit on lopetettu',
    unsubscribedText: 'Et saa enää kutsuja yrityksen {company} kyselyihin.',
  },
};

/** Fills {name} placeholders of an interface string. */
export const fill = (template: string, values: Record<string, string | number>): string =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
