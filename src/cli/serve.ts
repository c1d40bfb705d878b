import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { issueSetupToken } from '../domain/auth/index.ts';
import { startRuntime } from '../runtime.ts';

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

      await app.listen({ port: config.port, host: config.host });
      const setupToken = await issueSetupToken(runtime.database.db);
      const lines = [`Anbefal ${config.version} is running at ${config.publicUrl} (database: ${runtime.database.kind})`];
      if (setupToken)
        lines.push('', 'First run: create the first owner and workspace here (the link works once):', `  ${config.publicUrl}/setup?token=${setupToken}`);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
