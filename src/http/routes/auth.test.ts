// Sign-in and everything around it, through HTTP: first-run setup, login/logout/me, the session
// cookie, CSRF, login backoff, password reset, invitations, the workspace switcher, API keys and
// the audit entries these leave.
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedUser, seedWorkspace, startTestApp, TEST_PASSWORD, type TestApp, withApiKey } from '../../../test/support/app.ts';
import { issueSetupToken, sha256 } from '../../domain/auth/index.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());
const db = () => t.database.db;

// Public endpoints are rate limited per IP (login 60, password reset 5 a minute): each test
// signs in from its own documentation-range address so the tests do not share a budget.
let lastIp = 0;
const freshIp = () => `198.51.100.${++lastIp}`;

interface Session {
  cookie: string;
  csrfToken: string;
  ip: string;
  send(method: InjectOptions['method'], url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

function inject(method: InjectOptions['method'], url: string, options: { body?: unknown; headers?: Record<string, string>; ip?: string } = {}) {
  return t.app.inject({
    method,
    url,
    remoteAddress: options.ip ?? '192.0.2.1',
    headers: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
    payload: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}

const sessionCookie = (response: LightMyRequestResponse) => response.cookies.find((c) => c.name === 'anbefal_session');

/** A session from an answer that set the cookie (login, setup, invitation acceptance). */
function sessionFrom(response: LightMyRequestResponse, ip: string): Session {
  const cookie = sessionCookie(response);
  if (!cookie) throw new Error(`no session cookie: ${response.statusCode} ${response.body}`);
  const header = `anbefal_session=${cookie.value}`;
  const csrfToken = response.json().csrfToken as string;
  return {
    cookie: header,
    csrfToken,
    ip,
    send: (method, url, body, headers = {}) => inject(method, url, { body, ip, headers: { cookie: header, 'x-csrf-token': csrfToken, ...headers } }),
  };
}

const login = (email: string, password: string, ip = freshIp(), headers: Record<string, string> = {}) =>
  inject('POST', '/api/v1/auth/login', { body: { email, password }, ip, headers });

async function signIn(email: string, password = TEST_PASSWORD): Promise<Session> {
  const ip = freshIp();
  const response = await login(email, password, ip);
  expect(response.statusCode, response.body).toBe(200);
  return sessionFrom(response, ip);
}

const tokenIn = (text: string, page: string) => {
  const match = new RegExp(`/${page}\\?token=([A-Za-z0-9_-]+)`).exec(text);
  if (!match?.[1]) throw new Error(`no ${page} link in: ${text}`);
  return match[1];
};

const outboxTo = (to: string) => t.database.db.selectFrom('outbox').selectAll().where('to_address', '=', to).orderBy('created_at', 'desc').execute();

// Runs first: setup is only possible while the instance has no owner.
describe('first-run setup', () => {
  it('creates the first owner with the setup token once; a wrong token is 410, a second setup 409', async () => {
    expect((await inject('GET', '/api/v1/setup')).json()).toEqual({ needed: true });
    const token = await issueSetupToken(t.database.db);
    expect(token).toEqual(expect.any(String));
    const body = { token: token as string, workspaceName: 'Setup Co', name: 'First Owner', email: 'First@Setup.test', password: TEST_PASSWORD };

    const wrong = await inject('POST', '/api/v1/setup', { body: { ...body, token: 'not-the-token' } });
    expect(wrong.statusCode).toBe(410);
    expect(wrong.json().code).toBe('token_invalid');

    const created = await inject('POST', '/api/v1/setup', { body });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().workspace).toMatchObject({ name: 'Setup Co', role: 'owner' });
    expect(created.json().user.email).toBe('first@setup.test');
    expect(sessionCookie(created)?.httpOnly).toBe(true);
    const me = await sessionFrom(created, '192.0.2.1').send('GET', '/api/v1/auth/me');
    expect(me.json().workspace.role).toBe('owner');

    const again = await inject('POST', '/api/v1/setup', { body });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('setup_completed');
    const anotherToken = await inject('POST', '/api/v1/setup', { body: { ...body, email: 'second@setup.test' } });
    expect(anotherToken.statusCode).toBe(409);
    expect(await issueSetupToken(t.database.db)).toBeNull();
    expect((await inject('GET', '/api/v1/setup')).json()).toEqual({ needed: false });
    expect((await signIn('first@setup.test')).csrfToken).toEqual(expect.any(String));
  });
});

describe('anonymous callers', () => {
  const PUBLIC = new Set([
    'GET /api/v1/setup',
    'POST /api/v1/setup',
    'POST /api/v1/auth/login',
    'POST /api/v1/auth/password-reset',
    'POST /api/v1/auth/password-reset/confirm',
    'POST /api/v1/auth/invitations/accept',
  ]);

  it('get 401 from every documented /api/v1 operation except setup, login, password reset and invitation acceptance', async () => {
    const doc = (await inject('GET', '/api/v1/openapi.json')).json() as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    const operations = Object.entries(doc.paths)
      .filter(([route]) => route.startsWith('/api/v1/'))
      .flatMap(([route, item]) => Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), route, op })));
    expect(operations.length).toBeGreaterThan(20);

    for (const { method, route, op } of operations) {
      const key = `${method} ${route}`;
      // The document agrees with the policy: public operations (and only they) need no credentials.
      expect(op.security?.length === 0, key).toBe(PUBLIC.has(key));
      if (PUBLIC.has(key)) continue;
      // Garbage ids and bodies: authentication is decided before the input is validated.
      const url = route.replace(/\{\w+\}/g, 'not-a-uuid');
      const response = await inject(method as InjectOptions['method'], url, method === 'GET' || method === 'DELETE' ? {} : { body: { nonsense: true } });
      expect(response.statusCode, `${key}: ${response.body}`).toBe(401);
      expect(response.json().code).toBe('unauthenticated');
    }
  });

