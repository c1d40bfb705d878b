// Login backoff on the database, with the clock passed in: thresholds, doubling, the cap, the
// window, and which lanes a success clears.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { type Db, migrate } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { ensureNotLocked, loginLanes, recordFailure, recordSuccess } from './throttle.ts';

let test: TestDatabase;
let db: Db;
beforeAll(async () => {
  test = await createTestDatabase();
  await migrate(test.database);
  db = test.database.db;
});
afterAll(() => test?.drop());
beforeEach(async () => {
  await db.deleteFrom('login_throttle').execute();
});

const T0 = new Date('2026-01-01T12:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

async function fail(email: string, ip: string, times: number, now = T0) {
  for (let i = 0; i < times; i++) await recordFailure(db, loginLanes(email, ip), now);
}

/** Seconds until the sign-in may be tried again, or null when it is not locked. */
async function lockedFor(email: string, ip: string, now = T0): Promise<number | null> {
  try {
    await ensureNotLocked(db, loginLanes(email, ip), now);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('rate_limited');
    expect((error as AppError).status).toBe(429);
    return (error as AppError).details.retryAfterSeconds ?? null;
  }
}

describe('login lanes', () => {
  it('key on account+IP, account and IP, with the email trimmed and lower-cased', () => {
    expect(loginLanes('  Anna@Example.TEST ', '10.0.0.1').map((lane) => lane.key)).toEqual([
      'account-ip:anna@example.test|10.0.0.1',
      'account:anna@example.test',
      'ip:10.0.0.1',
    ]);
  });
});

describe('backoff', () => {
  it('locks an account+IP pair for 30 s after five failures', async () => {
    await fail('anna@x.test', '10.0.0.1', 4);
    expect(await lockedFor('anna@x.test', '10.0.0.1')).toBeNull();
    await fail('anna@x.test', '10.0.0.1', 1);
    expect(await lockedFor('anna@x.test', '10.0.0.1')).toBe(30);
    expect(await lockedFor('anna@x.test', '10.0.0.1', at(29))).toBe(1);
    expect(await lockedFor('anna@x.test', '10.0.0.1', at(30))).toBeNull();
    // The same account from another address, and another account from this one, are not locked.
    expect(await lockedFor('anna@x.test', '10.0.0.2')).toBeNull();
    expect(await lockedFor('bert@x.test', '10.0.0.1')).toBeNull();
  });

  it('doubles the lock with each further failure, up to 15 minutes', async () => {
    const locks: (number | null)[] = [];
    for (let failure = 1; failure <= 12; failure++) {
      await fail('anna@x.test', '10.0.0.1', 1, at(failure));
      locks.push(await lockedFor('anna@x.test', '10.0.0.1', at(failure)));
    }
    expect(locks).toEqual([null, null, null, null, 30, 60, 120, 240, 480, 900, 900, 900]);
  });

  it('forgets failures older than the 15-minute window', async () => {
    await fail('anna@x.test', '10.0.0.1', 4);
    await fail('anna@x.test', '10.0.0.1', 1, at(16 * 60));
    expect(await lockedFor('anna@x.test', '10.0.0.1', at(16 * 60))).toBeNull();
    await fail('anna@x.test', '10.0.0.1', 3, at(16 * 60));
    expect(await lockedFor('anna@x.test', '10.0.0.1', at(16 * 60))).toBeNull();
    await fail('anna@x.test', '10.0.0.1', 1, at(16 * 60));
    expect(await lockedFor('anna@x.test', '10.0.0.1', at(16 * 60))).toBe(30);
  });

  it('clears only the own account+IP lane on success, so the account keeps counting guesses from elsewhere', async () => {
    await fail('anna@x.test', '10.0.0.1', 4);
    await recordSuccess(db, loginLanes('anna@x.test', '10.0.0.1'));
    await fail('anna@x.test', '10.0.0.1', 4);
    expect(await lockedFor('anna@x.test', '10.0.0.1')).toBeNull();
    const account = await db.selectFrom('login_throttle').select('failures').where('key', '=', 'account:anna@x.test').executeTakeFirstOrThrow();
    expect(account.failures).toBe(8);
  });

  it('locks an account for every address after 25 failures spread over many addresses (distributed guessing)', async () => {
    for (let ip = 1; ip <= 6; ip++) await fail('anna@x.test', `10.0.1.${ip}`, 4);
    expect(await lockedFor('anna@x.test', '10.0.9.9')).toBeNull();
    await fail('anna@x.test', '10.0.1.7', 1);
    expect(await lockedFor('anna@x.test', '10.0.9.9')).toBe(60);
    expect(await lockedFor('bert@x.test', '10.0.1.7')).toBeNull();
  });

  it('locks an address for every account after 100 failures across accounts (spraying)', async () => {
    for (let account = 1; account <= 25; account++) await fail(`user${account}@x.test`, '10.0.2.1', 4);
    expect(await lockedFor('fresh@x.test', '10.0.2.1')).toBe(300);
    expect(await lockedFor('fresh@x.test', '10.0.2.2')).toBeNull();
  });

  it('reports the longest lock when several lanes are locked', async () => {
    for (let ip = 1; ip <= 5; ip++) await fail('anna@x.test', `10.0.3.${ip}`, 5);
    // account+IP of 10.0.3.5: 30 s; account: failures 25 → 60 s.
    expect(await lockedFor('anna@x.test', '10.0.3.5')).toBe(60);
  });
});
