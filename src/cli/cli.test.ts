// The `anbefal` command as an operator uses it: each step runs bin/anbefal.js in a child
// process. Steps build on each other (one store, then a second one for restore) to keep the
// number of children, which cost seconds each, small.
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { onPostgres } from '../../test/support/database.ts';
import {
  createProcessStore,
  freePort,
  PROCESS_TEST_TIMEOUT_MS,
  type ProcessStore,
  runCli,
  runCliOk,
  type ServerProcess,
  startServer,
  stopChildren,
  tempDir,
} from '../../test/support/process.ts';

const NEW_PASSWORD = 'a long enough password';

describe(`anbefal CLI (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  const stores: ProcessStore[] = [];
  const files = tempDir();
  const backupFile = path.join(files.dir, 'acme.backup.gz');
  let source: ProcessStore;
  let key: string;
  // A failed step must not leave its server holding the store for the next one.
  afterEach(() => stopChildren());
  afterAll(async () => {
    for (const store of stores) await store.drop();
    files.remove();
  });
  const newStore = async () => {
    const store = await createProcessStore();
    stores.push(store);
    return store;
  };

  it('--help lists the commands', async () => {
    const result = await runCliOk(['--help'], {});
    for (const command of ['serve', 'migrate', 'user', 'workspace', 'apikey', 'backup', 'restore', 'doctor']) {
      expect(result.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
  });

  it('creates a workspace and a user, and prints a link to choose the password', async () => {
    source = await newStore();
    const workspace = await runCliOk(['workspace', 'create', '--name', 'Acme', '--owner-email', 'ann@acme.test'], {
      ...source.env,
      PUBLIC_URL: 'https://nps.acme.test',
    });
    expect(workspace.stdout).toMatch(/^Created workspace "Acme" \([0-9a-f-]{36}\) owned by ann@acme\.test\.$/m);
    expect(workspace.stdout).toMatch(/^Choose a password within 24 hours: https:\/\/nps\.acme\.test\/reset-password\?token=[\w-]+$/m);

    const user = await runCliOk(['user', 'create', '--workspace', 'Acme', '--email', 'bob@acme.test', '--role', 'analyst', '--name', 'Bob'], source.env);
    expect(user.stdout).toMatch(/^bob@acme\.test is analyst of "Acme"/m);
    expect(user.stdout).toMatch(/^Choose a password within 24 hours: http:\/\/localhost:3000\/reset-password\?token=[\w-]+$/m);
    (globalThis as { bobLink?: string }).bobLink = /reset-password\?token=([\w-]+)/.exec(user.stdout)?.[1];

    const unknown = await runCli(['apikey', 'create', '--workspace', 'Nobody', '--name', 'x'], source.env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('anbefal: --workspace: no workspace has the id or name "Nobody"');
  });

  it('creates an API key that works against the server, and the password link works too', async () => {
    const created = await runCliOk(['apikey', 'create', '--workspace', 'Acme', '--name', 'CRM sync', '--scope', 'write'], source.env);
    key = created.stdout.trim();
    expect(key).toMatch(/^anb_[\w-]+$/);
    expect(created.stderr).toMatch(/not shown again/);

    const server: ServerProcess = await startServer(source.env);
    const members = await server.fetch('/api/v1/members', { key });
    expect(members.status, server.describe()).toBe(200);
    expect(((await members.json()) as { items: { email: string }[] }).items.map((m) => m.email).sort()).toEqual(['ann@acme.test', 'bob@acme.test']);

    const token = (globalThis as { bobLink?: string }).bobLink;
    const confirm = await server.fetch('/api/v1/auth/password-reset/confirm', { method: 'POST', body: JSON.stringify({ token, password: NEW_PASSWORD }) });
    expect(confirm.status, `${await confirm.clone().text()}\n${server.describe()}`).toBe(204);
    const login = await server.fetch('/api/v1/auth/login', { method: 'POST', body: JSON.stringify({ email: 'bob@acme.test', password: NEW_PASSWORD }) });
    expect(login.status, `${await login.clone().text()}\n${server.describe()}`).toBe(200);

    server.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
  });

  it('backs up one store and restores it into another', async () => {
    const backup = await runCliOk(['backup', backupFile], source.env);
    expect(backup.stdout).toMatch(/^Backup written to .*acme\.backup\.gz: .*workspaces 1.*$/m);

    const target = await newStore();
    const restore = await runCliOk(['restore', backupFile], target.env);
    expect(restore.stdout).toMatch(/^Restored .*: .*members 2.*users 2.*workspaces 1/m);

    // The restored store is healthy (that its data serves sign-in and keys, src/db/backup.test.ts shows).
    const doctor = await runCli(['doctor'], target.env);
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
    expect(doctor.stdout).toMatch(/^✓ database: /m);
    expect(doctor.stdout).toMatch(/^✓ schema: up to date/m);
    expect(doctor.stdout).toMatch(/^✓ smtp: not configured/m);
  });

  it('doctor fails with a clear line when SMTP does not answer', async () => {
    const port = await freePort();
    const doctor = await runCli(['doctor'], { ...source.env, SMTP_URL: `smtp://127.0.0.1:${port}` });
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/^✓ database: /m);
    const smtp = doctor.stdout.split('\n').filter((line) => line.includes('smtp'));
    expect(smtp).toHaveLength(1);
    expect(smtp[0]).toMatch(new RegExp(`^✗ smtp: 127\\.0\\.0\\.1:${port} does not accept us: .*ECONNREFUSED.*Check SMTP_URL\\.$`));
  });
});
