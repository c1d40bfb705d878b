-- Distribution: invitations sent by email with at most one reminder; the rules that keep a contact
-- from being asked too often (quarantine, a limit per account, send windows in the recipient's time
-- zone, a rate per hour); transactional triggers fed by events; one-off and recurring waves;
-- SMTP per workspace; bounces. src/domain/distribution/README.md tells how an invitation moves.

-- One row per workspace (created with defaults on first read). A survey may override the
-- reminder and the quarantine in surveys.distribution.
create table distribution_settings (
  workspace_id uuid primary key references workspaces (id) on delete cascade deferrable,
  -- For contacts without a time zone of their own, and the calendar of "next business day".
  time_zone text not null default 'UTC',
  -- No invitation within this many days of the contact's last invitation, or of their last answer.
  quarantine_invited_days int not null default 30 check (quarantine_invited_days between 0 and 730),
  quarantine_answered_days int not null default 90 check (quarantine_answered_days between 0 and 730),
  -- B2B: at most account_limit invitations per account within account_period_days (null: no limit).
  account_limit int check (account_limit between 1 and 100000),
  account_period_days int not null default 30 check (account_period_days between 1 and 730),
  -- Invitations leave only inside [window_start_minute, window_end_minute) of the recipient's local
  -- day (minutes after midnight), on these ISO weekdays (1 = Monday … 7 = Sunday).
  window_start_minute int not null default 540 check (window_start_minute between 0 and 1439),
  window_end_minute int not null default 1020 check (window_end_minute between 1 and 1440),
  window_weekdays int[] not null default '{1,2,3,4,5}' check (cardinality(window_weekdays) between 1 and 7 and window_weekdays <@ '{1,2,3,4,5,6,7}'),
  -- Large waves are spread: at most this many invitations (and reminders) queued per hour.
  max_per_hour int not null default 1000 check (max_per_hour between 1 and 1000000),
  -- Days after the invitation until its one reminder; null: no reminders.
  reminder_days int default 4 check (reminder_days between 3 and 7),
  -- SMTP for this workspace's invitations; without a host the server's SMTP_URL is used, and
  -- without that emails stay in the outbox, visibly undelivered. The password is encrypted
  -- (src/domain/distribution/secret-box.ts) and never returned by the API.
  smtp_host text,
  smtp_port int check (smtp_port between 1 and 65535),
  smtp_security text not null default 'starttls' check (smtp_security in ('tls', 'starttls', 'none')),
  smtp_user text,
  smtp_password_encrypted text,
  from_address text,
  from_name text,
  -- Show the contact's owner as the sender's name, and send replies to the owner.
  sender_is_owner boolean not null default true,
  updated_at timestamptz not null default now(),
  check (window_start_minute < window_end_minute)
);

alter table surveys add column distribution jsonb not null default '{}';

-- An address that bounced permanently is not used again until the contact's email changes.
alter table contacts
  add column email_invalid_at timestamptz,
  add column email_invalid_reason text;

create function contacts_email_changed() returns trigger language plpgsql as $$
begin
  if new.email is distinct from old.email then
    new.email_invalid_at := null;
    new.email_invalid_reason := null;
  end if;
  return new;
end
$$;
create trigger contacts_email_changed before update of email on contacts
  for each row execute function contacts_email_changed();

-- What happened, as received by POST /api/v1/events; a repeated idempotency key returns the first.
create table distribution_events (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade deferrable,
  type text not null check (type ~ '^[a-z][a-z0-9_.-]{0,79}$'),
  contact_id uuid references contacts (id) on delete set null deferrable,
  occurred_at timestamptz not null,
  properties jsonb not null default '{}',
  idempotency_key text check (length(idempotency_key) between 1 and 200),
  -- What each matching rule made of it: [{ruleId, invitationId | skipReason}].
  outcome jsonb not null default '[]',
  received_at timestamptz not null default now()
);
create unique index distribution_events_key on distribution_events (workspace_id, idempotency_key) where idempotency_key is not null;
create index distribution_events_recent_idx on distribution_events (workspace_id, received_at desc);

