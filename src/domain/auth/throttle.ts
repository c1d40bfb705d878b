// Backoff for failed sign-ins. Three counters: account+IP (the attacker's own lane, locks
// first), account across all IPs (distributed guessing), and IP across accounts (spraying).
// While a key is locked, attempts are refused without checking the password and do not
// count, so an attacker cannot extend a legitimate user's lock from elsewhere.
import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import { AppError } from '../../errors.ts';

const WINDOW_MS = 15 * 60 * 1000;
const MAX_LOCK_SECONDS = 15 * 60;

interface Lane {
  key: string;
  /** Failures within the window before the first lock. */
  threshold: number;
  /** Seconds of the first lock; each further failure doubles it. */
  firstLockSeconds: number;
}

export function loginLanes(email: string, ip: string): Lane[] {
  const account = email.trim().toLowerCase();
  return [
    { key: `account-ip:${account}|${ip}`, threshold: 5, firstLockSeconds: 30 },
    { key: `account:${account}`, threshold: 25, firstLockSeconds: 60 },
    { key: `ip:${ip}`, threshold: 100, firstLockSeconds: 300 },
  ];
}

export async function ensureNotLocked(db: Db, lanes: Lane[], now = new Date()): Promise<void> {
  const rows = await db
    .selectFrom('login_throttle')
    .select(['key', 'locked_until'])
    .where(
      'key',
      'in',
      lanes.map((lane) => lane.key),
    )
    .where('locked_until', '>', now)
    .execute();
  if (rows.length === 0) return;
  const until = Math.max(...rows.map((row) => (row.locked_until as Date).getTime()));
  const retryAfterSeconds = Math.max(1, Math.ceil((until - now.getTime()) / 1000));
  throw new AppError('rate_limited', `Too many failed sign-in attempts. Try again in ${retryAfterSeconds} seconds, or reset your password.`, {
    retryAfterSeconds,
  });
}

export async function recordFailure(db: Db, lanes: Lane[], now = new Date()): Promise<void> {
  const windowStart = new Date(now.getTime() - WINDOW_MS);
  for (const lane of lanes) {
    const row = await db
      .insertInto('login_throttle')
      .values({ key: lane.key, failures: 1, window_started_at: now })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures: sql`case when login_throttle.window_started_at < ${windowStart} then 1 else login_throttle.failures + 1 end`,
          window_started_at: sql`case when login_throttle.window_started_at < ${windowStart} then ${now} else login_throttle.window_started_at end`,
        }),
      )
      .returning('failures')
      .executeTakeFirstOrThrow();
    if (row.failures >= lane.threshold) {
      const seconds = Math.min(MAX_LOCK_SECONDS, lane.firstLockSeconds * 2 ** (row.failures - lane.threshold));
      await db
        .updateTable('login_throttle')
        .set({ locked_until: new Date(now.getTime() + seconds * 1000) })
        .where('key', '=', lane.key)
        .execute();
    }
  }
}

export async function recordSuccess(db: Db, lanes: Lane[]): Promise<void> {
  // Only the account+IP lane is cleared: a success elsewhere must not reset a spraying IP.
  const [own] = lanes;
  if (own) await db.deleteFrom('login_throttle').where('key', '=', own.key).execute();
}
