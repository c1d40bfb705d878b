// Transactional NPS after a technician's visit: the recommendation, then the visit itself.
import { customerNpsDefinition, interactionInvitation, npsQuestion, qualityRating, type SurveyTemplate, t } from './common.ts';

export const transactionalNpsServiceVisit: SurveyTemplate = {
  id: 'transactional-nps-service-visit',
  kind: 'transactional_nps',
  anonymous: false,
  name: t(
    'NPS after a service visit',
    'NPS efter servicebesøg',
    'NPS efter servicebesök',
    'NPS etter servicebesøk',
    'NPS nach einem Servicebesuch',
    'NPS huoltokäynnin jälkeen',
  ),
  description: t(
    'Sent after a technician has visited: would they recommend you, and how was the visit (punctuality, the work, the technician)?',
    'Sendes efter et teknikerbesøg: Vil kunden anbefale jer, og hvordan var besøget (punktlighed, arbejdet, teknikeren)?',
    'Skickas efter ett teknikerbesök: Skulle kunden rekommendera er, och hur var besöket (punktlighet, arbetet, teknikern)?',
    'Sendes etter et teknikerbesøk: Vil kunden anbefale dere, og hvordan var besøket (punktlighet, arbeidet, teknikeren)?',
    'Wird nach dem Besuch eines Technikers verschickt: Würde der Kunde Sie weiterempfehlen, und wie war der Besuch (Pünktlichkeit, Arbeit, Techniker)?',
    'Lähetetään asentajan käynnin jälkeen: suosittelisiko asiakas teitä, ja miten käynti sujui (täsmällisyys, työn laatu, asentaja)?',
  ),
  definition: customerNpsDefinition(
    npsQuestion(
      t(
        'Thinking of our recent visit, how likely is it that you would recommend {company} to a friend or colleague?',
        'Når du tænker på vores seneste besøg, hvor sandsynligt er det så, at du vil anbefale {company} til en ven eller kollega?',
        'Med tanke på vårt senaste besök, hur troligt är det att du skulle rekommendera {company} till en vän eller kollega?',
        'Med tanke på det siste besøket vårt, hvor sannsynlig er det at du vil anbefale {company} til en venn eller kollega?',
        'Wenn Sie an unseren letzten Besuch denken: Wie wahrscheinlich ist es, dass Sie {company} einem Freund oder Kollegen weiterempfehlen?',
        'Viimeisimmän käyntimme perusteella: kuinka todennäköisesti suosittelisit yritystä {company} ystävällesi tai kollegallesi?',
      ),
      'service',
    ),
    [
      qualityRating(
        'punctuality',
        t(
          'Arrival at the agreed time',
          'Fremmøde til den aftalte tid',
          'Ankomst vid utlovad tid',
          'Oppmøte til avtalt tid',
          'Ankunft zur vereinbarten Zeit',
          'Saapuminen sovittuun aikaan',
        ),
        'service',
      ),
      qualityRating(
        'work_quality',
        t('The quality of the work', 'Kvaliteten af arbejdet', 'Kvaliteten på arbetet', 'Kvaliteten på arbeidet', 'Die Qualität der Arbeit', 'Työn laatu'),
        'service',
      ),
      qualityRating(
        'technician',
        t(
          "The technician's friendliness and professionalism",
          'Teknikerens venlighed og professionalisme',
          'Teknikerns vänlighet och professionalitet',
          'Teknikerens vennlighet og profesjonalitet',
          'Freundlichkeit und Professionalität des Technikers',
          'Asentajan ystävällisyys ja ammattitaito',
        ),
        'service',
      ),
    ],
    interactionInvitation(
      t(
        'How was our visit?',
        'Hvordan var vores besøg?',
        'Hur var vårt besök?',
        'Hvordan var besøket vårt?',
        'Wie war unser Besuch?',
        'Miten käyntimme sujui?',
      ),
      t(
        'Hi {firstName},\n\nA technician from {company} visited you recently. Tell us how the visit went; it only takes a moment.',
        'Hej {firstName},\n\nEn tekniker fra {company} har for nylig været hos dig. Fortæl os, hvordan besøget gik – det tager kun et øjeblik.',
        'Hej {firstName},\n\nEn tekniker från {company} har nyligen varit hos dig. Berätta hur besöket gick – det tar bara en stund.',
        'Hei {firstName},\n\nEn tekniker fra {company} var nylig hos deg. Fortell oss hvordan besøket gikk – det tar bare et øyeblikk.',
        'Hallo {firstName},\n\nein Techniker von {company} war kürzlich bei Ihnen. Sagen Sie uns, wie der Besuch gelaufen ist – es dauert nur einen Moment.',
        'Hei {firstName},\n\nYrityksen {company} asentaja kävi äskettäin luonasi. Kerro meille, miten käynti sujui – se vie vain hetken.',
      ),
    ),
  ),
};
