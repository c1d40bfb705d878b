// kill -9 right after a burst of acknowledged writes loses none of them, and the server
// comes back on the same data folder (or database) by itself.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { onPostgres } from '../support/database.ts';
import { createProcessStore, PROCESS_TEST_TIMEOUT_MS, type ProcessStore, runCliOk, startServer, stopChildren } from '../support/process.ts';

const MEMBERS = 200;
const PARALLEL = 4;

describe(`crash recovery (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  let store: ProcessStore | undefined;
  afterAll(async () => {
    await stopChildren();
    await store?.drop();
  });

  it('keeps every acknowledged write through kill -9 and restarts healthy within 10 s', async () => {
    store = await createProcessStore();
    await runCliOk(['workspace', 'create', '--name', 'Acme', '--owner-email', 'ann@acme.test'], store.env);
    const key = (await runCliOk(['apikey', 'create', '--workspace', 'Acme', '--name', 'crash', '--scope', 'write'], store.env)).stdout.trim();
    expect(key).toMatch(/^anb_\S+$/);

    const first = await startServer(store.env);
    const units = await first.fetch('/api/v1/units', { key });
    expect(units.status, first.describe()).toBe(200);
    const rootUnitId = ((await units.json()) as { items: { id: string; parentId: string | null }[] }).items.find((u) => u.parentId === null)?.id;
    expect(rootUnitId).toBeDefined();

    const acknowledged: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < MEMBERS) {
        const name = `Member ${String(next++).padStart(3, '0')}`;
        const response = await first.fetch('/api/v1/members', { method: 'POST', key, body: JSON.stringify({ name, unitId: rootUnitId }) });
        expect(response.status, `${await response.clone().text()}\n${first.describe()}`).toBe(201);
        acknowledged.push(((await response.json()) as { id: string }).id);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    first.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(acknowledged).toHaveLength(MEMBERS);

    if (store.dataDir) {
      // What kill -9 leaves behind: our lock with a dead PID, and PGlite's postmaster.pid.
      const lock = JSON.parse(fs.readFileSync(path.join(store.dataDir, 'anbefal.lock'), 'utf8')) as { pid: number; hostname: string };
      expect(lock).toMatchObject({ pid: first.pid, hostname: os.hostname() });
      expect(fs.existsSync(path.join(store.dataDir, 'pgdata', 'postmaster.pid'))).toBe(true);
    }

    const second = await startServer(store.env, { healthyWithinMs: 10_000 });
    const listed = await second.fetch(`/api/v1/members?limit=500`, { key });
    expect(listed.status, second.describe()).toBe(200);
    const ids = new Set(((await listed.json()) as { items: { id: string }[] }).items.map((m) => m.id));
    expect(acknowledged.filter((id) => !ids.has(id))).toEqual([]);
    // The CLI made the owner a member too.
    expect(ids.size).toBe(MEMBERS + 1);

    if (store.dataDir) {
      expect(second.stdout).toMatch(/did not shut down cleanly/);
      const lock = JSON.parse(fs.readFileSync(path.join(store.dataDir, 'anbefal.lock'), 'utf8')) as { pid: number };
      expect(lock.pid).toBe(second.pid);
    }

    // The recovered server takes writes as usual.
    const after = await second.fetch('/api/v1/members', { method: 'POST', key, body: JSON.stringify({ name: 'After the crash', unitId: rootUnitId }) });
    expect(after.status).toBe(201);
    second.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  });
});
