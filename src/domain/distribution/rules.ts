// The sending rules in force for one survey: the workspace's distribution settings, with the
// survey's own overrides (surveys.distribution) on top. Read-only; settings.ts writes them.
import { z } from 'zod';
import type { Db } from '../../db/index.ts';
import type { SendWindow } from './calendar.ts';

/** What a survey may set for itself; an absent key keeps the workspace's value. */
export const SurveyDistribution = z
  .object({
    /** Days until the one reminder; null turns reminders off for this survey. */
    reminderDays: z.number().int().min(3).max(7).nullable().optional(),
    quarantineInvitedDays: z.number().int().min(0).max(730).optional(),
    quarantineAnsweredDays: z.number().int().min(0).max(730).optional(),
  })
  .strict()
  .meta({ id: 'SurveyDistribution' });
export type SurveyDistribution = z.infer<typeof SurveyDistribution>;

export interface SendingRules {
  timeZone: string;
  quarantineInvitedDays: number;
  quarantineAnsweredDays: number;
  /** B2B: at most `limit` invitations per account within `periodDays`; null: no limit. */
  accountLimit: { limit: number; periodDays: number } | null;
  window: SendWindow;
  maxPerHour: number;
  reminderDays: number | null;
}

/** The defaults of 0007_distribution.sql, in force until a workspace saves its settings. */
export const DEFAULT_SENDING_RULES: SendingRules = {
  timeZone: 'UTC',
  quarantineInvitedDays: 30,
  quarantineAnsweredDays: 90,
  accountLimit: null,
  window: { startMinute: 540, endMinute: 1020, weekdays: [1, 2, 3, 4, 5] },
  maxPerHour: 1000,
  reminderDays: 4,
};

/** The workspace's rules (the defaults of 0007_distribution.sql until someone saves settings). */
export async function loadWorkspaceRules(db: Db, workspaceId: string): Promise<SendingRules> {
  const row = await db.selectFrom('distribution_settings').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
  if (!row) return DEFAULT_SENDING_RULES;
  return {
    timeZone: row.time_zone,
    quarantineInvitedDays: row.quarantine_invited_days,
    quarantineAnsweredDays: row.quarantine_answered_days,
    accountLimit: row.account_limit === null ? null : { limit: row.account_limit, periodDays: row.account_period_days },
    window: { startMinute: row.window_start_minute, endMinute: row.window_end_minute, weekdays: row.window_weekdays },
    maxPerHour: row.max_per_hour,
    reminderDays: row.reminder_days,
  };
}

/** The workspace's rules with a survey's overrides applied. */
export function rulesForSurvey(workspace: SendingRules, survey: unknown): SendingRules {
  const parsed = SurveyDistribution.safeParse(survey ?? {});
  const own = parsed.success ? parsed.data : {};
  return {
    ...workspace,
    reminderDays: own.reminderDays === undefined ? workspace.reminderDays : own.reminderDays,
    quarantineInvitedDays: own.quarantineInvitedDays ?? workspace.quarantineInvitedDays,
    quarantineAnsweredDays: own.quarantineAnsweredDays ?? workspace.quarantineAnsweredDays,
  };
}
