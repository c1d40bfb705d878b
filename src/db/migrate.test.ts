import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgDatabase, createTestDatabase, onPostgres, type TestDatabase } from '../../test/support/database.ts';
import { parseConfig } from '../config.ts';
import { startRuntime } from '../runtime.ts';
import { type Database, openDatabase } from './connect.ts';
import { currentSchemaVersion, latestSchemaVersion, listMigrations, migrate } from './migrate.ts';

const recorded = async (database: Database) =>
  (await sql<{ version: number; name: string }>`select version, name from schema_migrations order by version`.execute(database.db)).rows;

const expected = () => listMigrations().map(({ version, name }) => ({ version, name }));

describe(`migrations (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t?.drop());

  it('are numbered without gaps', () => {
    expect(listMigrations().map((m) => m.version)).toEqual(listMigrations().map((_, i) => i + 1));
  });

  it('are applied when the server starts and recorded in schema_migrations', async () => {
    const runtime = await startRuntime(parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), { database: t.database });
    await runtime.close();
    expect(await recorded(t.database)).toEqual(expected());
    expect(await currentSchemaVersion(t.database)).toBe(latestSchemaVersion());
  });

  it('apply nothing when run again', async () => {
    expect(await migrate(t.database)).toEqual([]);
    expect(await recorded(t.database)).toEqual(expected());
  });
});

describe.skipIf(!onPostgres)('concurrent migrations on one PostgreSQL database', () => {
  let target: Awaited<ReturnType<typeof createPgDatabase>>;
  const pools: Database[] = [];
  beforeAll(async () => {
    target = await createPgDatabase();
  });
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.close()));
    await target?.drop();
  });

  it('apply each migration exactly once while every process succeeds', async () => {
    for (let i = 0; i < 3; i += 1) pools.push(await openDatabase({ kind: 'postgres', url: target.url, poolSize: 2 }));
    const results = await Promise.all(pools.map((pool) => migrate(pool)));
    const applied = results.flat().map((m) => m.version);
    expect(applied.sort((a, b) => a - b)).toEqual(listMigrations().map((m) => m.version));
    expect(await recorded(pools[0] as Database)).toEqual(expected());
    // The advisory lock was released by everyone.
    const held = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())`.execute(
      (pools[0] as Database).db,
    );
    expect(held.rows[0]?.n).toBe(0);
  });
});
