// Employee NPS: anonymous, so it never asks for permission to follow up, and its results are only
// shown for groups large enough that nobody can be recognised (the survey's minimum group size).
import { agreeRating, allLanguages, npsQuestion, type SurveyTemplate, t, whyQuestion } from './common.ts';

export const enps: SurveyTemplate = {
  id: 'enps',
  kind: 'enps',
  anonymous: true,
  name: t(
    'Employee NPS (eNPS)',
    'Medarbejder-NPS (eNPS)',
    'Medarbetar-NPS (eNPS)',
    'Medarbeider-NPS (eNPS)',
    'Mitarbeiter-NPS (eNPS)',
    'Henkilöstön NPS (eNPS)',
  ),
  description: t(
    'An anonymous check of how your employees feel about the company as a place to work, with three statements on tools, support and growth.',
    'En anonym måling af, hvordan jeres medarbejdere har det med virksomheden som arbejdsplads, med tre udsagn om værktøjer, støtte og udvikling.',
    'En anonym mätning av hur era medarbetare ser på företaget som arbetsplats, med tre påståenden om verktyg, stöd och utveckling.',
    'En anonym måling av hvordan de ansatte opplever selskapet som arbeidsplass, med tre påstander om verktøy, støtte og utvikling.',
    'Eine anonyme Messung, wie Ihre Mitarbeitenden das Unternehmen als Arbeitgeber erleben, mit drei Aussagen zu Arbeitsmitteln, Unterstützung und Entwicklung.',
    'Nimetön kysely siitä, millaisena henkilöstö kokee yrityksen työpaikkana, ja kolme väittämää työvälineistä, tuesta ja kehittymisestä.',
  ),
  definition: {
    ...allLanguages(),
    invitation: {
      subject: t(
        'Your view of {company} as a workplace',
        'Din mening om {company} som arbejdsplads',
        'Din syn på {company} som arbetsplats',
        'Ditt syn på {company} som arbeidsplass',
        'Ihre Meinung zu {company} als Arbeitgeber',
        'Mielipiteesi yrityksestä {company} työpaikkana',
      ),
      reminderSubject: t(
        'Reminder: your anonymous view of {company}',
        'Påmindelse: din anonyme mening om {company}',
        'Påminnelse: din anonyma syn på {company}',
        'Påminnelse: ditt anonyme syn på {company}',
        'Erinnerung: Ihre anonyme Meinung zu {company}',
        'Muistutus: nimetön mielipiteesi yrityksestä {company}',
      ),
      body: t(
        'Hi {firstName},\n\nHow do you find working at {company}? Your answers are anonymous and help make this a better place to work.',
        'Hej {firstName},\n\nHvordan er det at arbejde hos {company}? Dine svar er anonyme og er med til at gøre det her til en bedre arbejdsplads.',
        'Hej {firstName},\n\nHur trivs du med att jobba på {company}? Dina svar är anonyma och hjälper oss att bli en bättre arbetsplats.',
        'Hei {firstName},\n\nHvordan er det å jobbe i {company}? Svarene dine er anonyme og hjelper oss å bli en bedre arbeidsplass.',
        'Hallo {firstName},\n\nwie erleben Sie die Arbeit bei {company}? Ihre Antworten sind anonym und helfen, diesen Arbeitsplatz besser zu machen.',
        'Hei {firstName},\n\nMillaista on työskennellä yrityksessä {company}? Vastauksesi ovat nimettömiä, ja ne auttavat tekemään tästä paremman työpaikan.',
      ),
    },
    intro: t(
      'Your answers are anonymous: nobody can see who answered what, and results are only shown for groups large enough that no one can be recognised.',
      'Dine svar er anonyme: Ingen kan se, hvem der har svaret hvad, og resultater vises kun for grupper, der er så store, at ingen kan genkendes.',
      'Dina svar är anonyma: ingen kan se vem som svarat vad, och resultat visas bara för grupper som är så stora att ingen kan kännas igen.',
      'Svarene dine er anonyme: Ingen kan se hvem som har svart hva, og resultater vises bare for grupper som er så store at ingen kan gjenkjennes.',
      'Ihre Antworten sind anonym: Niemand kann sehen, wer was geantwortet hat, und Ergebnisse werden nur für Gruppen gezeigt, die so groß sind, dass niemand erkannt werden kann.',
      'Vastauksesi ovat nimettömiä: kukaan ei näe, kuka vastasi mitäkin, ja tulokset näytetään vain niin suurille ryhmille, ettei ketään voi tunnistaa.',
    ),
    mainQuestion: 'nps',
    pages: [
      {
        questions: [
          npsQuestion(
            t(
              'How likely is it that you would recommend {company} as a place to work to a friend or acquaintance?',
              'Hvor sandsynligt er det, at du vil anbefale {company} som arbejdsplads til en ven eller bekendt?',
              'Hur troligt är det att du skulle rekommendera {company} som arbetsplats till en vän eller bekant?',
              'Hvor sannsynlig er det at du vil anbefale {company} som arbeidsplass til en venn eller bekjent?',
              'Wie wahrscheinlich ist es, dass Sie {company} einem Freund oder Bekannten als Arbeitgeber empfehlen?',
              'Kuinka todennäköisesti suosittelisit yritystä {company} työpaikkana ystävällesi tai tuttavallesi?',
            ),
          ),
        ],
      },
      {
        questions: [
          whyQuestion({
            promoter: t(
              'What do you value most about working here?',
              'Hvad sætter du mest pris på ved at arbejde her?',
              'Vad uppskattar du mest med att jobba här?',
              'Hva setter du mest pris på ved å jobbe her?',
              'Was schätzen Sie an der Arbeit hier am meisten?',
              'Mitä arvostat eniten työssäsi täällä?',
            ),
            passive: t(
              'What would make you more likely to recommend us as a place to work?',
              'Hvad skulle der til, for at du ville anbefale os som arbejdsplads?',
              'Vad skulle få dig att hellre rekommendera oss som arbetsplats?',
              'Hva skal til for at du vil anbefale oss som arbeidsplass?',
              'Was müsste sich ändern, damit Sie uns eher als Arbeitgeber empfehlen?',
              'Mikä saisi sinut suosittelemaan meitä työpaikkana todennäköisemmin?',
            ),
            detractor: t(
              'What disappoints you about working here, and what should we improve first?',
              'Hvad skuffer dig ved at arbejde her, og hvad bør vi forbedre først?',
              'Vad gör dig besviken med att jobba här, och vad borde vi förbättra först?',
              'Hva skuffer deg ved å jobbe her, og hva bør vi forbedre først?',
              'Was enttäuscht Sie an der Arbeit hier, und was sollten wir zuerst verbessern?',
              'Mikä työssä täällä harmittaa sinua, ja mitä meidän pitäisi parantaa ensimmäiseksi?',
            ),
          }),
          agreeRating(
            'tools',
            t(
              'I have the tools and resources I need to do my job well.',
              'Jeg har de værktøjer og ressourcer, jeg skal bruge for at gøre mit arbejde godt.',
              'Jag har de verktyg och resurser jag behöver för att göra ett bra jobb.',
              'Jeg har verktøyene og ressursene jeg trenger for å gjøre en god jobb.',
              'Ich habe die Arbeitsmittel und Ressourcen, die ich für gute Arbeit brauche.',
              'Minulla on työvälineet ja resurssit, joita tarvitsen tehdäkseni työni hyvin.',
            ),
          ),
          agreeRating(
            'manager_support',
            t(
              'My manager gives me the support I need.',
              'Min leder giver mig den støtte, jeg har brug for.',
              'Min chef ger mig det stöd jag behöver.',
              'Lederen min gir meg den støtten jeg trenger.',
              'Meine Führungskraft gibt mir die Unterstützung, die ich brauche.',
              'Esihenkilöni antaa minulle tarvitsemani tuen.',
            ),
          ),
          agreeRating(
            'growth',
            t(
              'I can learn and grow in my job.',
              'Jeg kan lære og udvikle mig i mit job.',
              'Jag kan lära mig och utvecklas i mitt arbete.',
              'Jeg kan lære og utvikle meg i jobben min.',
              'Ich kann in meiner Arbeit lernen und mich weiterentwickeln.',
              'Voin oppia ja kehittyä työssäni.',
            ),
          ),
        ],
      },
    ],
    thankYou: {
      text: t(
        'Thank you for your honest answers. They help make this a better place to work.',
        'Tak for dine ærlige svar. De er med til at gøre det her til en bedre arbejdsplads.',
        'Tack för dina ärliga svar. De hjälper oss att bli en bättre arbetsplats.',
        'Takk for de ærlige svarene dine. De hjelper oss å bli en bedre arbeidsplass.',
        'Vielen Dank für Ihre ehrlichen Antworten. Sie helfen, diesen Arbeitsplatz besser zu machen.',
        'Kiitos rehellisistä vastauksistasi. Ne auttavat tekemään tästä paremman työpaikan.',
      ),
    },
  },
};
