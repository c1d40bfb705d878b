// What an alert looks like on each channel. Slack: an incoming-webhook message with a `text`
// fallback (notifications, screen readers) and Block Kit `blocks`. Microsoft Teams: a message
// whose attachment is an Adaptive Card (contentType application/vnd.microsoft.card.adaptive,
// version 1.4, the newest every Teams client renders). Generic webhooks: the facts as JSON.
// Email: a short plain message with one link to the case.
import { DateTime } from 'luxon';
import type { EmailContent } from '../../mail/templates.ts';
import { renderEmail } from '../../mail/templates.ts';
import type { AlertFacts } from './evaluate.ts';

const CATEGORY: Record<string, string> = { detractor: 'Detractor', passive: 'Passive', promoter: 'Promoter' };

/** The portal's page of the case, or its start page for alerts without a case. */
export const caseUrl = (publicUrl: string, caseId: string | null) => `${publicUrl.replace(/\/+$/, '')}/${caseId ? `cases/${caseId}` : ''}`;

/** A due time as the workspace reads it: "Mon 23 Nov 2026, 14:00 (Europe/Copenhagen)". */
const localTime = (iso: string, zone: string) => `${DateTime.fromISO(iso, { zone }).toFormat('ccc d LLL yyyy, HH:mm')} (${zone})`;

function headline(facts: AlertFacts): string {
  const who = facts.contactName ?? 'An anonymous respondent';
  const score = facts.score === null ? '' : ` (${facts.score}${facts.category ? `, ${CATEGORY[facts.category] ?? facts.category}` : ''})`;
  return `${facts.ruleName}: ${who}${score} – ${facts.surveyName}`;
}

function factLines(facts: AlertFacts): Array<{ title: string; value: string }> {
  return [
    ...(facts.score !== null ? [{ title: 'Score', value: `${facts.score}${facts.category ? ` (${CATEGORY[facts.category] ?? facts.category})` : ''}` }] : []),
    { title: 'Customer', value: facts.contactName ?? 'Anonymous' },
    { title: 'Survey', value: facts.surveyName },
    ...(facts.ownerName ? [{ title: 'Owner', value: facts.ownerName }] : []),
    ...(facts.dueAt ? [{ title: 'Due', value: localTime(facts.dueAt, facts.timeZone) }] : []),
  ];
}

/** Slack mrkdwn treats &, < and > as control characters. */
const slackEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function slackMessage(facts: AlertFacts, url: string) {
  const title = headline(facts);
  return {
    text: title,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: title.slice(0, 150), emoji: false } },
      { type: 'section', fields: factLines(facts).map((fact) => ({ type: 'mrkdwn', text: `*${fact.title}*\n${slackEscape(fact.value)}` })) },
      ...(facts.comment ? [{ type: 'section', text: { type: 'mrkdwn', text: `>${slackEscape(facts.comment.slice(0, 2800)).replace(/\n/g, '\n>')}` } }] : []),
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: facts.caseId ? 'Open the case' : 'Open Anbefal' }, url }] },
    ],
  };
}

export function teamsMessage(facts: AlertFacts, url: string) {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: headline(facts), weight: 'Bolder', size: 'Medium', wrap: true },
            { type: 'FactSet', facts: factLines(facts) },
            ...(facts.comment ? [{ type: 'TextBlock', text: facts.comment, wrap: true, isSubtle: true }] : []),
          ],
          actions: [{ type: 'Action.OpenUrl', title: facts.caseId ? 'Open the case' : 'Open Anbefal', url }],
        },
      },
    ],
  };
}

export const webhookMessage = (facts: AlertFacts, url: string) => ({ type: 'alert', url, ...facts });

export function alertEmail(facts: AlertFacts, url: string): EmailContent {
  return renderEmail({
    subject: headline(facts),
    paragraphs: [
      facts.caseId
        ? `${facts.contactName ?? 'A customer'} answered ${facts.surveyName}, and a case is waiting for you${facts.dueAt ? ` (first contact due ${localTime(facts.dueAt, facts.timeZone)})` : ''}.`
        : `${facts.contactName ?? 'A customer'} answered ${facts.surveyName}.`,
      ...factLines(facts).map((fact) => `${fact.title}: ${fact.value}`),
      ...(facts.comment ? [`“${facts.comment}”`] : []),
    ],
    action: { label: facts.caseId ? 'Open the case' : 'Open Anbefal', url },
    footer: `You get this because of the alert rule "${facts.ruleName}".`,
  });
}
