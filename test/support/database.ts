// A database per test file: in-memory PGlite by default, or a fresh PostgreSQL database
// (created here, dropped afterwards) when ANBEFAL_TEST_PG_URL points at a server.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/db/index.ts';

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

export async function createTestDatabase(): Promise<TestDatabase> {
  if (!testPgUrl) {
    const database = await openDatabase({ kind: 'pglite-memory' });
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
