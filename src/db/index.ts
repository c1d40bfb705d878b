import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';

export type { Database, DatabaseKind, DatabaseTarget } from './connect.ts';
export { openDatabase } from './connect.ts';
export { currentSchemaVersion, latestSchemaVersion, migrate } from './migrate.ts';
export type * from './schema.ts';

/** A database handle or an open transaction; domain functions accept either. */
export type Db = Kysely<DB>;

/** Runs fn in a transaction, joining the caller's when db already is one (domain calls compose). */
export const inTransaction = <T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> => (db.isTransaction ? fn(db) : db.transaction().execute(fn));
