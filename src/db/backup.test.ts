// A backup restores to the same data, on the same backend and across PGlite ⇄ PostgreSQL,
// all or nothing; the restored instance works (sign-in, API keys, new audit entries).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, seedApiKey, seedUser, seedWorkspace, signIn, withApiKey } from '../../test/support/app.ts';
import { createPgDatabase, createTestDatabase, onPostgres, type TestDatabase } from '../../test/support/database.ts';
import { tempDir } from '../../test/support/process.ts';
import { parseConfig } from '../config.ts';
import { AppError } from '../errors.ts';
import type { App } from '../http/types.ts';
import { startRuntime } from '../runtime.ts';
import { backupToFile, restoreFromFile } from './backup.ts';
import { type Database, openDatabase } from './connect.ts';
import { migrate } from './migrate.ts';

const config = parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_URL: 'http://anbefal.test' });
/** Not part of a backup by design: sign-in state and the migration ledger (the target has its own). */
const NOT_BACKED_UP = ['login_throttle', 'schema_migrations', 'sessions'];

/** Runs fn against an app on database (migrated at start), leaving the database open. */
async function withApp<T>(database: Database, fn: (app: App) => Promise<T>): Promise<T> {
  const runtime = await startRuntime(config, { database, apiRateLimitPerMinute: 1_000_000 });
  try {
    return await fn(runtime.app);
  } finally {
    await runtime.close();
  }
}

const ok = <T = Record<string, unknown>>(response: { statusCode: number; body: string; json(): unknown }, status = 201): T => {
  expect(response.statusCode, response.body).toBe(status);
  return (status === 204 ? undefined : response.json()) as T;
};

/**
 * Two workspaces with a unit tree, members (tricky names included), users with and without
 * passwords, an invitation, a password reset, live and revoked API keys, outbox emails, and
 * the audit entries all of that leaves. Returns a working write key of Acme.
 */
async function seed(database: Database): Promise<{ key: string }> {
  return withApp(database, async (app) => {
    const acme = await seedWorkspace(database, 'Acme', 'ann@acme.test');
    await seedWorkspace(database, 'Beta "Nordic" Æøå', 'bo@beta.test');
    const ann = await signIn(app, 'ann@acme.test');
    const denmark = ok<{ id: string }>(await ann.post('/api/v1/units', { name: 'Denmark', parentId: acme.rootUnitId }));
    const copenhagen = ok<{ id: string }>(await ann.post('/api/v1/units', { name: 'København', parentId: denmark.id, externalId: 'DK-CPH' }));
    ok(await ann.post('/api/v1/units', { name: 'Norway', parentId: acme.rootUnitId }));
    const names = ['Åse "Q" O\'Brien', 'Back\\slash', 'Emoji 😀', 'Tab\there', '{"json":"looking"}'];
    for (const [i, name] of names.entries()) {
      ok(await ann.post('/api/v1/members', { name, unitId: i % 2 ? denmark.id : copenhagen.id, email: `m${i}@acme.test`, externalId: i ? `EXT-${i}` : null }));
    }
    const bob = await seedUser(database, acme.workspaceId, 'bob@acme.test', 'manager', denmark.id);
    ok(await ann.patch(`/api/v1/units/${denmark.id}`, { managerMemberId: bob.memberId }), 200);
    ok(await ann.post('/api/v1/users/invitations', { email: 'cy@acme.test', name: 'Cy', role: 'analyst', unitId: copenhagen.id }));
    expect((await anonymous(app).post('/api/v1/auth/password-reset', { email: 'bob@acme.test' })).statusCode).toBeLessThan(300);
    const old = ok<{ id: string }>(await ann.post('/api/v1/api-keys', { name: 'Old sync', scope: 'read' }));
    expect((await ann.delete(`/api/v1/api-keys/${old.id}`)).statusCode).toBeLessThan(300);
    return { key: await seedApiKey(database, acme.workspaceId, 'write') };
  });
}

