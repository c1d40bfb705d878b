// The pages behind the weekly digest email's unsubscribe link (/digest/unsubscribe/{token}): a
// confirmation with a plain form (a GET never opts out: mail scanners fetch every link), the
// confirmation that it is done, and a page for an unknown link. Employees read these, in English
// like the portal; the frame is the respondent pages' (workspace logo or name, no script).
import { html } from './html.ts';
import { type Frame, page } from './render.ts';

export type DigestUnsubscribeState = { kind: 'confirm'; action: string } | { kind: 'done'; preferencesUrl: string } | { kind: 'unknown' };

export function renderDigestUnsubscribe(frame: Frame, state: DigestUnsubscribeState): string {
  const workspace = frame.company;
  if (state.kind === 'unknown') {
    const title = 'We cannot find this link';
    return page(
      frame,
      title,
      html`<h1>${title}</h1><p>Check that the whole link was copied from the email. You can also stop the weekly digest in Anbefal under Email preferences.</p>`,
    );
  }
  if (state.kind === 'done') {
    const title = 'The weekly digest is stopped';
    return page(
      frame,
      title,
      html`<h1>${title}</h1><p>You will no longer get the weekly NPS digest of ${workspace}.</p><p>To get it again, turn it on in Anbefal under <a href="${state.preferencesUrl}">Email preferences</a>.</p>`,
    );
  }
  const title = 'Stop the weekly digest?';
  return page(
    frame,
    title,
    html`<h1>${title}</h1><p>Every Monday you get the weekly NPS digest of ${workspace}: last week’s score, comments and open cases. Stop it here; you can turn it on again in Anbefal under Email preferences.</p><form method="post" action="${state.action}"><div class="actions"><button class="btn" type="submit">Stop the weekly digest</button></div></form>`,
  );
}
