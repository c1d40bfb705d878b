import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { createDemoWorkspace, DEFAULT_DEMO_NAME, DEFAULT_DEMO_RESPONSES } from '../domain/demo/index.ts';
import { AppError } from '../errors.ts';
import { print, withDatabase } from './with-database.ts';

const wholeNumber = (option: string) => (value: string) => {
  if (!/^\d+$/.test(value.replaceAll('_', ''))) throw AppError.invalid(option, `must be a whole number, not "${value}"`);
  return Number(value.replaceAll('_', ''));
};

export function registerDemo(program: Command) {
  program
    .command('demo')
    .description('load a demo workspace: an energy supplier in four countries with 5,000 customers and 18 months of answers')
    .option('--workspace <name>', 'name of the new workspace', DEFAULT_DEMO_NAME)
    .option('--responses <n>', 'answers to generate (10000000 for benchmark scale)', wholeNumber('--responses'), DEFAULT_DEMO_RESPONSES)
    .option('--seed <n>', 'the same seed gives the same answers', wholeNumber('--seed'), 1)
    .action(async (options: { workspace: string; responses: number; seed: number }) => {
      const config = loadConfig();
      await withDatabase(async ({ db, kind }) => {
        const started = performance.now();
        print(`Loading the demo workspace "${options.workspace}" (${options.responses.toLocaleString('en')} answers, seed ${options.seed}, ${kind})…`);
        const summary = await createDemoWorkspace(db, {
          name: options.workspace,
          seed: options.seed,
          responses: options.responses,
          now: new Date(),
          progress: (message) => print(`  ${message}`),
        });
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        print(`Created the demo workspace "${summary.name}" (${summary.workspaceId}) in ${seconds} s:`);
        print(`  ${summary.units} units in Denmark, Sweden, Norway and Germany; ${summary.members} members`);
        print(`  ${summary.contacts.toLocaleString('en')} contacts, ${summary.accounts.toLocaleString('en')} accounts, ${summary.surveys} published surveys`);
        print(
          `  ${summary.invitations.toLocaleString('en')} invitations, ${summary.responses.toLocaleString('en')} responses, ${summary.answers.toLocaleString('en')} answers`,
        );
        print(
          `  ${summary.cases.toLocaleString('en')} cases (follow-ups and promoter leads) for the answers since ${summary.casesSince.toISOString().slice(0, 10)}, ${summary.openCases.toLocaleString('en')} still open`,
        );
        print(`Sign in at ${config.publicUrl}/sign-in as ${summary.signIn.email} with the password ${summary.signIn.password}`);
      });
    });
}
