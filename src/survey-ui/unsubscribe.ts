// The unsubscribe pages behind an invitation's /u/{token} link: a confirmation with a plain form
// (no script needed; a GET must never unsubscribe, since mail scanners fetch every link), and
// the confirmation that it is done.
import { html } from './html.ts';
import { type Frame, page } from './render.ts';
import { fill, UI_STRINGS } from './strings.ts';

export function renderUnsubscribe(frame: Frame, input: { action: string; done: boolean }): string {
  const ui = UI_STRINGS[frame.language];
  const company = { company: frame.company };
  if (input.done) return page(frame, ui.unsubscribedTitle, html`<h1>${ui.unsubscribedTitle}</h1><p>${fill(ui.unsubscribedText, company)}</p>`);
  return page(
    frame,
    ui.unsubscribeTitle,
    html`<h1>${ui.unsubscribeTitle}</h1><p>${fill(ui.unsubscribeText, company)}</p><form method="post" action="${input.action}"><input type="hidden" name="_lang" value="${frame.language}"><div class="actions"><button class="btn" type="submit">${ui.unsubscribeButton}</button></div></form>`,
  );
}
