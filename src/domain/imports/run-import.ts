// Runs one import, all or nothing. Pass 1 reads and checks every row outside any transaction, so
// progress (rows_done) is visible while it runs and a `reject_file` import stops before writing; it
// stages the valid rows in the database (staging.ts). Pass 2 reads the staged rows inside ONE
// transaction and writes them in chunks with the contacts' set-based upsert, fetching the next chunk
// while the database writes the last; the import's final state is written in that same transaction, so
// a crash leaves all of it or none of it. A dry run does the same and rolls back.
import { sql } from 'kysely';
import type { CountryCode } from 'libphonenumber-js';
import type { Logger } from 'pino';
import type { Database, Db, Import } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../access/index.ts';
import { recordAudit } from '../audit/index.ts';
import type { ImportCountsView } from '../views.ts';
import { BatchChannel } from './channel.ts';
import { type CheckOptions, checkRows } from './check-rows.ts';
import { loadImportAttributes } from './imports.ts';
import { type ContactField, ImportMapping, inHeaderOrder } from './mapping.ts';
import { problemLine } from './report.ts';
import { clearStagedRows, parseBatch, readStagedRows, type StagedRow, StagedRowsWriter } from './staging.ts';
import type { Problem, ValidationContext } from './validate-row.ts';
import { ContactRowsWriter } from './write-rows.ts';

/** The fields whose cells a problem found while writing quotes (account names and the references and keys the contact rules resolve). */
const QUOTED_FIELDS: readonly ContactField[] = [
  'externalId',
  'email',
  'ownerEmail',
  'ownerExternalId',
  'unitName',
  'unitExternalId',
  'accountExternalId',
  'accountName',
];
/** Advisory-lock namespace: one runner per import across processes (PostgreSQL). */
const LOCK_CLASS = 72_166;

const runningHere = new Set<string>();

class Stop extends Error {
  constructor(readonly outcome: 'rejected' | 'dry_run') {
    super(outcome);
  }
}

interface Loaded {
  validation: ValidationContext;
  unitIdByName: Map<string, string>;
  rootUnitId: string;
}

/**
 * Runs the import unless it has finished or another runner has it. `final` says pg-boss will not
 * retry: an unexpected error then marks the import failed instead of queued for the retry.
 */
export async function runImport(database: Database, importId: string, logger: Logger, attempt: { final: boolean }): Promise<void> {
  if (database.kind === 'pglite') {
    // One process owns a PGlite data folder; a set is enough.
    if (runningHere.has(importId)) return;
    runningHere.add(importId);
    try {
      await run(database, importId, logger, attempt);
    } finally {
      runningHere.delete(importId);
    }
    return;
  }
  // A session advisory lock on a connection of its own: released by PostgreSQL if this process dies.
  await database.db.connection().execute(async (conn) => {
    const got = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${LOCK_CLASS}, hashtext(${importId})) as ok`.execute(conn);
    if (!got.rows[0]?.ok) return;
    try {
      await run(database, importId, logger, attempt);
    } finally {
      await sql`select pg_advisory_unlock(${LOCK_CLASS}, hashtext(${importId}))`.execute(conn);
    }
  });
}

/** Imports a killed process left queued or running (no live runner holds them), to be queued again. */
export async function unfinishedImports(database: Database): Promise<string[]> {
  const rows = await database.db
    .selectFrom('imports')
    .select('id')
    .where('status', 'in', ['queued', 'running'])
    .where('file_size', 'is not', null)
    .orderBy('created_at')
    .execute();
  if (database.kind === 'pglite') return rows.map((row) => row.id);
  return database.db.connection().execute(async (conn) => {
    const free: string[] = [];
    for (const { id } of rows) {
      const got = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${LOCK_CLASS}, hashtext(${id})) as ok`.execute(conn);
      if (got.rows[0]?.ok) {
        free.push(id);
        await sql`select pg_advisory_unlock(${LOCK_CLASS}, hashtext(${id}))`.execute(conn);
      }
    }
    return free;
  });
}

