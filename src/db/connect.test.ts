import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres } from '../../test/support/database.ts';
import { freePort, tempDir } from '../../test/support/process.ts';
import { AppError } from '../errors.ts';
import { openDatabase } from './connect.ts';

describe('openDatabase on PostgreSQL', () => {
  it('fails at once, with one clear message and no password, when the server cannot be reached', async () => {
    const port = await freePort();
    const error = await openDatabase({ kind: 'postgres', url: `postgres://anbefal:hunter2@127.0.0.1:${port}/anbefal` }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('unavailable');
    expect((error as AppError).message).toBe(
      `Cannot use the PostgreSQL database 127.0.0.1:${port}/anbefal: connect ECONNREFUSED 127.0.0.1:${port}. Check DATABASE_URL and that the server is running.`,
    );
  });
});

describe.skipIf(onPostgres)('openDatabase on a PGlite data folder', () => {
  // Created in a hook, not while collecting: a skipped block must leave no folder behind.
  let folder: ReturnType<typeof tempDir>;
  beforeAll(() => {
    folder = tempDir();
  });
  afterAll(() => folder?.remove());

  it('keeps data across a reopen, and clears what a killed process left behind', async () => {
    const first = await openDatabase({ kind: 'pglite', dataDir: folder.dir });
    expect(first.recoveredFromCrash).toBe(false);
    await sql`create table kept (v text)`.execute(first.db);
    await sql`insert into kept values ('still here')`.execute(first.db);
    await first.close();
    const pidFile = path.join(folder.dir, 'pgdata', 'postmaster.pid');
    expect(fs.existsSync(pidFile)).toBe(false);
    expect(fs.existsSync(path.join(folder.dir, 'anbefal.lock'))).toBe(false);

    // What kill -9 leaves: PGlite's pid file (with its negative pid) and our lock with a dead PID.
    fs.writeFileSync(pidFile, '-42\n/pglite/data\n');
    fs.writeFileSync(
      path.join(folder.dir, 'anbefal.lock'),
      JSON.stringify({ pid: 2 ** 22 + 17, hostname: os.hostname(), startedAt: '2026-01-01T00:00:00.000Z' }),
    );
    const second = await openDatabase({ kind: 'pglite', dataDir: folder.dir });
    try {
      expect(second.recoveredFromCrash).toBe(true);
      expect((await sql<{ v: string }>`select v from kept`.execute(second.db)).rows).toEqual([{ v: 'still here' }]);
    } finally {
      await second.close();
    }
  });
});
