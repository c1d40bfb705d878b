-- Contacts (customers, or employees for eNPS), accounts (B2B companies), the workspace's attribute
-- definitions, and idempotency keys for bulk upserts. Foreign keys are deferrable as in 0001.

create table attribute_definitions (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade deferrable,
  key text not null check (key ~ '^[a-z][a-z0-9_]{0,62}$'),
  label text not null check (length(label) between 1 and 200),
  type text not null check (type in ('text', 'number', 'date', 'boolean', 'list')),
  allowed_values jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((type = 'list') = (allowed_values is not null))
);
create unique index attribute_definitions_key on attribute_definitions (workspace_id, key);

create table accounts (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade deferrable,
  external_id text,
  name text not null check (length(name) between 1 and 200),
  segment text,
  revenue numeric,
  owner_member_id uuid references members (id) on delete set null deferrable,
  unit_id uuid not null references units (id) deferrable,
  attributes jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create unique index accounts_external_id_key on accounts (workspace_id, external_id) where external_id is not null and deleted_at is null;
create index accounts_list_idx on accounts (workspace_id, created_at, id) where deleted_at is null;
create index accounts_unit_idx on accounts (unit_id);

create table contacts (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade deferrable,
  external_id text,
  email text,
  phone text,
  first_name text,
  last_name text,
  language text,
  time_zone text,
  account_id uuid references accounts (id) on delete set null deferrable,
  owner_member_id uuid references members (id) on delete set null deferrable,
  unit_id uuid not null references units (id) deferrable,
  segment text,
  attributes jsonb not null default '{}',
  consent text not null default 'unknown' check (consent in ('unknown', 'granted', 'withdrawn')),
  opted_out_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  erased_at timestamptz
);
-- Uniqueness holds among live contacts: a soft-deleted contact's email may be used again.
create unique index contacts_external_id_key on contacts (workspace_id, external_id) where external_id is not null and deleted_at is null;
create unique index contacts_email_key on contacts (workspace_id, lower(email)) where email is not null and deleted_at is null;
create index contacts_list_idx on contacts (workspace_id, created_at, id) where deleted_at is null;
create index contacts_unit_idx on contacts (workspace_id, unit_id) where deleted_at is null;
create index contacts_owner_idx on contacts (workspace_id, owner_member_id) where deleted_at is null;
create index contacts_account_idx on contacts (account_id);
create index contacts_attributes_idx on contacts using gin (attributes jsonb_path_ops);

-- A bulk request's key, the hash of its body and its answer, so a retry replays the answer.
create table idempotency_keys (
  workspace_id uuid not null references workspaces (id) on delete cascade deferrable,
  key text not null,
  request_hash text not null,
  response jsonb not null,
  created_at timestamptz not null default now(),
  primary key (workspace_id, key)
);
