-- Contact imports: the uploaded file (in the database, so every process and every restart sees it),
-- the import's state and counts, its validation report, and mappings saved for reuse.

create table imports (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade deferrable,
  -- Who started it ('user' or 'api_key' and its id) and the actor the job acts as.
  created_by_type text not null check (created_by_type in ('user', 'api_key')),
  created_by uuid not null,
  actor jsonb not null,
  file_name text not null check (length(file_name) between 1 and 500),
  -- Null while the upload is still being stored: such an import never runs.
  file_size bigint,
  format text not null check (format in ('csv', 'xlsx')),
  encoding text,
  delimiter text,
  headers jsonb not null,
  mapping jsonb not null,
  policy text not null check (policy in ('skip_bad_rows', 'reject_file')),
  unknown_owners text not null check (unknown_owners in ('report', 'create')),
  dry_run boolean not null,
  status text not null check (status in ('queued', 'running', 'succeeded', 'failed', 'rejected')),
  rows_total int,
  rows_done int not null default 0,
  -- valid, invalid, duplicates, created, updated, unchanged, skipped
  counts jsonb not null default '{}',
  problem_count int not null default 0,
  report_csv text,
  error text,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz not null default now()
);
create index imports_workspace_created_idx on imports (workspace_id, created_at desc, id desc);
create index imports_unfinished_idx on imports (status) where status in ('queued', 'running');

-- The uploaded file as ordered chunks of at most 1 MiB, written and read one chunk at a time.
create table import_files (
  import_id uuid not null references imports (id) on delete cascade deferrable,
  seq int not null,
  data bytea not null,
  primary key (import_id, seq)
);

create table import_mappings (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade deferrable,
  name text not null check (length(name) between 1 and 200),
  mapping jsonb not null,
  headers jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index import_mappings_name_key on import_mappings (workspace_id, lower(name));
