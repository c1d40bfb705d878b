// Opens the database: embedded PGlite in the data folder by default, a PostgreSQL server
// when DATABASE_URL is set. Both speak the same SQL, so the rest of the code cannot tell.
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { AppError } from '../errors.ts';
import { acquireDataLock, type DataLock } from './data-lock.ts';
import { PGlitePool } from './pglite-pool.ts';
import type { DB } from './schema.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  readonly kind: DatabaseKind;
  readonly db: Kysely<DB>;
  /** Set when a lock or PGlite pid file left by a crashed process was cleared at open. */
  readonly recoveredFromCrash: boolean;
  /** PostgreSQL: the server's URL, so that another process (an import's runner) can connect to it too. */
  readonly url?: string;
  /** Raw SQL outside Kysely, on the same connections (pg-boss's `db` adapter): several statements when there are no values. */
  executeSql(text: string, values?: readonly unknown[]): Promise<{ rows: unknown[] }>;
  /** PGlite only: the whole cluster as a tarball, which `pglite-memory` can start from. */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

/** `loadDataDir` starts PGlite from a dump instead of running initdb (seconds faster); a data folder must be new. */
export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | { kind: 'pglite'; dataDir: string; loadDataDir?: Blob }
  | { kind: 'pglite-memory'; loadDataDir?: Blob };

const INT8_OID = 20;
// bigint counts and ids come back as numbers on both backends (they stay far below 2^53).
const parseInt8 = (value: string) => Number(value);

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') return openPostgres(target.url, target.poolSize ?? 10);
  return openPglite(target.kind === 'pglite' ? target.dataDir : undefined, target.loadDataDir);
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy();
    throw new AppError(
      'unavailable',
      `Cannot use the PostgreSQL database ${whereIs(url)}: ${(error as Error).message}. Check DATABASE_URL and that the server is running.`,
    );
  }
  const executeSql = async (text: string, values?: readonly unknown[]) => {
    const result = (await pool.query(text, values ? [...values] : undefined)) as pg.QueryResult | pg.QueryResult[];
    return { rows: Array.isArray(result) ? result.flatMap((r) => r.rows) : result.rows };
  };
  return { kind: 'postgres', db, url, recoveredFromCrash: false, executeSql, close: () => db.destroy() };
}

/** host:port/database of a connection URL, without the credentials. */
function whereIs(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return '(unreadable DATABASE_URL)';
  }
}

async function openPglite(dataDir: string | undefined, loadDataDir?: Blob): Promise<Database> {
  let lock: DataLock | undefined;
  let recoveredFromCrash = false;
  let pgdata: string | undefined;
  if (dataDir) {
    lock = acquireDataLock(dataDir);
    recoveredFromCrash = lock.recoveredStaleLock;
    pgdata = path.join(dataDir, 'pgdata');
    // We hold the folder lock, so no live process uses this cluster. A postmaster.pid left
    // by a killed PGlite (it records a negative pid) made older PGlite versions hang at start;
    // 0.5 starts regardless (test/process/crash-recovery.test.ts), and the file still tells
    // us that the previous process did not close the database.
    const pidFile = path.join(pgdata, 'postmaster.pid');
    if (fs.existsSync(pidFile)) {
      fs.rmSync(pidFile, { force: true });
      recoveredFromCrash = true;
    }
  }
  try {
    const pglite = await PGlite.create({ dataDir: pgdata, loadDataDir, parsers: { [INT8_OID]: parseInt8 } });
    const pool = new PGlitePool(pglite);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return {
      kind: 'pglite',
      db,
      recoveredFromCrash,
      executeSql: (text, values) => pool.execute(text, values),
      dumpDataDir: () => pglite.dumpDataDir('none'),
      async close() {
        await db.destroy();
        await pglite.close();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}
