// Retention of imports: uploaded files of imports finished long enough ago are deleted (the import and
// its report stay, and running it again answers 410), old imports go whole, uploads a crash cut short
// go after a day; nothing younger, unfinished or still waiting in the drop folder is touched.
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedApiKey, seedWorkspace, startTestApp, type TestApp, withApiKey } from '../../../test/support/app.ts';
import type { Import } from '../../db/index.ts';
import { applyImportRetention, createImport, dropFolderActor } from './index.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('import retention', () => {
  it('deletes old upload files, then old imports, and abandoned uploads; keeps everything else', async () => {
    const seeded = await seedWorkspace(t.database, 'Retention', 'retention@anbefal.test');
    const api = withApiKey(t.app, await seedApiKey(t.database, seeded.workspaceId, 'write'));
    const db = t.database.db;
    const actor = dropFolderActor(seeded.workspaceId);
    /** An import of a small file, then set to the given state, finished (or created) `daysAgo` days ago. */
    const importOf = async (name: string, status: Import['status'], daysAgo: number, extra: { drop_file?: string } = {}) => {
      const { row } = await createImport(db, actor, {
        fileName: `${name}.csv`,
        file: Readable.from([Buffer.from(`Kundenummer;E-mail\r\n${name};${name}@example.dk\r\n`)]),
        options: async () => ({ policy: 'skip_bad_rows', unknownOwners: 'report', dryRun: false }),
      });
      const ago = sql<Date>`now() - make_interval(days => ${daysAgo})`;
      await db
        .updateTable('imports')
        .set({
          status,
          finished_at: status === 'queued' || status === 'running' ? null : ago,
          report_csv: 'row;column;field;value;problem;allowed\r\n',
          ...extra,
        })
        .where('id', '=', row.id)
        .execute();
      await sql`update imports set created_at = ${ago} where id = ${row.id}`.execute(db);
      return row.id;
    };
    const keepsFile = await importOf('fresh', 'succeeded', 29);
    const loosesFile = await importOf('month', 'succeeded', 31);
    const failedLoosesFile = await importOf('failed', 'failed', 40);
    const stillQueued = await importOf('queued', 'queued', 400);
    const old = await importOf('old', 'rejected', 366);
    const oldInDropFolder = await importOf('waiting', 'succeeded', 400, { drop_file: '20251122T010000Z-cccccc--waiting.csv' });
    const abandoned = await db
      .insertInto('imports')
      .values({
        workspace_id: seeded.workspaceId,
        created_by_type: 'system',
        actor: JSON.stringify(actor),
        file_name: 'cut.csv',
        format: 'csv',
        headers: '[]',
        mapping: '{}',
        policy: 'skip_bad_rows',
        unknown_owners: 'report',
        dry_run: false,
        status: 'queued',
        created_at: sql<Date>`now() - interval '25 hours'`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const uploading = await db
      .insertInto('imports')
      .values({
        workspace_id: seeded.workspaceId,
        created_by_type: 'system',
        actor: JSON.stringify(actor),
        file_name: 'now.csv',
        format: 'csv',
        headers: '[]',
        mapping: '{}',
        policy: 'skip_bad_rows',
        unknown_owners: 'report',
        dry_run: false,
        status: 'queued',
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    // Files: month, failed, old and waiting; imports: old (waiting's file is still in processing/).
    expect(await applyImportRetention(db, { fileDays: 30, importDays: 365 })).toEqual({ filesRemoved: 4, importsDeleted: 1, abandonedUploads: 1 });

    const rows = await db
      .selectFrom('imports')
      .select(['id', 'file_removed_at'])
      .select(sql<number>`(select count(*)::int from import_files f where f.import_id = imports.id)`.as('chunks'))
      .where('workspace_id', '=', seeded.workspaceId)
      .execute();
    const state = Object.fromEntries(rows.map((row) => [row.id, { removed: row.file_removed_at !== null, chunks: row.chunks }]));
    expect(state).toEqual({
      [keepsFile]: { removed: false, chunks: 1 },
      [loosesFile]: { removed: true, chunks: 0 },
      [failedLoosesFile]: { removed: true, chunks: 0 },
      [stillQueued]: { removed: false, chunks: 1 },
      [oldInDropFolder]: { removed: true, chunks: 0 },
      [uploading.id]: { removed: false, chunks: 0 },
    });
    expect(state[old]).toBeUndefined();
    expect(state[abandoned.id]).toBeUndefined();

    // The report stays; running the import again says why it cannot.
    expect((await api.get(`/api/v1/imports/${loosesFile}`)).json().fileRemovedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect((await api.get(`/api/v1/imports/${keepsFile}`)).json().fileRemovedAt).toBeNull();
    expect((await api.get(`/api/v1/imports/${loosesFile}/report.csv`)).statusCode).toBe(200);
    const rerun = await api.post(`/api/v1/imports/${loosesFile}/run`, { dryRun: true });
    expect(rerun.statusCode).toBe(410);
    expect(rerun.json()).toMatchObject({ code: 'import_file_removed' });
    expect(rerun.json().detail).toContain('upload the file again');
    expect((await api.post(`/api/v1/imports/${keepsFile}/run`, { dryRun: true })).statusCode).toBe(202);

    // A second run finds nothing more to do.
    expect(await applyImportRetention(db, { fileDays: 30, importDays: 365 })).toEqual({ filesRemoved: 0, importsDeleted: 0, abandonedUploads: 0 });
  });
});
