// The unit tree. Each unit stores its path of ids from the root, so "everything under X"
// is one prefix match and a move rewrites the subtree's paths in one statement.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { type Db, inTransaction, type Unit } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { type Actor, canEditOrganisation, canViewUnit, ensure, ensureVisible, seesWholeWorkspace } from '../access/index.ts';
import { type RequestContext, recordAudit } from '../audit/index.ts';
import type { UnitView } from '../views.ts';

const view = (unit: Unit, memberCount = 0): UnitView => ({
  id: unit.id,
  parentId: unit.parent_id,
  name: unit.name,
  externalId: unit.external_id,
  depth: unit.path.split('/').length - 3,
  managerMemberId: unit.manager_member_id,
  memberCount,
});

const snapshot = (unit: Unit) => ({ name: unit.name, parentId: unit.parent_id, externalId: unit.external_id, managerMemberId: unit.manager_member_id });

/** Units the actor may see, in tree order (each parent before its children). */
export async function listUnits(db: Db, actor: Actor): Promise<UnitView[]> {
  let query = db
    .selectFrom('units as u')
    .selectAll('u')
    .select((eb) => eb.selectFrom('members as m').whereRef('m.unit_id', '=', 'u.id').select(eb.fn.countAll<number>().as('n')).as('member_count'))
    .where('u.workspace_id', '=', actor.workspaceId);
  if (!seesWholeWorkspace(actor) && actor.kind === 'user') {
    query = actor.role === 'manager' ? query.where('u.path', 'like', `${actor.unitPath}%`) : query.where('u.id', '=', actor.unitId);
  }
  const rows = await query.execute();
  return inTreeOrder(rows).map((row) => view(row, Number(row.member_count ?? 0)));
}

/** Parents before their children and siblings by name: the order in which a tree is drawn. */
function inTreeOrder<T extends Unit>(units: T[]): T[] {
  const ids = new Set(units.map((unit) => unit.id));
  const children = new Map<string | null, T[]>();
  for (const unit of units) {
    // A unit whose parent is not visible (a manager's own unit) is a root of what the actor sees.
    const parent = unit.parent_id !== null && ids.has(unit.parent_id) ? unit.parent_id : null;
    children.set(parent, [...(children.get(parent) ?? []), unit]);
  }
  const ordered: T[] = [];
  const visit = (parent: string | null) => {
    for (const unit of (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name))) {
      ordered.push(unit);
      visit(unit.id);
    }
  };
  visit(null);
  return ordered;
}

/** Loads a unit of the actor's workspace that the actor may see, or throws 404. */
export async function loadVisibleUnit(db: Db, actor: Actor, unitId: string, field = 'unit'): Promise<Unit> {
  const unit = await db.selectFrom('units').selectAll().where('workspace_id', '=', actor.workspaceId).where('id', '=', unitId).executeTakeFirst();
  ensureVisible(unit !== undefined && canViewUnit(actor, unit), `The ${field} ${unitId}`);
  return unit as Unit;
}

export async function getUnit(db: Db, actor: Actor, unitId: string): Promise<UnitView> {
  const unit = await loadVisibleUnit(db, actor, unitId);
  const count = await db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('unit_id', '=', unit.id)
    .executeTakeFirstOrThrow();
  return view(unit, Number(count.n));
}

async function ensureManagerInWorkspace(db: Db, actor: Actor, memberId: string | null | undefined) {
  if (!memberId) return;
  const member = await db.selectFrom('members').select('id').where('workspace_id', '=', actor.workspaceId).where('id', '=', memberId).executeTakeFirst();
  if (!member) throw AppError.invalid('body.managerMemberId', `no member ${memberId} in this workspace; use the id of a member`);
}

/** The unit tree's unique indexes, answered as 409 naming the field to change. */
function explainUniqueViolation(error: unknown): never {
  const { code, constraint } = error as { code?: string; constraint?: string };
  if (code === '23505' && constraint === 'units_sibling_name_key') {
    throw new AppError('conflict', 'Another unit under the same parent already has this name; choose another name or parent.', {
      errors: [{ field: 'body.name', message: 'must be unique among the units of one parent' }],
    });
  }
  if (code === '23505' && constraint === 'units_external_id_key') {
    throw new AppError('conflict', 'Another unit of this workspace already has this external id.', {
      errors: [{ field: 'body.externalId', message: 'must be unique within the workspace' }],
    });
  }
  throw error;
}