async function run(database: Database, importId: string, logger: Logger, attempt: { final: boolean }): Promise<void> {
  const { db } = database;
  const row = await db.selectFrom('imports').selectAll().where('id', '=', importId).executeTakeFirst();
  if (!row || row.file_size === null || (row.status !== 'queued' && row.status !== 'running')) return;
  await db
    .updateTable('imports')
    .set({ status: 'running', started_at: sql`now()`, rows_done: 0, rows_total: null, error: null, updated_at: sql`now()` })
    .where('id', '=', importId)
    .execute();
  try {
    await work(database, row, logger);
    // Staged rows outlive a finished import only when it wrote nothing (rejected, a dry run, a failure).
    await clearStagedRows(db, importId);
  } catch (error) {
    const expected = error instanceof AppError;
    const message = expected ? error.message : `Unexpected error: ${(error as Error).message}`;
    const retry = !expected && !attempt.final;
    await db
      .updateTable('imports')
      .set({ status: retry ? 'queued' : 'failed', error: message, finished_at: retry ? null : sql`now()`, updated_at: sql`now()` })
      .where('id', '=', importId)
      .execute();
    await clearStagedRows(db, importId);
    if (!expected) throw error;
    logger.warn({ importId, err: error }, 'import failed');
  }
}

async function work(database: Database, row: Import, logger: Logger): Promise<void> {
  const { db } = database;
  const started = Date.now();
  const actor = row.actor as Actor;
  const mapping = ImportMapping.parse(inHeaderOrder(row.mapping as ImportMapping, row.headers as string[]));
  const loaded = await loadContext(db, actor, row.unknown_owners);
  const delimiter = (row.delimiter as ',' | ';' | '\t' | null) ?? ',';
  const columnByField = new Map(Object.entries(mapping.columns).map(([column, field]) => [field, column]));
  const check = (onValidRows: CheckOptions['onValidRows']) =>
    checkRows(db, row, {
      mapping,
      validation: loaded.validation,
      delimiter,
      quotedColumns: QUOTED_FIELDS.flatMap((field) => columnByField.get(field) ?? []),
      onValidRows,
      onlyWhileClean: row.policy === 'reject_file',
    });
  type Checked = Awaited<ReturnType<typeof check>>;
  let writer: ContactRowsWriter | undefined;
  const finish = (handle: Db, status: 'succeeded' | 'rejected', checked: Checked) => {
    const problems = writer?.problems ?? [];
    const counts: ImportCountsView = {
      ...checked.counts,
      created: writer?.created ?? 0,
      updated: writer?.updated ?? 0,
      unchanged: writer?.unchanged ?? 0,
      skipped: checked.counts.invalid + checked.counts.duplicates + problems.length,
    };
    return handle
      .updateTable('imports')
      .set({
        status,
        counts: JSON.stringify(counts),
        problem_count: checked.problemCount + problems.length,
        report_csv: reportCsv(checked.reportCsv, problems, delimiter),
        finished_at: sql`now()`,
        updated_at: sql`now()`,
      })
      .where('id', '=', row.id)
      .execute()
      .then(() => counts);
  };
  const logChecked = (checked: Checked) => logger.info({ importId: row.id, rows: checked.counts.rowsRead, ms: Date.now() - started }, 'import checked');

  // Where the writing can run while the check goes on (PostgreSQL, `skip_bad_rows`: a bad row never
  // stops the import), the checked rows go straight to the writing transaction on its own connection:
  // this process checks while the server writes. Otherwise the check ends first, staging the valid rows.
  const streamed = database.kind === 'postgres' && row.policy === 'skip_bad_rows';
  let staged: { checked: Checked; batches: number } | undefined;
  if (!streamed) {
    await clearStagedRows(db, row.id);
    const store = new StagedRowsWriter(db, row.id);
    try {
      const checked = await check((rows) => store.add(rows));
      staged = { checked, batches: await store.finish() };
    } finally {
      await store.settle();
    }
    logChecked(staged.checked);
    if (row.policy === 'reject_file' && staged.checked.counts.invalid + staged.checked.counts.duplicates > 0) {
      await finish(db, 'rejected', staged.checked);
      return;
    }
  }

  // Pass 2: write the valid rows in one transaction.
  let checked: Checked | undefined = staged?.checked;
  try {
    await db.transaction().execute(async (trx) => {
      const rowsWriter = new ContactRowsWriter(trx, { actor, unknownOwners: row.unknown_owners, ...loaded, columnByField });
      writer = rowsWriter;
      if (staged) {
        // PGlite has one connection, held by this transaction; on PostgreSQL the staged rows are read on
        // another connection so that reading them does not queue behind the writes.
        for await (const lines of readStagedRows(database.kind === 'postgres' ? db : trx, row.id, staged.batches)) await rowsWriter.write(parseBatch(lines));
      } else {
        // The batches stay objects here: they never leave the process, and two at most are held.
        const channel = new BatchChannel<StagedRow[]>(2);
        const checking = check((rows) => channel.push(rows)).then(
          (result) => {
            channel.close();
            return result;
          },
          (error: unknown) => {
            channel.close({ error });
            throw error;
          },
        );
        try {
          for await (const rows of channel) await rowsWriter.write(rows);
        } catch (error) {
          // The check stops too once the writing has (or it stopped first, and this is its error).
          await checking.catch(() => undefined);
          throw error;
        }
        checked = await checking;
        logChecked(checked);
      }
      logger.info({ importId: row.id, rows: rowsWriter.written, ms: Date.now() - started }, 'import written');
      if (row.policy === 'reject_file' && rowsWriter.problems.length > 0) throw new Stop('rejected');
      if (row.dry_run) throw new Stop('dry_run');
      const counts = await finish(trx, 'succeeded', checked as Checked);
      await recordAudit(trx, actor, {
        workspaceId: actor.workspaceId,
        action: 'contacts.imported',
        targetType: 'import',
        targetId: row.id,
        after: { fileName: row.file_name, ...counts, written: rowsWriter.written, accountsCreated: rowsWriter.accountsCreated },
      });
      if (staged) await clearStagedRows(trx, row.id);
    });
  } catch (error) {
    if (!(error instanceof Stop) || !checked) throw error;
    await finish(db, error.outcome === 'rejected' ? 'rejected' : 'succeeded', checked);
  }
}

