// Logins and roles. A user is a member with a role; inviting someone creates (or reuses)
// their member row and emails a one-time link that sets the password and joins.
import { type Db, inTransaction, type Role } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { type MailQueue, renderEmail } from '../../mail/index.ts';
import { type Actor, canChangeHolderOf, canGrantRole, canManageAccess, canViewMember, ensure, ensureVisible, seesWholeWorkspace } from '../access/index.ts';
import { type RequestContext, recordAudit } from '../audit/index.ts';
import { hashPassword, randomToken, sha256, verifyPassword } from '../auth/secrets.ts';
import { ensureNotLocked, loginLanes, recordFailure, recordSuccess } from '../auth/throttle.ts';
import type { UserView } from '../views.ts';
import { loadVisibleUnit } from './units.ts';

const INVITATION_TTL_MS = 7 * 24 * 3600_000;

export async function listUsers(db: Db, actor: Actor): Promise<UserView[]> {
  ensure(seesWholeWorkspace(actor), 'list the users of the workspace');
  const rows = await db
    .selectFrom('members')
    .select(['id', 'user_id', 'name', 'email', 'role', 'unit_id'])
    .where('workspace_id', '=', actor.workspaceId)
    .where('role', 'is not', null)
    .orderBy('name')
    .execute();
  return rows.map((row) => ({
    memberId: row.id,
    userId: row.user_id,
    name: row.name,
    email: row.email,
    role: row.role as Role,
    unitId: row.unit_id,
    status: row.user_id ? 'active' : 'invited',
  }));
}

export interface InviteInput {
  email: string;
  name: string;
  role: Role;
  unitId: string;
}

