import { loadConfig } from '../config.ts';
import { type Database, migrate, openDatabase } from '../db/index.ts';
import { databaseTarget } from '../runtime.ts';

/** Opens the configured database (migrated unless told not to), runs fn, always closes. */
export async function withDatabase<T>(fn: (database: Database) => Promise<T>, options: { migrate?: boolean } = {}): Promise<T> {
  const database = await openDatabase(databaseTarget(loadConfig()));
  try {
    if (options.migrate !== false) await migrate(database);
    return await fn(database);
  } finally {
    await database.close();
  }
}

export const print = (line: string) => process.stdout.write(`${line}\n`);
