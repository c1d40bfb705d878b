// A person's own email preferences (today: the weekly digest), set in the portal or through
// GET/PUT /me/email-preferences, and the digest email's unsubscribe link, which works without
// signing in. Every change is audited on the member, like other changes to members.
import { z } from 'zod';
import { type Db, inTransaction } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../access/index.ts';
import { type AuditActor, type RequestContext, recordAudit } from '../audit/index.ts';
import { sha256 } from '../auth/secrets.ts';
import type { EmailPreferencesView } from '../views.ts';
import { DIGEST_ROLES } from './content.ts';

export const EmailPreferencesUpdate = z
  .object({
    weeklyDigest: z
      .boolean({ message: 'must be true (receive the weekly digest) or false (stop it)' })
      .meta({ description: 'Receive the weekly insight digest every Monday (managers and frontline members).' }),
  })
  .strict()
  .meta({ id: 'EmailPreferencesUpdate' });
export type EmailPreferencesUpdate = z.infer<typeof EmailPreferencesUpdate>;

/** Where a preference was changed, for the audit entry. */
export type PreferenceVia = 'settings' | 'unsubscribe_page' | 'one_click';

interface MemberRow {
  id: string;
  workspace_id: string;
  role: string | null;
  weekly_digest_opted_out_at: Date | null;
}

const viewOf = (row: MemberRow): EmailPreferencesView => ({
  weeklyDigest: row.weekly_digest_opted_out_at === null,
  weeklyDigestOptedOutAt: row.weekly_digest_opted_out_at?.toISOString() ?? null,
  receivesWeeklyDigest: (DIGEST_ROLES as readonly (string | null)[]).includes(row.role) && row.weekly_digest_opted_out_at === null,
});

const memberQuery = (db: Db) => db.selectFrom('members').select(['id', 'workspace_id', 'role', 'weekly_digest_opted_out_at']);

/** Preferences belong to a person: API keys have none (403). */
function ownMemberOf(actor: Actor): { workspaceId: string; memberId: string } {
  if (actor.kind !== 'user') {
    throw new AppError('forbidden', 'Email preferences belong to a person: sign in as that person instead of using an API key.');
  }
  return { workspaceId: actor.workspaceId, memberId: actor.memberId };
}

export async function getEmailPreferences(db: Db, actor: Actor): Promise<EmailPreferencesView> {
  const own = ownMemberOf(actor);
  return viewOf(await memberQuery(db).where('workspace_id', '=', own.workspaceId).where('id', '=', own.memberId).executeTakeFirstOrThrow());
}

/** Sets the member's digest preference in the open transaction; audits only a real change. */
async function setWeeklyDigest(trx: Db, memberId: string, wanted: boolean, who: AuditActor, via: PreferenceVia, context: RequestContext): Promise<MemberRow> {
  const before = await memberQuery(trx).where('id', '=', memberId).forUpdate().executeTakeFirstOrThrow();
  if ((before.weekly_digest_opted_out_at === null) === wanted) return before;
  const after = await trx
    .updateTable('members')
    .set({ weekly_digest_opted_out_at: wanted ? null : new Date() })
    .where('id', '=', memberId)
    .returning(['id', 'workspace_id', 'role', 'weekly_digest_opted_out_at'])
    .executeTakeFirstOrThrow();
  await recordAudit(
    trx,
    who,
    {
      workspaceId: before.workspace_id,
      action: 'member.email_preferences_updated',
      targetType: 'member',
      targetId: memberId,
      before: { weeklyDigest: !wanted },
      after: { weeklyDigest: wanted, via },
    },
    context,
  );
  return after;
}

export async function updateEmailPreferences(db: Db, actor: Actor, input: EmailPreferencesUpdate, context: RequestContext = {}): Promise<EmailPreferencesView> {
  const own = ownMemberOf(actor);
  const parsed = EmailPreferencesUpdate.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw AppError.invalid(['body', ...(issue?.path ?? [])].join('.'), issue?.message ?? 'is not valid');
  }
  const { weeklyDigest } = parsed.data;
  return inTransaction(db, async (trx) => viewOf(await setWeeklyDigest(trx, own.memberId, weeklyDigest, actor, 'settings', context)));
}

export interface DigestSubscription {
  workspaceId: string;
  workspaceName: string;
  memberId: string;
  /** When the member opted out; null while they receive the digest. */
  optedOutAt: Date | null;
}

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

/** The member behind a digest email's unsubscribe token; undefined for an unknown token. */
export async function findDigestSubscription(db: Db, token: string): Promise<DigestSubscription | undefined> {
  if (!TOKEN.test(token)) return undefined;
  const row = await db
    .selectFrom('insight_digests as d')
    .innerJoin('members as m', 'm.id', 'd.member_id')
    .innerJoin('workspaces as w', 'w.id', 'd.workspace_id')
    .select(['m.id', 'm.weekly_digest_opted_out_at', 'w.id as workspace_id', 'w.name'])
    .where('d.unsubscribe_token_hash', '=', sha256(token))
    .executeTakeFirst();
  return row && { workspaceId: row.workspace_id, workspaceName: row.name, memberId: row.id, optedOutAt: row.weekly_digest_opted_out_at };
}

/** Opts the member of an unsubscribe token out of the digest (a repeat changes nothing). */
export async function unsubscribeFromDigest(
  db: Db,
  token: string,
  via: Exclude<PreferenceVia, 'settings'>,
  context: RequestContext = {},
): Promise<DigestSubscription | undefined> {
  return inTransaction(db, async (trx) => {
    const found = await findDigestSubscription(trx, token);
    if (!found) return undefined;
    const row = await setWeeklyDigest(trx, found.memberId, false, { kind: 'system', label: 'digest unsubscribe link' }, via, { requestId: context.requestId });
    return { ...found, optedOutAt: row.weekly_digest_opted_out_at };
  });
}
