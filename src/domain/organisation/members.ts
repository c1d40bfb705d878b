// Members: the people of the organisation, placed in units. Some sign in (user_id + role),
// others only own customers and receive alerts by email.
import { type Db, inTransaction, type Role } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { type Actor, canEditMember, canManageAccess, canViewMember, canViewUnit, ensure, ensureVisible, seesWholeWorkspace } from '../access/index.ts';
import { type RequestContext, recordAudit } from '../audit/index.ts';
import { decodeCursor, toPage } from '../paging.ts';
import type { MemberView, Page } from '../views.ts';
import { loadVisibleUnit } from './units.ts';

const memberColumns = [
  'm.id',
  'm.name',
  'm.email',
  'm.external_id',
  'm.unit_id',
  'm.role',
  'm.user_id',
  'm.created_at',
  'u.name as unit_name',
  'u.path as unit_path',
] as const;

type MemberRow = {
  id: string;
  name: string;
  email: string | null;
  external_id: string | null;
  unit_id: string;
  role: Role | null;
  user_id: string | null;
  created_at: Date;
  unit_name: string;
  unit_path: string;
};

const view = (row: MemberRow): MemberView => ({
  id: row.id,
  name: row.name,
  email: row.email,
  externalId: row.external_id,
  unitId: row.unit_id,
  unitName: row.unit_name,
  role: row.role,
  hasLogin: row.user_id !== null,
  createdAt: row.created_at.toISOString(),
});

const snapshot = (row: MemberRow) => ({ name: row.name, email: row.email, externalId: row.external_id, unitId: row.unit_id });

const baseQuery = (db: Db, actor: Actor) =>
  db.selectFrom('members as m').innerJoin('units as u', 'u.id', 'm.unit_id').select(memberColumns).where('m.workspace_id', '=', actor.workspaceId);

export interface ListMembersQuery {
  limit: number;
  cursor?: string;
  unitId?: string;
  /** Include members of the unit's descendants too. */
  subtree?: boolean;
  q?: string;
}

export async function listMembers(db: Db, actor: Actor, query: ListMembersQuery): Promise<Page<MemberView>> {
  let q = baseQuery(db, actor)
    .orderBy('m.name')
    .orderBy('m.id')
    .limit(query.limit + 1);
  if (!seesWholeWorkspace(actor) && actor.kind === 'user') {
    q = actor.role === 'manager' ? q.where('u.path', 'like', `${actor.unitPath}%`) : q.where('m.id', '=', actor.memberId);
  }
  if (query.unitId) {
    const unit = await loadVisibleUnit(db, actor, query.unitId);
    q = query.subtree ? q.where('u.path', 'like', `${unit.path}%`) : q.where('m.unit_id', '=', unit.id);
  }
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('m.name', 'ilike', pattern), eb('m.email', 'ilike', pattern), eb('m.external_id', 'ilike', pattern)]));
  }
  const after = decodeCursor(query.cursor, ['text', 'uuid']);
  if (after) {
    const [name, id] = after as [string, string];
    q = q.where((eb) => eb.or([eb('m.name', '>', name), eb.and([eb('m.name', '=', name), eb('m.id', '>', id)])]));
  }
  return toPage(await q.execute(), query.limit, (row) => [row.name, row.id], view);
}

async function loadVisibleMember(db: Db, actor: Actor, memberId: string): Promise<MemberRow> {
  const row = await baseQuery(db, actor).where('m.id', '=', memberId).executeTakeFirst();
  ensureVisible(row !== undefined && canViewMember(actor, { id: row.id, unitPath: row.unit_path }), `The member ${memberId}`);
  return row as MemberRow;
}

export async function getMember(db: Db, actor: Actor, memberId: string): Promise<MemberView> {
  return view(await loadVisibleMember(db, actor, memberId));
}

export interface MemberInput {
  name: string;
  email?: string | null;
  externalId?: string | null;
  unitId: string;
}