  it('reach the health checks and the public endpoints', async () => {
    expect((await inject('GET', '/healthz')).statusCode).toBe(200);
    expect((await inject('GET', '/readyz')).statusCode).toBe(200);
    expect((await inject('GET', '/api/v1/setup')).statusCode).toBe(200);
    const ip = freshIp();
    expect((await inject('POST', '/api/v1/auth/login', { body: { email: 'nobody@x.test', password: 'wrong password' }, ip })).statusCode).toBe(401);
    expect((await inject('POST', '/api/v1/auth/password-reset', { body: { email: 'nobody@x.test' }, ip })).statusCode).toBe(202);
    expect((await inject('POST', '/api/v1/auth/password-reset/confirm', { body: { token: 'x', password: TEST_PASSWORD }, ip })).statusCode).toBe(410);
    expect((await inject('POST', '/api/v1/auth/invitations/accept', { body: { token: 'x', password: TEST_PASSWORD }, ip })).statusCode).toBe(410);
  });

  it('get 401 with an unknown or malformed API key', async () => {
    for (const authorization of ['Bearer anb_unknown', 'Bearer', 'Basic dXNlcjpwYXNz']) {
      expect((await inject('GET', '/api/v1/units', { headers: { authorization } })).statusCode).toBe(401);
    }
  });
});

describe('login, me and logout', () => {
  beforeAll(async () => {
    await seedWorkspace(t.database, 'Login Co', 'lena@login.test');
  });

  it('signs in (email case-insensitively), shows the person and their workspace, and signs out', async () => {
    const ip = freshIp();
    const response = await login('  LENA@login.test ', TEST_PASSWORD, ip);
    expect(response.statusCode, response.body).toBe(200);
    const session = sessionFrom(response, ip);
    const me = await session.send('GET', '/api/v1/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { email: 'lena@login.test' }, workspace: { name: 'Login Co', role: 'owner' }, csrfToken: session.csrfToken });
    expect(me.json().workspaces).toHaveLength(1);

    const withoutCsrf = await session.send('POST', '/api/v1/auth/logout', {}, { 'x-csrf-token': '' });
    expect(withoutCsrf.statusCode).toBe(403);
    expect(withoutCsrf.json().code).toBe('csrf_failed');

    const out = await session.send('POST', '/api/v1/auth/logout', {});
    expect(out.statusCode).toBe(204);
    const cleared = sessionCookie(out);
    expect(cleared?.value).toBe('');
    expect(cleared?.expires?.getTime()).toBeLessThanOrEqual(Date.now());
    expect((await session.send('GET', '/api/v1/auth/me')).statusCode).toBe(401);
    expect((await session.send('GET', '/api/v1/units')).statusCode).toBe(401);
  });

  it('answers a wrong password and an unknown account alike: 401 invalid_credentials as problem+json', async () => {
    const wrong = await login('lena@login.test', 'not the password');
    const unknown = await login('nobody@login.test', 'not the password');
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json().code).toBe('invalid_credentials');
      expect(sessionCookie(response)).toBeUndefined();
    }
    expect(wrong.json().detail).toBe(unknown.json().detail);
  });

  it('refuses /auth/me to API keys (it is about a person)', async () => {
    const key = (await (await signIn('lena@login.test')).send('POST', '/api/v1/api-keys', { name: 'me?', scope: 'read' })).json().key;
    expect((await withApiKey(t.app, key).get('/api/v1/auth/me')).statusCode).toBe(401);
  });
});

