// Who a case belongs to and who hears about it: the contact's owner, else the manager of the
// case's unit (the nearest unit up the tree that has one), else the programme lead. Escalation
// walks the same chain of managers upwards, then the programme lead.
import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';

/** The first of the candidate units that still exists, else the workspace's root. */
export async function caseUnit(db: Db, workspaceId: string, candidates: readonly string[]): Promise<{ id: string; path: string }> {
  const rows = await db
    .selectFrom('units')
    .select(['id', 'path', 'parent_id'])
    .where('workspace_id', '=', workspaceId)
    .where((eb) => eb.or([eb('parent_id', 'is', null), ...(candidates.length > 0 ? [eb('id', 'in', [...candidates])] : [])]))
    .execute();
  const found = candidates.map((id) => rows.find((row) => row.id === id)).find((row) => row !== undefined);
  const unit = found ?? rows.find((row) => row.parent_id === null);
  if (!unit) throw new Error(`workspace ${workspaceId} has no root unit`);
  return { id: unit.id, path: unit.path };
}

/** Managers of the unit and its ancestors that exist as members, nearest first, each once. */
export async function managerChain(db: Db, workspaceId: string, unitPath: string): Promise<string[]> {
  const rows = await db
    .selectFrom('units as u')
    .innerJoin('members as m', (join) => join.onRef('m.id', '=', 'u.manager_member_id').onRef('m.workspace_id', '=', 'u.workspace_id'))
    .select('m.id')
    .where('u.workspace_id', '=', workspaceId)
    .where(sql<boolean>`${unitPath} like u.path || '%'`)
    .orderBy(sql`length(u.path)`, 'desc')
    .execute();
  return [...new Set(rows.map((row) => row.id))];
}

/** The member if it exists in the workspace. */
async function existingMember(db: Db, workspaceId: string, memberId: string | null): Promise<string | null> {
  if (!memberId) return null;
  const row = await db.selectFrom('members').select('id').where('workspace_id', '=', workspaceId).where('id', '=', memberId).executeTakeFirst();
  return row?.id ?? null;
}

export async function resolveOwner(
  db: Db,
  input: { workspaceId: string; contactOwnerId: string | null; unitPath: string; programmeLeadId: string | null },
): Promise<string | null> {
  const owner = await existingMember(db, input.workspaceId, input.contactOwnerId);
  if (owner) return owner;
  const [manager] = await managerChain(db, input.workspaceId, input.unitPath);
  return manager ?? (await existingMember(db, input.workspaceId, input.programmeLeadId));
}

export interface Recipient {
  memberId: string;
  name: string;
  /** The sign-in address of a user, else the member's own address; null when neither exists. */
  email: string | null;
}

export async function recipients(db: Db, workspaceId: string, memberIds: readonly string[]): Promise<Map<string, Recipient>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('members as m')
    .leftJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.id', 'm.name', 'm.email as member_email', 'u.email as user_email'])
    .where('m.workspace_id', '=', workspaceId)
    .where('m.id', 'in', [...new Set(memberIds)])
    .execute();
  return new Map(rows.map((row) => [row.id, { memberId: row.id, name: row.name, email: row.user_email ?? row.member_email }]));
}
