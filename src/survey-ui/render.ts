// The respondent pages as HTML strings: one question page, the thank-you page and the state
// pages (closed, expired, used, unknown). Everything a person or a survey author wrote passes
// through the escaping `html` template; only our stylesheet and markup are trusted.
import type { AnswerProblem } from '../domain/responses/index.ts';
import type { Category, Language, Question, SurveyDefinition } from '../domain/surveys/definition.ts';
import { localize } from '../domain/surveys/texts.ts';
import { type Html, html, trusted } from './html.ts';
import { fill, UI_STRINGS, type UiStrings } from './strings.ts';
import { stylesheet } from './styles.ts';

export const SCRIPT_PATH = '/s-assets/survey.js';

export interface Frame {
  language: Language;
  /** The languages the switcher offers (none shown when there is only one). */
  languages: readonly Language[];
  /** The current URL with ?lang= set to a language. */
  languageUrl: (language: Language) => string;
  company: string;
  branding: { colour: string | null; logoUrl: string | null };
}

/** Survey texts with {company} and {firstName} filled in (an unknown first name is left out with its space). */
export function surveyText(text: Parameters<typeof localize>[0], frame: Frame, definition: SurveyDefinition, firstName: string | null): string {
  const value = localize(text, frame.language, definition.defaultLanguage).replaceAll('{company}', frame.company);
  return firstName ? value.replaceAll('{firstName}', firstName) : value.replace(/\s*\{firstName\}/g, '');
}

/** The shell every respondent page shares: language, switcher, logo or company name, the inline stylesheet. */
export function page(frame: Frame, title: string, body: Html, extraHead: Html | '' = ''): string {
  const ui = UI_STRINGS[frame.language];
  // Only our own logo route: a respondent page makes no request to anyone else.
  const logo = frame.branding.logoUrl?.startsWith('/')
    ? html`<img class="logo" src="${frame.branding.logoUrl}" alt="${frame.company}">`
    : frame.company
      ? html`<p class="company">${frame.company}</p>`
      : '';
  const switcher =
    frame.languages.length > 1
      ? html`<nav aria-label="${ui.languageSwitcher}"><ul class="langs">${frame.languages.map(
          (l) =>
            html`<li><a href="${frame.languageUrl(l)}" lang="${l}" hreflang="${l}"${l === frame.language ? trusted(' aria-current="true"') : ''}>${UI_STRINGS[l].languageName}</a></li>`,
        )}</ul></nav>`
      : '';
  return `<!doctype html>${html`<html lang="${frame.language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${title}</title><style>${trusted(stylesheet(frame.branding.colour))}</style>${extraHead}</head><body><main><header>${logo}${switcher}</header>${body}</main></body></html>`}`;
}

export interface QuestionPage {
  frame: Frame;
  definition: SurveyDefinition;
  questions: Question[];
  category: Category | undefined;
  firstName: string | null;
  anonymous: boolean;
  action: string;
  /** 0-based index in the definition, and the position among the pages this respondent sees. */
  pageIndex: number;
  position: number;
  pageCount: number;
  isLast: boolean;
  /** Each question's current value(s): what was just posted when showing problems, else what is stored. */
  values: (key: string) => string[];
  problems: AnswerProblem[];
  hidden: Record<string, string>;
  /** The score came from the email's link: the script records it (email_link) on load. */
  emailScore?: { anonymous: boolean };
  preview?: boolean;
}

function problemText(ui: UiStrings, problem: AnswerProblem): string {
  switch (problem.problem) {
    case 'required':
      return ui.errorRequired;
    case 'scale':
      return fill(ui.errorScale, { min: problem.min, max: problem.max });
    case 'choice':
      return ui.errorChoice;
    case 'tooLong':
      return fill(ui.errorTooLong, { max: problem.max });
    case 'email':
      return ui.errorEmail;
    case 'phone':
      return ui.errorPhone;
  }
}

function questionText(q: Question, input: QuestionPage): string {
  const byCategory = input.category ? q.textByCategory?.[input.category] : undefined;
  return surveyText(byCategory ?? q.text, input.frame, input.definition, input.firstName);
}