describe('the session cookie', () => {
  beforeAll(async () => {
    await seedWorkspace(t.database, 'Cookie Co', 'cora@cookie.test');
  });

  it('is HttpOnly, SameSite=Lax, Path=/ with an expiry, and not Secure over plain http', async () => {
    const response = await login('cora@cookie.test', TEST_PASSWORD);
    const raw = String(response.headers['set-cookie']);
    expect(raw).toMatch(/^anbefal_session=[A-Za-z0-9_-]{40,};/);
    expect(raw).toMatch(/; HttpOnly/);
    expect(raw).toMatch(/; SameSite=Lax/);
    expect(raw).toMatch(/; Path=\//);
    expect(raw).toMatch(/; Expires=/);
    expect(raw).not.toMatch(/Secure/);
  });

  // `secure: 'auto'` follows request.protocol. Without TRUST_PROXY (the default) Fastify ignores
  // X-Forwarded-Proto, so behind a TLS-terminating proxy the cookie is NOT marked Secure unless the
  // operator sets TRUST_PROXY=true (see the next test).
  it('ignores X-Forwarded-Proto: https by default (TRUST_PROXY=false): no Secure flag', async () => {
    const response = await login('cora@cookie.test', TEST_PASSWORD, freshIp(), { 'x-forwarded-proto': 'https' });
    expect(response.statusCode).toBe(200);
    expect(String(response.headers['set-cookie'])).not.toMatch(/Secure/);
  });

  it('is Secure when TRUST_PROXY=true and the proxy says the request was https', async () => {
    const proxied = await startTestApp({ TRUST_PROXY: 'true' });
    try {
      await seedWorkspace(proxied.database, 'Proxy Co', 'pia@proxy.test');
      const send = (headers: Record<string, string>) =>
        proxied.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers, payload: { email: 'pia@proxy.test', password: TEST_PASSWORD } });
      expect(String((await send({ 'x-forwarded-proto': 'https' })).headers['set-cookie'])).toMatch(/; Secure/);
      expect(String((await send({ 'x-forwarded-proto': 'http' })).headers['set-cookie'])).not.toMatch(/Secure/);
    } finally {
      await proxied.close();
    }
  });

  it('is always Secure when PUBLIC_URL is https, whatever the proxy says', async () => {
    const https = await startTestApp({ PUBLIC_URL: 'https://nps.example.com' });
    try {
      await seedWorkspace(https.database, 'Tls Co', 'tina@tls.test');
      const response = await https.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'tina@tls.test', password: TEST_PASSWORD } });
      expect(String(response.headers['set-cookie'])).toMatch(/; Secure/);
    } finally {
      await https.close();
    }
  });
});

