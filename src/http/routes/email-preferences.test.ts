// GET/PUT /me/email-preferences through app.inject: each person reads and changes only their own
// weekly digest preference, audited once per real change; bad input names the field; analysts
// learn that their role does not get the digest; API keys (not people) are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, seedApiKey, seedUser, seedWorkspace, signIn, startTestApp, type TestApp, withApiKey } from '../../../test/support/app.ts';

let t: TestApp;
let workspaceId: string;
let frontline: { memberId: string; email: string };
let manager: { memberId: string; email: string };
const URL = '/api/v1/me/email-preferences';

beforeAll(async () => {
  t = await startTestApp();
  const seeded = await seedWorkspace(t.database, 'Hygge Prefs', 'owner@prefs.test');
  workspaceId = seeded.workspaceId;
  frontline = { email: 'freja@prefs.test', memberId: (await seedUser(t.database, workspaceId, 'freja@prefs.test', 'frontline')).memberId };
  manager = { email: 'bo@prefs.test', memberId: (await seedUser(t.database, workspaceId, 'bo@prefs.test', 'manager')).memberId };
  await seedUser(t.database, workspaceId, 'ann@prefs.test', 'analyst');
});
afterAll(() => t?.close());

const optedOutAt = async (memberId: string) =>
  (await t.database.db.selectFrom('members').select('weekly_digest_opted_out_at').where('id', '=', memberId).executeTakeFirstOrThrow())
    .weekly_digest_opted_out_at;
const auditOf = (memberId: string) =>
  t.database.db
    .selectFrom('audit_log')
    .select(['action', 'actor_type', 'before', 'after', 'target_type'])
    .where('action', '=', 'member.email_preferences_updated')
    .where('target_id', '=', memberId)
    .orderBy('id')
    .execute();

describe('GET /me/email-preferences', () => {
  it('gives a frontline member the digest by default', async () => {
    const freja = await signIn(t.app, frontline.email);
    const response = await freja.get(URL);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ weeklyDigest: true, weeklyDigestOptedOutAt: null, receivesWeeklyDigest: true });
  });

  it('tells an analyst that their role does not get the digest', async () => {
    const ann = await signIn(t.app, 'ann@prefs.test');
    expect((await ann.get(URL)).json()).toEqual({ weeklyDigest: true, weeklyDigestOptedOutAt: null, receivesWeeklyDigest: false });
  });

  it('refuses API keys (preferences belong to a person) and anonymous callers', async () => {
    const key = withApiKey(t.app, await seedApiKey(t.database, workspaceId, 'write'));
    const read = await key.get(URL);
    expect(read.statusCode).toBe(403);
    expect(read.json().detail).toBe('Email preferences belong to a person: sign in as that person instead of using an API key.');
    expect((await key.put(URL, { weeklyDigest: false })).statusCode).toBe(403);
    expect((await anonymous(t.app).get(URL)).statusCode).toBe(401);
  });
});

describe('PUT /me/email-preferences', () => {
  it('stops and restarts the digest for the caller only, audited once per change', async () => {
    const bo = await signIn(t.app, manager.email);
    const stopped = await bo.put(URL, { weeklyDigest: false });
    expect(stopped.statusCode).toBe(200);
    const body = stopped.json();
    expect(body).toMatchObject({ weeklyDigest: false, receivesWeeklyDigest: false });
    expect(new Date(body.weeklyDigestOptedOutAt).getTime()).toBe((await optedOutAt(manager.memberId))?.getTime());
    expect(await optedOutAt(frontline.memberId)).toBeNull();

    // Saying the same again changes nothing and writes no second entry.
    expect((await bo.put(URL, { weeklyDigest: false })).json().weeklyDigestOptedOutAt).toBe(body.weeklyDigestOptedOutAt);
    const restarted = await bo.put(URL, { weeklyDigest: true });
    expect(restarted.json()).toEqual({ weeklyDigest: true, weeklyDigestOptedOutAt: null, receivesWeeklyDigest: true });
    expect(await optedOutAt(manager.memberId)).toBeNull();
    expect(await auditOf(manager.memberId)).toEqual([
      {
        action: 'member.email_preferences_updated',
        actor_type: 'user',
        target_type: 'member',
        before: { weeklyDigest: true },
        after: { weeklyDigest: false, via: 'settings' },
      },
      {
        action: 'member.email_preferences_updated',
        actor_type: 'user',
        target_type: 'member',
        before: { weeklyDigest: false },
        after: { weeklyDigest: true, via: 'settings' },
      },
    ]);
  });

  it('names the field of bad input and changes nothing', async () => {
    const freja = await signIn(t.app, frontline.email);
    const wrongType = await freja.put(URL, { weeklyDigest: 'no' });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().errors).toEqual([{ field: 'body.weeklyDigest', message: 'must be true (receive the weekly digest) or false (stop it)' }]);
    const unknown = await freja.put(URL, { weeklyDigest: false, monthlyDigest: true });
    expect(unknown.statusCode).toBe(400);
    expect(JSON.stringify(unknown.json().errors)).toContain('monthlyDigest');
    expect(await optedOutAt(frontline.memberId)).toBeNull();
  });

  it('needs the session’s CSRF token', async () => {
    const freja = await signIn(t.app, frontline.email);
    const response = await t.app.inject({
      method: 'PUT',
      url: URL,
      headers: { cookie: freja.cookie, 'content-type': 'application/json' },
      payload: '{"weeklyDigest":false}',
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('csrf_failed');
    expect(await optedOutAt(frontline.memberId)).toBeNull();
  });
});
