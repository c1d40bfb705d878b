// A portable logical backup: gzip-compressed NDJSON with one header line, chunks of rows per
// table, and a trailer with row counts (a truncated file is detected, not half-restored).
// Rows go out as row_to_json and come back through json_populate_recordset, which both
// PGlite and PostgreSQL understand, so a backup moves between them in either direction.
import { once } from 'node:events';
import fs from 'node:fs';
import readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import { AppError } from '../errors.ts';
import type { Database } from './connect.ts';
import { currentSchemaVersion, latestSchemaVersion, migrate } from './migrate.ts';

const FORMAT = 'anbefal-backup';
const FORMAT_VERSION = 1;
const CHUNK_ROWS = 1000;
/** Sessions and sign-in throttles are not data worth keeping; everything else is. */
const SKIPPED_TABLES = new Set(['schema_migrations', 'sessions', 'login_throttle']);

interface Header {
  format: typeof FORMAT;
  formatVersion: number;
  schemaVersion: number;
  createdAt: string;
  source: string;
  tables: string[];
}

async function dataTables(database: Database): Promise<string[]> {
  const result = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(database.db);
  return result.rows.map((row) => row.table_name).filter((name) => !SKIPPED_TABLES.has(name));
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function backupToFile(database: Database, file: string): Promise<Record<string, number>> {
  const tables = await dataTables(database);
  const counts: Record<string, number> = {};
  const tmp = `${file}.partial`;
  const gzip = zlib.createGzip();
  const written = pipeline(gzip, fs.createWriteStream(tmp));
  const write = async (line: string) => {
    if (!gzip.write(`${line}\n`)) await once(gzip, 'drain');
  };
  try {
    // One repeatable-read snapshot: the backup is consistent even while the server writes.
    await database.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        const header: Header = {
          format: FORMAT,
          formatVersion: FORMAT_VERSION,
          schemaVersion: await currentSchemaVersion({ ...database, db: trx }),
          createdAt: new Date().toISOString(),
          source: database.kind,
          tables,
        };
        await write(JSON.stringify(header));
        for (const table of tables) {
          counts[table] = 0;
          await sql.raw(`declare backup_cursor no scroll cursor for select row_to_json(t)::text as j from ${quoteIdent(table)} t`).execute(trx);
          for (;;) {
            const chunk = await sql<{ j: string }>`fetch ${sql.raw(String(CHUNK_ROWS))} from backup_cursor`.execute(trx);
            if (chunk.rows.length === 0) break;
            counts[table] += chunk.rows.length;
            await write(`{"table":${JSON.stringify(table)},"rows":[${chunk.rows.map((row) => row.j).join(',')}]}`);
          }
          await sql`close backup_cursor`.execute(trx);
        }
        await write(JSON.stringify({ end: true, counts }));
      });
    gzip.end();
    await written;
  } catch (error) {
    gzip.destroy();
    await written.catch(() => undefined);
    fs.rmSync(tmp, { force: true });
    throw error;
  }
  fs.renameSync(tmp, file);
  return counts;
}

const damaged = (file: string, error: unknown) =>
  AppError.invalid('file', `${file} is damaged or incomplete (${(error as Error).message}); nothing was restored`);

/** The file's lines; a broken gzip stream (a truncated or corrupted copy) becomes a clear AppError. */
async function* readLines(file: string): AsyncGenerator<string> {
  const gunzip = zlib.createGunzip();
  const raw = fs.createReadStream(file);
  raw.once('error', (error) => gunzip.destroy(error));
  const reader = readline.createInterface({ input: raw.pipe(gunzip), crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of reader) if (line.length > 0) yield line;
  } catch (error) {
    throw damaged(file, error);
  }
}

function parseChunk(file: string, line: string): { table?: string; rows?: unknown[]; end?: boolean; counts?: Record<string, number> } {
  try {
    return JSON.parse(line);
  } catch (error) {
    throw damaged(file, error);
  }
}

/** Restores into a database that holds no workspaces or users yet. All or nothing. */
export async function restoreFromFile(database: Database, file: string): Promise<Record<string, number>> {
  if (!fs.existsSync(file)) throw AppError.invalid('file', `${file} does not exist`);
  const lines = readLines(file);
  try {
    return await restoreLines(database, file, lines);
  } finally {
    // Closes the file when restoring stopped before its end.
    await lines.return(undefined);
  }
}

async function restoreLines(database: Database, file: string, lines: AsyncGenerator<string>): Promise<Record<string, number>> {
  let header: Header;
  try {
    const first = await lines.next();
    header = JSON.parse(first.done ? '{}' : first.value) as Header;
  } catch {
    header = {} as Header;
  }
  if (header.format !== FORMAT || header.formatVersion !== FORMAT_VERSION) {
    throw AppError.invalid('file', `${file} is not an Anbefal backup (format ${FORMAT} v${FORMAT_VERSION})`);
  }
  if (header.schemaVersion > latestSchemaVersion()) {
    throw AppError.invalid('file', `the backup is from a newer Anbefal (schema ${header.schemaVersion}); upgrade before restoring`);
  }
  // Bring the target to the backup's schema, load, then migrate the rest of the way.
  await migrate(database, header.schemaVersion);
  const targetVersion = await currentSchemaVersion(database);
  if (targetVersion > header.schemaVersion) {
    // Rows of an older schema cannot go into newer tables: migrations may have reshaped them.
    throw new AppError(
      'conflict',
      `The target database is at schema version ${targetVersion}, newer than the backup's ${header.schemaVersion}. ` +
        'Restore into a new, empty data folder or database: restore loads the backup at its own version, then migrates.',
    );
  }
  const counts: Record<string, number> = {};
  await database.db.transaction().execute(async (trx) => {
    const existing = await sql<{ n: number }>`select (select count(*) from workspaces) + (select count(*) from users) as n`.execute(trx);
    if (Number(existing.rows[0]?.n) > 0) {
      throw new AppError('conflict', 'The target database already holds workspaces or users; restore into an empty data folder or database.');
    }
    await sql`set constraints all deferred`.execute(trx);
    await sql`delete from instance`.execute(trx);
    let ended = false;
    for await (const line of lines) {
      const chunk = parseChunk(file, line);
      if (chunk.end) {
        for (const [table, expected] of Object.entries(chunk.counts ?? {})) {
          if ((counts[table] ?? 0) !== expected)
            throw AppError.invalid('file', `table ${table} has ${counts[table] ?? 0} rows, the backup announced ${expected}`);
        }
        ended = true;
        break;
      }
      if (!chunk.table || !header.tables.includes(chunk.table) || !Array.isArray(chunk.rows)) {
        throw AppError.invalid('file', 'contains a chunk that names no table of the backup');
      }
      const table = quoteIdent(chunk.table);
      await sql`insert into ${sql.raw(table)} overriding system value
        select * from json_populate_recordset(null::${sql.raw(table)}, ${JSON.stringify(chunk.rows)}::json)`.execute(trx);
      counts[chunk.table] = (counts[chunk.table] ?? 0) + chunk.rows.length;
    }
    if (!ended) throw AppError.invalid('file', 'is truncated (no end marker); nothing was restored');
    // Identity columns continue after the restored ids.
    const identities = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = current_schema() and is_identity = 'YES'`.execute(trx);
    for (const { table_name, column_name } of identities.rows) {
      await sql`select setval(pg_get_serial_sequence(${table_name}, ${column_name}),
        coalesce((select max(${sql.ref(column_name)}) from ${sql.table(table_name)}), 0) + 1, false)`.execute(trx);
    }
  });
  await migrate(database);
  return counts;
}