describe('CSRF protection', () => {
  let parentId: string;
  let key: string;
  beforeAll(async () => {
    const seeded = await seedWorkspace(t.database, 'Csrf Co', 'carl@csrf.test');
    parentId = seeded.rootUnitId;
    const owner = await signIn('carl@csrf.test');
    key = (await owner.send('POST', '/api/v1/api-keys', { name: 'csrf key', scope: 'write' })).json().key;
  });

  it('rejects cookie-authenticated writes without the session token, and accepts them with it', async () => {
    const owner = await signIn('carl@csrf.test');
    const other = await signIn('carl@csrf.test');
    for (const csrf of [undefined, '', 'wrong', other.csrfToken]) {
      const headers: Record<string, string> = { cookie: owner.cookie, ...(csrf === undefined ? {} : { 'x-csrf-token': csrf }) };
      const response = await inject('POST', '/api/v1/units', { body: { name: 'Forged', parentId }, headers, ip: owner.ip });
      expect(response.statusCode, `token ${csrf}`).toBe(403);
      expect(response.json().code).toBe('csrf_failed');
    }
    for (const method of ['PATCH', 'DELETE'] as const) {
      expect(
        (await inject(method, `/api/v1/units/${parentId}`, { headers: { cookie: owner.cookie }, body: method === 'PATCH' ? { name: 'x' } : undefined }))
          .statusCode,
      ).toBe(403);
    }
    expect((await db().selectFrom('units').select('id').where('name', '=', 'Forged').execute()).length).toBe(0);
    expect((await owner.send('POST', '/api/v1/units', { name: 'Genuine', parentId })).statusCode).toBe(201);
  });

  it('needs no token to sign in again while a session cookie is still live (public routes ignore the cookie)', async () => {
    const owner = await signIn('carl@csrf.test');
    const again = await inject('POST', '/api/v1/auth/login', {
      body: { email: 'carl@csrf.test', password: TEST_PASSWORD },
      headers: { cookie: owner.cookie },
      ip: owner.ip,
    });
    expect(again.statusCode).toBe(200);
  });

  it('needs no token for reads, nor for bearer requests', async () => {
    const owner = await signIn('carl@csrf.test');
    expect((await inject('GET', '/api/v1/units', { headers: { cookie: owner.cookie } })).statusCode).toBe(200);
    expect((await withApiKey(t.app, key).post('/api/v1/units', { name: 'By key', parentId })).statusCode).toBe(201);
  });
});

describe('login backoff', () => {
  beforeAll(async () => {
    const seeded = await seedWorkspace(t.database, 'Throttle Co', 'tom@throttle.test');
    await seedUser(t.database, seeded.workspaceId, 'tina@throttle.test', 'analyst');
  });

  it('Twenty wrong passwords for one account are answered 429 afterwards while another account still signs in', async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 20; attempt++) statuses.push((await login('tom@throttle.test', `wrong password ${attempt}`, ip)).statusCode);
    // The account+IP lane locks after five failures; while locked, attempts are refused unchecked.
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]));

    const right = await login('tom@throttle.test', TEST_PASSWORD, ip);
    expect(right.statusCode).toBe(429);
    expect(right.json().code).toBe('rate_limited');
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    expect(sessionCookie(right)).toBeUndefined();

    const other = await login('tina@throttle.test', TEST_PASSWORD, ip);
    expect(other.statusCode, other.body).toBe(200);
  });
});

