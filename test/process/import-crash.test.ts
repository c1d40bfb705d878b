// kill -9 in the middle of a 200,000-row import: afterwards either every valid row is stored or
// none is, and the restarted server finishes the import by itself.
import { afterAll, describe, expect, it } from 'vitest';
import { onPostgres } from '../support/database.ts';
import { crmExportCsv, storedContacts } from '../support/imports.ts';
import {
  createProcessStore,
  PROCESS_TEST_TIMEOUT_MS,
  type ProcessStore,
  type ServerProcess,
  seedStore,
  sleep,
  startServer,
  stopChildren,
} from '../support/process.ts';

const ROWS = 200_000;

interface ImportState {
  status: string;
  rowsDone: number;
  counts: { created: number; valid: number } | null;
}

describe(`import crash (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  let store: ProcessStore | undefined;
  afterAll(async () => {
    await stopChildren();
    await store?.drop();
  });

  const state = async (server: ServerProcess, key: string, id: string): Promise<ImportState> => {
    const response = await server.fetch(`/api/v1/imports/${id}`, { key });
    expect(response.status, server.describe()).toBe(200);
    return (await response.json()) as ImportState;
  };

  it('stores all valid rows or none after SIGKILL, and completes the import after a restart', async () => {
    store = await createProcessStore();
    const { key } = await seedStore(store);
    const first = await startServer(store.env);

    const form = new FormData();
    form.set('file', new Blob([crmExportCsv(ROWS)], { type: 'text/csv' }), 'crm-export.csv');
    const upload = await fetch(`${first.url}/api/v1/imports`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: form });
    expect(upload.status, `${await upload.clone().text()}\n${first.describe()}`).toBe(202);
    const { id } = (await upload.json()) as { id: string };

    for (;;) {
      const current = await state(first, key, id);
      expect(current.status).not.toBe('failed');
      if (current.rowsDone > 0) break;
      await sleep(50);
    }
    first.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

    // All or nothing: the import's transaction either committed or left no trace.
    expect([0, ROWS]).toContain(await storedContacts(store));

    const second = await startServer(store.env);
    let done: ImportState;
    for (;;) {
      done = await state(second, key, id);
      if (done.status !== 'queued' && done.status !== 'running') break;
      await sleep(200);
    }
    expect(done).toMatchObject({ status: 'succeeded', rowsDone: ROWS, counts: { valid: ROWS } });
    second.kill('SIGTERM');
    expect((await second.exited).code, second.describe()).toBe(0);
    expect(await storedContacts(store)).toBe(ROWS);
  });
});
