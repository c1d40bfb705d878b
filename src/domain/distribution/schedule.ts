// Scheduled invitations: rows the sender picks up at scheduled_at. Waves and trigger rules make
// them; nothing is decided about the contact here (the sender checks the rules when it is time).
import type { Db } from '../../db/index.ts';
import type { SkipReason } from '../../db/schema.ts';
import { randomToken } from '../auth/secrets.ts';

export interface NewEmailInvitation {
  surveyId: string;
  contactId: string;
  scheduledAt: Date;
  /** Days the personal link stays valid, counted again from sending (surveys.link_validity_days). */
  linkValidityDays: number;
  language?: string | null;
  properties?: Record<string, unknown>;
  waveId?: string | null;
  triggerRuleId?: string | null;
  eventId?: string | null;
  /** Recorded as not sent, for this reason (a trigger's de-duplication), instead of scheduled. */
  skipReason?: SkipReason;
}

const CHUNK = 1000;

/** Inserts email invitations (status scheduled, or skipped with a reason); returns their ids in order. */
export async function insertEmailInvitations(db: Db, workspaceId: string, invitations: readonly NewEmailInvitation[]): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < invitations.length; start += CHUNK) {
    const rows = await db
      .insertInto('survey_invitations')
      .values(
        invitations.slice(start, start + CHUNK).map((invitation) => ({
          workspace_id: workspaceId,
          survey_id: invitation.surveyId,
          contact_id: invitation.contactId,
          token: randomToken(16),
          language: invitation.language ?? null,
          properties: JSON.stringify(invitation.properties ?? {}),
          expires_at: new Date(invitation.scheduledAt.getTime() + invitation.linkValidityDays * 86_400_000),
          channel: 'email' as const,
          status: invitation.skipReason ? ('skipped' as const) : ('scheduled' as const),
          skip_reason: invitation.skipReason ?? null,
          scheduled_at: invitation.scheduledAt,
          wave_id: invitation.waveId ?? null,
          trigger_rule_id: invitation.triggerRuleId ?? null,
          event_id: invitation.eventId ?? null,
        })),
      )
      .returning('id')
      .execute();
    ids.push(...rows.map((row) => row.id));
  }
  return ids;
}