describe('password reset', () => {
  beforeAll(async () => {
    await seedWorkspace(t.database, 'Reset Co', 'rita@reset.test');
  });

  const requestReset = (email: string) => inject('POST', '/api/v1/auth/password-reset', { body: { email }, ip: freshIp() });

  it('answers 202 whether or not the account exists, and emails only existing accounts', async () => {
    const unknown = await requestReset('ghost@reset.test');
    expect(unknown.statusCode).toBe(202);
    expect(unknown.json()).toEqual({ status: 'accepted' });
    expect(await outboxTo('ghost@reset.test')).toHaveLength(0);
    expect((await requestReset('RITA@reset.test')).statusCode).toBe(202);
    const [email] = await outboxTo('rita@reset.test');
    expect(email).toMatchObject({ kind: 'password_reset', workspace_id: null });
    // Workspace admins never see a reset link: it belongs to no workspace's outbox.
    const owner = await signIn('rita@reset.test');
    const outbox = await owner.send('GET', '/api/v1/outbox?limit=500');
    expect(outbox.json().items.map((e: { id: string }) => e.id)).not.toContain(email?.id);
  });

  it('sets a new password with the link once, and signs out every existing session', async () => {
    const before = await signIn('rita@reset.test');
    await requestReset('rita@reset.test');
    const [email] = await outboxTo('rita@reset.test');
    const token = tokenIn(email?.text_body ?? '', 'reset-password');
    expect(JSON.stringify(await t.database.db.selectFrom('password_resets').selectAll().execute())).not.toContain(token);

    const confirm = (password: string) => inject('POST', '/api/v1/auth/password-reset/confirm', { body: { token, password }, ip: freshIp() });
    const short = await confirm('short');
    expect(short.statusCode).toBe(400);
    expect(short.json().errors).toEqual([expect.objectContaining({ field: 'body.password' })]);

    expect((await confirm('a brand new password')).statusCode).toBe(204);
    expect((await before.send('GET', '/api/v1/auth/me')).statusCode).toBe(401);
    expect((await login('rita@reset.test', TEST_PASSWORD)).statusCode).toBe(401);
    expect((await login('rita@reset.test', 'a brand new password')).statusCode).toBe(200);

    const reused = await confirm('yet another password');
    expect(reused.statusCode).toBe(410);
    expect(reused.json().code).toBe('token_invalid');
    expect((await login('rita@reset.test', 'a brand new password')).statusCode).toBe(200);

    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.password_reset').execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses an expired link', async () => {
    await seedWorkspace(t.database, 'Expiry Co', 'emil@expiry.test');
    await requestReset('emil@expiry.test');
    const [email] = await outboxTo('emil@expiry.test');
    const token = tokenIn(email?.text_body ?? '', 'reset-password');
    await t.database.db
      .updateTable('password_resets')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('token_hash', '=', sha256(token))
      .execute();
    const response = await inject('POST', '/api/v1/auth/password-reset/confirm', { body: { token, password: 'a brand new password' }, ip: freshIp() });
    expect(response.statusCode).toBe(410);
    expect((await login('emil@expiry.test', TEST_PASSWORD)).statusCode).toBe(200);
  });
});

describe('invitations and the workspace switcher', () => {
  let a: Awaited<ReturnType<typeof seedWorkspace>>;
  let b: Awaited<ReturnType<typeof seedWorkspace>>;
  let owner: Session;
  beforeAll(async () => {
    a = await seedWorkspace(t.database, 'Invite Co', 'ines@invite.test');
    b = await seedWorkspace(t.database, 'Other Co', 'otto@other.test');
    owner = await signIn('ines@invite.test');
  });

  const invite = (email: string, role: string, by: Session = owner) =>
    by.send('POST', '/api/v1/users/invitations', { email, name: email.split('@')[0], role, unitId: a.rootUnitId });
  const accept = (token: string, password: string, name?: string) =>
    inject('POST', '/api/v1/auth/invitations/accept', { body: { token, password, ...(name ? { name } : {}) }, ip: freshIp() });

  it('emails a one-time link through the workspace outbox; accepting creates the account and signs in with the role', async () => {
    const invited = await invite('nina@new.test', 'analyst');
    expect(invited.statusCode, invited.body).toBe(201);
    const [email] = await outboxTo('nina@new.test');
    expect(email).toMatchObject({ kind: 'user_invitation', workspace_id: a.workspaceId });
    const token = tokenIn(email?.text_body ?? '', 'invitation');
    expect(email?.text_body).toContain('http://anbefal.test/invitation?token=');
    expect(JSON.stringify(await t.database.db.selectFrom('invitations').selectAll().execute())).not.toContain(token);
    const pending = (await owner.send('GET', '/api/v1/users')).json().items.find((u: { email: string }) => u.email === 'nina@new.test');
    expect(pending).toMatchObject({ role: 'analyst', status: 'invited', userId: null });

    const accepted = await accept(token, 'ninas new password', 'Nina Nordmann');
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ user: { email: 'nina@new.test', name: 'Nina Nordmann' }, workspace: { id: a.workspaceId, role: 'analyst' } });
    const nina = sessionFrom(accepted, freshIp());
    expect((await nina.send('GET', '/api/v1/units')).statusCode).toBe(200);
    expect((await nina.send('GET', '/api/v1/audit-log')).statusCode).toBe(403);
    expect((await login('nina@new.test', 'ninas new password')).statusCode).toBe(200);

    const twice = await accept(token, 'another password');
    expect(twice.statusCode).toBe(410);
    expect(twice.json().code).toBe('token_invalid');
    const active = (await owner.send('GET', '/api/v1/users')).json().items.find((u: { email: string }) => u.email === 'nina@new.test');
    expect(active).toMatchObject({ status: 'active' });
  });

  it('refuses an expired invitation and one whose access was withdrawn', async () => {
    await invite('late@new.test', 'frontline');
    const lateToken = tokenIn((await outboxTo('late@new.test'))[0]?.text_body ?? '', 'invitation');
    await t.database.db
      .updateTable('invitations')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('token_hash', '=', sha256(lateToken))
      .execute();
    expect((await accept(lateToken, 'a long password')).statusCode).toBe(410);

    const withdrawn = await invite('gone@new.test', 'frontline');
    const goneToken = tokenIn((await outboxTo('gone@new.test'))[0]?.text_body ?? '', 'invitation');
    expect((await owner.send('DELETE', `/api/v1/users/${withdrawn.json().memberId}`)).statusCode).toBe(204);
    expect((await accept(goneToken, 'a long password')).statusCode).toBe(410);
  });

  it("joins an existing account of another workspace only with that account's password, then lets it switch", async () => {
    expect((await invite('OTTO@other.test', 'manager')).statusCode).toBe(201);
    const token = tokenIn((await outboxTo('otto@other.test'))[0]?.text_body ?? '', 'invitation');

    const wrong = await accept(token, 'not ottos password');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('invalid_credentials');
    expect((await login('otto@other.test', TEST_PASSWORD)).statusCode).toBe(200);

    const joined = await accept(token, TEST_PASSWORD, 'Otto');
    expect(joined.statusCode, joined.body).toBe(200);
    expect(joined.json().workspace).toMatchObject({ id: a.workspaceId, role: 'manager' });

    const otto = await signIn('otto@other.test');
    const me = (await otto.send('GET', '/api/v1/auth/me')).json();
    expect(me.workspaces.map((w: { id: string }) => w.id).sort()).toEqual([a.workspaceId, b.workspaceId].sort());
    // Sign-in lands in the oldest of the person's workspaces.
    expect(me.workspace.id).toBe(a.workspaceId);
    expect((await otto.send('POST', '/api/v1/auth/workspace', { workspaceId: b.workspaceId })).json().workspace.role).toBe('owner');
    expect((await otto.send('GET', '/api/v1/workspace')).json().id).toBe(b.workspaceId);

    const switched = await otto.send('POST', '/api/v1/auth/workspace', { workspaceId: a.workspaceId });
    expect(switched.statusCode).toBe(200);
    expect(switched.json().workspace).toMatchObject({ id: a.workspaceId, role: 'manager' });
    expect((await otto.send('GET', '/api/v1/workspace')).json().id).toBe(a.workspaceId);
    expect((await otto.send('GET', '/api/v1/users')).statusCode).toBe(403);
    expect((await otto.send('POST', '/api/v1/auth/workspace', { workspaceId: b.workspaceId })).json().workspace.role).toBe('owner');
  });

  it('cannot switch into a workspace you are not in (404, the session stays where it was)', async () => {
    const ines = await signIn('ines@invite.test');
    for (const workspaceId of [b.workspaceId, '3f0c6f5e-8a43-4b8e-9c1e-2b7f1f0e5d2a']) {
      const response = await ines.send('POST', '/api/v1/auth/workspace', { workspaceId });
      expect(response.statusCode).toBe(404);
      expect(response.json().code).toBe('not_found');
    }
    expect((await ines.send('POST', '/api/v1/auth/workspace', { workspaceId: 'nope' })).statusCode).toBe(400);
    expect((await ines.send('GET', '/api/v1/workspace')).json().id).toBe(a.workspaceId);
    const key = (await ines.send('POST', '/api/v1/api-keys', { name: 'switch', scope: 'write' })).json().key;
    expect((await withApiKey(t.app, key).post('/api/v1/auth/workspace', { workspaceId: a.workspaceId })).statusCode).toBe(401);
  });

  it('does not hand an invitation link to those who could not grant its role (API keys; admins for owner invitations)', async () => {
    const readKey = (await owner.send('POST', '/api/v1/api-keys', { name: 'integration', scope: 'read' })).json().key;
    await seedUser(t.database, a.workspaceId, 'adam@invite.test', 'admin');
    const admin = await signIn('adam@invite.test');
    await invite('boss@new.test', 'owner');
    await invite('clerk@new.test', 'frontline', admin);
    const bossToken = tokenIn((await outboxTo('boss@new.test'))[0]?.text_body ?? '', 'invitation');
    const clerkToken = tokenIn((await outboxTo('clerk@new.test'))[0]?.text_body ?? '', 'invitation');

    const textsFor = async (response: LightMyRequestResponse) => {
      expect(response.statusCode).toBe(200);
      return response.body;
    };
    const byKey = await textsFor(await withApiKey(t.app, readKey).get('/api/v1/outbox?limit=500'));
    expect(byKey).toContain('boss@new.test');
    expect(byKey).not.toContain(bossToken);
    expect(byKey).not.toContain(clerkToken);
    const byAdmin = await textsFor(await admin.send('GET', '/api/v1/outbox?limit=500'));
    expect(byAdmin).not.toContain(bossToken);
    expect(byAdmin).toContain(clerkToken);
    const byOwner = await textsFor(await owner.send('GET', '/api/v1/outbox?limit=500'));
    expect(byOwner).toContain(bossToken);
    expect(byOwner).toContain(clerkToken);
  });

  it('throttles password guesses for an existing account through invitation acceptance like sign-in', async () => {
    await seedWorkspace(t.database, 'Victim Co', 'vic@victim.test');
    await invite('vic@victim.test', 'frontline');
    const token = tokenIn((await outboxTo('vic@victim.test'))[0]?.text_body ?? '', 'invitation');
    const ip = freshIp();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      const response = await inject('POST', '/api/v1/auth/invitations/accept', { body: { token, password: `guess number ${attempt}` }, ip });
      statuses.push(response.statusCode);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
    const right = await inject('POST', '/api/v1/auth/invitations/accept', { body: { token, password: TEST_PASSWORD }, ip });
    expect(right.statusCode).toBe(429);
  });
});