export async function inviteUser(
  db: Db,
  mail: MailQueue,
  publicUrl: string,
  actor: Actor,
  input: InviteInput,
  context: RequestContext,
): Promise<{ memberId: string; invitationId: string; expiresAt: string }> {
  const email = input.email.trim().toLowerCase();
  const result = await inTransaction(db, async (trx) => {
    // Visibility before permission: a unit the actor cannot see (or of another workspace) is 404.
    const unit = await loadVisibleUnit(trx, actor, input.unitId);
    ensure(canManageAccess(actor), 'invite users');
    ensure(canGrantRole(actor, input.role), `grant the role ${input.role}`);
    const existing = await trx
      .selectFrom('members')
      .select(['id', 'user_id', 'role'])
      .where('workspace_id', '=', actor.workspaceId)
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
      .executeTakeFirst();
    if (existing?.user_id) throw new AppError('conflict', `${email} already has a login in this workspace; change their role instead.`);
    const memberId =
      existing?.id ??
      (
        await trx
          .insertInto('members')
          .values({ workspace_id: actor.workspaceId, unit_id: unit.id, name: input.name, email, role: input.role })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    if (existing) await trx.updateTable('members').set({ role: input.role, unit_id: unit.id, updated_at: new Date() }).where('id', '=', existing.id).execute();
    const token = randomToken();
    const expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
    const invitation = await trx
      .insertInto('invitations')
      .values({
        workspace_id: actor.workspaceId,
        member_id: memberId,
        email,
        role: input.role,
        token_hash: sha256(token),
        invited_by: actor.kind === 'user' ? actor.userId : null,
        expires_at: expiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const workspace = await trx.selectFrom('workspaces').select('name').where('id', '=', actor.workspaceId).executeTakeFirstOrThrow();
    const content = renderEmail({
      subject: `You are invited to ${workspace.name} on Anbefal`,
      paragraphs: [`Hello ${input.name},`, `${actor.label} invited you to join ${workspace.name} on Anbefal as ${input.role}. The link works for 7 days.`],
      action: { label: 'Accept the invitation', url: `${publicUrl}/invitation?token=${token}` },
    });
    await mail.enqueue(trx, { workspaceId: actor.workspaceId, kind: 'user_invitation', to: email, ...content });
    await recordAudit(
      trx,
      actor,
      { workspaceId: actor.workspaceId, action: 'user.invited', targetType: 'member', targetId: memberId, after: { email, role: input.role, unitId: unit.id } },
      context,
    );
    return { memberId, invitationId: invitation.id, expiresAt: expiresAt.toISOString() };
  });
  mail.nudge();
  return result;
}

export interface AcceptInvitationInput {
  token: string;
  name?: string;
  password: string;
}

/** Joins the invited workspace: creates the user, or (for an existing account) checks its password. */
export async function acceptInvitation(db: Db, input: AcceptInvitationInput, context: RequestContext) {
  const newHash = await hashPassword(input.password);
  // Checking an existing account's password here is a sign-in: it backs off like one.
  let lanes: ReturnType<typeof loginLanes> | undefined;
  return inTransaction(db, async (trx) => {
    const invitation = await trx
      .selectFrom('invitations')
      .selectAll()
      .where('token_hash', '=', sha256(input.token))
      .where('accepted_at', 'is', null)
      .where('expires_at', '>', new Date())
      .forUpdate()
      .executeTakeFirst();
    if (!invitation) throw new AppError('token_invalid', 'This invitation has expired or was already used. Ask for a new one.');
    const member = await trx.selectFrom('members').select(['id', 'name', 'role', 'user_id']).where('id', '=', invitation.member_id).executeTakeFirst();
    if (!member || member.role === null) throw new AppError('token_invalid', 'This invitation was withdrawn. Ask for a new one.');
    let user = await trx
      .selectFrom('users')
      .select(['id', 'password_hash'])
      .where((eb) => eb(eb.fn('lower', ['email']), '=', invitation.email))
      .executeTakeFirst();
    if (user) {
      lanes = loginLanes(invitation.email, context.ip ?? 'unknown');
      await ensureNotLocked(trx, lanes);
      const ok = user.password_hash !== null && (await verifyPassword(input.password, user.password_hash));
      if (!ok) throw new AppError('invalid_credentials', `An account for ${invitation.email} exists already; enter its password to join.`);
      await recordSuccess(trx, lanes);
    } else {
      user = await trx
        .insertInto('users')
        .values({ email: invitation.email, name: input.name ?? member.name, password_hash: newHash })
        .returning(['id', 'password_hash'])
        .executeTakeFirstOrThrow();
    }
    const alreadyMember = await trx
      .selectFrom('members')
      .select('id')
      .where('workspace_id', '=', invitation.workspace_id)
      .where('user_id', '=', user.id)
      .executeTakeFirst();
    if (alreadyMember) throw new AppError('conflict', 'You are already a user of this workspace; sign in instead.');
    await trx
      .updateTable('members')
      .set({ user_id: user.id, name: input.name ?? member.name, updated_at: new Date() })
      .where('id', '=', member.id)
      .execute();
    await trx.updateTable('invitations').set({ accepted_at: new Date() }).where('id', '=', invitation.id).execute();
    await recordAudit(
      trx,
      { kind: 'user_self', userId: user.id, label: invitation.email },
      { workspaceId: invitation.workspace_id, action: 'user.joined', targetType: 'member', targetId: member.id, after: { role: member.role } },
      context,
    );
    return { userId: user.id, workspaceId: invitation.workspace_id };
  }).catch(async (error: unknown) => {
    // Recorded outside the rolled-back transaction, so the failure counts.
    if (lanes && error instanceof AppError && error.code === 'invalid_credentials') await recordFailure(db, lanes);
    throw error;
  });
}

async function loadUserMember(db: Db, actor: Actor, memberId: string) {
  const member = await db
    .selectFrom('members as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['m.id', 'm.name', 'm.email', 'm.role', 'm.user_id', 'u.path as unit_path'])
    .where('m.workspace_id', '=', actor.workspaceId)
    .where('m.id', '=', memberId)
    .where('m.role', 'is not', null)
    .forUpdate('m')
    .executeTakeFirst();
  // A user the actor sees as a member (a manager's subtree, a frontline person themselves) is 403 later, not 404.
  ensureVisible(member !== undefined && canViewMember(actor, { id: member.id, unitPath: member.unit_path }), `The user ${memberId}`);
  return member as NonNullable<typeof member> & { role: Role };
}

async function ensureAnotherOwner(db: Db, workspaceId: string, memberId: string) {
  const owners = await db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('role', '=', 'owner')
    .where('user_id', 'is not', null)
    .where('id', '!=', memberId)
    .executeTakeFirstOrThrow();
  if (Number(owners.n) === 0) throw new AppError('conflict', 'A workspace needs at least one owner; make someone else owner first.');
}

export async function changeUserRole(db: Db, actor: Actor, memberId: string, role: Role, context: RequestContext): Promise<UserView> {
  return inTransaction(db, async (trx) => {
    const member = await loadUserMember(trx, actor, memberId);
    ensure(canManageAccess(actor), 'change roles');
    ensure(canChangeHolderOf(actor, member.role), "change an owner's role");
    ensure(canGrantRole(actor, role), `grant the role ${role}`);
    if (member.role === 'owner' && role !== 'owner') await ensureAnotherOwner(trx, actor.workspaceId, member.id);
    const updated = await trx
      .updateTable('members')
      .set({ role, updated_at: new Date() })
      .where('id', '=', member.id)
      .returning(['id', 'user_id', 'name', 'email', 'role', 'unit_id'])
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      actor,
      {
        workspaceId: actor.workspaceId,
        action: 'user.role_changed',
        targetType: 'member',
        targetId: member.id,
        before: { role: member.role },
        after: { role },
      },
      context,
    );
    return {
      memberId: updated.id,
      userId: updated.user_id,
      name: updated.name,
      email: updated.email,
      role,
      unitId: updated.unit_id,
      status: updated.user_id ? 'active' : 'invited',
    };
  });
}

/** Takes away the login; the person stays a member (they may still own customers). */
export async function revokeUserAccess(db: Db, actor: Actor, memberId: string, context: RequestContext): Promise<void> {
  await inTransaction(db, async (trx) => {
    const member = await loadUserMember(trx, actor, memberId);
    ensure(canManageAccess(actor), 'remove users');
    ensure(canChangeHolderOf(actor, member.role), 'remove an owner');
    if (member.role === 'owner') await ensureAnotherOwner(trx, actor.workspaceId, member.id);
    await trx.updateTable('members').set({ user_id: null, role: null, updated_at: new Date() }).where('id', '=', member.id).execute();
    await trx.updateTable('invitations').set({ expires_at: new Date() }).where('member_id', '=', member.id).where('accepted_at', 'is', null).execute();
    if (member.user_id) {
      await trx.deleteFrom('sessions').where('user_id', '=', member.user_id).where('workspace_id', '=', actor.workspaceId).execute();
    }
    await recordAudit(
      trx,
      actor,
      { workspaceId: actor.workspaceId, action: 'user.removed', targetType: 'member', targetId: member.id, before: { role: member.role, email: member.email } },
      context,
    );
  });
}

/** Operator path (CLI): gives an email a login with a role in a workspace, creating the user
 * and member as needed. Returns whether the user still has to choose a password. */
export async function provisionUser(
  db: Db,
  input: { workspaceId: string; email: string; name?: string; role: Role; unitId?: string; password?: string },
): Promise<{ userId: string; memberId: string; needsPassword: boolean }> {
  const email = input.email.trim().toLowerCase();
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return inTransaction(db, async (trx) => {
    const unitId =
      input.unitId ??
      (await trx.selectFrom('units').select('id').where('workspace_id', '=', input.workspaceId).where('parent_id', 'is', null).executeTakeFirstOrThrow()).id;
    const unit = await trx.selectFrom('units').select('id').where('workspace_id', '=', input.workspaceId).where('id', '=', unitId).executeTakeFirst();
    if (!unit) throw AppError.invalid('--unit', `no unit ${unitId} in this workspace`);
    let user = await trx
      .selectFrom('users')
      .select(['id', 'password_hash'])
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
      .executeTakeFirst();
    if (!user) {
      user = await trx
        .insertInto('users')
        .values({ email, name: input.name ?? email, password_hash: passwordHash })
        .returning(['id', 'password_hash'])
        .executeTakeFirstOrThrow();
    } else if (passwordHash) {
      await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: new Date() }).where('id', '=', user.id).execute();
      user = { ...user, password_hash: passwordHash };
    }
    const existing = await trx
      .selectFrom('members')
      .select('id')
      .where('workspace_id', '=', input.workspaceId)
      .where((eb) => eb.or([eb('user_id', '=', user.id), eb(eb.fn('lower', ['email']), '=', email)]))
      .executeTakeFirst();
    const memberId = existing
      ? (
          await trx
            .updateTable('members')
            .set({ user_id: user.id, role: input.role, updated_at: new Date() })
            .where('id', '=', existing.id)
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id
      : (
          await trx
            .insertInto('members')
            .values({ workspace_id: input.workspaceId, unit_id: unit.id, name: input.name ?? email, email, user_id: user.id, role: input.role })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
    await recordAudit(
      trx,
      { kind: 'system', label: 'anbefal CLI' },
      { workspaceId: input.workspaceId, action: 'user.provisioned', targetType: 'member', targetId: memberId, after: { email, role: input.role } },
    );
    return { userId: user.id, memberId, needsPassword: user.password_hash === null };
  });
}
