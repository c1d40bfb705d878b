// Applies migrations/NNNN_name.sql in order, each in its own transaction, recorded in
// schema_migrations. An advisory lock lets several processes start at once on PostgreSQL.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './connect.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
// Any fixed 64-bit number works; this one spells "anbefal" loosely.
const MIGRATION_LOCK_ID = 7_216_651_130;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(): Migration[] {
  return fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((file) => /^\d{4}_[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.slice(5, -4),
      sql: fs.readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8'),
    }));
}

export const latestSchemaVersion = (): number => listMigrations().at(-1)?.version ?? 0;

/** Applies pending migrations, up to and including `upTo` when given (restore uses it). */
export async function migrate(database: Database, upTo = Number.POSITIVE_INFINITY): Promise<Migration[]> {
  return database.db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_ID})`.execute(conn);
    try {
      await sql`create table if not exists schema_migrations (
        version int primary key,
        name text not null,
        applied_at timestamptz not null default now()
      )`.execute(conn);
      const done = new Set((await conn.selectFrom('schema_migrations').select('version').execute()).map((row) => row.version));
      const applied: Migration[] = [];
      for (const migration of listMigrations()) {
        if (done.has(migration.version) || migration.version > upTo) continue;
        await conn.transaction().execute(async (trx) => {
          await sql.raw(migration.sql).execute(trx);
          await trx.insertInto('schema_migrations').values({ version: migration.version, name: migration.name }).execute();
        });
        applied.push(migration);
      }
      return applied;
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`.execute(conn);
    }
  });
}

export async function currentSchemaVersion(database: Database): Promise<number> {
  const row = await database.db
    .selectFrom('schema_migrations')
    .select((eb) => eb.fn.max('version').as('version'))
    .executeTakeFirst();
  return row?.version ?? 0;
}
