import { type Db, inTransaction } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { type MailQueue, renderEmail } from '../../mail/index.ts';
import { type RequestContext, recordAudit } from '../audit/index.ts';
import { hashPassword, randomToken, sha256 } from './secrets.ts';

const RESET_TTL_MS = 60 * 60 * 1000;

/** Always succeeds from the caller's view, so the answer does not reveal which emails have accounts. */
export async function requestPasswordReset(db: Db, mail: MailQueue, publicUrl: string, email: string): Promise<void> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
    .executeTakeFirst();
  if (!user) return;
  const token = await issuePasswordToken(db, user.id, RESET_TTL_MS);
  await inTransaction(db, async (trx) => {
    const content = renderEmail({
      subject: 'Reset your Anbefal password',
      paragraphs: [`Hello ${user.name},`, 'Someone asked to reset the password of your Anbefal account. The link works once, for one hour.'],
      action: { label: 'Choose a new password', url: `${publicUrl}/reset-password?token=${token}` },
      footer: 'If you did not ask for this, ignore this email: your password stays as it is.',
    });
    // Reset emails belong to no workspace: workspace admins never see another person's reset link.
    await mail.enqueue(trx, { workspaceId: null, kind: 'password_reset', to: user.email, ...content });
  });
  mail.nudge();
}

export async function issuePasswordToken(db: Db, userId: string, ttlMs: number): Promise<string> {
  const token = randomToken();
  await db
    .insertInto('password_resets')
    .values({ user_id: userId, token_hash: sha256(token), expires_at: new Date(Date.now() + ttlMs) })
    .execute();
  return token;
}

export async function confirmPasswordReset(db: Db, token: string, password: string, context: RequestContext): Promise<void> {
  const passwordHash = await hashPassword(password);
  await inTransaction(db, async (trx) => {
    const reset = await trx
      .selectFrom('password_resets as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select(['r.id', 'r.user_id', 'u.email'])
      .where('r.token_hash', '=', sha256(token))
      .where('r.used_at', 'is', null)
      .where('r.expires_at', '>', new Date())
      .forUpdate()
      .executeTakeFirst();
    if (!reset) throw new AppError('token_invalid', 'This password link has expired or was already used. Ask for a new one.');
    await trx.updateTable('password_resets').set({ used_at: new Date() }).where('id', '=', reset.id).execute();
    await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: new Date() }).where('id', '=', reset.user_id).execute();
    // A new password signs out every session: whoever knew the old one is locked out.
    await trx.deleteFrom('sessions').where('user_id', '=', reset.user_id).execute();
    await recordAudit(
      trx,
      { kind: 'user_self', userId: reset.user_id, label: reset.email },
      { workspaceId: null, action: 'user.password_reset', targetType: 'user', targetId: reset.user_id },
      context,
    );
  });
}