describe('API keys', () => {
  let owner: Session;
  let rootUnitId: string;
  beforeAll(async () => {
    const seeded = await seedWorkspace(t.database, 'Key Co', 'kai@key.test');
    rootUnitId = seeded.rootUnitId;
    owner = await signIn('kai@key.test');
  });

  it('works as a bearer token once created, records its last use, is stored only hashed, and stops working when revoked', async () => {
    const created = await owner.send('POST', '/api/v1/api-keys', { name: 'CRM sync', scope: 'write' });
    expect(created.statusCode, created.body).toBe(201);
    const { key, id, prefix } = created.json();
    expect(key).toMatch(/^anb_[A-Za-z0-9_-]{40,}$/);
    expect(key.startsWith(prefix)).toBe(true);
    expect(created.json().lastUsedAt).toBeNull();

    const stored = await t.database.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(key);
    expect(stored.key_hash).toBe(sha256(key));
    const listed = await owner.send('GET', '/api/v1/api-keys');
    expect(listed.body).not.toContain(key);

    const bearer = withApiKey(t.app, key);
    expect((await bearer.get('/api/v1/units')).statusCode).toBe(200);
    expect((await bearer.post('/api/v1/units', { name: 'Made by key', parentId: rootUnitId })).statusCode).toBe(201);
    const used = (await owner.send('GET', '/api/v1/api-keys')).json().items.find((k: { id: string }) => k.id === id);
    expect(used.lastUsedAt).toEqual(expect.any(String));

    const revoked = await owner.send('DELETE', `/api/v1/api-keys/${id}`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).toEqual(expect.any(String));
    const refused = await bearer.get('/api/v1/units');
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('unauthenticated');
  });

  it('cannot mint, list or revoke keys itself, nor manage users, whatever its scope', async () => {
    const key = (await owner.send('POST', '/api/v1/api-keys', { name: 'writer', scope: 'write' })).json().key;
    const bearer = withApiKey(t.app, key);
    expect((await bearer.post('/api/v1/api-keys', { name: 'child', scope: 'write' })).statusCode).toBe(403);
    expect((await bearer.get('/api/v1/api-keys')).statusCode).toBe(403);
    expect((await bearer.post('/api/v1/users/invitations', { email: 'k@key.test', name: 'K', role: 'admin', unitId: rootUnitId })).statusCode).toBe(403);
  });
});