-- An event of a type, whose conditions hold, schedules an invitation to a survey after a delay.
create table trigger_rules (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade deferrable,
  name text not null check (length(name) between 1 and 200),
  event_type text not null check (event_type ~ '^[a-z][a-z0-9_.-]{0,79}$'),
  -- All must hold (src/domain/distribution/triggers.ts, TriggerCondition).
  conditions jsonb not null default '[]',
  survey_id uuid not null references surveys (id) on delete cascade deferrable,
  -- {"kind": "after", "minutes": n} or {"kind": "next_business_day", "at": "10:00"}.
  delay jsonb not null,
  -- No second invitation from this rule to the same contact within this many days.
  dedupe_days int not null default 30 check (dedupe_days between 0 and 730),
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index trigger_rules_type_idx on trigger_rules (workspace_id, event_type) where enabled;

-- A one-off wave invites the contacts matching a filter once; a recurring wave (a relationship
-- programme) invites every matching contact every every_days days, spread evenly over the period.
create table waves (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade deferrable,
  survey_id uuid not null references surveys (id) on delete cascade deferrable,
  name text not null check (length(name) between 1 and 200),
  kind text not null check (kind in ('one_off', 'recurring')),
  -- The contact list's filters (src/domain/contacts, ContactFilter).
  filter jsonb not null default '{}',
  status text not null default 'scheduled' check (status in ('scheduled', 'running', 'paused', 'done', 'cancelled')),
  starts_at timestamptz not null,
  every_days int check (every_days between 7 and 1095),
  -- Recurring: the last day (counted from starts_at) whose contacts were scheduled, so a restart
  -- neither repeats nor skips a day.
  planned_through_day int,
  created_by uuid references users (id) on delete set null deferrable,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((kind = 'recurring') = (every_days is not null))
);
create index waves_workspace_idx on waves (workspace_id, created_at desc, id desc);
create index waves_due_idx on waves (starts_at) where status in ('scheduled', 'running');

-- An email the server may send: headers such as List-Unsubscribe, and a sender per email.
alter table outbox
  add column headers jsonb not null default '{}',
  add column from_address text,
  add column reply_to text;
-- An invitation's HTML (about 9 KB) is written once and read once by the dispatcher: stored out of
-- line uncompressed, it costs disk instead of the compression and decompression CPU at both ends.
alter table outbox alter column html_body set storage external;

-- Invitations now also travel by email. status:
--   created   a personal link made through the API; nothing is sent
--   scheduled waits for scheduled_at (then for the send window and the hourly rate)
--   queued    its email is in the outbox
--   sent      the SMTP server accepted it (sent_at)
--   skipped   not sent, for skip_reason
--   bounced   the address was rejected (at sending, or reported to POST /api/v1/bounces)
--   cancelled its wave or rule was stopped before it went out
alter table survey_invitations
  add column channel text not null default 'link' check (channel in ('link', 'email')),
  add column status text not null default 'created' check (status in ('created', 'scheduled', 'queued', 'sent', 'skipped', 'bounced', 'cancelled')),
  add column scheduled_at timestamptz,
  add column skip_reason text check (skip_reason in (
    'recently_invited', 'recently_answered', 'account_limit', 'unsubscribed', 'no_email',
    'email_invalid', 'no_consent', 'contact_deleted', 'survey_closed', 'duplicate')),
  add column queued_at timestamptz,
  add column outbox_id uuid references outbox (id) on delete set null deferrable,
  add column sent_at timestamptz,
  add column reminder_queued_at timestamptz,
  add column reminder_outbox_id uuid references outbox (id) on delete set null deferrable,
  add column reminder_sent_at timestamptz,
  add column bounced_at timestamptz,
  add column bounce_reason text,
  -- The contact unsubscribed through this invitation's link.
  add column unsubscribed_at timestamptz,
  add column wave_id uuid references waves (id) on delete set null deferrable,
  add column trigger_rule_id uuid references trigger_rules (id) on delete set null deferrable,
  add column event_id uuid references distribution_events (id) on delete set null deferrable;
create index survey_invitations_due_idx on survey_invitations (scheduled_at) where status = 'scheduled';
create index survey_invitations_reminder_idx on survey_invitations (sent_at) where status = 'sent' and reminder_queued_at is null and responded_at is null;
-- The hourly rate counts what a workspace queued in the last hour (sender.ts, hourlyBudget).
create index survey_invitations_queued_idx on survey_invitations (workspace_id, queued_at) where queued_at is not null;
create index survey_invitations_reminder_queued_idx on survey_invitations (workspace_id, reminder_queued_at) where reminder_queued_at is not null;
create index survey_invitations_outbox_idx on survey_invitations (outbox_id) where outbox_id is not null;
create index survey_invitations_reminder_outbox_idx on survey_invitations (reminder_outbox_id) where reminder_outbox_id is not null;
create index survey_invitations_wave_idx on survey_invitations (wave_id, contact_id) where wave_id is not null;
create index survey_invitations_rule_idx on survey_invitations (trigger_rule_id, contact_id, created_at) where trigger_rule_id is not null;

-- Every bounce, from the SMTP server at sending or reported by another system.
create table bounces (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade deferrable,
  email text not null,
  contact_id uuid references contacts (id) on delete set null deferrable,
  invitation_id uuid references survey_invitations (id) on delete set null deferrable,
  kind text not null check (kind in ('permanent', 'temporary')),
  reason text,
  source text not null check (source in ('smtp', 'api')),
  created_at timestamptz not null default now()
);
create index bounces_workspace_idx on bounces (workspace_id, created_at desc);
