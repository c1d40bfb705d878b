// Who may be invited now, and if not, why. One query answers it for a batch of contacts; the
// sender checks again right before an email is queued, a wave's preview uses the same answer.
import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { SkipReason } from '../../db/schema.ts';
import type { SendingRules } from './rules.ts';

export interface ContactEligibility {
  contactId: string;
  /** Why no invitation may go to this contact now; null when one may. */
  reason: SkipReason | null;
  accountId: string | null;
  /** Invitations counted against the account's limit in its period (0 without an account). */
  accountInvitations: number;
}

/** Invitations that count as "asked": links made through the API, and emails queued or sent. */
const ASKED = ['created', 'queued', 'sent'] as const;

/**
 * The state of each contact against the rules at `now`. `excludeInvitationIds` are the invitations
 * being decided (a scheduled invitation does not quarantine itself). Contacts that do not exist in
 * the workspace come back as contact_deleted.
 */
export async function checkEligibility(
  db: Db,
  input: { workspaceId: string; contactIds: readonly string[]; rules: SendingRules; now: Date; excludeInvitationIds?: readonly string[] },
): Promise<Map<string, ContactEligibility>> {
  const result = new Map<string, ContactEligibility>();
  if (input.contactIds.length === 0) return result;
  const { rules, now } = input;
  const day = 86_400_000;
  const invitedSince = new Date(now.getTime() - rules.quarantineInvitedDays * day);
  const answeredSince = new Date(now.getTime() - rules.quarantineAnsweredDays * day);
  const accountSince = new Date(now.getTime() - (rules.accountLimit?.periodDays ?? 0) * day);
  // An empty array would make "not in ()" invalid SQL; the nil UUID matches no invitation.
  const exclude = input.excludeInvitationIds?.length ? [...input.excludeInvitationIds] : ['00000000-0000-0000-0000-000000000000'];
  const askedAt = sql<Date>`coalesce(i.queued_at, i.created_at)`;

  const rows = await db
    .selectFrom('contacts as c')
    .select((eb) => [
      'c.id',
      'c.email',
      'c.email_invalid_at',
      'c.opted_out_at',
      'c.consent',
      'c.deleted_at',
      'c.erased_at',
      'c.account_id',
      eb
        .exists(
          eb
            .selectFrom('survey_invitations as i')
            .select('i.id')
            // With the workspace, survey_invitations_contact_idx finds a contact's invitations.
            .whereRef('i.workspace_id', '=', 'c.workspace_id')
            .whereRef('i.contact_id', '=', 'c.id')
            .where('i.status', 'in', ASKED)
            .where(askedAt, '>', invitedSince)
            .where('i.id', 'not in', exclude),
        )
        .as('recently_invited'),
      eb
        .or([
          eb.exists(
            eb
              .selectFrom('survey_invitations as i')
              .select('i.id')
              .whereRef('i.workspace_id', '=', 'c.workspace_id')
              .whereRef('i.contact_id', '=', 'c.id')
              .where('i.responded_at', '>', answeredSince),
          ),
          eb.exists(eb.selectFrom('responses as r').select('r.id').whereRef('r.contact_id', '=', 'c.id').where('r.started_at', '>', answeredSince)),
        ])
        .as('recently_answered'),
    ])
    .where('c.workspace_id', '=', input.workspaceId)
    .where('c.id', 'in', [...input.contactIds])
    .execute();

  const accountCounts = new Map<string, number>();
  const accountIds = [...new Set(rows.map((row) => row.account_id).filter((id): id is string => id !== null))];
  if (rules.accountLimit && accountIds.length > 0) {
    const counts = await db
      .selectFrom('survey_invitations as i')
      .innerJoin('contacts as c', 'c.id', 'i.contact_id')
      .select(['c.account_id', (eb) => eb.fn.countAll<string>().as('n')])
      .where('i.workspace_id', '=', input.workspaceId)
      .where('c.account_id', 'in', accountIds)
      .where('i.status', 'in', ASKED)
      .where(askedAt, '>', accountSince)
      .where('i.id', 'not in', exclude)
      .groupBy('c.account_id')
      .execute();
    for (const row of counts) if (row.account_id) accountCounts.set(row.account_id, Number(row.n));
  }

  for (const row of rows) {
    const accountInvitations = row.account_id ? (accountCounts.get(row.account_id) ?? 0) : 0;
    const reason: SkipReason | null =
      row.deleted_at || row.erased_at
        ? 'contact_deleted'
        : row.opted_out_at
          ? 'unsubscribed'
          : row.consent === 'withdrawn'
            ? 'no_consent'
            : !row.email
              ? 'no_email'
              : row.email_invalid_at
                ? 'email_invalid'
                : row.recently_answered
                  ? 'recently_answered'
                  : row.recently_invited
                    ? 'recently_invited'
                    : rules.accountLimit && accountInvitations >= rules.accountLimit.limit
                      ? 'account_limit'
                      : null;
    result.set(row.id, { contactId: row.id, reason, accountId: row.account_id, accountInvitations });
  }
  for (const contactId of input.contactIds) {
    if (!result.has(contactId)) result.set(contactId, { contactId, reason: 'contact_deleted', accountId: null, accountInvitations: 0 });
  }
  return result;
}
