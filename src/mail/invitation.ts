// The invitation (and reminder) email for one contact and survey: the survey's own subject and
// message, the main question with its scale as score links, and the frame every invitation
// carries. Built for mail clients, not browsers: tables and inline styles only (Outlook renders
// with Word, Gmail drops <style> in many views), colours that survive dark-mode inversion, and no
// images at all (so no tracking pixel). The sending engine calls this; it records nothing.
import type { Language, LocalizedText, Question, SurveyDefinition } from '../domain/surveys/definition.ts';
import { questionsOf } from '../domain/surveys/definition.ts';
import { localize } from '../domain/surveys/texts.ts';
import { escapeHtml } from '../text/escape.ts';
import { INVITATION_STRINGS } from './invitation-strings.ts';

export interface InvitationInput {
  definition: SurveyDefinition;
  language: Language;
  kind: 'invitation' | 'reminder';
  /** {company}: the definition's companyName, else the workspace's name. */
  company: string;
  contact: { firstName: string | null };
  /** The contact's owner; {ownerName} falls back to the company when absent. */
  owner?: { name: string; email: string } | null;
  /** {accountName}; like an unknown first name it is left out when absent, so texts should read well without it. */
  accountName?: string | null;
  /** The personal link, /s/{token}; score links add ?score=N. */
  surveyUrl: string;
  /** /u/{token}: the page and the RFC 8058 one-click endpoint. */
  unsubscribeUrl: string;
  anonymous: boolean;
  /** Time needed, from estimateMinutes. */
  minutes: number;
  /** Stable per invitation (the engine derives it from the invitation id), so a repeat is dropped by receivers. */
  messageId: string;
}

export interface RenderedInvitation {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

const SECONDS: Record<Question['type'], number> = {
  nps: 10,
  rating: 10,
  yes_no: 8,
  single_choice: 15,
  multiple_choice: 20,
  email: 15,
  phone: 15,
  text: 45,
};

/** Minutes a respondent needs for every question (free text takes longest), rounded up, at least 1. */
export const estimateMinutes = (definition: SurveyDefinition): number =>
  Math.max(1, Math.ceil(questionsOf(definition).reduce((sum, q) => sum + SECONDS[q.type], 0) / 60));

const COLOURS = {
  page: '#eef1f4',
  card: '#ffffff',
  text: '#18202a',
  muted: '#4f5966',
  // Mid-tone teal with white text (5.5:1): readable as it is and after a client's dark-mode inversion.
  button: '#0f766e',
  buttonText: '#ffffff',
};
const FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

interface Scale {
  question: Question & { type: 'nps' | 'rating' };
  min: number;
  max: number;
}

function scaleOf(definition: SurveyDefinition): Scale | undefined {
  const question = questionsOf(definition).find((q) => q.key === definition.mainQuestion);
  if (question?.type === 'nps') return { question, min: 0, max: 10 };
  if (question?.type === 'rating') return { question, min: question.min, max: question.max };
  return undefined;
}

/** Fills the variables; an unknown first name or account name is left out with the space (and comma) before it. */
function filler(input: Pick<InvitationInput, 'company' | 'contact' | 'owner' | 'accountName'>) {
  const values: Record<string, string | null | undefined> = {
    company: input.company,
    firstName: input.contact.firstName?.trim(),
    ownerName: input.owner?.name?.trim() || input.company,
    accountName: input.accountName?.trim(),
  };
  return (template: string) =>
    template.replace(/(,?\s*)\{(firstName|company|ownerName|accountName)\}/g, (_whole, before: string, name: string) => {
      const value = values[name];
      return value ? `${before}${value}` : '';
    });
}

const paragraphsOf = (text: string) =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);

const scoreUrl = (surveyUrl: string, n: number) => `${surveyUrl}${surveyUrl.includes('?') ? '&' : '?'}score=${n}`;

function button(url: string, label: string, width: string | null, padding: string): string {
  // The cell carries the colour and border (Outlook ignores padding and backgrounds on links); the link fills it elsewhere.
  return `<td align="center" valign="middle"${width ? ` width="${width}"` : ''} height="44" bgcolor="${COLOURS.button}" style="background-color:${COLOURS.button};border:1px solid ${COLOURS.button};border-radius:6px;${FONT}"><a href="${escapeHtml(url)}" style="display:block;padding:${padding};color:${COLOURS.buttonText};font-size:17px;font-weight:700;line-height:20px;text-decoration:none;${FONT}">${escapeHtml(label)}</a></td>`;
}

