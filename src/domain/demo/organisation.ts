// The demo company's organisation: the workspace with its owner (who signs in), the unit tree
// country → region → branch, a manager for every unit and three frontline owners of customers per
// branch (members without a login: they own customers and would receive alerts).
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { hashPassword, randomToken } from '../auth/index.ts';
import { createWorkspace } from '../workspaces/index.ts';
import { pick } from './random.ts';
import { asciiFold, COUNTRIES, type DemoCountry } from './world.ts';

export interface DemoBranch {
  unitId: string;
  name: string;
  country: DemoCountry;
  /** The country's and the branch's effect together. */
  effect: number;
  ownerMemberIds: string[];
}

export interface DemoOrganisation {
  workspaceId: string;
  rootUnitId: string;
  ownerUserId: string;
  signIn: { email: string; password: string };
  branches: DemoBranch[];
  units: number;
  members: number;
}

const OWNERS_PER_BRANCH = 3;

/** The workspace and its owner. A second demo needs another name: the owner's email is made from it. */
export async function createDemoOwner(
  db: Db,
  name: string,
): Promise<{ workspaceId: string; rootUnitId: string; userId: string; email: string; password: string }> {
  const slug = asciiFold(name) || 'demo';
  const email = `cx.lead@${slug}.example`;
  const clash = await db
    .selectFrom('workspaces')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst();
  const userClash = await db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
    .executeTakeFirst();
  if (clash || userClash) {
    throw new AppError(
      'conflict',
      `A workspace named "${name}" (or its demo owner ${email}) already exists; pass --workspace "<another name>" to load a second demo workspace.`,
      { errors: [{ field: '--workspace', message: `"${name}" is taken` }] },
    );
  }
  const password = randomToken(12);
  const user = await db
    .insertInto('users')
    .values({ email, name: 'Ida Lund', password_hash: await hashPassword(password) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const created = await createWorkspace(db, { name, owner: { userId: user.id, name: 'Ida Lund', email } }, { kind: 'system', label: 'anbefal demo' });
  return { workspaceId: created.workspaceId, rootUnitId: created.rootUnitId, userId: user.id, email, password };
}

interface UnitRow {
  id: string;
  workspace_id: string;
  parent_id: string;
  name: string;
  path: string;
}

interface MemberRow {
  id: string;
  workspace_id: string;
  unit_id: string;
  name: string;
  email: string;
}

/** Units and members in one insert each (40 units, 110 members). */
export async function createDemoOrganisation(
  db: Db,
  owner: { workspaceId: string; rootUnitId: string; slug: string },
  random: () => number,
): Promise<{ branches: DemoBranch[]; units: number; members: number }> {
  const { workspaceId, rootUnitId, slug } = owner;
  const units: UnitRow[] = [];
  const members: MemberRow[] = [];
  const managers = new Map<string, string>();
  const usedEmails = new Set<string>();
  const person = (country: DemoCountry, unitId: string) => {
    const name = `${pick(random, country.firstNames)} ${pick(random, country.lastNames)}`;
    let email = `${asciiFold(name).replace('-', '.')}@${slug}.example`;
    for (let n = 2; usedEmails.has(email); n += 1) email = `${asciiFold(name).replace('-', '.')}${n}@${slug}.example`;
    usedEmails.add(email);
    const member: MemberRow = { id: randomUUID(), workspace_id: workspaceId, unit_id: unitId, name, email };
    members.push(member);
    return member.id;
  };
  const unit = (parent: UnitRow | null, name: string, country: DemoCountry) => {
    const id = randomUUID();
    const row: UnitRow = { id, workspace_id: workspaceId, parent_id: parent?.id ?? rootUnitId, name, path: `${parent?.path ?? `/${rootUnitId}/`}${id}/` };
    units.push(row);
    managers.set(id, person(country, id));
    return row;
  };
  const branches: DemoBranch[] = [];
  for (const country of COUNTRIES) {
    const countryUnit = unit(null, country.name, country);
    for (const region of country.regions) {
      const regionUnit = unit(countryUnit, region.name, country);
      for (const branch of region.branches) {
        const branchUnit = unit(regionUnit, branch.name, country);
        const ownerMemberIds = Array.from({ length: OWNERS_PER_BRANCH }, () => person(country, branchUnit.id));
        branches.push({ unitId: branchUnit.id, name: branch.name, country, effect: country.effect + branch.effect, ownerMemberIds });
      }
    }
  }
  await db.insertInto('units').values(units).execute();
  await db.insertInto('members').values(members).execute();
  for (const [unitId, memberId] of managers) {
    await db.updateTable('units').set({ manager_member_id: memberId }).where('id', '=', unitId).execute();
  }
  return { branches, units: units.length + 1, members: members.length + 1 };
}
