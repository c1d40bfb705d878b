// Words for distribution states, shared by the waves, triggers and funnel pages.
import type { InvitationStatusName, SkipReasonView, WaveKind, WaveStatus } from '../domain/views.ts';

/** Why an invitation was not (or would not be) sent, as people say it. */
export const SKIP_REASON_LABELS: Record<SkipReasonView, string> = {
  recently_invited: 'Invited recently (quarantine)',
  recently_answered: 'Answered recently (quarantine)',
  account_limit: 'Account limit reached',
  unsubscribed: 'Opted out',
  no_email: 'No email address',
  email_invalid: 'Email address bounced',
  no_consent: 'Consent withdrawn',
  contact_deleted: 'Contact deleted',
  survey_closed: 'Survey closed',
  duplicate: 'Duplicate of a recent invitation',
};

export const skipReasonLabel = (reason: SkipReasonView) => SKIP_REASON_LABELS[reason] ?? reason;

export const INVITATION_STATUS_LABELS: Record<InvitationStatusName, string> = {
  created: 'Link created',
  scheduled: 'Scheduled',
  queued: 'In the outbox',
  sent: 'Sent',
  skipped: 'Skipped',
  bounced: 'Bounced',
  cancelled: 'Cancelled',
};

export const WAVE_STATUS_LABELS: Record<WaveStatus, string> = {
  scheduled: 'Scheduled',
  running: 'Running',
  paused: 'Paused',
  done: 'Done',
  cancelled: 'Cancelled',
};

export const waveKindLabel = (kind: WaveKind, everyDays: number | null) => (kind === 'one_off' ? 'One-off' : `Every ${everyDays} days`);
