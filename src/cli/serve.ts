import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { issueSetupToken } from '../domain/auth/index.ts';
import { AppError } from '../errors.ts';
import { startRuntime } from '../runtime.ts';

const LISTEN_PROBLEMS: Record<string, string> = {
  EADDRINUSE: 'another program uses that port',
  EACCES: 'this process may not use that port (below 1024 needs privileges)',
  EADDRNOTAVAIL: 'HOST is not an address of this machine',
};

export function registerServe(program: Command) {
  program
    .command('serve')
    .description('run the Anbefal server (PORT, ANBEFAL_DATA_DIR or DATABASE_URL from the environment)')
    .action(async () => {
      const config = loadConfig();
      const runtime = await startRuntime(config);
      const { app, logger } = runtime;

      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'shutting down: finishing in-flight work');
        const force = setTimeout(() => {
          logger.error('shutdown took too long; exiting');
          process.exit(1);
        }, config.shutdownGraceSeconds * 1000);
        force.unref();
        try {
          await runtime.close();
          logger.info('stopped cleanly');
          process.exit(0);
        } catch (error) {
          logger.error({ err: error }, 'error during shutdown');
          process.exit(1);
        }
      };
      process.once('SIGTERM', () => void stop('SIGTERM'));
      process.once('SIGINT', () => void stop('SIGINT'));

      try {
        await app.listen({ port: config.port, host: config.host });
      } catch (error) {
        // Close the database properly: the next start must not look like recovery from a crash.
        await runtime.close();
        const problem = LISTEN_PROBLEMS[(error as NodeJS.ErrnoException).code ?? ''];
        if (problem) throw new AppError('unavailable', `Cannot listen on ${config.host}:${config.port}: ${problem}. Set PORT or HOST to another value.`);
        throw error;
      }
      const setupToken = await issueSetupToken(runtime.database.db);
      const lines = [`Anbefal ${config.version} is running at ${config.publicUrl} (database: ${runtime.database.kind})`];
      if (setupToken) {
        lines.push('', 'First run: create the first owner and workspace here (the link works once):', `  ${config.publicUrl}/setup?token=${setupToken}`);
        lines.push('', 'Or explore a demo workspace first: stop the server and run `node bin/anbefal.js demo` (it prints how to sign in).');
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
