import { type Command, Option } from 'commander';
import { loadConfig } from '../config.ts';
import { issuePasswordToken, markSetupCompleted } from '../domain/auth/index.ts';
import { provisionUser } from '../domain/organisation/index.ts';
import { createWorkspace } from '../domain/workspaces/index.ts';
import { AppError } from '../errors.ts';
import { print, withDatabase } from './with-database.ts';
import { resolveWorkspace } from './workspace-option.ts';

const PASSWORD_LINK_TTL_MS = 24 * 3600_000;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export function registerUser(program: Command) {
  const user = program.command('user').description('manage people who sign in');
  user
    .command('create')
    .description('give an email a login with a role in a workspace; prints a link to choose the password')
    .requiredOption('--workspace <id-or-name>', 'workspace to join')
    .requiredOption('--email <email>', "the person's email")
    .addOption(new Option('--role <role>', 'their role').choices(['owner', 'admin', 'analyst', 'manager', 'frontline']).makeOptionMandatory())
    .option('--name <name>', 'their name (default: the email)')
    .option('--unit <id>', 'unit id to place them in (default: the root unit)')
    .option('--password-stdin', 'read the password from standard input instead of printing a link')
    .action(async (options: { workspace: string; email: string; role: 'owner'; name?: string; unit?: string; passwordStdin?: boolean }) => {
      const password = options.passwordStdin ? await readStdin() : undefined;
      if (password !== undefined && password.length < 10) throw AppError.invalid('password', 'must be at least 10 characters');
      const config = loadConfig();
      await withDatabase(async ({ db }) => {
        const workspace = await resolveWorkspace(db, options.workspace);
        const created = await provisionUser(db, {
          workspaceId: workspace.id,
          email: options.email,
          name: options.name,
          role: options.role,
          unitId: options.unit,
          password,
        });
        await markSetupCompleted(db);
        print(`${options.email} is ${options.role} of "${workspace.name}" (member ${created.memberId}).`);
        if (created.needsPassword) {
          const token = await issuePasswordToken(db, created.userId, PASSWORD_LINK_TTL_MS);
          print(`Choose a password within 24 hours: ${config.publicUrl}/reset-password?token=${token}`);
        }
      });
    });

  program
    .command('workspace')
    .description('manage workspaces')
    .command('create')
    .description('create a workspace whose owner is the given email (created if new)')
    .requiredOption('--name <name>', 'workspace name, e.g. the company')
    .requiredOption('--owner-email <email>', "the owner's email")
    .action(async (options: { name: string; ownerEmail: string }) => {
      const config = loadConfig();
      await withDatabase(async ({ db }) => {
        const email = options.ownerEmail.trim().toLowerCase();
        const existing = await db
          .selectFrom('users')
          .select(['id', 'name', 'password_hash'])
          .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
          .executeTakeFirst();
        const owner =
          existing ??
          (await db
            .insertInto('users')
            .values({ email, name: email, password_hash: null })
            .returning(['id', 'name', 'password_hash'])
            .executeTakeFirstOrThrow());
        const created = await createWorkspace(
          db,
          { name: options.name, owner: { userId: owner.id, name: owner.name, email } },
          { kind: 'system', label: 'anbefal CLI' },
        );
        await markSetupCompleted(db);
        print(`Created workspace "${options.name}" (${created.workspaceId}) owned by ${email}.`);
        if (owner.password_hash === null) {
          const token = await issuePasswordToken(db, owner.id, PASSWORD_LINK_TTL_MS);
          print(`Choose a password within 24 hours: ${config.publicUrl}/reset-password?token=${token}`);
        }
      });
    });
}
