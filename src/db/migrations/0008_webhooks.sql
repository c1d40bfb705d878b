-- Signed webhooks (Standard Webhooks): endpoints a workspace subscribes, and one delivery row per
-- event and endpoint, written in the transaction of the change that caused the event.

create table webhook_endpoints (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade deferrable,
  url text not null,
  description text,
  -- The whsec_ secret, sealed with the server's key (secret-box.ts); shown once, at creation.
  secret_sealed text not null,
  event_types text[] not null,
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index webhook_endpoints_workspace_idx on webhook_endpoints (workspace_id, created_at);

create table webhook_deliveries (
  id uuid primary key default gen_random_uuid(),
  endpoint_id uuid not null references webhook_endpoints (id) on delete cascade deferrable,
  workspace_id uuid not null references workspaces (id) on delete cascade deferrable,
  -- The webhook-id header: the same on every attempt and on replay, so receivers can deduplicate.
  webhook_id text not null unique,
  event_type text not null,
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz,
  last_response_status integer,
  last_error text,
  created_at timestamptz not null default now(),
  delivered_at timestamptz
);
create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_endpoint_idx on webhook_deliveries (endpoint_id, created_at desc);

-- Integration settings per workspace. Private and loopback targets are refused unless allowed here.
create table integration_settings (
  workspace_id uuid primary key references workspaces (id) on delete cascade deferrable,
  webhooks_allow_private boolean not null default false,
  updated_at timestamptz not null default now()
);
