-- Workspaces, people, organisation, sign-in, API keys, audit log, outbox.
-- Foreign keys are deferrable (still checked per statement by default) so that a restore
-- can defer them and load tables in any order inside one transaction.

create table instance (
  id int primary key default 1 check (id = 1),
  setup_token_hash text,
  setup_completed_at timestamptz
);
insert into instance (id) values (1);

create table workspaces (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  settings jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null,
  name text not null,
  password_hash text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_email_key on users (lower(email));

-- The organisation tree. path is the chain of ids from the root ('/<root>/<child>/'),
-- so a subtree is one indexed prefix match.
create table units (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade deferrable,
  parent_id uuid references units (id) deferrable,
  name text not null check (length(name) between 1 and 200),
  external_id text,
  path text not null,
  manager_member_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index units_sibling_name_key on units (workspace_id, coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name));
create unique index units_external_id_key on units (workspace_id, external_id) where external_id is not null;
create index units_path_idx on units (workspace_id, path text_pattern_ops);
create unique index units_one_root on units (workspace_id) where parent_id is null;

-- People of the organisation. A member with user_id signs in with role; one without
-- only receives alerts and owns customers.
create table members (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade deferrable,
  unit_id uuid not null references units (id) deferrable,
  name text not null check (length(name) between 1 and 200),
  email text,
  external_id text,
  user_id uuid references users (id) on delete set null deferrable,
  role text check (role in ('owner', 'admin', 'analyst', 'manager', 'frontline')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (user_id is null or role is not null)
);
create unique index members_user_key on members (workspace_id, user_id) where user_id is not null;
create unique index members_email_key on members (workspace_id, lower(email)) where email is not null;
create unique index members_external_id_key on members (workspace_id, external_id) where external_id is not null;
create index members_unit_idx on members (unit_id);

alter table units add constraint units_manager_fk foreign key (manager_member_id) references members (id) on delete set null deferrable;

create table invitations (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade deferrable,
  member_id uuid not null references members (id) on delete cascade deferrable,
  email text not null,
  role text not null check (role in ('owner', 'admin', 'analyst', 'manager', 'frontline')),
  token_hash text not null unique,
  invited_by uuid references users (id) on delete set null deferrable,
  expires_at timestamptz not null,
  accepted_at timestamptz,
  created_at timestamptz not null default now()
);

create table sessions (
  id uuid primary key default gen_random_uuid(),
  token_hash text not null unique,
  user_id uuid not null references users (id) on delete cascade deferrable,
  workspace_id uuid references workspaces (id) on delete set null deferrable,
  csrf_token text not null,
  ip text,
  user_agent text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user_idx on sessions (user_id);

create table password_resets (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade deferrable,
  token_hash text not null unique,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);

-- Failed sign-ins per key (account+ip, account, ip), for backoff.
create table login_throttle (
  key text primary key,
  failures int not null default 0,
  window_started_at timestamptz not null default now(),
  locked_until timestamptz
);

create table api_keys (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade deferrable,
  name text not null check (length(name) between 1 and 200),
  prefix text not null,
  key_hash text not null unique,
  scope text not null check (scope in ('read', 'write')),
  created_by uuid references users (id) on delete set null deferrable,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_keys_workspace_idx on api_keys (workspace_id);

create table audit_log (
  id bigint generated always as identity primary key,
  workspace_id uuid references workspaces (id) on delete cascade deferrable,
  actor_type text not null check (actor_type in ('user', 'api_key', 'system')),
  actor_id uuid,
  actor_label text not null,
  action text not null,
  target_type text not null,
  target_id text,
  before jsonb,
  after jsonb,
  ip text,
  request_id text,
  created_at timestamptz not null default now()
);
create index audit_log_workspace_idx on audit_log (workspace_id, id desc);

-- Every email is written here in the transaction that causes it, then delivered.
-- Without SMTP it stays 'stored': visible in the portal, never sent.
create table outbox (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid references workspaces (id) on delete cascade deferrable,
  kind text not null,
  to_address text not null,
  subject text not null,
  text_body text not null,
  html_body text,
  message_id text not null unique,
  status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'stored', 'failed')),
  attempts int not null default 0,
  last_error text,
  next_attempt_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index outbox_due_idx on outbox (next_attempt_at) where status in ('pending', 'sending');
create index outbox_workspace_idx on outbox (workspace_id, created_at desc);
