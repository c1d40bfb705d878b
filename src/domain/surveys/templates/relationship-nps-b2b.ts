// Relationship NPS for business customers: asked of contacts at client companies once or twice a year.
import { customerNpsDefinition, npsQuestion, qualityRating, type SurveyTemplate, t } from './common.ts';

export const relationshipNpsB2b: SurveyTemplate = {
  id: 'relationship-nps-b2b',
  kind: 'relationship_nps',
  anonymous: false,
  name: t(
    'Relationship NPS (business customers)',
    'Relations-NPS (erhvervskunder)',
    'Relations-NPS (företagskunder)',
    'Relasjons-NPS (bedriftskunder)',
    'Beziehungs-NPS (Geschäftskunden)',
    'Asiakassuhteen NPS (yritysasiakkaat)',
  ),
  description: t(
    'A periodic check of how loyal your business customers are, with what drives it: quality, ease of doing business and how well you know their needs.',
    'En løbende måling af, hvor loyale jeres erhvervskunder er, og hvad der driver det: kvalitet, hvor let det er at samarbejde, og hvor godt I kender deres behov.',
    'En återkommande mätning av hur lojala era företagskunder är och vad som driver det: kvalitet, hur enkelt det är att samarbeta och hur väl ni känner deras behov.',
    'En jevnlig måling av hvor lojale bedriftskundene deres er, og hva som driver det: kvalitet, hvor enkelt det er å samarbeide, og hvor godt dere kjenner behovene deres.',
    'Eine regelmäßige Messung, wie loyal Ihre Geschäftskunden sind und was dahintersteht: Qualität, einfache Zusammenarbeit und wie gut Sie ihre Bedürfnisse kennen.',
    'Säännöllinen mittaus siitä, kuinka uskollisia yritysasiakkaanne ovat ja mikä siihen vaikuttaa: laatu, yhteistyön sujuvuus ja se, kuinka hyvin tunnette heidän tarpeensa.',
  ),
  definition: customerNpsDefinition(
    npsQuestion(
      t(
        'How likely is it that you would recommend {company} to a colleague or business partner?',
        'Hvor sandsynligt er det, at du vil anbefale {company} til en kollega eller samarbejdspartner?',
        'Hur troligt är det att du skulle rekommendera {company} till en kollega eller affärspartner?',
        'Hvor sannsynlig er det at du vil anbefale {company} til en kollega eller forretningsforbindelse?',
        'Wie wahrscheinlich ist es, dass Sie {company} einem Kollegen oder Geschäftspartner weiterempfehlen?',
        'Kuinka todennäköisesti suosittelisit yritystä {company} kollegallesi tai liikekumppanillesi?',
      ),
    ),
    [
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
        'ease',
        t(
          'How easy we are to do business with',
          'Hvor let det er at samarbejde med os',
          'Hur enkelt det är att göra affärer med oss',
          'Hvor enkelt det er å samarbeide med oss',
          'Wie einfach die Zusammenarbeit mit uns ist',
          'Kuinka helppoa kanssamme on asioida',
        ),
      ),
      qualityRating(
        'understanding',
        t(
          'How well we understand your business and its needs',
          'Hvor godt vi forstår jeres forretning og jeres behov',
          'Hur väl vi förstår er verksamhet och era behov',
          'Hvor godt vi forstår virksomheten deres og behovene deres',
          'Wie gut wir Ihr Geschäft und Ihre Anforderungen verstehen',
          'Kuinka hyvin ymmärrämme liiketoimintanne ja sen tarpeet',
        ),
      ),
    ],
  ),
};
