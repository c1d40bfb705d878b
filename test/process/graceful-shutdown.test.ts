// SIGTERM stops taking requests, lets the ones in flight finish, releases the data folder
// and exits 0; the next start is an ordinary one.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { onPostgres } from '../support/database.ts';
import {
  createProcessStore,
  PROCESS_TEST_TIMEOUT_MS,
  type ProcessStore,
  type ServerProcess,
  seedStore,
  sleep,
  startServer,
  stopChildren,
} from '../support/process.ts';

/**
 * A POST whose body arrives in two parts: the server has the request (headers and half of
 * the body) in flight until finish() sends the rest. No test-only code in the product needed.
 */
function slowPost(server: ServerProcess, pathname: string, key: string, body: string) {
  const bytes = Buffer.from(body);
  const half = Math.floor(bytes.length / 2);
  const request = http.request(`${server.url}${pathname}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-length': bytes.length },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.once('error', reject);
    request.once('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk;
      });
      res.once('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.once('error', reject);
    });
  });
  request.write(bytes.subarray(0, half));
  return { response, finish: () => request.end(bytes.subarray(half)) };
}

/** Polls /healthz until the server no longer serves it (connection refused, or 503 while closing). */
async function waitUntilRefused(server: ServerProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const status = await fetch(`${server.url}/healthz`).then(
      (response) => response.status,
      () => 'refused' as const,
    );
    if (status === 'refused' || status === 503) return;
    if (Date.now() > deadline) throw new Error(`the closing server still answers /healthz with ${status}`);
    await sleep(50);
  }
}

describe(`graceful shutdown (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  let store: ProcessStore | undefined;
  afterAll(async () => {
    await stopChildren();
    await store?.drop();
  });

  it('finishes the request in flight on SIGTERM, exits 0, releases the folder and restarts cleanly', async () => {
    store = await createProcessStore();
    const { key, rootUnitId } = await seedStore(store);
    // info level: the server logs each incoming request and the start of the shutdown, which the test waits for.
    const env = { ...store.env, LOG_LEVEL: 'info' };
    const server = await startServer(env);
    const lockFile = store.dataDir && path.join(store.dataDir, 'anbefal.lock');
    if (lockFile) expect(JSON.parse(fs.readFileSync(lockFile, 'utf8')).pid).toBe(server.pid);

    // Padding makes the body large; the second half only goes out after SIGTERM.
    const body = JSON.stringify({ name: 'Slow but sure', unitId: rootUnitId }).replace('{', `{${' '.repeat(200_000)}`);
    const slow = slowPost(server, '/api/v1/members', key, body);
    await server.waitForOutput(/"url":"\/api\/v1\/members"[^\n]*"msg":"incoming request"|"msg":"incoming request"[^\n]*"url":"\/api\/v1\/members"/);

    server.kill('SIGTERM');
    await server.waitForOutput(/shutting down/);
    // New requests are turned away while the old one is still open.
    await waitUntilRefused(server);
    expect(server.running).toBe(true);

    slow.finish();
    const answer = await slow.response;
    expect(answer.status, `${answer.body}\n${server.describe()}`).toBe(201);
    expect(JSON.parse(answer.body)).toMatchObject({ name: 'Slow but sure', unitId: rootUnitId });

    expect(await server.exited, server.describe()).toEqual({ code: 0, signal: null });
    expect(server.stdout).toMatch(/stopped cleanly/);
    if (lockFile) {
      expect(fs.existsSync(lockFile)).toBe(false);
      expect(fs.existsSync(path.join(store.dataDir ?? '', 'pgdata', 'postmaster.pid'))).toBe(false);
    }

    const restarted = await startServer(env);
    expect(restarted.stdout).not.toMatch(/did not shut down cleanly|recovered/);
    const members = await restarted.fetch('/api/v1/members?limit=500', { key });
    expect(((await members.json()) as { items: { name: string }[] }).items.map((m) => m.name)).toContain('Slow but sure');
    restarted.kill('SIGTERM');
    expect((await restarted.exited).code).toBe(0);
  });
});