const tablesOf = async (database: Database) =>
  (
    await sql<{ table_name: string }>`select table_name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(database.db)
  ).rows.map((row) => row.table_name);

/** Every backed-up table's rows as JSON (timestamps in UTC), sorted, so two databases compare with toEqual. */
async function snapshot(database: Database): Promise<Record<string, unknown[]>> {
  const tables = (await tablesOf(database)).filter((table) => !NOT_BACKED_UP.includes(table));
  return database.db.transaction().execute(async (trx) => {
    await sql`set local time zone 'UTC'`.execute(trx);
    const result: Record<string, unknown[]> = {};
    for (const table of tables) {
      const rows = await sql<{ j: string }>`select row_to_json(t)::text as j from ${sql.table(table)} t`.execute(trx);
      result[table] = rows.rows
        .map((row) => row.j)
        .sort()
        .map((j) => JSON.parse(j));
    }
    return result;
  });
}

const maxAuditId = async (database: Database) =>
  Number((await sql<{ id: number | null }>`select max(id) as id from audit_log`.execute(database.db)).rows[0]?.id ?? 0);

/** The restored instance serves: password sign-in, the API key, and new writes (audit ids continue). */
async function expectWorking(database: Database, key: string) {
  const before = await maxAuditId(database);
  await withApp(database, async (app) => {
    const ann = await signIn(app, 'ann@acme.test');
    expect(ok<{ items: unknown[] }>(await ann.get('/api/v1/units'), 200).items).toHaveLength(4);
    const api = withApiKey(app, key);
    const members = ok<{ items: { name: string }[] }>(await api.get('/api/v1/members?limit=500'), 200);
    expect(members.items.map((m) => m.name)).toContain('Åse "Q" O\'Brien');
    const root = ok<{ items: { id: string; parentId: string | null }[] }>(await api.get('/api/v1/units'), 200).items.find((u) => u.parentId === null);
    ok(await api.post('/api/v1/units', { name: 'Sweden', parentId: root?.id }));
  });
  expect(await maxAuditId(database)).toBeGreaterThan(before);
}

const rejection = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
};

describe(`backup and restore (${onPostgres ? 'PostgreSQL' : 'PGlite'} to itself)`, () => {
  const files = tempDir();
  const file = path.join(files.dir, 'anbefal.backup.gz');
  const opened: TestDatabase[] = [];
  let source: TestDatabase;
  let key: string;
  const fresh = async () => {
    const created = await createTestDatabase();
    opened.push(created);
    return created.database;
  };

  beforeAll(async () => {
    source = await createTestDatabase();
    opened.push(source);
    ({ key } = await seed(source.database));
    await backupToFile(source.database, file);
  });
  afterAll(async () => {
    for (const db of opened) await db.drop();
    files.remove();
  });

  it('restores the same rows in every table, and the instance works', async () => {
    const target = await fresh();
    const counts = await restoreFromFile(target, file);
    expect(counts).toMatchObject({ workspaces: 2, units: 5, users: 3, api_keys: 2, invitations: 1, password_resets: 1 });
    const expected = await snapshot(source.database);
    for (const table of ['workspaces', 'units', 'members', 'users', 'api_keys', 'audit_log', 'outbox', 'invitations', 'password_resets']) {
      expect(expected[table]?.length, table).toBeGreaterThan(0);
    }
    expect(await snapshot(target)).toEqual(expected);
    await expectWorking(target, key);
  });

  it('refuses a database that holds data, changing nothing', async () => {
    const before = await snapshot(source.database);
    const error = await rejection(restoreFromFile(source.database, file));
    expect(error.code).toBe('conflict');
    expect(await snapshot(source.database)).toEqual(before);
  });

  it('restores nothing from a truncated file', async () => {
    const target = await fresh();
    const whole = fs.readFileSync(file);
    const cut = path.join(files.dir, 'cut.gz');
    fs.writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    expect((await rejection(restoreFromFile(target, cut))).message).toMatch(/cut\.gz is damaged or incomplete .*nothing was restored/);
    const empty = await snapshot(target);

    // A clean gzip whose content stops early (a copy interrupted at a line end) is caught too.
    const lines = zlib.gunzipSync(whole).toString('utf8').trimEnd().split('\n');
    const short = path.join(files.dir, 'short.gz');
    fs.writeFileSync(short, zlib.gzipSync(`${lines.slice(0, -1).join('\n')}\n`));
    expect((await rejection(restoreFromFile(target, short))).message).toMatch(/truncated/);

    for (const [table, rows] of Object.entries(await snapshot(target))) expect(rows, table).toEqual(empty[table]);
    expect(empty.workspaces).toEqual([]);
    expect(empty.users).toEqual([]);
    expect(empty.audit_log).toEqual([]);
    // And the whole file still restores into it afterwards.
    await restoreFromFile(target, file);
    expect(await snapshot(target)).toEqual(await snapshot(source.database));
  });

  it('refuses a target whose schema is newer than the backup', async () => {
    const target = await fresh();
    await migrate(target);
    const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n');
    const header = JSON.parse(lines[0] ?? '{}');
    const older = path.join(files.dir, 'older.gz');
    fs.writeFileSync(older, zlib.gzipSync([JSON.stringify({ ...header, schemaVersion: header.schemaVersion - 1 }), ...lines.slice(1)].join('\n')));
    const error = await rejection(restoreFromFile(target, older));
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/newer than the backup's/);
    expect((await snapshot(target)).workspaces).toEqual([]);
  });

  it('rejects a file that is not a backup', async () => {
    const target = await fresh();
    const other = path.join(files.dir, 'other.gz');
    fs.writeFileSync(other, zlib.gzipSync('{"hello":"world"}\n'));
    expect((await rejection(restoreFromFile(target, other))).message).toMatch(/not an Anbefal backup/);
  });
});

describe.skipIf(!onPostgres)('backup and restore across PGlite and PostgreSQL', () => {
  let files: ReturnType<typeof tempDir>;
  const cleanups: (() => Promise<void>)[] = [];
  // Created in a hook, not while collecting: a skipped block must leave no folder behind.
  beforeAll(() => {
    files = tempDir();
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    files?.remove();
  });

  const pglite = async () => {
    const database = await openDatabase({ kind: 'pglite-memory' });
    cleanups.push(() => database.close());
    return database;
  };
  const postgres = async () => {
    const created = await createPgDatabase();
    const database = await openDatabase({ kind: 'postgres', url: created.url, poolSize: 3 });
    cleanups.push(async () => {
      await database.close();
      await created.drop();
    });
    return database;
  };

  it.each([
    ['PGlite', 'PostgreSQL', pglite, postgres],
    ['PostgreSQL', 'PGlite', postgres, pglite],
  ] as const)('moves every row from %s to %s', async (_from, _to, openSource, openTarget) => {
    const source = await openSource();
    const { key } = await seed(source);
    const file = path.join(files.dir, `${source.kind}.backup.gz`);
    await backupToFile(source, file);
    const target = await openTarget();
    await restoreFromFile(target, file);
    expect(await snapshot(target)).toEqual(await snapshot(source));
    await expectWorking(target, key);
  });
});
