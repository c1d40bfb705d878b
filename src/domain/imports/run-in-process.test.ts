// The import job's process (run-in-process.ts): on PostgreSQL a runner process of its own runs the
// import to the end and reports its peak RSS; a runner that dies without answering fails the import on
// the last attempt (and leaves it for the retry otherwise). Small files, and every file on PGlite, are
// imported in this process. The runner is asked for from 0 bytes here, so the test files stay small.
import { Readable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, onPostgres, type TestDatabase } from '../../../test/support/database.ts';
import { crmExportCsv } from '../../../test/support/imports.ts';
import { migrate } from '../../db/index.ts';
import type { ApiKeyActor } from '../access/index.ts';
import { issueApiKey } from '../api-keys/index.ts';
import { createWorkspace } from '../workspaces/index.ts';
import { createImport, runImportJob } from './index.ts';

const logger = pino({ level: 'silent' });
const MAPPING = { version: 1, columns: { Kundenummer: 'externalId', 'E-mail': 'email', Fornavn: 'firstName', Efternavn: 'lastName' } };

let t: TestDatabase;
let actor: ApiKeyActor;

beforeAll(async () => {
  t = await createTestDatabase();
  await migrate(t.database);
  const db = t.database.db;
  const user = await db
    .insertInto('users')
    .values({ email: 'owner@anbefal.test', name: 'Owner', password_hash: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const system = { kind: 'system', label: 'test' } as const;
  const { workspaceId } = await createWorkspace(db, { name: 'Runner A/S', owner: { userId: user.id, name: 'Owner', email: 'owner@anbefal.test' } }, system);
  const key = await issueApiKey(db, { workspaceId, name: 'import', scope: 'write', createdBy: null }, system);
  actor = { kind: 'api_key', workspaceId, keyId: key.id, scope: 'write', label: 'import' };
});
afterAll(async () => {
  await t.drop();
});

async function upload(rows: number): Promise<string> {
  const { row } = await createImport(t.database.db, actor, {
    fileName: 'crm.csv',
    file: Readable.from([Buffer.from(crmExportCsv(rows))]),
    options: async () => ({ mapping: MAPPING, policy: 'skip_bad_rows', unknownOwners: 'report', dryRun: false }),
  });
  return row.id;
}

const stored = (id: string) => t.database.db.selectFrom('imports').select(['status', 'error', 'counts']).where('id', '=', id).executeTakeFirstOrThrow();

describe(`runImportJob (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  it(`runs the import to the end${onPostgres ? ' in a runner process, which reports its peak RSS' : ' in this process'}`, async () => {
    const id = await upload(3_000);
    const result = await runImportJob(t.database, id, logger, { final: true }, { heapMb: 96, runnerFromBytes: 0 });
    expect(await stored(id)).toMatchObject({ status: 'succeeded', error: null, counts: { created: 3_000 } });
    if (onPostgres) expect(result.peakRss).toBeGreaterThan(0);
    else expect(result).toEqual({});
  });

  it('imports a file smaller than RUNNER_FROM_BYTES in this process', async () => {
    const id = await upload(100);
    expect(await runImportJob(t.database, id, logger, { final: true }, { heapMb: 96 })).toEqual({});
    expect(await stored(id)).toMatchObject({ status: 'succeeded', counts: { valid: 100 } });
  });

  it.runIf(onPostgres)('fails the import on the last attempt when its runner dies without answering, and leaves it to the retry before', async () => {
    // A runner that cannot start stands in for one killed by the heap bound: both end without an answer.
    const broken = { heapMb: 96, runnerFromBytes: 0, nodeOptions: ['--require', '/nonexistent/anbefal-runner-preload.cjs'] };
    const id = await upload(10);
    await expect(runImportJob(t.database, id, logger, { final: false }, broken)).rejects.toThrow(/without finishing.*IMPORT_HEAP_MB/);
    expect(await stored(id)).toMatchObject({ status: 'queued', error: null });
    await expect(runImportJob(t.database, id, logger, { final: true }, broken)).rejects.toThrow(/exit code 1/);
    expect(await stored(id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/^Unexpected error: the import's process ended \(exit code 1\)/) });
  });
});
