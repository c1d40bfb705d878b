// Touchpoints: the workspace's list of places where customer and company meet. Surveys and single
// questions refer to them by key, so a key never changes once made; the name may.
import { sql } from 'kysely';
import type { Db, Touchpoint } from '../../db/index.ts';
import { inTransaction } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { type Actor, canManageSurveys, canViewSurveys, ensure, ensureVisible } from '../access/index.ts';
import { type RequestContext, recordAudit } from '../audit/index.ts';
import type { TouchpointView } from '../views.ts';

const view = (row: Touchpoint): TouchpointView => ({ id: row.id, key: row.key, name: row.name, description: row.description, position: row.position });

export async function listTouchpoints(db: Db, actor: Actor): Promise<TouchpointView[]> {
  ensure(canViewSurveys(actor), 'see touchpoints');
  const rows = await db.selectFrom('touchpoints').selectAll().where('workspace_id', '=', actor.workspaceId).orderBy('position').orderBy('name').execute();
  return rows.map(view);
}

async function uniqueKey<T>(work: () => Promise<T>, key: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code === '23505' && constraint === 'touchpoints_key') {
      throw new AppError('conflict', `A touchpoint with the key "${key}" already exists.`, {
        errors: [{ field: 'body.key', message: 'is used by another touchpoint' }],
      });
    }
    throw error;
  }
}

export interface NewTouchpoint {
  key: string;
  name: string;
  description?: string | null;
  position?: number;
}

export async function createTouchpoint(db: Db, actor: Actor, input: NewTouchpoint, context: RequestContext = {}): Promise<TouchpointView> {
  ensure(canManageSurveys(actor), 'create touchpoints');
  return uniqueKey(
    () =>
      inTransaction(db, async (trx) => {
        const row = await trx
          .insertInto('touchpoints')
          .values({ workspace_id: actor.workspaceId, key: input.key, name: input.name, description: input.description ?? null, position: input.position ?? 0 })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(
          trx,
          actor,
          { workspaceId: actor.workspaceId, action: 'touchpoint.created', targetType: 'touchpoint', targetId: row.id, after: input },
          context,
        );
        return view(row);
      }),
    input.key,
  );
}

/** A touchpoint of the actor's workspace (404 otherwise) that the actor may change (403 otherwise). */
async function loadTouchpoint(db: Db, actor: Actor, id: string, action: string): Promise<Touchpoint> {
  const row = await db.selectFrom('touchpoints').selectAll().where('workspace_id', '=', actor.workspaceId).where('id', '=', id).executeTakeFirst();
  ensureVisible(row !== undefined, `The touchpoint ${id}`);
  ensure(canManageSurveys(actor), action);
  return row as Touchpoint;
}

export async function updateTouchpoint(
  db: Db,
  actor: Actor,
  id: string,
  input: { name?: string; description?: string | null; position?: number },
  context: RequestContext = {},
): Promise<TouchpointView> {
  return inTransaction(db, async (trx) => {
    const before = await loadTouchpoint(trx, actor, id, 'change touchpoints');
    const row = await trx
      .updateTable('touchpoints')
      .set({ name: input.name, description: input.description, position: input.position, updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      actor,
      {
        workspaceId: actor.workspaceId,
        action: 'touchpoint.updated',
        targetType: 'touchpoint',
        targetId: id,
        before: { name: before.name, description: before.description, position: before.position },
        after: input,
      },
      context,
    );
    return view(row);
  });
}

/** A touchpoint a survey still names (as the survey's or a question's touchpoint, in the draft or a
 * published version) stays: deleting it would leave answers pointing at nothing. */
export async function deleteTouchpoint(db: Db, actor: Actor, id: string, context: RequestContext = {}): Promise<void> {
  await inTransaction(db, async (trx) => {
    const touchpoint = await loadTouchpoint(trx, actor, id, 'delete touchpoints');
    const path = '$.pages[*].questions[*] ? (@.touchpoint == $key)';
    const vars = JSON.stringify({ key: touchpoint.key });
    const users = await sql<{ name: string }>`
      select s.name from surveys s
      where s.workspace_id = ${actor.workspaceId}
        and (s.touchpoint_id = ${id}
          or jsonb_path_exists(s.draft, ${path}::jsonpath, ${vars}::jsonb)
          or exists (select 1 from survey_versions v where v.survey_id = s.id and jsonb_path_exists(v.definition, ${path}::jsonpath, ${vars}::jsonb)))
      order by s.name limit 5`.execute(trx);
    if (users.rows.length > 0) {
      throw new AppError(
        'conflict',
        `The touchpoint "${touchpoint.key}" is used by the survey${users.rows.length > 1 ? 's' : ''} ${users.rows.map((r) => `"${r.name}"`).join(', ')}; remove it there first.`,
      );
    }
    await trx.deleteFrom('touchpoints').where('id', '=', id).execute();
    await recordAudit(
      trx,
      actor,
      {
        workspaceId: actor.workspaceId,
        action: 'touchpoint.deleted',
        targetType: 'touchpoint',
        targetId: id,
        before: { key: touchpoint.key, name: touchpoint.name },
      },
      context,
    );
  });
}
