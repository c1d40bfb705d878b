// Starts Anbefal in-process for a test file and gives typed helpers to call it as a
// signed-in person, an API key, or anonymously, through app.inject (no socket).
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { parseConfig } from '../../src/config.ts';
import type { Database, Role } from '../../src/db/index.ts';
import { issueApiKey } from '../../src/domain/api-keys/index.ts';
import { markSetupCompleted } from '../../src/domain/auth/index.ts';
import { provisionUser } from '../../src/domain/organisation/index.ts';
import { createWorkspace } from '../../src/domain/workspaces/index.ts';
import type { App } from '../../src/http/types.ts';
import { startRuntime } from '../../src/runtime.ts';
import { createTestDatabase } from './database.ts';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestApp {
  app: App;
  database: Database;
  close(): Promise<void>;
}

export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const { database, drop } = await createTestDatabase();
  const config = parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_URL: 'http://anbefal.test', JOB_SCHEDULES: 'false', ...env });
  const runtime = await startRuntime(config, { database, apiRateLimitPerMinute: 1_000_000 });
  return {
    app: runtime.app,
    database,
    async close() {
      // The whole runtime, not only the HTTP app: the mail dispatcher's SMTP pool would otherwise
      // stay connected and keep a test's SMTP server waiting 30 s for it to hang up.
      await runtime.close();
      await drop();
    },
  };
}

/** A caller: sends requests with its credentials (cookie + CSRF token, or bearer key). */
export interface Client {
  request(method: InjectOptions['method'], url: string, body?: unknown): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

function client(app: App, headers: Record<string, string>): Client {
  const request = (method: InjectOptions['method'], url: string, body?: unknown) =>
    app.inject({
      method,
      url,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    request,
    get: (url) => request('GET', url),
    post: (url, body) => request('POST', url, body ?? {}),
    patch: (url, body) => request('PATCH', url, body ?? {}),
    put: (url, body) => request('PUT', url, body ?? {}),
    delete: (url) => request('DELETE', url),
  };
}

export const anonymous = (app: App): Client => client(app, {});

export const withApiKey = (app: App, key: string): Client => client(app, { authorization: `Bearer ${key}` });

export async function signIn(app: App, email: string, password = TEST_PASSWORD): Promise<Client & { csrfToken: string; cookie: string }> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (response.statusCode !== 200) throw new Error(`sign-in of ${email} failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'anbefal_session');
  if (!cookie) throw new Error('no session cookie');
  const csrfToken = response.json().csrfToken as string;
  const cookieHeader = `anbefal_session=${cookie.value}`;
  return { ...client(app, { cookie: cookieHeader, 'x-csrf-token': csrfToken }), csrfToken, cookie: cookieHeader };
}

/** Creates a workspace owned by ownerEmail (password TEST_PASSWORD) directly in the domain. */
export async function seedWorkspace(database: Database, name: string, ownerEmail: string) {
  const owner = await database.db
    .insertInto('users')
    .values({ email: ownerEmail, name: ownerEmail.split('@')[0] ?? ownerEmail, password_hash: null })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow();
  const created = await createWorkspace(
    database.db,
    { name, owner: { userId: owner.id, name: owner.name, email: ownerEmail } },
    { kind: 'system', label: 'test' },
  );
  await provisionUser(database.db, { workspaceId: created.workspaceId, email: ownerEmail, role: 'owner', password: TEST_PASSWORD });
  await markSetupCompleted(database.db);
  return { ...created, ownerUserId: owner.id };
}

export async function seedUser(database: Database, workspaceId: string, email: string, role: Role, unitId?: string) {
  return provisionUser(database.db, { workspaceId, email, name: email.split('@')[0], role, unitId, password: TEST_PASSWORD });
}

export async function seedApiKey(database: Database, workspaceId: string, scope: 'read' | 'write') {
  return (await issueApiKey(database.db, { workspaceId, name: `${scope} key`, scope, createdBy: null }, { kind: 'system', label: 'test' })).key;
}
