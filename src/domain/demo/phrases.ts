// Comments for the demo's "why" answers, written per language and NPS category and combined in
// SQL: a lead sentence, a concrete detail and (for half of them) a closing sentence. Each bank
// gives 4 × 6 × 3 combinations per language and category, about an energy supplier's daily work
// (bills, the app, technicians, outages, the phone queue).
import type { DemoLanguage } from './world.ts';

export interface PhraseBank {
  lead: readonly string[];
  detail: readonly string[];
  close: readonly string[];
}

export type Category = 'promoter' | 'passive' | 'detractor';

export const PHRASES: Record<DemoLanguage, Record<Category, PhraseBank>> = {
  da: {
    promoter: {
      lead: ['Rigtig god oplevelse.', 'Jeg er meget tilfreds.', 'Super service hele vejen igennem.', 'Kan varmt anbefales.'],
      detail: [
        'Teknikeren kom til tiden og forklarede alt grundigt.',
        'Appen gør det nemt at følge mit forbrug.',
        'Kundeservice svarede hurtigt og løste sagen med det samme.',
        'Prisen er fair, og regningen er let at forstå.',
        'Installationen af varmepumpen gik helt efter planen.',
        'Det er rart at vide, at strømmen er grøn.',
      ],
      close: ['Tak for det!', 'Fortsæt det gode arbejde.', 'Jeg har allerede anbefalet jer til naboen.'],
    },
    passive: {
      lead: ['Det fungerer fint.', 'Generelt okay.', 'Ingen store problemer, men heller ikke noget særligt.', 'Det meste er i orden.'],
      detail: [
        'Prisen kunne godt være lidt lavere.',
        'Det tog lang tid at komme igennem på telefonen.',
        'Regningen er svær at gennemskue.',
        'Appen mangler et overblik over tidligere måneder.',
        'Teknikeren var flink, men kom en time for sent.',
        'Jeg savner bedre information, når der er driftsforstyrrelser.',
      ],
      close: ['Så ville jeg give en højere karakter.', 'Ellers er jeg tilfreds.', 'Det ville gøre en forskel.'],
    },
    detractor: {
      lead: ['Meget skuffende.', 'Jeg er ikke tilfreds.', 'Det har været en dårlig oplevelse.', 'Desværre ikke godt nok.'],
      detail: [
        'Min regning var alt for høj, og ingen kunne forklare hvorfor.',
        'Jeg ventede over 40 minutter i telefonkøen.',
        'Teknikeren dukkede aldrig op, og ingen ringede.',
        'Strømmen var væk i to dage uden information.',
        'Jeg har skrevet tre gange uden at få svar.',
        'Prisstigningen kom uden varsel.',
      ],
      close: ['Jeg overvejer at skifte leverandør.', 'Det skal I gøre bedre.', 'Ring gerne til mig.'],
    },
  },
  sv: {
    promoter: {
      lead: ['Mycket bra upplevelse.', 'Jag är väldigt nöjd.', 'Toppenservice hela vägen.', 'Kan varmt rekommenderas.'],
      detail: [
        'Teknikern kom i tid och förklarade allt noggrant.',
        'Appen gör det enkelt att följa min förbrukning.',
        'Kundtjänst svarade snabbt och löste ärendet direkt.',
        'Priset är rimligt och fakturan är lätt att förstå.',
        'Installationen av värmepumpen gick helt enligt plan.',
        'Det känns bra att elen är grön.',
      ],
      close: ['Tack så mycket!', 'Fortsätt så.', 'Jag har redan tipsat grannen om er.'],
    },
    passive: {
      lead: ['Det fungerar bra.', 'Överlag okej.', 'Inga stora problem, men inget särskilt heller.', 'Det mesta är i sin ordning.'],
      detail: [
        'Priset kunde vara lite lägre.',
        'Det tog lång tid att komma fram på telefon.',
        'Fakturan är svår att förstå.',
        'Appen saknar en översikt över tidigare månader.',
        'Teknikern var trevlig men kom en timme för sent.',
        'Jag saknar bättre information vid driftstörningar.',
      ],
      close: ['Då skulle jag ge ett högre betyg.', 'Annars är jag nöjd.', 'Det skulle göra skillnad.'],
    },
    detractor: {
      lead: ['Mycket besviken.', 'Jag är inte nöjd.', 'Det har varit en dålig upplevelse.', 'Tyvärr inte tillräckligt bra.'],
      detail: [
        'Min faktura var alldeles för hög och ingen kunde förklara varför.',
        'Jag väntade över 40 minuter i telefonkön.',
        'Teknikern dök aldrig upp och ingen ringde.',
        'Strömmen var borta i två dagar utan information.',
        'Jag har skrivit tre gånger utan att få svar.',
        'Prishöjningen kom utan förvarning.',
      ],
      close: ['Jag funderar på att byta leverantör.', 'Det måste ni bli bättre på.', 'Ring mig gärna.'],
    },
  },
  nb: {
    promoter: {
      lead: ['Veldig god opplevelse.', 'Jeg er svært fornøyd.', 'Topp service hele veien.', 'Kan anbefales på det varmeste.'],
      detail: [
        'Montøren kom presis og forklarte alt grundig.',
        'Appen gjør det lett å følge med på strømforbruket.',
        'Kundeservice svarte raskt og løste saken med en gang.',
        'Prisen er rettferdig, og fakturaen er lett å forstå.',
        'Installasjonen av varmepumpen gikk helt etter planen.',
        'Det er godt å vite at strømmen er fornybar.',
      ],
      close: ['Tusen takk!', 'Fortsett sånn.', 'Jeg har allerede anbefalt dere til naboen.'],
    },
    passive: {
      lead: ['Det fungerer greit.', 'Stort sett greit.', 'Ingen store problemer, men ikke noe spesielt heller.', 'Det meste er helt greit.'],
      detail: [
        'Prisen kunne vært litt lavere.',
        'Det tok lang tid å komme gjennom på telefon.',
        'Fakturaen er vanskelig å forstå.',
        'Appen mangler en oversikt over tidligere måneder.',
        'Montøren var hyggelig, men kom en time for sent.',
        'Jeg savner bedre informasjon når det er strømbrudd.',
      ],
      close: ['Da ville jeg gitt en høyere score.', 'Ellers er jeg fornøyd.', 'Det ville utgjort en forskjell.'],
    },
    detractor: {
      lead: ['Veldig skuffende.', 'Jeg er ikke fornøyd.', 'Det har vært en dårlig opplevelse.', 'Dessverre ikke godt nok.'],
      detail: [
        'Fakturaen min var altfor høy, og ingen kunne forklare hvorfor.',
        'Jeg ventet over 40 minutter i telefonkøen.',
        'Montøren dukket aldri opp, og ingen ringte.',
        'Strømmen var borte i to dager uten informasjon.',
        'Jeg har skrevet tre ganger uten å få svar.',
        'Prisøkningen kom uten varsel.',
      ],
      close: ['Jeg vurderer å bytte leverandør.', 'Dette må dere bli bedre på.', 'Ring meg gjerne.'],
    },
  },
  de: {
    promoter: {
      lead: ['Sehr gute Erfahrung.', 'Ich bin rundum zufrieden.', 'Toller Service von Anfang bis Ende.', 'Absolut empfehlenswert.'],
      detail: [
        'Der Techniker kam pünktlich und hat alles gründlich erklärt.',
        'Mit der App kann ich meinen Verbrauch ganz einfach verfolgen.',
        'Der Kundenservice hat schnell geantwortet und das Problem sofort gelöst.',
        'Der Preis ist fair und die Rechnung leicht verständlich.',
        'Die Installation der Wärmepumpe lief genau nach Plan.',
        'Es ist gut zu wissen, dass der Strom aus erneuerbaren Quellen kommt.',
      ],
      close: ['Vielen Dank!', 'Weiter so.', 'Ich habe Sie bereits meinen Nachbarn empfohlen.'],
    },
    passive: {
      lead: ['Es funktioniert gut.', 'Im Großen und Ganzen in Ordnung.', 'Keine großen Probleme, aber auch nichts Besonderes.', 'Das meiste passt.'],
      detail: [
        'Der Preis könnte etwas niedriger sein.',
        'Am Telefon kommt man nur schwer durch.',
        'Die Rechnung ist schwer nachzuvollziehen.',
        'In der App fehlt eine Übersicht über die letzten Monate.',
        'Der Techniker war freundlich, kam aber eine Stunde zu spät.',
        'Bei Störungen wünsche ich mir bessere Informationen.',
      ],
      close: ['Dann würde ich eine bessere Bewertung geben.', 'Ansonsten bin ich zufrieden.', 'Das würde einen Unterschied machen.'],
    },
    detractor: {
      lead: ['Sehr enttäuschend.', 'Ich bin nicht zufrieden.', 'Das war eine schlechte Erfahrung.', 'Leider nicht gut genug.'],
      detail: [
        'Meine Rechnung war viel zu hoch, und niemand konnte mir sagen, warum.',
        'Ich habe über 40 Minuten in der Warteschleife gehangen.',
        'Der Techniker ist nie gekommen, und niemand hat angerufen.',
        'Wir hatten zwei Tage keinen Strom und keine Information.',
        'Ich habe dreimal geschrieben und keine Antwort bekommen.',
        'Die Preiserhöhung kam ohne Vorankündigung.',
      ],
      close: ['Ich überlege, den Anbieter zu wechseln.', 'Da müssen Sie besser werden.', 'Rufen Sie mich gerne an.'],
    },
  },
  en: {
    promoter: {
      lead: ['Really good experience.', 'I am very happy with the service.', 'Great service from start to finish.', 'Highly recommended.'],
      detail: [
        'The technician arrived on time and explained everything carefully.',
        'The app makes it easy to follow my usage.',
        'Customer service answered quickly and solved it straight away.',
        'The price is fair and the bill is easy to understand.',
        'The heat pump installation went exactly to plan.',
        'It is good to know the power is renewable.',
      ],
      close: ['Thank you!', 'Keep up the good work.', 'I have already recommended you to my neighbour.'],
    },
    passive: {
      lead: ['It works fine.', 'Generally okay.', 'No big problems, but nothing special either.', 'Most things are fine.'],
      detail: [
        'The price could be a bit lower.',
        'It took a long time to get through on the phone.',
        'The bill is hard to make sense of.',
        'The app lacks an overview of previous months.',
        'The technician was friendly but an hour late.',
        'I would like better information during outages.',
      ],
      close: ['Then I would give a higher score.', 'Otherwise I am satisfied.', 'That would make a difference.'],
    },
    detractor: {
      lead: ['Very disappointing.', 'I am not satisfied.', 'It has been a bad experience.', 'Sadly not good enough.'],
      detail: [
        'My bill was far too high and nobody could explain why.',
        'I waited over 40 minutes in the phone queue.',
        'The technician never showed up and nobody called.',
        'We had no power for two days and no information.',
        'I have written three times without an answer.',
        'The price increase came without warning.',
      ],
      close: ['I am thinking of switching supplier.', 'You need to do better.', 'Please call me.'],
    },
  },
};
