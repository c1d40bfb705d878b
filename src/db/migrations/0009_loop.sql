-- The closed loop: alert rules turn answers into cases for a person, with a due time counted in
-- the workspace's working hours, a timeline, escalation, replies and notifications.

-- One row per workspace (defaults until saved): the working-time calendar due times are counted
-- in, the default service level, the programme lead (owner of last resort) and the root causes.
create table loop_settings (
  workspace_id uuid primary key references workspaces (id) on delete cascade deferrable,
  time_zone text not null default 'Europe/Copenhagen',
  workdays int[] not null default '{1,2,3,4,5}' check (cardinality(workdays) between 1 and 7 and workdays <@ '{1,2,3,4,5,6,7}'),
  start_minute int not null default 480 check (start_minute between 0 and 1439),
  end_minute int not null default 960 check (end_minute between 1 and 1440),
  -- Explicit non-working dates (YYYY-MM-DD), and optionally a country's public holidays (date-holidays: DK, DE-BY).
  holidays text[] not null default '{}',
  holiday_country text,
  default_sla_hours double precision not null default 24 check (default_sla_hours > 0 and default_sla_hours <= 2000),
  programme_lead_member_id uuid references members (id) on delete set null deferrable,
  root_causes text[] not null default '{Product quality,Delivery,Price,Service and support,Communication,Billing,Other}',
  updated_at timestamptz not null default now(),
  check (start_minute < end_minute)
);

-- Conditions and actions are zod-validated JSON documents (src/domain/loop/rule-schema.ts), so new
-- condition types (sentiment, theme) need no migration. default_key marks the three defaults.
create table alert_rules (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade deferrable,
  name text not null check (length(name) between 1 and 200),
  enabled boolean not null default true,
  conditions jsonb not null,
  actions jsonb not null,
  default_key text check (default_key in ('detractor_alarm', 'contact_request', 'promoter_lead')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index alert_rules_workspace_idx on alert_rules (workspace_id, created_at);
create unique index alert_rules_default_key on alert_rules (workspace_id, default_key) where default_key is not null;

-- The follow-up of one answer. One case per answer and kind: a detractor who also asks to be
-- contacted gets one call, and the second rule is noted on the case's timeline.
create table cases (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade deferrable,
  rule_id uuid references alert_rules (id) on delete set null deferrable,
  response_id uuid not null references responses (id) on delete cascade deferrable,
  contact_id uuid references contacts (id) on delete set null deferrable,
  -- The unit the case belongs to (the answer's unit), which decides which managers see it.
  unit_id uuid not null references units (id) deferrable,
  kind text not null check (kind in ('follow_up', 'lead')),
  title text not null,
  status text not null default 'new' check (status in ('new', 'in_progress', 'contacted', 'resolved', 'closed_without_contact')),
  owner_member_id uuid references members (id) on delete set null deferrable,
  sla_hours double precision not null,
  due_at timestamptz not null,
  first_contact_at timestamptz,
  closed_at timestamptz,
  root_cause text,
  outcome text check (outcome in ('recovered', 'not_recovered', 'unknown')),
  tags text[] not null default '{}',
  watcher_member_ids uuid[] not null default '{}',
  -- Escalation levels already notified (0: none); each level is sent once.
  escalation_level int not null default 0,
  reply_count int not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (response_id, kind)
);
create index cases_list_idx on cases (workspace_id, due_at, id);
create index cases_owner_idx on cases (workspace_id, owner_member_id, status);
create index cases_open_due_idx on cases (due_at) where status not in ('resolved', 'closed_without_contact') and first_contact_at is null;
create index cases_rule_response_idx on cases (rule_id, response_id);

-- The timeline: every change to a case is one row, in the transaction of the change. The identity
-- id orders events written within one clock tick.
create table case_events (
  id bigint generated always as identity primary key,
  case_id uuid not null references cases (id) on delete cascade deferrable,
  workspace_id uuid not null references workspaces (id) on delete cascade deferrable,
  kind text not null,
  actor_member_id uuid,
  actor_label text not null,
  data jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index case_events_case_idx on case_events (case_id, id);

-- Email, Slack, Teams and webhook notifications of a rule's match, written with the case in the
-- save transaction and sent by the loop-notify job with retries. Unique per rule, answer and
-- action, so evaluating an answer twice notifies once.
create table alert_notifications (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade deferrable,
  rule_id uuid references alert_rules (id) on delete set null deferrable,
  response_id uuid not null references responses (id) on delete cascade deferrable,
  case_id uuid references cases (id) on delete set null deferrable,
  action_index int not null,
  channel text not null check (channel in ('email', 'slack', 'teams', 'webhook')),
  target text not null,
  facts jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts int not null default 0,
  next_attempt_at timestamptz,
  last_response_status int,
  last_error text,
  created_at timestamptz not null default now(),
  delivered_at timestamptz,
  unique (rule_id, response_id, action_index, target)
);
create index alert_notifications_due_idx on alert_notifications (next_attempt_at) where status = 'pending';

-- One digest per member and local day: the insert that wins sends the email.
create table loop_digests (
  workspace_id uuid not null references workspaces (id) on delete cascade deferrable,
  member_id uuid not null references members (id) on delete cascade deferrable,
  day date not null,
  case_count int not null,
  sent_at timestamptz not null default now(),
  primary key (member_id, day)
);

-- The defaults every workspace starts with (new ones get them in createWorkspace), a millisecond
-- apart: rules run in creation order.
insert into alert_rules (workspace_id, name, conditions, actions, default_key)
select id, 'Detractor alarm', '[{"type":"category","categories":["detractor"]}]',
       '[{"type":"create_case","kind":"follow_up"},{"type":"email","toOwner":true,"addresses":[]}]', 'detractor_alarm'
from workspaces;
insert into alert_rules (workspace_id, name, conditions, actions, default_key, created_at)
select id, 'Contact request', '[{"type":"contact_request","questionKeys":["may_contact"]}]',
       '[{"type":"create_case","kind":"follow_up"}]', 'contact_request', now() + interval '1 millisecond'
from workspaces;
insert into alert_rules (workspace_id, name, conditions, actions, default_key, created_at)
select id, 'Promoter lead: thank and activate', '[{"type":"category","categories":["promoter"]}]',
       '[{"type":"create_case","kind":"lead"}]', 'promoter_lead', now() + interval '2 milliseconds'
from workspaces;
