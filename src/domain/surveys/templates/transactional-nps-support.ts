// Transactional NPS when a support case is closed: the recommendation, then how the case was handled.
import { customerNpsDefinition, npsQuestion, qualityRating, SUPPORT_INVITATION, type SurveyTemplate, t } from './common.ts';

export const transactionalNpsSupport: SurveyTemplate = {
  id: 'transactional-nps-support',
  kind: 'transactional_nps',
  anonymous: false,
  name: t(
    'NPS after a support case',
    'NPS efter supportsag',
    'NPS efter supportärende',
    'NPS etter supportsak',
    'NPS nach einer Supportanfrage',
    'NPS tukipyynnön jälkeen',
  ),
  description: t(
    'Sent when a support case is closed: would they recommend you, and how was the case handled (speed, knowledge, keeping them informed)?',
    'Sendes, når en supportsag er lukket: Vil kunden anbefale jer, og hvordan blev sagen håndteret (hastighed, viden, løbende information)?',
    'Skickas när ett supportärende har avslutats: Skulle kunden rekommendera er, och hur hanterades ärendet (snabbhet, kunskap, information under tiden)?',
    'Sendes når en supportsak er avsluttet: Vil kunden anbefale dere, og hvordan ble saken håndtert (tempo, kunnskap, informasjon underveis)?',
    'Wird verschickt, wenn eine Supportanfrage abgeschlossen ist: Würde der Kunde Sie weiterempfehlen, und wie wurde die Anfrage bearbeitet (Tempo, Fachwissen, Information)?',
    'Lähetetään, kun tukipyyntö on suljettu: suosittelisiko asiakas teitä, ja miten pyyntö hoidettiin (nopeus, osaaminen, tiedottaminen)?',
  ),
  definition: customerNpsDefinition(
    npsQuestion(
      t(
        'Thinking of the help you received, how likely is it that you would recommend {company} to a friend or colleague?',
        'Når du tænker på den hjælp, du fik, hvor sandsynligt er det så, at du vil anbefale {company} til en ven eller kollega?',
        'Med tanke på hjälpen du fick, hur troligt är det att du skulle rekommendera {company} till en vän eller kollega?',
        'Med tanke på hjelpen du fikk, hvor sannsynlig er det at du vil anbefale {company} til en venn eller kollega?',
        'Wenn Sie an die Hilfe denken, die Sie erhalten haben: Wie wahrscheinlich ist es, dass Sie {company} einem Freund oder Kollegen weiterempfehlen?',
        'Saamasi avun perusteella: kuinka todennäköisesti suosittelisit yritystä {company} ystävällesi tai kollegallesi?',
      ),
      'support',
    ),
    [
      qualityRating(
        'speed',
        t(
          'How quickly your case was resolved',
          'Hvor hurtigt din sag blev løst',
          'Hur snabbt ditt ärende löstes',
          'Hvor raskt saken din ble løst',
          'Wie schnell Ihr Anliegen gelöst wurde',
          'Kuinka nopeasti asiasi ratkaistiin',
        ),
        'support',
      ),
      qualityRating(
        'knowledge',
        t(
          'The knowledge of the person who helped you',
          'Den faglige viden hos den, der hjalp dig',
          'Kunskapen hos den som hjälpte dig',
          'Kunnskapen til den som hjalp deg',
          'Das Fachwissen der Person, die Ihnen geholfen hat',
          'Sinua auttaneen henkilön osaaminen',
        ),
        'support',
      ),
      qualityRating(
        'kept_informed',
        t(
          'How well we kept you informed',
          'Hvor godt vi holdt dig orienteret',
          'Hur väl vi höll dig informerad',
          'Hvor godt vi holdt deg orientert',
          'Wie gut wir Sie auf dem Laufenden gehalten haben',
          'Kuinka hyvin pidimme sinut ajan tasalla',
        ),
        'support',
      ),
    ],
    SUPPORT_INVITATION,
  ),
};
