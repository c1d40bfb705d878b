// What the demo's case owners wrote on their cases, in the answer's language: the note of the call
// after a detractor, after a contact request, the thank-you call of a promoter lead, and the note
// when a case is closed without reaching the customer. Four per situation and language, in the
// same order in every language.
import type { DemoLanguage } from './world.ts';

export type CaseNoteSituation = 'detractorCall' | 'requestCall' | 'leadCall' | 'noContact';

export const CASE_NOTES: Record<DemoLanguage, Record<CaseNoteSituation, readonly string[]>> = {
  da: {
    detractorCall: [
      'Ringede til kunden, lyttede og undskyldte. Vi aftalte, hvad der sker nu, og hvornår kunden hører fra os.',
      'Talte med kunden i ti minutter; kunden satte pris på opkaldet. Har givet detaljerne videre til det rette team.',
      'Fik fat i kunden i andet forsøg. Forklarede, hvad der gik galt, og tilbød en kompensation.',
      'Ringede tilbage og aftalte en opfølgning; kunden blev roligere, da nogen lyttede.',
    ],
    requestCall: [
      'Ringede som ønsket og besvarede kundens spørgsmål om aftalen.',
      'Ringede kunden op; kunden ønskede råd om at sænke sit forbrug.',
      'Ringede til kunden, som spurgte til vores solcelletilbud; sendte detaljerne på mail.',
      'Talte med kunden som ønsket og noterede forslaget til appen.',
    ],
    leadCall: [
      'Ringede for at sige tak; kunden vil gerne skrive en anmeldelse.',
      'Takkede kunden og spurgte, om de vil anbefale os til venner; det vil de gerne.',
      'Kort takkeopkald; kunden vil gerne være reference for nye erhvervskunder.',
      'Takkede kunden for de pæne ord og gav dem videre til teamet.',
    ],
    noContact: [
      'Intet svar efter tre forsøg; lagde en besked på telefonsvareren.',
      'Forsøgte to gange på telefon og én gang på mail uden at få fat i kunden.',
      'Nummeret i systemet virker ikke, og mailen blev ikke besvaret.',
      'Kunne ikke få fat i kunden, før sagen udløb; lukker den.',
    ],
  },
  sv: {
    detractorCall: [
      'Ringde kunden, lyssnade och bad om ursäkt. Vi kom överens om nästa steg och när kunden hör av oss.',
      'Pratade med kunden i tio minuter; kunden uppskattade samtalet. Har skickat detaljerna vidare till rätt team.',
      'Nådde kunden på andra försöket. Förklarade vad som gick fel och erbjöd en kompensation.',
      'Ringde tillbaka och bokade en uppföljning; kunden blev lugnare när någon lyssnade.',
    ],
    requestCall: [
      'Ringde som kunden bad om och svarade på frågorna om avtalet.',
      'Ringde upp kunden; kunden ville ha råd om att minska sin förbrukning.',
      'Ringde kunden, som frågade om vårt solcellserbjudande; skickade detaljerna per mejl.',
      'Pratade med kunden som önskat och noterade förslaget till appen.',
    ],
    leadCall: [
      'Ringde för att tacka; kunden skriver gärna en recension.',
      'Tackade kunden och frågade om de vill rekommendera oss till vänner; det vill de.',
      'Kort tacksamtal; kunden ställer gärna upp som referens för nya företagskunder.',
      'Tackade kunden för de fina orden och förde dem vidare till teamet.',
    ],
    noContact: [
      'Inget svar efter tre försök; lämnade ett röstmeddelande.',
      'Försökte två gånger per telefon och en gång per mejl utan att nå kunden.',
      'Numret i systemet fungerar inte, och mejlet blev obesvarat.',
      'Nådde inte kunden innan ärendet löpte ut; stänger det.',
    ],
  },
  nb: {
    detractorCall: [
      'Ringte kunden, lyttet og beklaget. Vi ble enige om hva som skjer videre, og når kunden hører fra oss.',
      'Snakket med kunden i ti minutter; kunden satte pris på samtalen. Har sendt detaljene videre til riktig team.',
      'Fikk tak i kunden på andre forsøk. Forklarte hva som gikk galt, og tilbød en kompensasjon.',
      'Ringte tilbake og avtalte en oppfølging; kunden ble roligere da noen lyttet.',
    ],
    requestCall: [
      'Ringte som kunden ba om, og svarte på spørsmålene om avtalen.',
      'Ringte kunden opp; kunden ville ha råd om å redusere strømforbruket.',
      'Ringte kunden, som spurte om solcelletilbudet vårt; sendte detaljene på e-post.',
      'Snakket med kunden som ønsket og noterte forslaget til appen.',
    ],
    leadCall: [
      'Ringte for å takke; kunden skriver gjerne en anmeldelse.',
      'Takket kunden og spurte om de vil anbefale oss til venner; det vil de gjerne.',
      'Kort takkesamtale; kunden stiller gjerne som referanse for nye bedriftskunder.',
      'Takket kunden for de hyggelige ordene og ga dem videre til teamet.',
    ],
    noContact: [
      'Ikke svar etter tre forsøk; la igjen en talemelding.',
      'Prøvde to ganger på telefon og én gang på e-post uten å nå kunden.',
      'Nummeret i systemet virker ikke, og e-posten ble ikke besvart.',
      'Fikk ikke tak i kunden før saken utløp; lukker den.',
    ],
  },
  de: {
    detractorCall: [
      'Kunden angerufen, zugehört und mich entschuldigt. Wir haben vereinbart, wie es weitergeht und wann er von uns hört.',
      'Zehn Minuten mit dem Kunden gesprochen; er hat den Anruf geschätzt. Details an das zuständige Team weitergegeben.',
      'Kunden beim zweiten Versuch erreicht. Erklärt, was schiefgelaufen ist, und eine Gutschrift angeboten.',
      'Zurückgerufen und einen Folgetermin vereinbart; der Kunde war ruhiger, als ihm jemand zugehört hat.',
    ],
    requestCall: [
      'Wie gewünscht angerufen und die Fragen zum Vertrag beantwortet.',
      'Kunden zurückgerufen; er wollte Tipps, um seinen Verbrauch zu senken.',
      'Kunden angerufen, der nach unserem Solarangebot gefragt hat; Details per E-Mail geschickt.',
      'Wie gewünscht mit dem Kunden gesprochen und seinen Vorschlag für die App notiert.',
    ],
    leadCall: [
      'Angerufen, um Danke zu sagen; der Kunde schreibt gern eine Bewertung.',
      'Dem Kunden gedankt und gefragt, ob er uns Freunden empfiehlt; das macht er gern.',
      'Kurzer Dankesanruf; der Kunde steht gern als Referenz für neue Geschäftskunden zur Verfügung.',
      'Dem Kunden für die freundlichen Worte gedankt und sie an das Team weitergegeben.',
    ],
    noContact: [
      'Nach drei Versuchen keine Antwort; eine Nachricht auf der Mailbox hinterlassen.',
      'Zweimal telefonisch und einmal per E-Mail versucht, den Kunden zu erreichen, ohne Erfolg.',
      'Die hinterlegte Nummer funktioniert nicht, und die E-Mail blieb unbeantwortet.',
      'Kunden nicht erreicht, bevor der Fall abgelaufen ist; ich schließe ihn.',
    ],
  },
  en: {
    detractorCall: [
      'Called the customer, listened and apologised. We agreed on what happens next and when they hear from us.',
      'Spoke with the customer for ten minutes; they appreciated the call. Passed the details on to the team concerned.',
      'Reached the customer on the second attempt. Explained what went wrong and offered a goodwill credit.',
      'Called back and booked a follow-up; the customer calmed down once someone listened.',
    ],
    requestCall: [
      'Called as the customer asked and answered their questions about the contract.',
      'Rang the customer back; they wanted advice on lowering their consumption.',
      'Called the customer, who asked about our solar offer; sent the details by email.',
      'Spoke with the customer as requested and noted their suggestion for the app.',
    ],
    leadCall: [
      'Called to say thank you; the customer is happy to write a review.',
      'Thanked the customer and asked whether they would recommend us to friends; they will.',
      'Short thank-you call; the customer is happy to be a reference for new business customers.',
      'Thanked the customer for the kind words and passed them on to the team.',
    ],
    noContact: [
      'No answer after three attempts; left a voicemail.',
      'Tried twice by phone and once by email without reaching the customer.',
      'The number on file does not work, and the email went unanswered.',
      'Could not reach the customer before the case ran out; closing it.',
    ],
  },
};

/** Root causes (from the default list) of the detail sentences of a comment, by the detail's index in PHRASES. */
export const DETAIL_ROOT_CAUSES = {
  detractor: ['Billing', 'Service and support', 'Delivery', 'Product quality', 'Communication', 'Price'],
  passive: ['Price', 'Service and support', 'Billing', 'Product quality', 'Delivery', 'Communication'],
} as const;