export interface CreateUnitInput {
  name: string;
  parentId: string;
  externalId?: string | null;
  managerMemberId?: string | null;
}

export async function createUnit(db: Db, actor: Actor, input: CreateUnitInput, context: RequestContext): Promise<UnitView> {
  return inTransaction(db, async (trx) => {
    const parent = await loadVisibleUnit(trx, actor, input.parentId, 'parent unit');
    ensure(canEditOrganisation(actor), 'change the unit tree');
    await ensureManagerInWorkspace(trx, actor, input.managerMemberId);
    const id = randomUUID();
    const unit = await trx
      .insertInto('units')
      .values({
        id,
        workspace_id: actor.workspaceId,
        parent_id: parent.id,
        name: input.name,
        external_id: input.externalId ?? null,
        manager_member_id: input.managerMemberId ?? null,
        path: `${parent.path}${id}/`,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { workspaceId: actor.workspaceId, action: 'unit.created', targetType: 'unit', targetId: id, after: snapshot(unit) }, context);
    return view(unit);
  }).catch(explainUniqueViolation);
}

export interface UpdateUnitInput {
  name?: string;
  parentId?: string;
  externalId?: string | null;
  managerMemberId?: string | null;
}

export async function updateUnit(db: Db, actor: Actor, unitId: string, input: UpdateUnitInput, context: RequestContext): Promise<UnitView> {
  return inTransaction(db, async (trx) => {
    const unit = await loadVisibleUnit(trx, actor, unitId);
    ensure(canEditOrganisation(actor), 'change the unit tree');
    await ensureManagerInWorkspace(trx, actor, input.managerMemberId);
    let path = unit.path;
    if (input.parentId !== undefined && input.parentId !== unit.parent_id) {
      if (unit.parent_id === null) throw AppError.invalid('body.parentId', 'the root unit cannot be moved');
      const parent = await loadVisibleUnit(trx, actor, input.parentId, 'parent unit');
      if (parent.path.startsWith(unit.path)) {
        throw AppError.invalid('body.parentId', 'a unit cannot move under itself or one of its descendants; choose a unit outside its subtree');
      }
      path = `${parent.path}${unit.id}/`;
      await sql`update units set path = ${path} || substr(path, ${unit.path.length + 1}), updated_at = now()
        where workspace_id = ${actor.workspaceId} and path like ${`${unit.path}%`}`.execute(trx);
    }
    const updated = await trx
      .updateTable('units')
      .set({
        name: input.name ?? unit.name,
        parent_id: input.parentId ?? unit.parent_id,
        external_id: input.externalId === undefined ? unit.external_id : input.externalId,
        manager_member_id: input.managerMemberId === undefined ? unit.manager_member_id : input.managerMemberId,
        path,
        updated_at: new Date(),
      })
      .where('id', '=', unit.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      actor,
      { workspaceId: actor.workspaceId, action: 'unit.updated', targetType: 'unit', targetId: unit.id, before: snapshot(unit), after: snapshot(updated) },
      context,
    );
    return getUnit(trx, actor, unit.id);
  }).catch(explainUniqueViolation);
}

export async function deleteUnit(db: Db, actor: Actor, unitId: string, context: RequestContext): Promise<void> {
  await inTransaction(db, async (trx) => {
    const unit = await loadVisibleUnit(trx, actor, unitId);
    ensure(canEditOrganisation(actor), 'change the unit tree');
    if (unit.parent_id === null) throw new AppError('conflict', 'The root unit cannot be deleted; it is the workspace itself.');
    const children = await trx
      .selectFrom('units')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('parent_id', '=', unit.id)
      .executeTakeFirstOrThrow();
    const members = await trx
      .selectFrom('members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('unit_id', '=', unit.id)
      .executeTakeFirstOrThrow();
    if (Number(children.n) > 0 || Number(members.n) > 0) {
      throw new AppError('conflict', `Unit "${unit.name}" still has ${children.n} child units and ${members.n} members; move or delete them first.`);
    }
    await trx.deleteFrom('units').where('id', '=', unit.id).execute();
    await recordAudit(
      trx,
      actor,
      { workspaceId: actor.workspaceId, action: 'unit.deleted', targetType: 'unit', targetId: unit.id, before: snapshot(unit) },
      context,
    );
  });
}
