// Runs Anbefal as real child processes (`node bin/anbefal.js …`) for tests of what only a
// process shows: exit codes, signals, the data-folder lock, crash recovery. Every child is
// tracked, and stopChildren() (call it in afterEach/afterAll) kills whatever is still running.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate, openDatabase } from '../../src/db/index.ts';
import { seedApiKey, seedWorkspace } from './app.ts';
import { createPgDatabase, migratedPgliteTemplate, onPostgres } from './database.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin', 'anbefal.js');
/** Per-test limit for tests that start several children: each start costs seconds on a busy 2-core machine. */
export const PROCESS_TEST_TIMEOUT_MS = 180_000;

/** Variables the configuration reads: removed from the inherited environment so a test sets exactly what it means. */
const CONFIG_VARIABLES = [
  'NODE_ENV',
  'PORT',
  'HOST',
  'ANBEFAL_DATA_DIR',
  'DATABASE_URL',
  'DATABASE_POOL_SIZE',
  'PUBLIC_URL',
  'SMTP_URL',
  'MAIL_FROM',
  'LOG_LEVEL',
  'TRUST_PROXY',
  'SESSION_TTL_HOURS',
  'SHUTDOWN_GRACE_SECONDS',
];

export type Env = Record<string, string | undefined>;

function childEnv(env: Env): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const key of CONFIG_VARIABLES) delete base[key];
  for (const key of Object.keys(base)) if (key.startsWith('VITEST') || key === 'ANBEFAL_TEST_PG_URL') delete base[key];
  return { ...base, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env };
}

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running `anbefal` child with its output collected so far. */
export class AnbefalProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcess;

  /** Runs `node bin/anbefal.js <args>`; `script` replaces bin/anbefal.js by other node arguments. */
  constructor(args: string[], env: Env, input?: string, script: string[] = [BIN]) {
    this.child = spawn(process.execPath, [...script, ...args], { cwd: ROOT, env: childEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
    children.add(this.child);
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk;
    });
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.child.stdin?.end(input);
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        children.delete(this.child);
        resolve({ code, signal });
      });
    });
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('the child process did not start');
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Resolves when stdout or stderr has matched pattern; rejects if the process exits or time runs out first. */
  async waitForOutput(pattern: RegExp, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.stdout) && !pattern.test(this.stderr)) {
      if (!this.running) throw new Error(`process exited before printing ${pattern}\n${this.describe()}`);
      if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms\n${this.describe()}`);
      await sleep(50);
    }
  }

  describe(): string {
    return `stdout:\n${this.stdout}\nstderr:\n${this.stderr}`;
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface CliResult extends Exit {
  stdout: string;
  stderr: string;
}

/** Runs TypeScript module code in a child `node` (through tsx, from the repository root). */
export const nodeScript = (code: string, env: Env = {}) => new AnbefalProcess([], env, undefined, ['--import', 'tsx', '--input-type=module', '--eval', code]);

/** Runs `anbefal <args>` to completion. */
export async function runCli(args: string[], env: Env, options: { input?: string } = {}): Promise<CliResult> {
  const child = new AnbefalProcess(args, env, options.input);
  const exit = await child.exited;
  return { ...exit, stdout: child.stdout, stderr: child.stderr };
}

/** Like runCli, but fails with the output when the command does not exit 0. */
export async function runCliOk(args: string[], env: Env, options: { input?: string } = {}): Promise<CliResult> {
  const result = await runCli(args, env, options);
  if (result.code !== 0) throw new Error(`anbefal ${args.join(' ')} exited ${result.code ?? result.signal}\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** A server child: `anbefal serve` on a port of its own. */
export class ServerProcess extends AnbefalProcess {
  readonly url: string;

  constructor(
    readonly port: number,
    env: Env,
  ) {
    super(['serve'], { ...env, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
    this.url = `http://127.0.0.1:${port}`;
  }

  /** Polls GET /healthz until it answers 200; fails when the process exits or timeoutMs passes. */
  async waitHealthy(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) throw new Error(`the server exited before becoming healthy\n${this.describe()}`);
      try {
        const response = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(2_000) });
        if (response.status === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the server was not healthy within ${timeoutMs} ms\n${this.describe()}`);
      await sleep(100);
    }
  }

  async fetch(pathname: string, init: RequestInit & { key?: string } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (init.key) headers.set('authorization', `Bearer ${init.key}`);
    if (init.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
    const send = () => fetch(`${this.url}${pathname}`, { ...init, headers });
    try {
      return await send();
    } catch (error) {
      // A kept-alive connection the server closed just as the request went out (its keep-alive
      // timer fires late on a busy machine): a read is sent once more while the server still runs.
      const reset = (error as { cause?: { code?: string } }).cause?.code === 'ECONNRESET';
      if (!reset || !this.running || (init.method ?? 'GET') !== 'GET') throw error;
      return send();
    }
  }
}

/** Starts `anbefal serve` on a free port and waits until it is healthy. */
export async function startServer(env: Env, options: { healthyWithinMs?: number } = {}): Promise<ServerProcess> {
  const server = new ServerProcess(await freePort(), env);
  await server.waitHealthy(options.healthyWithinMs);
  return server;
}

/** Kills every child still running (SIGKILL) and waits for them to be gone. */
export async function stopChildren(): Promise<void> {
  const running = [...children];
  await Promise.all(
    running.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A temporary directory, removed by the returned function. */
export function tempDir(prefix = 'anbefal-test-'): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Where a child keeps its data for this test leg: a fresh data folder on the PGlite leg, a
 * fresh PostgreSQL database (DATABASE_URL) on the PostgreSQL leg. `dataDir` is set on PGlite only.
 */
export interface ProcessStore {
  env: Env;
  dataDir?: string;
  databaseUrl?: string;
  drop(): Promise<void>;
}

export async function createProcessStore(): Promise<ProcessStore> {
  if (onPostgres) {
    const created = await createPgDatabase();
    return { env: { DATABASE_URL: created.url }, databaseUrl: created.url, drop: () => created.drop() };
  }
  const { dir, remove } = tempDir();
  // A migrated cluster unpacked into the folder: the child starts without initdb (about 8 s here).
  const database = await openDatabase({ kind: 'pglite', dataDir: dir, loadDataDir: await migratedPgliteTemplate() });
  await database.close();
  return { env: { ANBEFAL_DATA_DIR: dir }, dataDir: dir, drop: async () => remove() };
}

/**
 * Seeds a store in this process (quicker than two CLI children): a workspace "Acme" owned by
 * ann@acme.test (password TEST_PASSWORD) and a write API key. Closes the database (and, on
 * PGlite, releases the folder) before returning.
 */
export async function seedStore(store: ProcessStore): Promise<{ key: string; workspaceId: string; rootUnitId: string }> {
  const database = await openDatabase(
    store.databaseUrl ? { kind: 'postgres', url: store.databaseUrl, poolSize: 2 } : { kind: 'pglite', dataDir: store.dataDir ?? '' },
  );
  try {
    await migrate(database);
    const workspace = await seedWorkspace(database, 'Acme', 'ann@acme.test');
    const key = await seedApiKey(database, workspace.workspaceId, 'write');
    return { key, workspaceId: workspace.workspaceId, rootUnitId: workspace.rootUnitId };
  } finally {
    await database.close();
  }
}
