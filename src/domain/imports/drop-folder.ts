// The import drop folder: a file put into <root>/<workspace id>/incoming (typically a nightly CRM export
// delivered over SFTP) is imported with the workspace's drop-folder mapping, then moved to done/ or
// failed/ with its report beside it. A file is claimed by renaming it into processing/ under a unique
// name, and the import records that name in the very insert that creates it: after a crash a claimed
// file either has its import (wait for it, then move the file) or certainly has none (import it now),
// so no file is lost or imported twice. One scan at a time across all processes (an advisory lock).

import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Database, Db, Import } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import type { SystemActor } from '../access/index.ts';
import { createImport } from './imports.ts';
import { dropFolderMapping } from './mappings.ts';
import { csvLine, REPORT_COLUMNS } from './report.ts';

export const DROP_SUBFOLDERS = { incoming: 'incoming', processing: 'processing', done: 'done', failed: 'failed' } as const;

/** Advisory-lock key of the scan (one scanner per database, whatever path each process mounts). */
const LOCK_CLASS = 72_167;
const scanningHere = new Set<Database>();
const FINISHED: readonly Import['status'][] = ['succeeded', 'failed', 'rejected'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** processing/<claim>--<original name>; the claim (UTC time + random) also makes collisions unique. */
const CLAIMED = /^(\d{8}T\d{6}Z-[0-9a-f]{6})--(.+)$/;
/** Names uploads carry while they are written (SFTP clients, WinSCP, rsync's dot files). */
const IN_PROGRESS = /^\.|\.(tmp|part|filepart)$/i;

export interface DropFolderScan {
  database: Database;
  /** IMPORT_DROP_DIR */
  root: string;
  logger: Logger;
  /** A file is complete once it has not been modified for this long. */
  quietSeconds: number;
  /** Queues the import job for a new import. */
  queueImport(importId: string): Promise<void>;
}

export interface DropFolderScanResult {
  /** False when another scan held the lock; this one did nothing. */
  scanned: boolean;
  /** <workspace>/<claimed name> of the files whose import was created and queued. */
  queued: string[];
  /** <workspace>/<name> of the files moved to done/ or failed/. */
  done: string[];
  failed: string[];
}

export const dropFolderActor = (workspaceId: string): SystemActor => ({ kind: 'system', workspaceId, label: 'Import drop folder' });

/** Imports complete files from every workspace's incoming/ and moves finished ones out of processing/. */
export async function scanDropFolder(scan: DropFolderScan): Promise<DropFolderScanResult> {
  const result: DropFolderScanResult = { scanned: false, queued: [], done: [], failed: [] };
  const run = async () => {
    result.scanned = true;
    await scanAll(scan, result);
  };
  const { database } = scan;
  if (database.kind === 'pglite') {
    // One process owns a PGlite data folder; a set is enough.
    if (scanningHere.has(database)) return result;
    scanningHere.add(database);
    try {
      await run();
    } finally {
      scanningHere.delete(database);
    }
    return result;
  }
  // A session lock on a connection of its own: released by PostgreSQL if this process dies.
  await database.db.connection().execute(async (conn) => {
    const got = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${LOCK_CLASS}, 0) as ok`.execute(conn);
    if (!got.rows[0]?.ok) return;
    try {
      await run();
    } finally {
      await sql`select pg_advisory_unlock(${LOCK_CLASS}, 0)`.execute(conn);
    }
  });
  return result;
}

async function scanAll(scan: DropFolderScan, result: DropFolderScanResult): Promise<void> {
  const db = scan.database.db;
  // The folders of workspaces that chose a drop-folder mapping exist, so the uploader knows where to put files.
  const configured = await db.selectFrom('import_mappings').select('workspace_id').where('drop_folder_policy', 'is not', null).execute();
  for (const { workspace_id } of configured) await fs.mkdir(path.join(scan.root, workspace_id, DROP_SUBFOLDERS.incoming), { recursive: true });
  let entries: string[];
  try {
    entries = (await fs.readdir(scan.root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const ids = entries.filter((name) => UUID.test(name));
  const known = new Set(ids.length === 0 ? [] : (await db.selectFrom('workspaces').select('id').where('id', 'in', ids).execute()).map((w) => w.id));
  for (const name of entries) {
    if (!known.has(name.toLowerCase())) {
      scan.logger.warn({ folder: path.join(scan.root, name) }, 'the drop folder names no workspace (expected a workspace id); its files are left alone');
      continue;
    }
    await scanWorkspace(scan, name.toLowerCase(), name, result);
  }
}

async function scanWorkspace(scan: DropFolderScan, workspaceId: string, folder: string, result: DropFolderScanResult): Promise<void> {
  const db = scan.database.db;
  const dir = (sub: string) => path.join(scan.root, folder, sub);
  // Files claimed earlier: their import is running or finished, or a crash interrupted their claim.
  for (const name of await regularFiles(dir(DROP_SUBFOLDERS.processing))) {
    if (!CLAIMED.test(name)) {
      scan.logger.warn({ file: path.join(dir(DROP_SUBFOLDERS.processing), name) }, 'a file in processing/ that the drop folder did not claim; left alone');
      continue;
    }
    const row = await db.selectFrom('imports').selectAll().where('workspace_id', '=', workspaceId).where('drop_file', '=', name).executeTakeFirst();
    if (row && row.file_size !== null) {
      if (FINISHED.includes(row.status)) await finish(scan, folder, name, row, result);
      continue;
    }
    // No import, or one whose upload a crash cut short: start over (the partial upload goes with its row).
    if (row) await db.deleteFrom('imports').where('id', '=', row.id).execute();
    await importClaimed(scan, workspaceId, folder, name, result);
  }
  const quietSince = Date.now() - scan.quietSeconds * 1000;
  for (const name of await regularFiles(dir(DROP_SUBFOLDERS.incoming))) {
    if (IN_PROGRESS.test(name)) continue;
    const stat = await fs.stat(path.join(dir(DROP_SUBFOLDERS.incoming), name)).catch(() => null);
    if (!stat?.isFile() || stat.mtimeMs > quietSince) continue;
    const claimed = `${claimStamp()}--${name}`;
    await fs.mkdir(dir(DROP_SUBFOLDERS.processing), { recursive: true });
    try {
      await fs.rename(path.join(dir(DROP_SUBFOLDERS.incoming), name), path.join(dir(DROP_SUBFOLDERS.processing), claimed));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    await importClaimed(scan, workspaceId, folder, claimed, result);
  }
}

/** Creates the import of a claimed file (the file streams into the database) and queues it; a file that cannot be imported goes to failed/. */
async function importClaimed(scan: DropFolderScan, workspaceId: string, folder: string, claimed: string, result: DropFolderScanResult): Promise<void> {
  const db = scan.database.db;
  const file = path.join(scan.root, folder, DROP_SUBFOLDERS.processing, claimed);
  const use = await dropFolderMapping(db, workspaceId);
  if (!use) {
    const message =
      'The drop folder of this workspace has no saved mapping to import with. Choose one: save a mapping with "dropFolder": { "policy": "skip_bad_rows", "unknownOwners": "report" } ' +
      '(POST /api/v1/import-mappings), then put the file into incoming/ again.';
    await moveOut(scan, db, folder, claimed, DROP_SUBFOLDERS.failed, errorReport(message), null, result);
    return;
  }
  try {
    const { row } = await createImport(db, dropFolderActor(workspaceId), {
      fileName: originalName(claimed),
      file: createReadStream(file),
      dropFile: claimed,
      options: async () => ({ mappingId: use.id, policy: use.policy, unknownOwners: use.unknownOwners, dryRun: false }),
    });
    scan.logger.info({ importId: row.id, file, mapping: use.name }, 'drop folder file imported as a queued import');
    result.queued.push(`${folder}/${claimed}`);
    await scan.queueImport(row.id);
  } catch (error) {
    // Anything else (the database gone) leaves the file claimed: the next scan tries again.
    if (!(error instanceof AppError)) throw error;
    const fields = error.details.errors ?? [];
    await moveOut(scan, db, folder, claimed, DROP_SUBFOLDERS.failed, errorReport(error.message, fields), null, result);
  }
}

async function finish(scan: DropFolderScan, folder: string, claimed: string, row: Import, result: DropFolderScanResult): Promise<void> {
  const report = row.report_csv === null ? errorReport(row.error ?? `The import ${row.status}.`) : `\uFEFF${row.report_csv}`;
  const target = row.status === 'succeeded' ? DROP_SUBFOLDERS.done : DROP_SUBFOLDERS.failed;
  await moveOut(scan, scan.database.db, folder, claimed, target, report, row.id, result);
}

/**
 * Writes the report, then moves the file beside it. The name is the original one, or with the claim's
 * time before the extension when done/ or failed/ already has that file; the choice depends only on
 * the data file, so a scan after a crash between the two steps picks the same name and overwrites
 * its own report. The import forgets the claimed name last (retention keeps imports that have one).
 */
async function moveOut(
  scan: DropFolderScan,
  db: Db,
  folder: string,
  claimed: string,
  target: string,
  report: string,
  importId: string | null,
  result: DropFolderScanResult,
): Promise<void> {
  const dir = path.join(scan.root, folder, target);
  await fs.mkdir(dir, { recursive: true });
  const original = originalName(claimed);
  const taken = await fs.stat(path.join(dir, original)).then(
    () => true,
    () => false,
  );
  const name = taken ? withSuffix(original, claimed.slice(0, claimed.indexOf('--'))) : original;
  const reportTmp = path.join(dir, `.${name}.report.csv.tmp`);
  await fs.writeFile(reportTmp, report);
  await fs.rename(reportTmp, path.join(dir, `${name}.report.csv`));
  await fs.rename(path.join(scan.root, folder, DROP_SUBFOLDERS.processing, claimed), path.join(dir, name));
  if (importId) await db.updateTable('imports').set({ drop_file: null }).where('id', '=', importId).execute();
  scan.logger.info({ file: path.join(dir, name), importId }, `drop folder file moved to ${target}/`);
  (target === DROP_SUBFOLDERS.done ? result.done : result.failed).push(`${folder}/${name}`);
}

/** A report for a file that could not be imported at all: the report's columns, one line per problem. */
function errorReport(message: string, fields: { field: string; message: string }[] = []): string {
  const lines = [csvLine(REPORT_COLUMNS), csvLine(['', '', '', '', message, ''])];
  for (const problem of fields) lines.push(csvLine(['', '', problem.field, '', problem.message, '']));
  return `\uFEFF${lines.join('')}`;
}

async function regularFiles(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isFile() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

const claimStamp = () =>
  `${new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;

const originalName = (claimed: string) => CLAIMED.exec(claimed)?.[2] ?? claimed;

/** contacts.csv + 20261122T182500Z-a1b2c3 → contacts.20261122T182500Z-a1b2c3.csv */
function withSuffix(name: string, suffix: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)}.${suffix}${name.slice(dot)}` : `${name}.${suffix}`;
}

/** Whether any workspace's incoming/ or processing/ holds a file: work for a scan at start. */
export async function dropFolderHasFiles(root: string): Promise<boolean> {
  let folders: string[];
  try {
    folders = (await fs.readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  for (const folder of folders) {
    for (const sub of [DROP_SUBFOLDERS.incoming, DROP_SUBFOLDERS.processing]) {
      if ((await regularFiles(path.join(root, folder, sub))).length > 0) return true;
    }
  }
  return false;
}

/** Whether the import came from the drop folder and its file still waits in processing/ to be moved. */
export async function waitsInDropFolder(db: Db, importId: string): Promise<boolean> {
  const row = await db.selectFrom('imports').select('drop_file').where('id', '=', importId).executeTakeFirst();
  return row?.drop_file != null;
}
