import type { Db } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import type { RequestContext } from '../audit/index.ts';
import { dummyPasswordHash, verifyPassword } from './secrets.ts';
import { createSession, type NewSession, workspacesOfUser } from './sessions.ts';
import { ensureNotLocked, loginLanes, recordFailure, recordSuccess } from './throttle.ts';

export interface LoginInput {
  email: string;
  password: string;
  userAgent?: string;
  ttlHours: number;
}

export async function login(db: Db, input: LoginInput, context: RequestContext): Promise<NewSession & { userId: string; workspaceId: string | null }> {
  const lanes = loginLanes(input.email, context.ip ?? 'unknown');
  await ensureNotLocked(db, lanes);
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', input.email.trim().toLowerCase()))
    .executeTakeFirst();
  // Verify against a dummy hash for unknown accounts so the answer time reveals nothing.
  const valid = await verifyPassword(input.password, user?.password_hash ?? (await dummyPasswordHash()));
  if (!user?.password_hash || !valid) {
    await recordFailure(db, lanes);
    throw new AppError('invalid_credentials', 'The email or password is wrong. Check both, or reset your password.');
  }
  await recordSuccess(db, lanes);
  const [firstWorkspace] = await workspacesOfUser(db, user.id);
  const session = await createSession(db, {
    userId: user.id,
    workspaceId: firstWorkspace?.id ?? null,
    ip: context.ip,
    userAgent: input.userAgent,
    ttlHours: input.ttlHours,
  });
  return { ...session, userId: user.id, workspaceId: firstWorkspace?.id ?? null };
}
