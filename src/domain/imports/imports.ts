// Imports as records: create one from an upload (file stored, header read, mapping checked), list,
// read, run again, and the report. The work itself is run-import.ts, started by the job queue.
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import type { Db, Import } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { type Actor, canImportContacts, ensure } from '../access/index.ts';
import { decodeCursor, toPage } from '../paging.ts';
import type { ImportCountsView, ImportDetailView, ImportListItemView, ImportProblemView, ImportSampleRowView, ImportView, Page } from '../views.ts';
import { readImportFile, storeImportFile } from './file-store.ts';
import { type AttributeDefinition, type ImportMapping, inHeaderOrder, parseMapping, suggestMapping } from './mapping.ts';
import { openImportFile } from './read-file.ts';

export interface NewImport {
  fileName: string;
  file: AsyncIterable<Buffer>;
  /** The claimed file in the drop folder's processing/, recorded by the insert that creates the import. */
  dropFile?: string;
  /** Reads the form fields sent with the file; called once the file is stored (fields may come after it). */
  options(): Promise<{ mapping?: unknown; mappingId?: string; policy: Import['policy']; unknownOwners: Import['unknown_owners']; dryRun: boolean }>;
}

export async function loadImportAttributes(db: Db, workspaceId: string): Promise<AttributeDefinition[]> {
  const rows = await db
    .selectFrom('attribute_definitions')
    .select(['key', 'label', 'type', 'allowed_values'])
    .where('workspace_id', '=', workspaceId)
    .execute();
  return rows.map((row) => ({
    key: row.key,
    label: row.label,
    type: row.type,
    ...(Array.isArray(row.allowed_values) && { allowedValues: row.allowed_values as string[] }),
  }));
}

/** Rows of the file returned with the upload, so people can see what a column holds while they map it. */
const SAMPLE_ROWS = 5;
/** Report lines returned with one import; the report CSV has them all. */
const FIRST_PROBLEMS = 20;

const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);

export function importView(row: Import): ImportView {
  const counts = row.counts as Partial<ImportCountsView>;
  return {
    id: row.id,
    fileName: row.file_name,
    fileSize: row.file_size,
    format: row.format,
    encoding: row.encoding,
    delimiter: row.delimiter,
    headers: row.headers as string[],
    mapping: inHeaderOrder(row.mapping as ImportMapping, row.headers as string[]),
    policy: row.policy,
    unknownOwners: row.unknown_owners,
    dryRun: row.dry_run,
    status: row.status,
    phase: row.status === 'running' ? (row.rows_total === null ? 'validating' : 'writing') : null,
    rowsTotal: row.rows_total,
    rowsDone: row.rows_done,
    counts: counts.rowsRead === undefined ? null : (counts as ImportCountsView),
    problemCount: row.problem_count,
    error: row.error,
    createdAt: new Date(row.created_at).toISOString(),
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    fileRemovedAt: iso(row.file_removed_at),
  };
}

/**
 * Stores the uploaded file, reads its header, checks the mapping (given, saved, or suggested) and
 * queues the import. A file that cannot be read or a mapping that does not fit removes the upload and
 * answers 400. Returns the import and the mapping suggested from the headers.
 */
