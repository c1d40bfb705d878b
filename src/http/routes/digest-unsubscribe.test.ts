// The weekly digest email's unsubscribe link through app.inject: GET asks to confirm and changes
// nothing (mail scanners fetch links), the form's POST and the RFC 8058 one-click POST (urlencoded
// or multipart) opt the member out once, audited without personal data; unknown tokens get 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedUser, seedWorkspace, startTestApp, type TestApp } from '../../../test/support/app.ts';
import { randomToken, sha256 } from '../../domain/auth/secrets.ts';

let t: TestApp;
let workspaceId: string;
let n = 0;

beforeAll(async () => {
  t = await startTestApp();
  workspaceId = (await seedWorkspace(t.database, 'Hygge Digest', 'owner@digest.test')).workspaceId;
});
afterAll(() => t?.close());

/** A frontline member and the unsubscribe token of a digest they were sent (as the digest run stores it). */
async function digestLink() {
  n += 1;
  const { memberId } = await seedUser(t.database, workspaceId, `member${n}@digest.test`, 'frontline');
  const token = randomToken();
  await t.database.db
    .insertInto('insight_digests')
    .values({ workspace_id: workspaceId, member_id: memberId, week: '2026-02-23', emailed: true, unsubscribe_token_hash: sha256(token) })
    .execute();
  return { memberId, path: `/digest/unsubscribe/${token}` };
}

const optedOutAt = async (memberId: string) =>
  (await t.database.db.selectFrom('members').select('weekly_digest_opted_out_at').where('id', '=', memberId).executeTakeFirstOrThrow())
    .weekly_digest_opted_out_at;
const auditOf = (memberId: string) =>
  t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'member.email_preferences_updated').where('target_id', '=', memberId).execute();
const form = (url: string, payload: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload });

describe('GET /digest/unsubscribe/{token}', () => {
  it('asks to confirm with a plain form and changes nothing', async () => {
    const link = await digestLink();
    const page = await t.app.inject({ method: 'GET', url: link.path });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('<html lang="en">');
    expect(page.body).toContain('<h1>Stop the weekly digest?</h1>');
    expect(page.body).toContain('the weekly NPS digest of Hygge Digest');
    expect(page.body).toContain(`<form method="post" action="${link.path}">`);
    expect(page.body).not.toContain('<script');
    expect(await optedOutAt(link.memberId)).toBeNull();
    expect(await auditOf(link.memberId)).toEqual([]);
  });

  it('answers an unknown or malformed token with a friendly 404 page', async () => {
    for (const url of ['/digest/unsubscribe/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '/digest/unsubscribe/x', '/digest/unsubscribe/%3Cscript%3E']) {
      const page = await t.app.inject({ method: 'GET', url });
      expect(page.statusCode, url).toBe(404);
      expect(page.body).toContain('<h1>We cannot find this link</h1>');
      expect(page.body).not.toContain('<script>');
    }
    expect((await form('/digest/unsubscribe/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'List-Unsubscribe=One-Click')).statusCode).toBe(404);
  });
});

describe('POST /digest/unsubscribe/{token}', () => {
  it('opts the member out once from the form, says so, and a repeat changes nothing', async () => {
    const link = await digestLink();
    const done = await form(link.path, '');
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('<h1>The weekly digest is stopped</h1>');
    expect(done.body).toContain('href="http://anbefal.test/preferences"');
    const first = await optedOutAt(link.memberId);
    expect(first).toBeInstanceOf(Date);
    const [entry, ...more] = await auditOf(link.memberId);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      workspace_id: workspaceId,
      actor_type: 'system',
      actor_id: null,
      actor_label: 'digest unsubscribe link',
      target_type: 'member',
      before: { weeklyDigest: true },
      after: { weeklyDigest: false, via: 'unsubscribe_page' },
      ip: null,
    });

    const again = await form(link.path, '');
    expect(again.statusCode).toBe(200);
    expect(await optedOutAt(link.memberId)).toEqual(first);
    expect(await auditOf(link.memberId)).toHaveLength(1);
    // The link's page now says it is done instead of asking again.
    const page = await t.app.inject({ method: 'GET', url: link.path });
    expect(page.body).toContain('<h1>The weekly digest is stopped</h1>');
    expect(page.body).not.toContain('<form');
  });

  it('accepts the RFC 8058 one-click POST, urlencoded or multipart', async () => {
    const urlencoded = await digestLink();
    expect((await form(urlencoded.path, 'List-Unsubscribe=One-Click')).statusCode).toBe(200);
    expect(await optedOutAt(urlencoded.memberId)).toBeInstanceOf(Date);
    expect((await auditOf(urlencoded.memberId))[0]?.after).toEqual({ weeklyDigest: false, via: 'one_click' });

    const multipart = await digestLink();
    const boundary = 'anbefal-test-boundary';
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`;
    const response = await form(multipart.path, payload, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    expect(response.statusCode).toBe(200);
    expect(await optedOutAt(multipart.memberId)).toBeInstanceOf(Date);
  });
});
