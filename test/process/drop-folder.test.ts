// kill -9 while a file from the import drop folder is being imported: the file stays claimed in
// processing/, the restarted server finishes its one import and moves the file to done/ with its report.
// Servers get 90 s to become healthy: the test runs while other test files keep the CPU busy.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.ts';
import { dropFolderActor, saveImportMapping } from '../../src/domain/imports/index.ts';
import { onPostgres } from '../support/database.ts';
import { crmExportCsv, storedContacts } from '../support/imports.ts';
import {
  createProcessStore,
  freePort,
  PROCESS_TEST_TIMEOUT_MS,
  type ProcessStore,
  ServerProcess,
  seedStore,
  sleep,
  startServer,
  stopChildren,
  tempDir,
} from '../support/process.ts';

const ROWS = 20_000;

interface ImportItem {
  status: string;
  rowsDone: number;
}

describe(`drop folder crash (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  let store: ProcessStore | undefined;
  const drop = tempDir('anbefal-drop-');
  afterAll(async () => {
    await stopChildren();
    await store?.drop();
    drop.remove();
  });

  const imports = async (server: ServerProcess, key: string): Promise<ImportItem[]> => {
    const response = await server.fetch('/api/v1/imports', { key }).catch((error: Error) => {
      throw new Error(`${error.message}\n${server.describe()}`);
    });
    expect(response.status, server.describe()).toBe(200);
    return ((await response.json()) as { items: ImportItem[] }).items;
  };

  it('imports a claimed file exactly once after SIGKILL and moves it to done/', async () => {
    store = await createProcessStore();
    const { key, workspaceId } = await seedStore(store);
    const env = { ...store.env, IMPORT_DROP_DIR: drop.dir };
    const folder = (sub: string) => path.join(drop.dir, workspaceId, sub);
    const list = (sub: string) => (fs.existsSync(folder(sub)) ? fs.readdirSync(folder(sub)).sort() : []);

    // The drop-folder mapping, saved with no server running.
    const database = await openDatabase(
      store.databaseUrl ? { kind: 'postgres', url: store.databaseUrl, poolSize: 1 } : { kind: 'pglite', dataDir: store.dataDir ?? '' },
    );
    try {
      await saveImportMapping(database.db, dropFolderActor(workspaceId), {
        name: 'Nightly CRM',
        mapping: { version: 1, columns: { Kundenummer: 'externalId', 'E-mail': 'email', Fornavn: 'firstName', Efternavn: 'lastName' } },
        dropFolder: { policy: 'skip_bad_rows', unknownOwners: 'report' },
      });
    } finally {
      await database.close();
    }

    // Delivered while no server ran: the scan at start takes it.
    fs.mkdirSync(folder('incoming'), { recursive: true });
    const file = path.join(folder('incoming'), 'nightly.csv');
    fs.writeFileSync(file, crmExportCsv(ROWS));
    const old = new Date(Date.now() - 3_600_000);
    fs.utimesSync(file, old, old);

    // Killed as soon as the file is claimed (health does not matter): its import is being stored, queued or running.
    const first = new ServerProcess(await freePort(), env);
    while (list('processing').length === 0) {
      expect(first.running, first.describe()).toBe(true);
      await sleep(10);
    }
    first.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(list('incoming')).toEqual([]);
    expect(list('processing')).toEqual([expect.stringMatching(/--nightly\.csv$/)]);
    expect([0, ROWS]).toContain(await storedContacts(store));

    const second = await startServer(env, { healthyWithinMs: 90_000 });
    while (!list('done').includes('nightly.csv.report.csv')) await sleep(200);
    expect(list('done')).toEqual(['nightly.csv', 'nightly.csv.report.csv']);
    expect(list('processing')).toEqual([]);
    const after = await imports(second, key);
    expect(after).toMatchObject([{ status: 'succeeded', rowsDone: ROWS }]);
    second.kill('SIGTERM');
    expect((await second.exited).code, second.describe()).toBe(0);
    expect(await storedContacts(store)).toBe(ROWS);
  });
});
