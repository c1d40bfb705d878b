-- The weekly insight digest (issue 7): every manager and frontline member who signs in gets one
-- email per ISO week about the week before, unless they opted out.
--
-- members.weekly_digest_opted_out_at: when the member opted out (portal, API or the email's
-- unsubscribe link); null means they receive it.
alter table members add column weekly_digest_opted_out_at timestamptz;

-- One row per member and reported week (its Monday, in the workspace's loop time zone). The insert
-- that wins sends that week's digest in the same transaction, so retries and several processes
-- never send it twice. `emailed` is false when there was nothing to tell (no answers, no open
-- cases): the week is decided all the same. The email's unsubscribe link carries a random token;
-- only its SHA-256 is kept here.
create table insight_digests (
  workspace_id uuid not null references workspaces (id) on delete cascade deferrable,
  member_id uuid not null references members (id) on delete cascade deferrable,
  week date not null,
  emailed boolean not null,
  unsubscribe_token_hash text,
  created_at timestamptz not null default now(),
  primary key (member_id, week)
);
create unique index insight_digests_token_key on insight_digests (unsubscribe_token_hash) where unsubscribe_token_hash is not null;