function explainUniqueViolation(error: unknown): never {
  const { code, constraint } = error as { code?: string; constraint?: string };
  if (code === '23505') {
    const field = constraint === 'members_email_key' ? 'email' : constraint === 'members_external_id_key' ? 'externalId' : 'value';
    throw new AppError('conflict', `Another member of this workspace already has this ${field}.`, {
      errors: [{ field: `body.${field}`, message: 'must be unique within the workspace' }],
    });
  }
  throw error;
}

export async function createMember(db: Db, actor: Actor, input: MemberInput, context: RequestContext): Promise<MemberView> {
  return inTransaction(db, async (trx) => {
    const unit = await loadVisibleUnit(trx, actor, input.unitId);
    ensure(canEditMember(actor, { id: '', unitPath: unit.path, isUser: false }), 'add members to this unit');
    const created = await trx
      .insertInto('members')
      .values({
        workspace_id: actor.workspaceId,
        unit_id: unit.id,
        name: input.name,
        email: input.email?.toLowerCase() ?? null,
        external_id: input.externalId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const member = await loadVisibleMember(trx, actor, created.id);
    await recordAudit(
      trx,
      actor,
      { workspaceId: actor.workspaceId, action: 'member.created', targetType: 'member', targetId: member.id, after: snapshot(member) },
      context,
    );
    return view(member);
  }).catch(explainUniqueViolation);
}

export async function updateMember(db: Db, actor: Actor, memberId: string, input: Partial<MemberInput>, context: RequestContext): Promise<MemberView> {
  return inTransaction(db, async (trx) => {
    const member = await loadVisibleMember(trx, actor, memberId);
    ensure(canEditMember(actor, { id: member.id, unitPath: member.unit_path, isUser: member.role !== null }), 'change this member');
    if (input.unitId !== undefined && input.unitId !== member.unit_id) {
      const unit = await loadVisibleUnit(trx, actor, input.unitId);
      ensure(
        canViewUnit(actor, unit) && canEditMember(actor, { id: member.id, unitPath: unit.path, isUser: member.role !== null }),
        'move members to that unit',
      );
      // A user's unit decides what they may see, so moving them is an access change.
      if (member.role !== null) ensure(canManageAccess(actor), 'move people who sign in (their unit decides what they see)');
    }
    await trx
      .updateTable('members')
      .set({
        name: input.name ?? member.name,
        email: input.email === undefined ? member.email : (input.email?.toLowerCase() ?? null),
        external_id: input.externalId === undefined ? member.external_id : input.externalId,
        unit_id: input.unitId ?? member.unit_id,
        updated_at: new Date(),
      })
      .where('id', '=', member.id)
      .execute();
    // Read back what was saved (the unit name may have changed with the move).
    const updated = (await baseQuery(trx, actor).where('m.id', '=', member.id).executeTakeFirstOrThrow()) as MemberRow;
    await recordAudit(
      trx,
      actor,
      {
        workspaceId: actor.workspaceId,
        action: 'member.updated',
        targetType: 'member',
        targetId: member.id,
        before: snapshot(member),
        after: snapshot(updated),
      },
      context,
    );
    return view(updated);
  }).catch(explainUniqueViolation);
}

export async function deleteMember(db: Db, actor: Actor, memberId: string, context: RequestContext): Promise<void> {
  await inTransaction(db, async (trx) => {
    const member = await loadVisibleMember(trx, actor, memberId);
    ensure(canEditMember(actor, { id: member.id, unitPath: member.unit_path, isUser: member.role !== null }), 'delete this member');
    if (member.role !== null) {
      throw new AppError('conflict', `${member.name} has a login (role ${member.role}); remove their access under Users first.`);
    }
    await trx.deleteFrom('members').where('id', '=', member.id).execute();
    await recordAudit(
      trx,
      actor,
      { workspaceId: actor.workspaceId, action: 'member.deleted', targetType: 'member', targetId: member.id, before: snapshot(member) },
      context,
    );
  });
}