function scaleHtml(scale: Scale, input: InvitationInput, t: (text: LocalizedText) => string): string {
  const points = Array.from({ length: scale.max - scale.min + 1 }, (_, i) => scale.min + i);
  const width = `${Math.floor(100 / points.length)}%`;
  const cells = points.map((n) => button(scoreUrl(input.surveyUrl, n), String(n), width, '12px 0')).join('');
  const ends = `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td align="left" valign="top" style="padding:6px 0 0;color:${COLOURS.muted};font-size:14px;line-height:20px;${FONT}">${scale.min} – ${escapeHtml(t(scale.question.minLabel))}</td><td align="right" valign="top" style="padding:6px 0 0;color:${COLOURS.muted};font-size:14px;line-height:20px;${FONT}">${scale.max} – ${escapeHtml(t(scale.question.maxLabel))}</td></tr></table>`;
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="3" border="0" style="border-collapse:separate;table-layout:fixed"><tr>${cells}</tr></table>${ends}`;
}

/** The stable Message-ID and the RFC 8058 one-click unsubscribe. */
export const invitationHeaders = (messageId: string, unsubscribeUrl: string): Record<string, string> => ({
  'Message-ID': messageId,
  'List-Unsubscribe': `<${unsubscribeUrl}>`,
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
});

/** The fields of InvitationInput the subject depends on. */
export type SubjectInput = Pick<InvitationInput, 'definition' | 'language' | 'kind' | 'company' | 'contact' | 'owner' | 'accountName'>;

/** What both the subject and the body read: the built-in strings, the filler, the survey's own texts, and `t` to localise and fill one. */
function textsOf(input: SubjectInput) {
  const { definition, language } = input;
  const fill = filler(input);
  const t = (text: LocalizedText | undefined, fallback = '') => fill(localize(text, language, definition.defaultLanguage) || fallback);
  return { ui: INVITATION_STRINGS[language], fill, own: definition.invitation, t };
}

/** The subject alone: the send tick stores it in the outbox row, which keeps only the inputs of the body. */
export function renderSubject(input: SubjectInput): string {
  const { ui, fill, own, t } = textsOf(input);
  const subjectTemplate = input.kind === 'reminder' ? (own?.reminderSubject ?? own?.subject) : own?.subject;
  const builtIn = input.kind === 'reminder' ? ui.reminderSubject : ui.subject;
  // A survey's subject counts only if it has one for this language or the default; a reminder without its own reuses the subject.
  return (t(subjectTemplate) || fill(builtIn)).replace(/\s+/g, ' ');
}

export function renderInvitation(input: InvitationInput): RenderedInvitation {
  const { definition, language } = input;
  const { ui, fill, own, t } = textsOf(input);
  const subject = renderSubject(input);
  const body = paragraphsOf(t(own?.body, ui.body));
  const scale = scaleOf(definition);
  const question = scale ? t(scale.question.text) : '';
  const time = fill(input.minutes === 1 ? ui.minuteOne : ui.minutesMany.replace('{minutes}', String(input.minutes)));
  const about = [fill(ui.purpose), time, fill(input.anonymous ? ui.anonymous : ui.personal)];
  const unsubscribeQuestion = fill(ui.unsubscribeQuestion);

  // One survey URL in the text part, not eleven: a plain-text reader chooses the score on the page.
  const text = [
    ...body.flatMap((p) => [p, '']),
    ...(question ? [question, ''] : []),
    `${ui.answerHere}: ${input.surveyUrl}`,
    '',
    about.join(' '),
    '',
    '--',
    `${unsubscribeQuestion} ${ui.unsubscribe}: ${input.unsubscribeUrl}`,
    '',
  ].join('\n');

  const paragraph = (value: string, style = `color:${COLOURS.text};font-size:16px;line-height:24px`) =>
    `<p style="margin:0 0 16px;${style};${FONT}">${escapeHtml(value).replace(/\n/g, '<br>')}</p>`;
  const action = scale
    ? `${paragraph(question, `color:${COLOURS.text};font-size:18px;line-height:26px;font-weight:700`)}${paragraph(ui.scaleHint, `color:${COLOURS.muted};font-size:14px;line-height:20px`)}${scaleHtml(scale, input, (x) => t(x))}`
    : `<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr>${button(input.surveyUrl, ui.start, null, '12px 24px')}</tr></table>`;
  const html = `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark"><meta name="x-apple-disable-message-reformatting"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background-color:${COLOURS.page};-webkit-text-size-adjust:100%">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="${COLOURS.page}" style="background-color:${COLOURS.page}"><tr><td align="center" style="padding:24px 8px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="${COLOURS.card}" style="max-width:600px;background-color:${COLOURS.card};border-radius:8px"><tr><td style="padding:24px 16px">
${body.map((p) => paragraph(p)).join('\n')}
<div style="margin:8px 0 24px">${action}</div>
${paragraph(about.join(' '), `color:${COLOURS.muted};font-size:14px;line-height:20px`)}
</td></tr></table>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px"><tr><td style="padding:16px;color:${COLOURS.muted};font-size:13px;line-height:20px;${FONT}">${escapeHtml(unsubscribeQuestion)} <a href="${escapeHtml(input.unsubscribeUrl)}" style="color:${COLOURS.muted};text-decoration:underline">${escapeHtml(ui.unsubscribe)}</a></td></tr></table>
</td></tr></table>
</body></html>`;

  return {
    subject,
    text,
    html,
    headers: invitationHeaders(input.messageId, input.unsubscribeUrl),
  };
}
