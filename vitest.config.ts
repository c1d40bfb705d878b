import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // PGlite and child processes are slow to start on 2 cores; keep files in parallel, not tests.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    // Each worker loads the app's modules once, not once per file: importing them (Fastify, Kysely,
    // PGlite, ExcelJS…) was about three seconds of CPU per file. Safe because no test mocks modules
    // or keeps state in them; every file opens and closes its own database and servers.
    isolate: false,
  },
});
