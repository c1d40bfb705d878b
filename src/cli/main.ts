// The `anbefal` command. Each subcommand lives in its own file and registers itself here.
import { Command, CommanderError } from 'commander';
import { VERSION } from '../config.ts';
import { AppError } from '../errors.ts';
import { registerApiKey } from './apikey.ts';
import { registerBackup } from './backup.ts';
import { registerDemo } from './demo.ts';
import { registerDoctor } from './doctor.ts';
import { registerMigrate } from './migrate.ts';
import { registerServe } from './serve.ts';
import { registerUser } from './user.ts';

const program = new Command('anbefal').description('Anbefal: a self-hosted Net Promoter Score programme').version(VERSION).showHelpAfterError().exitOverride();

registerServe(program);
registerMigrate(program);
registerUser(program);
registerApiKey(program);
registerBackup(program);
registerDoctor(program);
registerDemo(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  if (error instanceof AppError) {
    process.stderr.write(`anbefal: ${error.message}\n`);
    process.exit(error.code === 'data_dir_locked' ? 3 : 1);
  }
  process.stderr.write(`anbefal: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
}
