// Presents one embedded PGlite instance as the pool Kysely's PostgresDialect expects.
// PGlite is a single connection, so a connection is lent to one borrower at a time:
// a transaction keeps it from BEGIN to COMMIT and nothing else can interleave.
import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

type Command = PostgresQueryResult<unknown>['command'];

const commandOf = (sqlText: string): Command => {
  const word = /^\s*(?:with\b[\s\S]*?\)\s*)?(\w+)/i.exec(sqlText)?.[1]?.toUpperCase();
  return word === 'INSERT' || word === 'UPDATE' || word === 'DELETE' || word === 'MERGE' ? word : 'SELECT';
};

export class PGlitePool implements PostgresPool {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly pg: PGlite) {}

  /** Waits for the connection, then holds it until the returned release is called. */
  private async acquire(): Promise<() => void> {
    let release!: () => void;
    const previous = this.tail;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    return release;
  }

  /**
   * One query under the same lock as Kysely's borrowers (pg-boss's `db.executeSql`). Without values it
   * runs through the simple protocol, which takes several statements; the rows of all of them are
   * returned together, as pg-boss reads the rows of its multi-statement commands.
   */
  async execute(text: string, values?: readonly unknown[]): Promise<{ rows: unknown[]; rowCount: number }> {
    const release = await this.acquire();
    try {
      if (!values || values.length === 0) {
        const results = await this.pg.exec(text);
        const rows = results.flatMap((result) => result.rows);
        return { rows, rowCount: results.at(-1)?.affectedRows ?? rows.length };
      }
      const result = await this.pg.query(text, [...values]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    } finally {
      release();
    }
  }

  async connect(): Promise<PostgresPoolClient> {
    const release = await this.acquire();
    const pg = this.pg;
    let released = false;
    const client = {
      async query<R>(sqlText: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
        // Without parameters use the simple protocol, which (like pg) accepts several statements.
        const result = parameters.length === 0 ? (await pg.exec(sqlText)).at(-1) : await pg.query<R>(sqlText, [...parameters]);
        const rows = (result?.rows ?? []) as R[];
        return { command: commandOf(sqlText), rowCount: result?.affectedRows ?? rows.length, rows };
      },
      release() {
        if (!released) {
          released = true;
          release();
        }
      },
    };
    return client as unknown as PostgresPoolClient;
  }

  async end(): Promise<void> {
    await this.tail;
  }
}
