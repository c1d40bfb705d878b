#!/usr/bin/env node
// `npm test` after the type check and portal build: the whole suite on embedded PGlite
// (including the browser tests), then every database test again on a PostgreSQL server.
// Each PostgreSQL test file creates its own database with a fresh name and drops it.
// Tests that start servers as child processes (crash, lock, shutdown, CLI) run afterwards in a leg
// of their own, so their restarts do not compete with the in-process tests for the CPU.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const adminUrl = process.env.ANBEFAL_TEST_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresReachable() {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch (error) {
    console.error(`PostgreSQL at ${adminUrl.replace(/:[^:@/]*@/, ':***@')} is not reachable: ${error.message}`);
    console.error('Start it (see docs/OPERATIONS.md) or point ANBEFAL_TEST_ADMIN_URL at a server where the user may create databases.');
    return false;
  }
}

const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anbefal-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };

function leg(name, args, env) {
  console.log(`\n=== ${name} ===`);
  const report = path.join(outDir, `${name.toLowerCase().replace(/\W+/g, '-')}.json`);
  const result = spawnSync(
    process.execPath,
    ['node_modules/vitest/vitest.mjs', '--run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args],
    { stdio: 'inherit', env: { ...process.env, ...env } },
  );
  if (fs.existsSync(report)) {
    const json = JSON.parse(fs.readFileSync(report, 'utf8'));
    totals.passed += json.numPassedTests;
    totals.failed += json.numFailedTests;
    totals.skipped += json.numPendingTests + json.numTodoTests;
  }
  return result.status === 0;
}

const CHILD_PROCESS_TESTS = ['test/process/', 'src/cli/'];
const inProcess = CHILD_PROCESS_TESTS.flatMap((dir) => ['--exclude', `${dir}**`]);
const childProcesses = CHILD_PROCESS_TESTS;

const pglite = { ANBEFAL_TEST_PG_URL: '' };
const postgres = { ANBEFAL_TEST_PG_URL: adminUrl };
const pgliteOk = [leg('PGlite', inProcess, pglite), leg('PGlite, child processes', childProcesses, pglite)].every(Boolean);
const pgOk =
  (await postgresReachable()) &&
  [leg('PostgreSQL', [...inProcess, '--exclude', 'test/e2e/**'], postgres), leg('PostgreSQL, child processes', childProcesses, postgres)].every(Boolean);
fs.rmSync(outDir, { recursive: true, force: true });

console.log(`\nTests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(pgliteOk && pgOk ? 0 : 1);
