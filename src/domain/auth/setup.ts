// First run: while no user exists, a one-time setup link (printed at start) creates the
// first owner and workspace. The token is stored hashed and dies with its first use.
import { type Db, inTransaction } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import type { RequestContext } from '../audit/index.ts';
import { createWorkspace } from '../workspaces/index.ts';
import { hashPassword, randomToken, safeEqual, sha256 } from './secrets.ts';

export async function isSetupNeeded(db: Db): Promise<boolean> {
  const row = await db.selectFrom('instance').select('setup_completed_at').executeTakeFirstOrThrow();
  return row.setup_completed_at === null;
}

/** A fresh setup token when setup is still needed (the previous one stops working), else null. */
export async function issueSetupToken(db: Db): Promise<string | null> {
  if (!(await isSetupNeeded(db))) return null;
  const token = randomToken();
  await db
    .updateTable('instance')
    .set({ setup_token_hash: sha256(token) })
    .where('setup_completed_at', 'is', null)
    .execute();
  return token;
}

export interface SetupInput {
  token: string;
  workspaceName: string;
  name: string;
  email: string;
  password: string;
}

export async function completeSetup(db: Db, input: SetupInput, context: RequestContext) {
  const passwordHash = await hashPassword(input.password);
  return inTransaction(db, async (trx) => {
    const instance = await trx.selectFrom('instance').selectAll().forUpdate().executeTakeFirstOrThrow();
    if (instance.setup_completed_at) {
      throw new AppError('setup_completed', 'Anbefal is already set up. Sign in instead, or ask an owner to invite you.');
    }
    if (!instance.setup_token_hash || !safeEqual(instance.setup_token_hash, sha256(input.token))) {
      throw new AppError('token_invalid', 'This setup link is not valid. Use the newest link printed when the server started.');
    }
    const user = await trx
      .insertInto('users')
      .values({ email: input.email.trim().toLowerCase(), name: input.name, password_hash: passwordHash })
      .returning('id')
      .executeTakeFirstOrThrow();
    const created = await createWorkspace(
      trx,
      { name: input.workspaceName, owner: { userId: user.id, name: input.name, email: input.email.trim().toLowerCase() } },
      { kind: 'user_self', userId: user.id, label: input.email },
      context,
    );
    await trx.updateTable('instance').set({ setup_completed_at: new Date(), setup_token_hash: null }).execute();
    return { userId: user.id, workspaceId: created.workspaceId };
  });
}

/** Marks setup done when the first owner was created another way (the CLI). */
export async function markSetupCompleted(db: Db): Promise<void> {
  await db.updateTable('instance').set({ setup_completed_at: new Date(), setup_token_hash: null }).where('setup_completed_at', 'is', null).execute();
}
