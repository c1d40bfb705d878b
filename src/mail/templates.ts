// Plain, accessible transactional emails: one message, one link, a text part for every client.
import { escapeHtml } from '../text/escape.ts';

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export function renderEmail(input: { subject: string; paragraphs: string[]; action: { label: string; url: string }; footer?: string }): EmailContent {
  const text = [...input.paragraphs, '', `${input.action.label}: ${input.action.url}`, ...(input.footer ? ['', input.footer] : [])].join('\n');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="color-scheme" content="light dark"><title>${escapeHtml(input.subject)}</title></head>
<body style="margin:0;padding:24px;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a">
${input.paragraphs.map((p) => `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`).join('\n')}
<p style="margin:24px 0"><a href="${escapeHtml(input.action.url)}" style="display:inline-block;padding:12px 20px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:600">${escapeHtml(input.action.label)}</a></p>
<p style="margin:0 0 16px;font-size:14px;color:#555">${escapeHtml(input.action.url)}</p>
${input.footer ? `<p style="margin:24px 0 0;font-size:13px;color:#555">${escapeHtml(input.footer)}</p>` : ''}
</body></html>`;
  return { subject: input.subject, text, html };
}
