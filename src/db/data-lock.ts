// A data folder may be opened by one Anbefal process at a time. The lock file holds the
// owner's PID; a lock whose process is gone (crash, kill -9) is stale and is taken over.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../errors.ts';

interface LockContent {
  pid: number;
  hostname: string;
  startedAt: string;
}

const LOCK_FILE = 'anbefal.lock';

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A recycled PID may now belong to an unrelated program: on Linux, check it is Node.
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return /node|anbefal|vitest|tsx/.test(cmdline);
  } catch {
    return true;
  }
};

const parseLock = (raw: string): LockContent | undefined => {
  try {
    return JSON.parse(raw) as LockContent;
  } catch {
    return undefined;
  }
};

const readRaw = (file: string): string | undefined => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
};

const readLock = (file: string): LockContent | undefined => {
  const raw = readRaw(file);
  return raw === undefined ? undefined : parseLock(raw);
};

const ageMs = (file: string): number => {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
};

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** How long acquiring may wait for other processes taking over the same stale lock. */
const ACQUIRE_LIMIT_MS = 10_000;
/** A lock file this young that does not parse is still being written by its owner. */
const WRITING_GRACE_MS = 2_000;
/** A takeover guard this old was left by a process that died while holding it. */
const GUARD_STALE_MS = 10_000;

/**
 * Deletes a stale lock file, but only if it is still the one read as `raw`: two processes
 * that both found the same stale lock must not both take over (the second would delete the
 * first one's fresh lock). The check and the delete run under a guard directory, which
 * mkdir creates for one process at a time.
 */
function removeStale(file: string, raw: string): 'removed' | 'changed' | 'busy' {
  const guard = `${file}.takeover`;
  try {
    fs.mkdirSync(guard);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    if (ageMs(guard) > GUARD_STALE_MS) fs.rmSync(guard, { recursive: true, force: true });
    return 'busy';
  }
  try {
    if (readRaw(file) !== raw) return 'changed';
    fs.rmSync(file, { force: true });
    return 'removed';
  } finally {
    fs.rmSync(guard, { recursive: true, force: true });
  }
}

export interface DataLock {
  readonly file: string;
  /** True when a lock left by a crashed process was cleared while acquiring. */
  readonly recoveredStaleLock: boolean;
  release(): void;
}

/** Lock files this process holds. A lock with our own PID that is not here was left by an
 * earlier process that had the same PID (a container restarting always gets the same one). */
const heldHere = new Set<string>();

export function acquireDataLock(dataDir: string): DataLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  if (heldHere.has(file)) {
    throw new AppError('data_dir_locked', `The data folder ${dataDir} is already open in this process (${process.pid}); close it before opening it again.`);
  }
  const content: LockContent = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString() };
  let recoveredStaleLock = false;
  const deadline = Date.now() + ACQUIRE_LIMIT_MS;

  for (;;) {
    try {
      fs.writeFileSync(file, JSON.stringify(content), { flag: 'wx' });
      heldHere.add(file);
      const onExit = () => releaseIfOurs(file);
      process.once('exit', onExit);
      return {
        file,
        recoveredStaleLock,
        release() {
          process.removeListener('exit', onExit);
          if (heldHere.delete(file)) releaseIfOurs(file);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (Date.now() > deadline) {
      throw new AppError('data_dir_locked', `Could not lock the data folder ${dataDir}; other processes keep taking it.`);
    }
    const raw = readRaw(file);
    if (raw === undefined) continue;
    const holder = parseLock(raw);
    if (!holder && ageMs(file) < WRITING_GRACE_MS) {
      sleepSync(20);
      continue;
    }
    if (holder && holder.hostname === os.hostname() && holder.pid !== process.pid && isAlive(holder.pid)) {
      throw new AppError(
        'data_dir_locked',
        `The data folder ${dataDir} is in use by process ${holder.pid} (started ${holder.startedAt}). ` +
          'Stop that process first, or set ANBEFAL_DATA_DIR to another folder.',
      );
    }
    if (holder && holder.hostname !== os.hostname()) {
      throw new AppError(
        'data_dir_locked',
        `The data folder ${dataDir} is locked by process ${holder.pid} on host ${holder.hostname}. ` + `If that host no longer runs Anbefal, delete ${file}.`,
      );
    }
    // Stale: the holder died without releasing (or the file is garbage). Take it over.
    const outcome = removeStale(file, raw);
    if (outcome === 'removed') recoveredStaleLock = true;
    if (outcome === 'busy') sleepSync(20);
  }
}

function releaseIfOurs(file: string): void {
  if (readLock(file)?.pid === process.pid) fs.rmSync(file, { force: true });
}
