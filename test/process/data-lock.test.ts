// One process per data folder: a second server is refused with the first one's PID; a lock
// left by a process that is gone is cleared. PostgreSQL has no data folder, hence no lock.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres } from '../support/database.ts';
import { freePort, nodeScript, PROCESS_TEST_TIMEOUT_MS, ROOT, runCli, ServerProcess, startServer, stopChildren, tempDir } from '../support/process.ts';

describe.skipIf(onPostgres)('data folder lock', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  // Created in a hook, not while collecting: on PostgreSQL this block is skipped and must leave no folder behind.
  let folder: ReturnType<typeof tempDir>;
  let env: { ANBEFAL_DATA_DIR: string };
  let lockFile: string;
  beforeAll(() => {
    folder = tempDir();
    env = { ANBEFAL_DATA_DIR: folder.dir };
    lockFile = path.join(folder.dir, 'anbefal.lock');
  });
  afterEach(() => stopChildren());
  afterAll(() => folder?.remove());

  it('refuses a second server on the same folder with exit code 3, naming the first one', async () => {
    const first = await startServer(env);
    const second = new ServerProcess(await freePort(), env);
    const exit = await second.exited;
    expect(exit.code, second.describe()).toBe(3);
    expect(second.stderr).toContain(`in use by process ${first.pid}`);
    expect(second.stderr).toContain(folder.dir);
    // The CLI is refused the same way, and the first server never noticed.
    const cli = await runCli(['migrate'], env);
    expect(cli.code).toBe(3);
    expect(cli.stderr).toContain(String(first.pid));
    expect((await first.fetch('/healthz')).status).toBe(200);
    expect(JSON.parse(fs.readFileSync(lockFile, 'utf8')).pid).toBe(first.pid);

    first.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
    expect(fs.existsSync(lockFile)).toBe(false);
  });

  it('clears a lock whose process is gone and starts', async () => {
    // Above Linux's largest possible PID (2^22): surely no process has it.
    fs.writeFileSync(lockFile, JSON.stringify({ pid: 2 ** 22 + 17, hostname: os.hostname(), startedAt: new Date(Date.now() - 3600_000).toISOString() }));

    const server = await startServer(env);
    expect(server.stdout).toMatch(/did not shut down cleanly/);
    expect(JSON.parse(fs.readFileSync(lockFile, 'utf8')).pid).toBe(server.pid);
    server.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    expect(fs.existsSync(lockFile)).toBe(false);
  });

  it('lets exactly one of several processes starting together take over a stale lock', async () => {
    const contested = tempDir();
    try {
      const file = path.join(contested.dir, 'anbefal.lock');
      fs.writeFileSync(file, JSON.stringify({ pid: 2 ** 22 + 17, hostname: os.hostname(), startedAt: '2026-01-01T00:00:00.000Z' }));
      // Each child loads the lock module, spins until the common start time, tries once, then holds what it got.
      const startAt = Date.now() + 4_000;
      const code = `
        const { acquireDataLock } = await import(${JSON.stringify(path.join(ROOT, 'src/db/data-lock.ts'))});
        while (Date.now() < ${startAt});
        try { acquireDataLock(${JSON.stringify(contested.dir)}); console.log('GOT'); } catch (error) { console.log('REFUSED', error.code); }
        setInterval(() => undefined, 1000);`;
      const contenders = Array.from({ length: 6 }, () => nodeScript(code));
      await Promise.all(contenders.map((child) => child.waitForOutput(/^(GOT|REFUSED)/m)));
      const outcomes = contenders.map((child) => child.stdout.trim()).sort();
      expect(outcomes).toEqual(['GOT', ...Array(5).fill('REFUSED data_dir_locked')]);
      const winner = contenders.find((child) => child.stdout.startsWith('GOT'));
      expect(JSON.parse(fs.readFileSync(file, 'utf8')).pid).toBe(winner?.pid);
    } finally {
      await stopChildren();
      contested.remove();
    }
  });

  it('exits 1 with one clear line when the port is taken, leaving the folder clean', async () => {
    const blocker = net.createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const server = new ServerProcess(port, env);
      expect((await server.exited).code).toBe(1);
      expect(server.stderr.trim()).toBe(`anbefal: Cannot listen on 127.0.0.1:${port}: another program uses that port. Set PORT or HOST to another value.`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
    // The database was closed properly: the next start is not a recovery.
    expect(fs.existsSync(lockFile)).toBe(false);
    expect(fs.existsSync(path.join(folder.dir, 'pgdata', 'postmaster.pid'))).toBe(false);
  });
});
