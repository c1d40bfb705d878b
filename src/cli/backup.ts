import path from 'node:path';
import type { Command } from 'commander';
import { backupToFile, restoreFromFile } from '../db/backup.ts';
import { print, withDatabase } from './with-database.ts';

const summary = (counts: Record<string, number>) =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([table, n]) => `${table} ${n}`)
    .join(', ');

export function registerBackup(program: Command) {
  program
    .command('backup <file>')
    .description('write a portable backup (gzip NDJSON) of the configured database; restores on PGlite or PostgreSQL')
    .action(async (file: string) => {
      const counts = await withDatabase((database) => backupToFile(database, path.resolve(file)));
      print(`Backup written to ${path.resolve(file)}: ${summary(counts)}`);
    });

  program
    .command('restore <file>')
    .description('restore a backup into an empty data folder or database (all or nothing)')
    .action(async (file: string) => {
      const counts = await withDatabase((database) => restoreFromFile(database, path.resolve(file)), { migrate: false });
      print(`Restored ${path.resolve(file)}: ${summary(counts)}`);
    });
}
