import { type Command, Option } from 'commander';
import { issueApiKey } from '../domain/api-keys/index.ts';
import { print, withDatabase } from './with-database.ts';
import { resolveWorkspace } from './workspace-option.ts';

export function registerApiKey(program: Command) {
  const apikey = program.command('apikey').description('manage API keys');
  apikey
    .command('create')
    .description('create an API key and print it (shown this once)')
    .requiredOption('--workspace <id-or-name>', 'workspace the key belongs to')
    .requiredOption('--name <name>', 'what the key is for, e.g. "CRM sync"')
    .addOption(new Option('--scope <scope>', 'read, or write (read and change data)').choices(['read', 'write']).default('read'))
    .action(async (options: { workspace: string; name: string; scope: 'read' | 'write' }) => {
      const created = await withDatabase(async ({ db }) => {
        const workspace = await resolveWorkspace(db, options.workspace);
        return issueApiKey(
          db,
          { workspaceId: workspace.id, name: options.name, scope: options.scope, createdBy: null },
          { kind: 'system', label: 'anbefal CLI' },
        );
      });
      print(created.key);
      process.stderr.write(`Created ${options.scope} key "${created.name}" (${created.id}). Store it now: it is not shown again.\n`);
    });
}
