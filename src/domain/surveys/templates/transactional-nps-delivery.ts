// Transactional NPS right after a delivery: the recommendation, then how the delivery itself went.
import { customerNpsDefinition, interactionInvitation, npsQuestion, qualityRating, type SurveyTemplate, t } from './common.ts';

export const transactionalNpsDelivery: SurveyTemplate = {
  id: 'transactional-nps-delivery',
  kind: 'transactional_nps',
  anonymous: false,
  name: t('NPS after a delivery', 'NPS efter levering', 'NPS efter leverans', 'NPS etter levering', 'NPS nach einer Lieferung', 'NPS toimituksen jälkeen'),
  description: t(
    'Sent after an order is delivered: would they recommend you, and how did the delivery go (on time, condition, information along the way)?',
    'Sendes, når en ordre er leveret: Vil kunden anbefale jer, og hvordan gik leveringen (til tiden, varernes stand, information undervejs)?',
    'Skickas när en order har levererats: Skulle kunden rekommendera er, och hur gick leveransen (i tid, varornas skick, information på vägen)?',
    'Sendes når en ordre er levert: Vil kunden anbefale dere, og hvordan gikk leveringen (i tide, varenes tilstand, informasjon underveis)?',
    'Wird nach der Zustellung einer Bestellung verschickt: Würde der Kunde Sie weiterempfehlen, und wie lief die Lieferung (pünktlich, Zustand der Ware, Informationen unterwegs)?',
    'Lähetetään, kun tilaus on toimitettu: suosittelisiko asiakas teitä, ja miten toimitus onnistui (aikataulu, tuotteiden kunto, tiedotus matkan varrella)?',
  ),
  definition: customerNpsDefinition(
    npsQuestion(
      t(
        'Thinking of your recent delivery, how likely is it that you would recommend {company} to a friend or colleague?',
        'Når du tænker på din seneste levering, hvor sandsynligt er det så, at du vil anbefale {company} til en ven eller kollega?',
        'Med tanke på din senaste leverans, hur troligt är det att du skulle rekommendera {company} till en vän eller kollega?',
        'Med tanke på den siste leveransen din, hvor sannsynlig er det at du vil anbefale {company} til en venn eller kollega?',
        'Wenn Sie an Ihre letzte Lieferung denken: Wie wahrscheinlich ist es, dass Sie {company} einem Freund oder Kollegen weiterempfehlen?',
        'Viimeisimmän toimituksesi perusteella: kuinka todennäköisesti suosittelisit yritystä {company} ystävällesi tai kollegallesi?',
      ),
      'delivery',
    ),
    [
      qualityRating(
        'on_time',
        t(
          'Delivery at the agreed time',
          'Levering til den aftalte tid',
          'Leverans vid utlovad tid',
          'Levering til avtalt tid',
          'Lieferung zum vereinbarten Termin',
          'Toimitus sovittuna aikana',
        ),
        'delivery',
      ),
      qualityRating(
        'condition',
        t(
          'The condition of the goods on arrival',
          'Varernes stand ved modtagelsen',
          'Varornas skick vid leveransen',
          'Varenes tilstand ved mottak',
          'Der Zustand der Ware bei Ankunft',
          'Tuotteiden kunto perille tullessa',
        ),
        'delivery',
      ),
      qualityRating(
        'information',
        t(
          'Information about your delivery along the way',
          'Information om leveringen undervejs',
          'Information om leveransen på vägen',
          'Informasjon om leveringen underveis',
          'Informationen zu Ihrer Lieferung unterwegs',
          'Tiedotus toimituksen etenemisestä',
        ),
        'delivery',
      ),
    ],
    interactionInvitation(
      t(
        'How did your delivery go?',
        'Hvordan gik din levering?',
        'Hur gick din leverans?',
        'Hvordan gikk leveringen din?',
        'Wie lief Ihre Lieferung?',
        'Miten toimituksesi onnistui?',
      ),
      t(
        'Hi {firstName},\n\nYour order from {company} has been delivered. Tell us how it went; it only takes a moment.',
        'Hej {firstName},\n\nDin ordre fra {company} er blevet leveret. Fortæl os, hvordan det gik – det tager kun et øjeblik.',
        'Hej {firstName},\n\nDin beställning från {company} har levererats. Berätta hur det gick – det tar bara en stund.',
        'Hei {firstName},\n\nBestillingen din fra {company} er levert. Fortell oss hvordan det gikk – det tar bare et øyeblikk.',
        'Hallo {firstName},\n\nIhre Bestellung bei {company} wurde geliefert. Sagen Sie uns, wie es gelaufen ist – es dauert nur einen Moment.',
        'Hei {firstName},\n\nTilauksesi yritykseltä {company} on toimitettu. Kerro meille, miten toimitus onnistui – se vie vain hetken.',
      ),
    ),
  ),
};
