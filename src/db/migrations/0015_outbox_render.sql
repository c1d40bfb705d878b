-- Invitations and reminders keep what renders their body (render: the survey version, language, links
-- and the contact's variables, a few hundred bytes) instead of the body itself (about 9 KB of HTML and
-- the text), written by the send tick and read back by the dispatcher for every email. The dispatcher
-- renders at send time, the portal on read (src/mail/bodies.ts). Other emails keep their stored bodies.
alter table outbox
  alter column text_body drop not null,
  add column render jsonb;
alter table outbox add constraint outbox_body_check check (text_body is not null or render is not null);

-- The send tick claims due invitations in (scheduled_at, id) order: with both in the index the scan
-- stops after a chunk instead of sorting every due invitation (a wave schedules many at one instant).
drop index survey_invitations_due_idx;
create index survey_invitations_due_idx on survey_invitations (scheduled_at, id) where status = 'scheduled';

-- How many emails (invitations and reminders) a workspace queued at each tick's instant, for its
-- hourly rate: the sum over the last hour is the count of invitations queued in it, read from a few
-- rows per tick instead of every invitation of the hour once per chunk (src/domain/distribution/sender.ts).
create table sending_counts (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  queued_at timestamptz not null,
  emails int not null check (emails > 0),
  primary key (workspace_id, queued_at)
);
insert into sending_counts (workspace_id, queued_at, emails)
select workspace_id, at, count(*)
  from (select workspace_id, queued_at as at from survey_invitations where queued_at > now() - interval '1 hour'
        union all
        select workspace_id, reminder_queued_at from survey_invitations where reminder_queued_at > now() - interval '1 hour') as queued
 group by workspace_id, at;