function renderQuestion(q: Question, input: QuestionPage): Html {
  const { frame, definition } = input;
  const ui = UI_STRINGS[frame.language];
  const t = (text: Parameters<typeof localize>[0]) => surveyText(text, frame, definition, input.firstName);
  const id = `q-${q.key}`;
  const problem = input.problems.find((p) => p.questionKey === q.key);
  const help = q.help ? html`<p class="help" id="h-${q.key}">${t(q.help)}</p>` : '';
  const error = problem ? html`<p class="err" id="e-${q.key}">${problemText(ui, problem)}</p>` : '';
  const describedBy = [q.help ? `h-${q.key}` : '', problem ? `e-${q.key}` : ''].filter(Boolean).join(' ');
  const described = describedBy ? html` aria-describedby="${describedBy}"` : '';
  const invalid = problem ? trusted(' aria-invalid="true"') : '';
  const label = html`${questionText(q, input)}${q.required ? html` <span class="req">${ui.required}</span>` : ''}`;
  const values = input.values(q.key);
  const checked = (value: string) => (values.includes(value) ? trusted(' checked') : '');

  if (q.type === 'nps' || q.type === 'rating') {
    const min = q.type === 'nps' ? 0 : q.min;
    const max = q.type === 'nps' ? 10 : q.max;
    const points = Array.from({ length: max - min + 1 }, (_, i) => min + i);
    const ends = (n: number) => (n === min ? html` aria-describedby="lo-${q.key}"` : n === max ? html` aria-describedby="hi-${q.key}"` : '');
    return html`<fieldset class="q"${described}><legend>${label}</legend>${help}${error}<div class="scale s${points.length}">${points.map(
      (n) =>
        html`<label class="pt"><input type="radio" name="${q.key}" value="${n}" id="${n === min ? id : `${id}-${n}`}"${ends(n)}${checked(String(n))}${invalid}><span>${n}</span></label>`,
    )}</div><p class="ends"><span id="lo-${q.key}">${t(q.minLabel)}</span><span id="hi-${q.key}">${t(q.maxLabel)}</span></p></fieldset>`;
  }
  if (q.type === 'single_choice' || q.type === 'multiple_choice' || q.type === 'yes_no') {
    const type = q.type === 'multiple_choice' ? 'checkbox' : 'radio';
    const choices =
      q.type === 'yes_no'
        ? [
            { key: 'yes', text: ui.yes },
            { key: 'no', text: ui.no },
          ]
        : q.choices.map((c) => ({ key: c.key, text: t(c.label) }));
    return html`<fieldset class="q"${described}><legend>${label}</legend>${help}${error}<ul class="opts">${choices.map(
      (c, i) =>
        html`<li><label class="opt"><input type="${type}" name="${q.key}" value="${c.key}" id="${i === 0 ? id : `${id}-${c.key}`}"${checked(c.key)}${invalid}>${c.text}</label></li>`,
    )}</ul></fieldset>`;
  }
  const value = values.join('\n');
  const field =
    q.type === 'text' && q.multiline
      ? html`<textarea id="${id}" name="${q.key}" rows="5" maxlength="5000"${described}${invalid}>${value}</textarea>`
      : q.type === 'email'
        ? html`<input type="email" id="${id}" name="${q.key}" value="${value}" maxlength="254" autocomplete="email" spellcheck="false"${described}${invalid}>`
        : q.type === 'phone'
          ? html`<input type="tel" id="${id}" name="${q.key}" value="${value}" maxlength="40" autocomplete="tel"${described}${invalid}>`
          : html`<input type="text" id="${id}" name="${q.key}" value="${value}" maxlength="5000"${described}${invalid}>`;
  return html`<div class="q"><label for="${id}">${label}</label>${help}${error}${field}</div>`;
}