async function loadContext(db: Db, actor: Actor, unknownOwners: ValidationContext['unknownOwners']): Promise<Loaded> {
  const [attributes, members, units, workspace] = await Promise.all([
    loadImportAttributes(db, actor.workspaceId),
    db.selectFrom('members').select(['email', 'external_id']).where('workspace_id', '=', actor.workspaceId).execute(),
    db.selectFrom('units').select(['id', 'external_id', 'name', 'parent_id']).where('workspace_id', '=', actor.workspaceId).execute(),
    sql<{ country: string | null }>`select settings ->> 'defaultCountry' as country from workspaces where id = ${actor.workspaceId}`.execute(db),
  ]);
  const unitIdByName = new Map<string, string>();
  for (const unit of units) if (!unitIdByName.has(unit.name.toLocaleLowerCase())) unitIdByName.set(unit.name.toLocaleLowerCase(), unit.id);
  const root = units.find((unit) => unit.parent_id === null);
  if (!root) throw new AppError('internal', 'The workspace has no root unit.');
  return {
    validation: {
      attributes,
      knownOwners: {
        byEmail: new Set(members.flatMap((m) => (m.email ? [m.email.toLowerCase()] : []))),
        byExternalId: new Set(members.flatMap((m) => (m.external_id ? [m.external_id] : []))),
      },
      knownUnits: {
        byExternalId: new Set(units.flatMap((u) => (u.external_id ? [u.external_id] : []))),
        byName: new Set(units.map((u) => u.name)),
      },
      defaultPhoneCountry: (workspace.rows[0]?.country ?? 'DK') as CountryCode,
      unknownOwners,
    },
    unitIdByName,
    rootUnitId: root.id,
  };
}

function reportCsv(checkedCsv: string, writeProblems: Problem[], delimiter: ',' | ';' | '\t'): string {
  const lines = [checkedCsv];
  for (const problem of writeProblems) lines.push(problemLine(problem, delimiter));
  // Stored without the BOM (PGlite's text decoding drops a leading one); importReport adds it back.
  return lines.join('').replace(/^\uFEFF/, '');
}
