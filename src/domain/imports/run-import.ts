// Runs one import, all or nothing. Pass 1 reads and checks every row outside any transaction, so
// progress (rows_done) is visible while it runs and a `reject_file` import stops before writing.
// Pass 2 reads the file again inside ONE transaction and writes the rows pass 1 marked (a bitmap of row
// numbers) in chunks with the contacts' set-based upsert, checking the next chunk while the database
// writes the last; the import's final state is written in that same transaction, so a crash leaves all
// of it or none of it. A dry run does the same and rolls back.
import { sql } from 'kysely';
import type { CountryCode } from 'libphonenumber-js';
import type { Logger } from 'pino';
import type { Database, Db, Import } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../access/index.ts';
import { recordAudit } from '../audit/index.ts';
import { applyContactPlan, type ContactInput, planContacts } from '../contacts/index.ts';
import type { ImportCountsView } from '../views.ts';
import { checkRows } from './check-rows.ts';
import { readImportFile } from './file-store.ts';
import { loadImportAttributes } from './imports.ts';
import { linkAccounts } from './link-accounts.ts';
import { ImportMapping, inHeaderOrder } from './mapping.ts';
import { openImportFile } from './read-file.ts';
import { csvField } from './report.ts';
import { type ContactImportRecord, type Problem, type ValidationContext, validateRow } from './validate-row.ts';

/** Rows per set-based write inside the import's transaction. */
const CHUNK_ROWS = 2_000;
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
  } catch (error) {
    const expected = error instanceof AppError;
    const message = expected ? error.message : `Unexpected error: ${(error as Error).message}`;
    const retry = !expected && !attempt.final;
    await db
      .updateTable('imports')
      .set({ status: retry ? 'queued' : 'failed', error: message, finished_at: retry ? null : sql`now()`, updated_at: sql`now()` })
      .where('id', '=', importId)
      .execute();
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

  const checked = await checkRows(db, row, mapping, loaded.validation, delimiter);
  logger.info({ importId: row.id, rows: checked.counts.rowsRead, ms: Date.now() - started }, 'import checked');
  const counts: ImportCountsView = { ...checked.counts, created: 0, updated: 0, unchanged: 0, skipped: checked.counts.invalid + checked.counts.duplicates };
  const writeProblems: Problem[] = [];
  const finish = (handle: Db, status: 'succeeded' | 'rejected') =>
    handle
      .updateTable('imports')
      .set({
        status,
        counts: JSON.stringify(counts),
        problem_count: checked.problemCount + writeProblems.length,
        report_csv: reportCsv(checked.reportCsv, writeProblems, delimiter),
        finished_at: sql`now()`,
        updated_at: sql`now()`,
      })
      .where('id', '=', row.id)
      .execute();
  if (row.policy === 'reject_file' && counts.skipped > 0) {
    await finish(db, 'rejected');
    return;
  }

  // Pass 2: write the valid rows in one transaction.
  const columnByField = new Map(Object.entries(mapping.columns).map(([column, field]) => [field, column]));
  try {
    await db.transaction().execute(async (trx) => {
      let written = 0;
      let accountsCreated = 0;
      let analyzeAt = 0;
      const write = async (rows: Pending[]) => {
        // The planner's statistics do not see the rows this transaction adds: without them it may probe
        // the contacts per key through the wrong index, reading every contact of the workspace per key.
        // ANALYZE counts this transaction's own rows; run before the first chunk and each time the
        // written rows double, it samples the table about ten times for a million rows.
        if (written >= analyzeAt) {
          await sql`analyze contacts`.execute(trx);
          analyzeAt = Math.max(2 * written, CHUNK_ROWS);
        }
        if (row.unknown_owners === 'create')
          await createOwners(
            trx,
            actor.workspaceId,
            loaded.rootUnitId,
            rows.map((r) => r.record),
          );
        const inputs = rows.map((r) => toContactInput(r.record, loaded.unitIdByName));
        const accounts = await linkAccounts(
          trx,
          actor,
          rows.map((r) => r.record),
          inputs,
        );
        accountsCreated += accounts.created;
        const ambiguous = new Set(accounts.problems.map((problem) => problem.index));
        const accountColumn = columnByField.get('accountName') ?? '';
        for (const problem of accounts.problems) {
          const source = rows[problem.index];
          writeProblems.push({
            rowNumber: source?.rowNumber ?? 0,
            column: accountColumn,
            field: 'accountName',
            value: source?.values[accountColumn] ?? '',
            message: problem.message,
            allowed: "a name only one account of the workspace has, or the account's external id",
          });
        }
        const kept = rows.filter((_, i) => !ambiguous.has(i));
        const plan = await planContacts(
          trx,
          actor,
          inputs.filter((_, i) => !ambiguous.has(i)),
          (i, name) => `${i}\u0000${name}`,
          // validateRow has already checked and normalised every field with the contact rules, and the
          // contacts are analyzed as they grow (above).
          { normalised: true, currentStatistics: true },
        );
        for (const problem of plan.problems) {
          const [index, name = ''] = problem.field.split('\u0000');
          const source = kept[Number(index)];
          const field = name === 'unitId' ? 'unitName' : name.startsWith('attributes.') ? `attr.${name.slice(11)}` : name;
          const column = columnByField.get(field as never) ?? '';
          writeProblems.push({
            rowNumber: source?.rowNumber ?? 0,
            column,
            field,
            value: source?.values[column] ?? '',
            // The contact rules speak of batch rows; name the file's rows instead.
            message: problem.message.replace(/row (\d+)/g, (_, i: string) => `row ${kept[Number(i)]?.rowNumber ?? i}`).replace('per batch', 'per file'),
            allowed: 'a value no other contact of the workspace has, or a reference to something that exists',
          });
        }
        await applyContactPlan(trx, actor.workspaceId, plan);
        counts.created += plan.creates.length;
        counts.updated += plan.updates.length;
        counts.unchanged += plan.items.length - plan.creates.length - plan.updates.length;
        written += rows.length;
      };
      // While one chunk is written, the next is read and checked: the database and this process work
      // at the same time. Chunks are written strictly in order (a row may match a contact an earlier
      // chunk created), and at most two are held.
      let chunk: Pending[] = [];
      let writing: Promise<void> | undefined;
      const flush = async () => {
        const rows = chunk;
        chunk = [];
        await writing;
        writing = rows.length > 0 ? write(rows) : undefined;
        // Awaited by the next flush or below; until then a failure must not count as unhandled.
        writing?.catch(() => undefined);
      };
      // PGlite has one connection, held by this transaction; on PostgreSQL the file is read on another
      // connection so that reading it does not queue behind the writes.
      const reread = await openImportFile({ stream: readImportFile(database.kind === 'postgres' ? db : trx, row.id), fileName: row.file_name });
      try {
        for await (const fileRow of reread.rows) {
          if (!checked.toWrite.has(fileRow.rowNumber)) continue;
          const result = validateRow(fileRow, mapping, loaded.validation);
          if (!result.ok) throw new AppError('internal', `Row ${fileRow.rowNumber} was valid when checked and is not now; run the import again.`);
          chunk.push({ rowNumber: fileRow.rowNumber, values: fileRow.values, record: result.record });
          if (chunk.length >= CHUNK_ROWS) await flush();
        }
        await flush();
        await writing;
      } finally {
        await reread.close();
        await writing?.catch(() => undefined);
      }
      logger.info({ importId: row.id, rows: written, ms: Date.now() - started }, 'import written');
      counts.skipped += writeProblems.length;
      if (row.policy === 'reject_file' && writeProblems.length > 0) throw new Stop('rejected');
      if (row.dry_run) throw new Stop('dry_run');
      await recordAudit(trx, actor, {
        workspaceId: actor.workspaceId,
        action: 'contacts.imported',
        targetType: 'import',
        targetId: row.id,
        after: { fileName: row.file_name, ...counts, written, accountsCreated },
      });
      await finish(trx, 'succeeded');
    });
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    await finish(db, error.outcome === 'rejected' ? 'rejected' : 'succeeded');
  }
}

