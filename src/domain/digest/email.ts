// The digest email: a plain-text part and an HTML part built for mail clients and phones — one
// column at most 600 px wide, tables and inline styles only (Outlook renders with Word, Gmail drops
// <style> in many views), no images. Everything a customer or a colleague wrote is escaped.
// English: members have no language of their own and the portal is English.
import type { DateTime } from 'luxon';
import { escapeHtml } from '../../text/escape.ts';
import type { AnalyticsOverviewView, CommentView } from '../views.ts';
import type { DigestContent } from './content.ts';

export interface DigestLinks {
  /** The portal's address (config.publicUrl). */
  publicUrl: string;
  /** The one-click unsubscribe address of this email. */
  unsubscribeUrl: string;
}

export interface RenderedDigest {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

const MINUS = '\u2212';
const CONFIDENCE = 95;
/** Longer comments are cut at a word here; the portal has the whole text. */
const COMMENT_CHARACTERS = 280;

/** +25, −3, 0: as the portal writes an NPS. */
export function formatNps(score: number): string {
  const rounded = Math.round(score);
  if (rounded === 0) return '0';
  return rounded > 0 ? `+${rounded}` : `${MINUS}${Math.abs(rounded)}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
const percent = (value: number) => `${Math.round(value)}%`;
const dayMonth = (day: DateTime) => day.setLocale('en-GB').toFormat('d LLLL');
const weekRange = (content: DigestContent) => {
  const { firstDay, lastDay } = content.week;
  const first = firstDay.year === lastDay.year ? dayMonth(firstDay) : `${dayMonth(firstDay)} ${firstDay.year}`;
  return `${first} – ${dayMonth(lastDay)} ${lastDay.year}`;
};

/** What the change against the week before means, in plain words. */
const MEANING: Record<string, string> = {
  'significant at 99%': 'Significant at 99%: very unlikely to be chance.',
  'significant at 95%': 'Significant at 95%: unlikely to be chance.',
  'significant at 90%': 'Significant at 90%: probably real, but it could still be chance.',
  'not significant': 'Not significant: the change could be chance.',
};

function changeLine(content: DigestContent): string {
  const { a, b } = content.comparison;
  const difference = content.comparison.difference;
  if (!a.nps) return '';
  if (!b.nps || !difference) return 'No answers the week before to compare with.';
  const points = Math.round(difference.difference);
  const direction = points === 0 ? 'No change' : `${points > 0 ? 'Up' : 'Down'} ${plural(Math.abs(points), 'point')}`;
  return `${direction} on the week before (${formatNps(b.nps.score)} from ${plural(b.nps.n, 'answer')}). ${MEANING[difference.words] ?? difference.words}`;
}

const scoreLine = (view: AnalyticsOverviewView) =>
  view.nps
    ? `NPS ${formatNps(view.nps.score)} ±${Math.round(view.nps.marginOfError[CONFIDENCE])} (${CONFIDENCE}% confidence), ${plural(view.nps.n, 'answer')}`
    : '';

const splitLine = (view: AnalyticsOverviewView) =>
  view.nps
    ? `${percent(view.nps.promoterPercent)} promoters, ${percent(view.nps.passivePercent)} passives, ${percent(view.nps.detractorPercent)} detractors.`
    : '';

function companyLine(company: AnalyticsOverviewView | null): string | null {
  if (!company) return null;
  if (company.suppressed) return `The whole company: not shown. ${company.suppressionReason ?? ''}`.trim();
  return company.nps ? `The whole company: ${scoreLine(company)}.` : 'The whole company: no NPS answers last week.';
}

const shorten = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= COMMENT_CHARACTERS) return flat;
  const cut = flat.slice(0, COMMENT_CHARACTERS);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), COMMENT_CHARACTERS - 40))}…`;
};

const byline = (comment: CommentView) => [comment.contact?.name, comment.survey.name].filter(Boolean).join(', ');

interface Section {
  title: string;
  /** The week's score, large in the HTML part. */
  headline?: { value: string; note: string };
  lines: string[];
  items?: { lead: string; text: string; note: string; url?: string }[];
  action?: { label: string; url: string };
}

function sections(content: DigestContent, base: string, query: string): Section[] {
  const { a } = content.comparison;
  const { recipient } = content;
  const scope = recipient.role === 'manager' ? `Answers given in ${recipient.unitName} and the units below it.` : 'Answers from the customers you own.';
  const company = companyLine(content.company);
  const score: Section = a.suppressed
    ? { title: 'Net Promoter Score', lines: [scope, `Not shown. ${a.suppressionReason ?? ''}`.trim(), ...(company ? [company] : [])] }
    : {
        title: 'Net Promoter Score',
        ...(a.nps
          ? {
              headline: {
                value: formatNps(a.nps.score),
                note: `±${Math.round(a.nps.marginOfError[CONFIDENCE])} (${CONFIDENCE}% confidence), ${plural(a.nps.n, 'answer')}`,
              },
            }
          : {}),
        lines: a.nps
          ? [scope, splitLine(a), changeLine(content), ...(company ? [company] : []), ...a.warnings]
          : [scope, 'No NPS answers last week.', ...(company ? [company] : [])],
        action: { label: 'Open the week in Anbefal', url: `${base}/insight?${query}` },
      };
  const commentItems = (list: CommentView[]) =>
    list.map((comment) => ({ lead: String(comment.score ?? ''), text: `“${shorten(comment.text)}”`, note: byline(comment) }));
  const said: Section = {
    title: 'What customers said',
    lines: [],
    items: [
      ...commentItems(content.promoters),
      ...(content.promoters.length === 0 ? [{ lead: '', text: 'No comments from promoters last week.', note: '' }] : []),
      ...commentItems(content.detractors),
      ...(content.detractors.length === 0 ? [{ lead: '', text: 'No comments from detractors last week.', note: '' }] : []),
    ],
    action: { label: 'Read all comments', url: `${base}/insight/comments?${query}` },
  };
  const { open, overdue, listed } = content.cases;
  const whose = recipient.role === 'manager' ? `Open cases in ${recipient.unitName} and below` : 'Your open cases';
  const cases: Section = {
    title: 'Open cases',
    lines: [open === 0 ? `${whose}: none.` : `${whose}: ${open}${overdue > 0 ? `, ${overdue} of them overdue` : ''}. The most urgent:`],
    items: listed.map((item) => ({
      lead: item.overdue ? 'Overdue' : 'Open',
      text: `${item.title}${item.contactName ? `: ${item.contactName}` : ''}`,
      note: `${item.status.replace(/_/g, ' ')}${item.ownerName && recipient.role === 'manager' ? `, ${item.ownerName}` : ''}`,
      url: `${base}/cases/${item.id}`,
    })),
    action: { label: 'Open cases', url: `${base}/cases` },
  };
  return [score, ...(a.suppressed ? [] : [said]), cases];
}

const COLOURS = { page: '#eef1f4', card: '#ffffff', text: '#18202a', muted: '#4f5966', button: '#0f766e', buttonText: '#ffffff', rule: '#d5dae0' };
const FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const p = (text: string, style = `color:${COLOURS.text};font-size:16px;line-height:24px`) =>
  `<p style="margin:0 0 12px;${style};${FONT}">${escapeHtml(text)}</p>`;

function sectionHtml(section: Section): string {
  const items = (section.items ?? [])
    .map((item) => {
      const text = item.url
        ? `<a href="${escapeHtml(item.url)}" style="color:${COLOURS.text};text-decoration:underline">${escapeHtml(item.text)}</a>`
        : escapeHtml(item.text);
      return `<tr><td valign="top" width="64" style="padding:8px 8px 8px 0;color:${COLOURS.muted};font-size:14px;line-height:22px;font-weight:700;${FONT}">${escapeHtml(item.lead)}</td><td valign="top" style="padding:8px 0;color:${COLOURS.text};font-size:16px;line-height:22px;${FONT}">${text}${item.note ? `<br><span style="color:${COLOURS.muted};font-size:14px">${escapeHtml(item.note)}</span>` : ''}</td></tr>`;
    })
    .join('');
  const action = section.action
    ? `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 0"><tr><td bgcolor="${COLOURS.button}" style="background-color:${COLOURS.button};border-radius:6px"><a href="${escapeHtml(section.action.url)}" style="display:block;padding:12px 20px;color:${COLOURS.buttonText};font-size:16px;font-weight:700;line-height:20px;text-decoration:none;${FONT}">${escapeHtml(section.action.label)}</a></td></tr></table>`
    : '';
  return `<tr><td style="padding:20px 16px;border-top:1px solid ${COLOURS.rule}">
<h2 style="margin:0 0 12px;color:${COLOURS.text};font-size:20px;line-height:26px;${FONT}">${escapeHtml(section.title)}</h2>
${section.headline ? `<p style="margin:0 0 12px;${FONT}"><span style="color:${COLOURS.text};font-size:44px;line-height:48px;font-weight:700">${escapeHtml(section.headline.value)}</span><br><span style="color:${COLOURS.muted};font-size:15px;line-height:22px">${escapeHtml(section.headline.note)}</span></p>` : ''}
${section.lines.map((line) => p(line)).join('\n')}${items ? `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">${items}</table>` : ''}${action}
</td></tr>`;
}

function sectionText(section: Section): string[] {
  return [
    section.title.toUpperCase(),
    ...(section.headline ? [`NPS ${section.headline.value} ${section.headline.note}.`] : []),
    ...section.lines,
    ...(section.items ?? []).map(
      (item) => `- ${item.lead ? `${item.lead}: ` : ''}${item.text}${item.note ? ` (${item.note})` : ''}${item.url ? ` ${item.url}` : ''}`,
    ),
    ...(section.action ? [`${section.action.label}: ${section.action.url}`] : []),
    '',
  ];
}

function subjectOf(content: DigestContent): string {
  const { a, difference } = content.comparison;
  const range = weekRange(content);
  if (a.suppressed || !a.nps) return `Your week in NPS, ${range}`;
  const change = difference ? ` (${Math.round(difference.difference) === 0 ? '±0' : formatNps(difference.difference)})` : '';
  return `Your week in NPS, ${range}: ${formatNps(a.nps.score)}${change}`;
}

export function renderDigest(content: DigestContent, links: DigestLinks): RenderedDigest {
  const base = links.publicUrl.replace(/\/+$/, '');
  const query = new URLSearchParams({ from: content.week.from.toISOString(), to: content.week.to.toISOString() }).toString();
  const subject = subjectOf(content);
  const { recipient } = content;
  const intro = [`Good morning ${recipient.name},`, `here is last week, ${weekRange(content)}, in ${recipient.workspaceName}.`];
  const parts = sections(content, base, query);
  const why = `You get this digest every Monday as a ${recipient.role === 'manager' ? 'manager' : 'frontline member'} in ${recipient.workspaceName}.`;
  const preferencesUrl = `${base}/preferences`;

  const text = [
    ...intro,
    '',
    ...parts.flatMap(sectionText),
    '--',
    why,
    `Stop it: ${links.unsubscribeUrl}`,
    `Or change it under Email preferences: ${preferencesUrl}`,
    '',
  ].join('\n');

  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark"><meta name="x-apple-disable-message-reformatting"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background-color:${COLOURS.page};-webkit-text-size-adjust:100%">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="${COLOURS.page}" style="background-color:${COLOURS.page}"><tr><td align="center" style="padding:16px 8px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="${COLOURS.card}" style="max-width:600px;background-color:${COLOURS.card};border-radius:8px">
<tr><td style="padding:20px 16px 8px">
<h1 style="margin:0 0 12px;color:${COLOURS.text};font-size:22px;line-height:28px;${FONT}">${escapeHtml(`Your week in NPS, ${weekRange(content)}`)}</h1>
${intro.map((line) => p(line)).join('\n')}
</td></tr>
${parts.map(sectionHtml).join('\n')}
</table>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px"><tr><td style="padding:16px;color:${COLOURS.muted};font-size:13px;line-height:20px;${FONT}">${escapeHtml(why)} <a href="${escapeHtml(links.unsubscribeUrl)}" style="color:${COLOURS.muted};text-decoration:underline">Stop the weekly digest</a> or change it under <a href="${escapeHtml(preferencesUrl)}" style="color:${COLOURS.muted};text-decoration:underline">Email preferences</a>.</td></tr></table>
</td></tr></table>
</body></html>`;

  return {
    subject,
    text,
    html,
    headers: { 'List-Unsubscribe': `<${links.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}
