// `anbefal demo`: a realistic workspace to explore — an energy supplier in Denmark, Sweden, Norway
// and Germany with its organisation, 5,000 customers, published surveys and 18 months of answers
// that differ by unit, touchpoint, segment, product and season, with comments in five languages,
// and the closed loop's cases of those answers, worked by their owners.
// Everything is written in one transaction: a failed run leaves nothing behind.
import { type Db, inTransaction } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/index.ts';
import { actorForUser, markSetupCompleted } from '../auth/index.ts';
import { createDemoAnswers } from './answers.ts';
import { createDemoCases } from './cases.ts';
import { createDemoContacts } from './contacts.ts';
import { DEMO_DAYS } from './generation.ts';
import { createDemoOrganisation, createDemoOwner } from './organisation.ts';
import { seededRandom } from './random.ts';
import { createDemoSurveys } from './surveys.ts';
import { asciiFold } from './world.ts';

export { CASE_NOTES, DETAIL_ROOT_CAUSES } from './case-phrases.ts';
export { caseDays } from './cases.ts';
export { DEMO_DAYS } from './generation.ts';
export { PHRASES } from './phrases.ts';
export { COUNTRIES } from './world.ts';

export const DEFAULT_DEMO_NAME = 'Nordlys Energi';
export const DEFAULT_DEMO_RESPONSES = 20_000;
export const DEMO_CONTACTS = 5_000;
export const MAX_DEMO_RESPONSES = 50_000_000;

export interface DemoOptions {
  name: string;
  seed: number;
  responses: number;
  /** The answers end at this moment and start 18 months before it. */
  now: Date;
  progress?: (message: string) => void;
}

export interface DemoSummary {
  workspaceId: string;
  name: string;
  signIn: { email: string; password: string };
  units: number;
  members: number;
  contacts: number;
  accounts: number;
  surveys: number;
  invitations: number;
  responses: number;
  answers: number;
  /** The closed loop's cases of the answers since `casesSince` (all of them up to 250,000 answers), and how many are still open. */
  cases: number;
  openCases: number;
  casesSince: Date;
}

function checkOptions(options: DemoOptions) {
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 2 ** 31 - 1) {
    throw AppError.invalid('--seed', `must be a whole number from 0 to ${2 ** 31 - 1}`);
  }
  if (!Number.isInteger(options.responses) || options.responses < 1 || options.responses > MAX_DEMO_RESPONSES) {
    throw AppError.invalid('--responses', `must be a whole number from 1 to ${MAX_DEMO_RESPONSES.toLocaleString('en')}`);
  }
  const name = options.name.trim();
  if (name.length < 1 || name.length > 200) throw AppError.invalid('--workspace', 'must be 1–200 characters');
}

export async function createDemoWorkspace(db: Db, options: DemoOptions): Promise<DemoSummary> {
  checkOptions(options);
  const name = options.name.trim();
  const progress = options.progress ?? (() => undefined);
  const random = seededRandom(options.seed);
  return inTransaction(db, async (trx) => {
    const owner = await createDemoOwner(trx, name);
    const actor = await actorForUser(trx, owner.userId, owner.workspaceId, 'anbefal demo');
    if (!actor) throw new Error('the demo owner has no membership in the new workspace');
    const organisation = await createDemoOrganisation(trx, { ...owner, slug: asciiFold(name) || 'demo' }, random);
    progress(`organisation: ${organisation.units} units, ${organisation.members} members`);
    const customers = await createDemoContacts(
      trx,
      { workspaceId: owner.workspaceId, branches: organisation.branches, contacts: DEMO_CONTACTS, now: options.now },
      random,
    );
    progress(`customers: ${customers.contacts} contacts, ${customers.accounts} accounts`);
    const surveys = await createDemoSurveys(trx, actor);
    progress(`surveys: ${surveys.length} published`);
    const answers = await createDemoAnswers(trx, {
      workspaceId: owner.workspaceId,
      seed: options.seed,
      responses: options.responses,
      now: options.now,
      branches: organisation.branches,
      surveys,
      progress,
    });
    const cases = await createDemoCases(trx, {
      workspaceId: owner.workspaceId,
      seed: options.seed,
      responses: options.responses,
      now: options.now,
      branches: organisation.branches,
      owner: actor,
      progress,
    });
    const summary: DemoSummary = {
      workspaceId: owner.workspaceId,
      name,
      signIn: { email: owner.email, password: owner.password },
      units: organisation.units,
      members: organisation.members,
      contacts: customers.contacts,
      accounts: customers.accounts,
      surveys: surveys.length,
      ...answers,
      cases: cases.cases,
      openCases: cases.open,
      casesSince: cases.since,
    };
    const { signIn: _signIn, ...counts } = summary;
    await recordAudit(
      trx,
      { kind: 'system', label: 'anbefal demo' },
      {
        workspaceId: owner.workspaceId,
        action: 'workspace.demo_loaded',
        targetType: 'workspace',
        targetId: owner.workspaceId,
        after: { ...counts, seed: options.seed, days: DEMO_DAYS },
      },
    );
    await markSetupCompleted(trx);
    return summary;
  });
}
