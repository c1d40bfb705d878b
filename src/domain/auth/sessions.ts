import { sql } from 'kysely';
import type { Db, Role } from '../../db/index.ts';
import type { UserActor } from '../access/index.ts';
import type { SessionView } from '../views.ts';
import { randomToken, sha256 } from './secrets.ts';

export interface SignedInUser {
  sessionId: string;
  userId: string;
  email: string;
  name: string;
  workspaceId: string | null;
  csrfToken: string;
}

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(
  db: Db,
  input: { userId: string; workspaceId: string | null; ip?: string; userAgent?: string; ttlHours: number },
): Promise<NewSession> {
  const token = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(Date.now() + input.ttlHours * 3600_000);
  await db
    .insertInto('sessions')
    .values({
      token_hash: sha256(token),
      user_id: input.userId,
      workspace_id: input.workspaceId,
      csrf_token: csrfToken,
      ip: input.ip ?? null,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
      expires_at: expiresAt,
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

export async function resolveSession(db: Db, token: string): Promise<SignedInUser | undefined> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id as sessionId', 's.user_id as userId', 'u.email', 'u.name', 's.workspace_id as workspaceId', 's.csrf_token as csrfToken', 's.last_seen_at'])
    .where('s.token_hash', '=', sha256(token))
    .where('s.expires_at', '>', new Date())
    .executeTakeFirst();
  if (!row) return undefined;
  // Touch at most once a minute: keeps reads from turning into writes on every request.
  if (Date.now() - row.last_seen_at.getTime() > 60_000) {
    await db.updateTable('sessions').set({ last_seen_at: new Date() }).where('id', '=', row.sessionId).execute();
  }
  const { last_seen_at: _seen, ...user } = row;
  return user;
}

export async function destroySession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** The actor a signed-in user is in their current workspace, or undefined when they are not a member. */
export async function actorForUser(db: Db, userId: string, workspaceId: string, label: string): Promise<UserActor | undefined> {
  const row = await db
    .selectFrom('members as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['m.id as memberId', 'm.role', 'm.unit_id as unitId', 'u.path as unitPath'])
    .where('m.workspace_id', '=', workspaceId)
    .where('m.user_id', '=', userId)
    .executeTakeFirst();
  if (!row?.role) return undefined;
  return { kind: 'user', workspaceId, userId, memberId: row.memberId, role: row.role, unitId: row.unitId, unitPath: row.unitPath, label };
}

export async function workspacesOfUser(db: Db, userId: string) {
  return db
    .selectFrom('members as m')
    .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
    .select(['w.id', 'w.name', 'm.role'])
    .where('m.user_id', '=', userId)
    .where('m.role', 'is not', null)
    .orderBy('w.created_at')
    .execute();
}

export async function switchWorkspace(db: Db, session: SignedInUser, workspaceId: string): Promise<boolean> {
  const result = await db
    .updateTable('sessions')
    .set({ workspace_id: workspaceId })
    .where('id', '=', session.sessionId)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('members')
          .select(sql`1`.as('one'))
          .where('workspace_id', '=', workspaceId)
          .where('user_id', '=', session.userId)
          .where('role', 'is not', null),
      ),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** What the portal needs to know about a session: who, the CSRF token, and their workspaces. */
export async function describeSession(db: Db, session: { userId: string; csrfToken: string; workspaceId: string | null }): Promise<SessionView> {
  const user = await db.selectFrom('users').select(['id', 'email', 'name']).where('id', '=', session.userId).executeTakeFirstOrThrow();
  const memberships = await db
    .selectFrom('members as m')
    .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
    .select(['w.id', 'w.name', 'm.role', 'm.id as memberId', 'm.unit_id as unitId'])
    .where('m.user_id', '=', session.userId)
    .where('m.role', 'is not', null)
    .orderBy('w.created_at')
    .execute();
  const workspaces = memberships.map((m) => ({ id: m.id, name: m.name, role: m.role as Role }));
  const current = memberships.find((m) => m.id === session.workspaceId);
  return {
    user,
    csrfToken: session.csrfToken,
    workspace: current ? { id: current.id, name: current.name, role: current.role as Role, memberId: current.memberId, unitId: current.unitId } : null,
    workspaces,
  };
}
