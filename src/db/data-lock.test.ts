// The data-folder lock itself, in-process (test/process/data-lock.test.ts covers two servers).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/process.ts';
import { AppError } from '../errors.ts';
import { acquireDataLock, type DataLock } from './data-lock.ts';

describe('data folder lock', () => {
  let folder: ReturnType<typeof tempDir>;
  let file: string;
  const held: DataLock[] = [];
  const writeLock = (content: unknown) => fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  const refusal = (dir = folder.dir) => {
    try {
      held.push(acquireDataLock(dir));
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('data_dir_locked');
      return (error as AppError).message;
    }
    throw new Error('the lock was granted');
  };

  beforeEach(() => {
    folder = tempDir();
    file = path.join(folder.dir, 'anbefal.lock');
  });
  afterEach(() => {
    for (const lock of held.splice(0)) lock.release();
    folder.remove();
  });

  it('writes our PID and removes the file on release', () => {
    const lock = acquireDataLock(folder.dir);
    expect(lock.file).toBe(file);
    expect(lock.recoveredStaleLock).toBe(false);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid, hostname: os.hostname() });
    lock.release();
    expect(fs.existsSync(file)).toBe(false);
    lock.release();
  });

  it('creates the folder when it does not exist', () => {
    const nested = path.join(folder.dir, 'a', 'b');
    held.push(acquireDataLock(nested));
    expect(fs.existsSync(path.join(nested, 'anbefal.lock'))).toBe(true);
  });

  it('refuses a folder that another live process holds, naming its PID', () => {
    // Our parent (the test runner) is a live Node process.
    writeLock({ pid: process.ppid, hostname: os.hostname(), startedAt: '2026-01-01T00:00:00.000Z' });
    const message = refusal();
    expect(message).toContain(`in use by process ${process.ppid}`);
    expect(message).toContain(folder.dir);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).pid).toBe(process.ppid);
  });

  it('refuses a second open in the same process', () => {
    held.push(acquireDataLock(folder.dir));
    expect(refusal()).toMatch(/already open in this process/);
    expect(fs.existsSync(file)).toBe(true);
  });

  it('refuses a lock taken on another host, saying which file to delete', () => {
    writeLock({ pid: 1, hostname: 'some-other-host', startedAt: '2026-01-01T00:00:00.000Z' });
    const message = refusal();
    expect(message).toContain('on host some-other-host');
    expect(message).toContain(file);
  });

  it.each([
    ['a process that is gone', () => ({ pid: 2 ** 22 + 17, hostname: os.hostname(), startedAt: '2026-01-01T00:00:00.000Z' })],
    ['an earlier process with our PID (a restarted container)', () => ({ pid: process.pid, hostname: os.hostname(), startedAt: '2026-01-01T00:00:00.000Z' })],
    ['an unreadable file', () => '{"pid": 12'],
  ])('takes over a lock left by %s', (_case, content) => {
    writeLock(content());
    // Written a minute ago: an unparseable lock younger than two seconds counts as being written.
    const aMinuteAgo = new Date(Date.now() - 60_000);
    fs.utimesSync(file, aMinuteAgo, aMinuteAgo);
    const lock = acquireDataLock(folder.dir);
    held.push(lock);
    expect(lock.recoveredStaleLock).toBe(true);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).pid).toBe(process.pid);
  });
});
