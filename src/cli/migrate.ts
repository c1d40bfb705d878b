import type { Command } from 'commander';
import { migrate } from '../db/index.ts';
import { print, withDatabase } from './with-database.ts';

export function registerMigrate(program: Command) {
  program
    .command('migrate')
    .description('apply pending database migrations (the server also does this at start)')
    .action(async () => {
      const applied = await withDatabase((database) => migrate(database), { migrate: false });
      print(applied.length === 0 ? 'The database is up to date.' : applied.map((m) => `applied ${String(m.version).padStart(4, '0')}_${m.name}`).join('\n'));
    });
}
