// A database per test file: in-memory PGlite by default, or a fresh PostgreSQL database
// (created here, dropped afterwards) when ANBEFAL_TEST_PG_URL points at a server.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Database, migrate, openDatabase } from '../../src/db/index.ts';

export const testPgUrl = process.env.ANBEFAL_TEST_PG_URL || undefined;
export const onPostgres = testPgUrl !== undefined;

export interface TestDatabase {
  database: Database;
  /** Connection URL when on PostgreSQL (for child processes). */
  url?: string;
  drop(): Promise<void>;
}

/** Creates an empty PostgreSQL database with a fresh name; returns its URL and a drop function. */
export async function createPgDatabase(adminUrl = testPgUrl): Promise<{ url: string; drop(): Promise<void> }> {
  if (!adminUrl) throw new Error('ANBEFAL_TEST_PG_URL is not set');
  const name = `anbefal_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

const MIGRATIONS = path.resolve(import.meta.dirname, '../../src/db/migrations');

/**
 * A migrated PGlite cluster as a tarball, made once per set of migrations and shared by every
 * test file through the temporary folder: starting from it skips PGlite's initdb and the
 * migrations, most of the seconds each test database used to take.
 */
export async function migratedPgliteTemplate(): Promise<Blob> {
  const hash = createHash('sha256');
  for (const name of fs.readdirSync(MIGRATIONS).sort()) hash.update(name).update(fs.readFileSync(path.join(MIGRATIONS, name)));
  const file = path.join(os.tmpdir(), `anbefal-test-pglite-${hash.digest('hex').slice(0, 16)}.tar`);
  if (!fs.existsSync(file)) {
    const database = await openDatabase({ kind: 'pglite-memory' });
    try {
      await migrate(database);
      const dump = await (database.dumpDataDir as () => Promise<Blob>)();
      // Written aside and renamed: test files in other workers may be reading the same name.
      const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
      fs.renameSync(partial, file);
    } finally {
      await database.close();
    }
  }
  return new Blob([fs.readFileSync(file)]);
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (!testPgUrl) {
    const database = await openDatabase({ kind: 'pglite-memory', loadDataDir: await migratedPgliteTemplate() });
    return { database, drop: () => database.close() };
  }
  const created = await createPgDatabase();
  const database = await openDatabase({ kind: 'postgres', url: created.url, poolSize: 5 });
  return {
    database,
    url: created.url,
    async drop() {
      await database.close();
      await created.drop();
    },
  };
}
