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

const readLock = (file: string): LockContent | undefined => {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockContent;
  } catch {
    return undefined;
  }
};

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

  for (let attempt = 0; attempt < 3; attempt += 1) {
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
    const holder = readLock(file);
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
    // Stale: the holder died without releasing (or the file is unreadable). Take it over.
    fs.rmSync(file, { force: true });
    recoveredStaleLock = true;
  }
  throw new AppError('data_dir_locked', `Could not lock the data folder ${dataDir}; another process keeps taking it.`);
}

function releaseIfOurs(file: string): void {
  if (readLock(file)?.pid === process.pid) fs.rmSync(file, { force: true });
}