export async function createImport(db: Db, actor: Actor, upload: NewImport): Promise<{ row: Import; suggested: ImportMapping; sample: ImportSampleRowView[] }> {
  ensure(canImportContacts(actor), 'import contacts');
  const placeholder = await db
    .insertInto('imports')
    .values({
      workspace_id: actor.workspaceId,
      created_by_type: actor.kind,
      created_by: actor.kind === 'user' ? actor.userId : actor.kind === 'api_key' ? actor.keyId : null,
      actor: JSON.stringify(actor),
      file_name: upload.fileName.slice(0, 500) || 'upload',
      format: 'csv',
      headers: '[]',
      mapping: '{}',
      policy: 'skip_bad_rows',
      unknown_owners: 'report',
      dry_run: false,
      status: 'queued',
      drop_file: upload.dropFile ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const importId = placeholder.id;
  try {
    const size = await storeImportFile(db, importId, upload.file);
    const options = await upload.options();
    const file = await openImportFile({ stream: readImportFile(db, importId), fileName: upload.fileName });
    const sample: ImportSampleRowView[] = [];
    try {
      for await (const fileRow of file.rows) {
        sample.push(fileRow);
        if (sample.length === SAMPLE_ROWS) break;
      }
    } finally {
      await file.close();
    }
    const attributes = await loadImportAttributes(db, actor.workspaceId);
    const suggested = suggestMapping(file.headers, attributes);
    let mapping: ImportMapping = suggested;
    if (options.mapping !== undefined) mapping = parseMapping(options.mapping, file.headers, attributes);
    else if (options.mappingId !== undefined) {
      const saved = await db
        .selectFrom('import_mappings')
        .select('mapping')
        .where('workspace_id', '=', actor.workspaceId)
        .where('id', '=', options.mappingId)
        .executeTakeFirst();
      if (!saved) throw AppError.invalid('body.mappingId', 'names no saved mapping of this workspace; list them with GET /api/v1/import-mappings');
      mapping = parseMapping(saved.mapping, file.headers, attributes);
    }
    const row = await db
      .updateTable('imports')
      .set({
        file_size: size,
        format: file.format,
        encoding: file.encoding ?? null,
        delimiter: file.delimiter ?? null,
        headers: JSON.stringify(file.headers),
        mapping: JSON.stringify(mapping),
        policy: options.policy,
        unknown_owners: options.unknownOwners,
        dry_run: options.dryRun,
        updated_at: sql`now()`,
      })
      .where('id', '=', importId)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { row, suggested, sample };
  } catch (error) {
    await db.deleteFrom('imports').where('id', '=', importId).execute();
    throw error;
  }
}

/** Another workspace's import is 404 for everyone; a visible one 403 for those who may not import. */
async function findImport(db: Db, actor: Actor, id: string, action: string): Promise<Import> {
  const row = await db
    .selectFrom('imports')
    .selectAll()
    .where('workspace_id', '=', actor.workspaceId)
    .where('id', '=', id)
    .where('file_size', 'is not', null)
    .executeTakeFirst();
  if (!row) throw AppError.notFound('import');
  ensure(canImportContacts(actor), action);
  return row;
}

export async function getImport(db: Db, actor: Actor, id: string): Promise<ImportDetailView> {
  const row = await findImport(db, actor, id, 'see contact imports');
  return { ...importView(row), problems: firstProblems(row) };
}

/** The first lines of the stored report, read back with the delimiter it was written with. */
function firstProblems(row: Import): ImportProblemView[] {
  if (!row.report_csv) return [];
  const lines: string[][] = parse(row.report_csv, { delimiter: row.delimiter ?? ',', from_line: 2, to: FIRST_PROBLEMS, relax_column_count: true });
  // csvLine put an apostrophe before values a spreadsheet would run as formulas; a web page shows them as they were.
  const text = (cell: string | undefined) => (cell ?? '').replace(/^'(?=[=+\-@\t\r])/, '');
  return lines.map(([row, column, field, value, problem, allowed]) => ({
    row: row ? Number(row) : null,
    column: text(column),
    field: text(field),
    value: text(value),
    problem: text(problem),
    allowed: text(allowed),
  }));
}

export async function listImports(db: Db, actor: Actor, query: { limit: number; cursor?: string }): Promise<Page<ImportListItemView>> {
  ensure(canImportContacts(actor), 'see contact imports');
  let q = db
    .selectFrom('imports')
    .selectAll()
    .select(sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('cursor_at'))
    .select(
      sql<string | null>`case created_by_type
        when 'user' then (select name from users where users.id = imports.created_by)
        when 'api_key' then (select name from api_keys where api_keys.id = imports.created_by)
        else imports.actor ->> 'label' end`.as('uploaded_by'),
    )
    .where('workspace_id', '=', actor.workspaceId)
    .where('file_size', 'is not', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1);
  const after = decodeCursor(query.cursor, ['timestamp', 'uuid']);
  if (after) {
    const [at, id] = after as [string, string];
    q = q.where(sql<boolean>`(created_at, id) < (${at}::timestamptz, ${id}::uuid)`);
  }
  const rows = await q.execute();
  return toPage(
    rows,
    query.limit,
    (row) => [row.cursor_at, row.id],
    (row) => ({ ...importView(row), uploadedBy: { kind: row.created_by_type, name: row.uploaded_by } }),
  );
}

export interface RerunOptions {
  dryRun: boolean;
  /** A corrected mapping, checked against the file's headers; the stored one when absent. */
  mapping?: unknown;
  policy?: Import['policy'];
  unknownOwners?: Import['unknown_owners'];
}

/**
 * Queues a finished import again with the same file: a dry run for real (`dryRun: false`), a dry run
 * again with a corrected mapping or policy, or a re-run after a failure or a fix in the workspace (an
 * owner created, an attribute defined).
 */
export async function rerunImport(db: Db, actor: Actor, id: string, options: RerunOptions): Promise<Import> {
  const found = await findImport(db, actor, id, 'run contact imports');
  if (found.file_removed_at !== null) {
    throw new AppError(
      'import_file_removed',
      `The file of this import was deleted on ${new Date(found.file_removed_at).toISOString().slice(0, 10)} (uploads are kept for a limited time after the import finished); upload the file again to import it. Its report is still available.`,
    );
  }
  if (found.status === 'queued' || found.status === 'running') {
    throw new AppError('conflict', `The import is ${found.status}; wait until it has finished, then run it again.`);
  }
  const mapping =
    options.mapping === undefined ? undefined : parseMapping(options.mapping, found.headers as string[], await loadImportAttributes(db, actor.workspaceId));
  return db
    .updateTable('imports')
    .set({
      status: 'queued',
      dry_run: options.dryRun,
      ...(mapping !== undefined && { mapping: JSON.stringify(mapping) }),
      ...(options.policy !== undefined && { policy: options.policy }),
      ...(options.unknownOwners !== undefined && { unknown_owners: options.unknownOwners }),
      rows_done: 0,
      rows_total: null,
      counts: '{}',
      problem_count: 0,
      report_csv: null,
      error: null,
      started_at: null,
      finished_at: null,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .where('status', '=', found.status)
    .returningAll()
    .executeTakeFirstOrThrow(() => new AppError('conflict', 'The import was started again at the same moment; reload it.'));
}

/** The validation report as CSV text, once the import has checked its rows. */
export async function importReport(db: Db, actor: Actor, id: string): Promise<{ fileName: string; csv: string }> {
  const found = await findImport(db, actor, id, 'download import reports');
  if (found.report_csv === null) {
    throw new AppError('conflict', `The import is ${found.status} and has no report yet; its report is ready when it has finished.`);
  }
  return { fileName: `${found.file_name.replace(/\.[^.]*$/, '')}-report.csv`, csv: `\uFEFF${found.report_csv}` };
}