describe('the audit log', () => {
  let owner: Session;
  let seeded: Awaited<ReturnType<typeof seedWorkspace>>;
  beforeAll(async () => {
    seeded = await seedWorkspace(t.database, 'Audit Co', 'ada@audit.test');
    owner = await signIn('ada@audit.test');
  });

  async function entries(action: string) {
    const response = await owner.send('GET', `/api/v1/audit-log?action=${action}&limit=500`);
    expect(response.statusCode).toBe(200);
    return response.json().items as {
      action: string;
      actor: { type: string; label: string };
      target: { type: string; id: string };
      before: unknown;
      after: unknown;
      requestId: string;
    }[];
  }

  it('records role changes, key creation and revocation, and unit and member changes with before and after', async () => {
    const user = await seedUser(t.database, seeded.workspaceId, 'fred@audit.test', 'frontline');
    const changed = await owner.send('PATCH', `/api/v1/users/${user.memberId}`, { role: 'analyst' });
    expect(changed.statusCode).toBe(200);
    const [roleChange] = await entries('user.role_changed');
    expect(roleChange).toMatchObject({
      actor: { type: 'user', label: 'ada@audit.test' },
      target: { type: 'member', id: user.memberId },
      before: { role: 'frontline' },
      after: { role: 'analyst' },
      requestId: changed.headers['x-request-id'],
    });

    const key = (await owner.send('POST', '/api/v1/api-keys', { name: 'Audited', scope: 'read' })).json();
    await owner.send('DELETE', `/api/v1/api-keys/${key.id}`);
    expect((await entries('api_key.created')).find((e) => e.target.id === key.id)).toMatchObject({
      after: { name: 'Audited', scope: 'read', prefix: key.prefix },
    });
    expect((await entries('api_key.revoked')).find((e) => e.target.id === key.id)).toMatchObject({ before: { name: 'Audited' } });
    expect(JSON.stringify(await entries('api_key.created'))).not.toContain(key.key);

    const unit = (await owner.send('POST', '/api/v1/units', { name: 'Audited unit', parentId: seeded.rootUnitId })).json();
    await owner.send('PATCH', `/api/v1/units/${unit.id}`, { name: 'Renamed unit' });
    const member = (await owner.send('POST', '/api/v1/members', { name: 'Mona', unitId: unit.id })).json();
    await owner.send('PATCH', `/api/v1/members/${member.id}`, { name: 'Mona Lisa', email: 'mona@audit.test' });
    await owner.send('DELETE', `/api/v1/members/${member.id}`);
    await owner.send('DELETE', `/api/v1/units/${unit.id}`);

    expect((await entries('unit.created'))[0]).toMatchObject({
      target: { type: 'unit', id: unit.id },
      after: { name: 'Audited unit', parentId: seeded.rootUnitId },
    });
    expect((await entries('unit.updated'))[0]).toMatchObject({ before: { name: 'Audited unit' }, after: { name: 'Renamed unit' } });
    expect((await entries('unit.deleted'))[0]).toMatchObject({ target: { id: unit.id }, before: { name: 'Renamed unit' } });
    expect((await entries('member.created'))[0]).toMatchObject({ target: { type: 'member', id: member.id }, after: { name: 'Mona', unitId: unit.id } });
    expect((await entries('member.updated'))[0]).toMatchObject({
      before: { name: 'Mona', email: null },
      after: { name: 'Mona Lisa', email: 'mona@audit.test' },
    });
    expect((await entries('member.deleted'))[0]).toMatchObject({ target: { id: member.id }, before: { name: 'Mona Lisa' } });
  });

  it('names the API key that made a change', async () => {
    const created = (await owner.send('POST', '/api/v1/api-keys', { name: 'Robot', scope: 'write' })).json();
    await withApiKey(t.app, created.key).patch('/api/v1/workspace', { name: 'Audit Co renamed' });
    const [entry] = await entries('workspace.updated');
    expect(entry).toMatchObject({ actor: { type: 'api_key', label: 'API key "Robot"' }, before: { name: 'Audit Co' }, after: { name: 'Audit Co renamed' } });
  });

  it('refuses a forged cursor with 400', async () => {
    expect((await owner.send('GET', '/api/v1/audit-log?cursor=abc')).statusCode).toBe(400);
    expect((await owner.send('GET', '/api/v1/audit-log?cursor=99999999999999999999999')).statusCode).toBe(400);
  });
});

describe('a signed-in person without a workspace', () => {
  it('is 401 on workspace endpoints once their access is removed', async () => {
    const seeded = await seedWorkspace(t.database, 'Leaver Co', 'lou@leaver.test');
    const user = await seedUser(t.database, seeded.workspaceId, 'leo@leaver.test', 'admin');
    const leo = await signIn('leo@leaver.test');
    const owner = await signIn('lou@leaver.test');
    expect((await owner.send('DELETE', `/api/v1/users/${user.memberId}`)).statusCode).toBe(204);
    expect((await leo.send('GET', '/api/v1/units')).statusCode).toBe(401);
    const again = await signIn('leo@leaver.test');
    expect((await again.send('GET', '/api/v1/auth/me')).json().workspace).toBeNull();
    expect((await again.send('GET', '/api/v1/units')).statusCode).toBe(401);
  });
});