interface Pending {
  rowNumber: number;
  values: Record<string, string>;
  record: ContactImportRecord;
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

function toContactInput(record: ContactImportRecord, unitIdByName: Map<string, string>): ContactInput {
  const unitId = record.unitName === undefined ? undefined : unitIdByName.get(record.unitName.toLocaleLowerCase());
  return {
    externalId: record.externalId,
    email: record.email,
    phone: record.phone,
    firstName: record.firstName,
    lastName: record.lastName,
    language: record.language,
    timeZone: record.timeZone,
    segment: record.segment,
    ownerEmail: record.ownerEmail,
    ownerExternalId: record.ownerEmail === undefined ? record.ownerExternalId : undefined,
    unitExternalId: record.unitExternalId,
    unitId,
    accountExternalId: record.accountExternalId,
    ...(record.consent !== undefined && { consent: record.consent ? 'granted' : 'withdrawn' }),
    ...(Object.keys(record.attributes).length > 0 && { attributes: record.attributes }),
  };
}

/** Under the `create` policy: unknown owners become members without login in the root unit. */
async function createOwners(trx: Db, workspaceId: string, rootUnitId: string, records: ContactImportRecord[]): Promise<void> {
  const wanted = new Map<string, { email: string | null; external_id: string | null }>();
  for (const record of records) {
    if (!record.newOwner) continue;
    if (record.ownerEmail !== undefined) wanted.set(`e:${record.ownerEmail}`, { email: record.ownerEmail, external_id: null });
    else if (record.ownerExternalId !== undefined) wanted.set(`x:${record.ownerExternalId}`, { email: null, external_id: record.ownerExternalId });
  }
  if (wanted.size === 0) return;
  await sql`insert into members (workspace_id, unit_id, name, email, external_id)
    select ${workspaceId}, ${rootUnitId}, left(coalesce(x.email, x.external_id), 200), x.email, x.external_id
    from jsonb_to_recordset(${JSON.stringify([...wanted.values()])}::jsonb) as x(email text, external_id text)
    on conflict do nothing`.execute(trx);
}

function reportCsv(checkedCsv: string, writeProblems: Problem[], delimiter: ',' | ';' | '\t'): string {
  const lines = [checkedCsv];
  for (const p of writeProblems) {
    lines.push(`${[String(p.rowNumber), p.column, p.field, p.value, p.message, p.allowed].map((cell) => csvField(cell, delimiter)).join(delimiter)}\r\n`);
  }
  // Stored without the BOM (PGlite's text decoding drops a leading one); importReport adds it back.
  return lines.join('').replace(/^\uFEFF/, '');
}
