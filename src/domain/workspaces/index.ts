import { randomUUID } from 'node:crypto';
import { type Db, inTransaction } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { type Actor, canEditOrganisation, ensure } from '../access/index.ts';
import { type AuditActor, type RequestContext, recordAudit } from '../audit/index.ts';
import { seedDefaultAlertRules } from '../loop/index.ts';
import type { WorkspaceView } from '../views.ts';

/** A workspace starts with its root unit (named like the workspace) and the creator as owner. */
export async function createWorkspace(
  db: Db,
  input: { name: string; owner: { userId: string; name: string; email: string } },
  auditActor: AuditActor,
  context: RequestContext = {},
): Promise<{ workspaceId: string; rootUnitId: string; memberId: string }> {
  return inTransaction(db, async (trx) => {
    const workspace = await trx.insertInto('workspaces').values({ name: input.name }).returning('id').executeTakeFirstOrThrow();
    const rootUnitId = randomUUID();
    await trx
      .insertInto('units')
      .values({ id: rootUnitId, workspace_id: workspace.id, parent_id: null, name: input.name, path: `/${rootUnitId}/` })
      .execute();
    const member = await trx
      .insertInto('members')
      .values({
        workspace_id: workspace.id,
        unit_id: rootUnitId,
        name: input.owner.name,
        email: input.owner.email,
        user_id: input.owner.userId,
        role: 'owner',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await seedDefaultAlertRules(trx, workspace.id);
    await recordAudit(
      trx,
      auditActor,
      { workspaceId: workspace.id, action: 'workspace.created', targetType: 'workspace', targetId: workspace.id, after: { name: input.name } },
      context,
    );
    return { workspaceId: workspace.id, rootUnitId, memberId: member.id };
  });
}

export async function getWorkspace(db: Db, actor: Actor): Promise<WorkspaceView> {
  const row = await db.selectFrom('workspaces').select(['id', 'name', 'created_at']).where('id', '=', actor.workspaceId).executeTakeFirst();
  if (!row) throw AppError.notFound('The workspace');
  return { id: row.id, name: row.name, createdAt: row.created_at.toISOString() };
}

export async function renameWorkspace(db: Db, actor: Actor, name: string, context: RequestContext): Promise<WorkspaceView> {
  ensure(canEditOrganisation(actor), "change the workspace's settings");
  return inTransaction(db, async (trx) => {
    const before = await getWorkspace(trx, actor);
    await trx.updateTable('workspaces').set({ name, updated_at: new Date() }).where('id', '=', actor.workspaceId).execute();
    await recordAudit(
      trx,
      actor,
      {
        workspaceId: actor.workspaceId,
        action: 'workspace.updated',
        targetType: 'workspace',
        targetId: actor.workspaceId,
        before: { name: before.name },
        after: { name },
      },
      context,
    );
    return { ...before, name };
  });
}

export async function findWorkspace(db: Db, idOrName: string) {
  const byId = /^[0-9a-f-]{36}$/i.test(idOrName);
  return db
    .selectFrom('workspaces')
    .select(['id', 'name'])
    .where(byId ? 'id' : 'name', '=', idOrName)
    .execute();
}