export function renderQuestionPage(input: QuestionPage): string {
  const { frame, definition } = input;
  const ui = UI_STRINGS[frame.language];
  const heading = fill(ui.heading, { company: frame.company });
  const progress = fill(ui.progress, { page: input.position, pages: input.pageCount });
  const summary =
    input.problems.length > 0
      ? html`<div class="errors" role="alert" tabindex="-1" id="errors" aria-labelledby="errors-title"><h2 id="errors-title">${ui.errorSummary}</h2><ul>${input.problems.map(
          (p) => {
            const q = input.questions.find((x) => x.key === p.questionKey);
            return html`<li><a href="#q-${p.questionKey}">${q ? `${questionText(q, input)}: ` : ''}${problemText(ui, p)}</a></li>`;
          },
        )}</ul></div>`
      : '';
  const intro = input.pageIndex === 0 && definition.intro ? html`<p>${surveyText(definition.intro, frame, definition, input.firstName)}</p>` : '';
  const submitType = input.preview ? 'button' : 'submit';
  const back = input.position > 1 ? html`<button class="btn sec" type="${submitType}" name="_nav" value="back">${ui.back}</button>` : '';
  const autopost = input.emailScore ? html` data-email-score="${input.emailScore.anonymous ? 'confirm' : 'record'}"` : '';
  const body = html`${input.preview ? html`<p class="note"><strong>${ui.preview}</strong></p>` : ''}<h1>${heading}</h1>${
    input.pageCount > 1
      ? html`<p class="progress" id="progress">${progress}</p><progress max="${input.pageCount}" value="${input.position}" aria-labelledby="progress"></progress>`
      : ''
  }${intro}${input.anonymous && input.pageIndex === 0 ? html`<p class="note">${ui.anonymous}</p>` : ''}<form method="post" action="${input.action}" novalidate${autopost}>${summary}${Object.entries(
    input.hidden,
  ).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  )}${input.questions.map((q) => renderQuestion(q, input))}<div class="actions"><button class="btn" type="${submitType}">${
    input.isLast ? ui.send : ui.continue
  }</button>${back}</div></form>`;
  const title = `${input.problems.length > 0 ? `${ui.errorSummary}: ` : ''}${heading}`;
  return page(frame, title, body, input.preview ? '' : html`<script src="${SCRIPT_PATH}" defer></script>`);
}

export interface ThankYouPage {
  frame: Frame;
  definition: SurveyDefinition;
  category: Category | undefined;
  firstName: string | null;
  /** Kiosks: where the next person starts; the page returns there by itself after a few seconds. */
  restartUrl?: string;
}

export const KIOSK_RESTART_SECONDS = 10;

export function renderThankYou(input: ThankYouPage): string {
  const { frame, definition } = input;
  const ui = UI_STRINGS[frame.language];
  const thankYou = (input.category && definition.thankYouByCategory?.[input.category]) || definition.thankYou;
  const t = (text: Parameters<typeof localize>[0]) => surveyText(text, frame, definition, input.firstName);
  const link = thankYou.link && !input.restartUrl ? html`<p><a class="btn" href="${thankYou.link.url}" rel="noopener">${t(thankYou.link.label)}</a></p>` : '';
  const restart = input.restartUrl ? html`<p class="note">${ui.kioskRestart}</p><p><a class="btn" href="${input.restartUrl}">${ui.startAgain}</a></p>` : '';
  const head = input.restartUrl ? html`<meta http-equiv="refresh" content="${KIOSK_RESTART_SECONDS};url=${input.restartUrl}">` : '';
  return page(frame, ui.thankYou, html`<h1>${ui.thankYou}</h1><p>${t(thankYou.text)}</p>${link}${restart}`, head);
}

const STATE_TEXTS = {
  closed: ['closedTitle', 'closedText'],
  expired: ['expiredTitle', 'expiredText'],
  used: ['usedTitle', 'usedText'],
  unknown: ['unknownTitle', 'unknownText'],
} as const satisfies Record<string, readonly [keyof UiStrings, keyof UiStrings]>;

export function renderState(frame: Frame, state: keyof typeof STATE_TEXTS): string {
  const ui = UI_STRINGS[frame.language];
  const [title, text] = STATE_TEXTS[state];
  return page(frame, ui[title], html`<h1>${ui[title]}</h1><p>${ui[text]}</p>`);
}
