// Relationship NPS for consumers: how people feel about the company as a whole, not one purchase.
import { customerNpsDefinition, npsQuestion, qualityRating, RECOMMEND_TO_FRIEND, type SurveyTemplate, t } from './common.ts';

export const relationshipNpsB2c: SurveyTemplate = {
  id: 'relationship-nps-b2c',
  kind: 'relationship_nps',
  anonymous: false,
  name: t(
    'Relationship NPS (consumers)',
    'Relations-NPS (privatkunder)',
    'Relations-NPS (privatkunder)',
    'Relasjons-NPS (privatkunder)',
    'Beziehungs-NPS (Privatkunden)',
    'Asiakassuhteen NPS (kuluttaja-asiakkaat)',
  ),
  description: t(
    'How your customers feel about you overall, with ratings of quality, value for money and customer service.',
    'Hvordan jeres kunder har det med jer generelt, med vurderinger af kvalitet, pris i forhold til kvalitet og kundeservice.',
    'Vad era kunder tycker om er i stort, med betyg för kvalitet, prisvärdhet och kundservice.',
    'Hva kundene deres synes om dere totalt sett, med vurderinger av kvalitet, verdi for pengene og kundeservice.',
    'Wie Ihre Kunden Sie insgesamt sehen, mit Bewertungen von Qualität, Preis-Leistungs-Verhältnis und Kundenservice.',
    'Mitä asiakkaanne ajattelevat teistä kokonaisuutena, ja arviot laadusta, hinta-laatusuhteesta ja asiakaspalvelusta.',
  ),
  definition: customerNpsDefinition(npsQuestion(RECOMMEND_TO_FRIEND), [
    qualityRating(
      'quality',
      t(
        'The quality of our products',
        'Kvaliteten af vores produkter',
        'Kvaliteten på våra produkter',
        'Kvaliteten på produktene våre',
        'Die Qualität unserer Produkte',
        'Tuotteidemme laatu',
      ),
    ),
    qualityRating(
      'value',
      t('Value for money', 'Pris i forhold til kvalitet', 'Prisvärdhet', 'Verdi for pengene', 'Preis-Leistungs-Verhältnis', 'Hinta-laatusuhde'),
    ),
    qualityRating(
      'customer_service',
      t('Our customer service', 'Vores kundeservice', 'Vår kundservice', 'Kundeservicen vår', 'Unser Kundenservice', 'Asiakaspalvelumme'),
    ),
  ]),
};
