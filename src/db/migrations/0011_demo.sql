-- A daily rollup of scored answers, so dashboards over months read thousands of rows instead of
-- millions: per workspace, local day of started_at in the workspace's time zone (its sending
-- settings, the zone analytics cuts days, weeks, months and quarters in; UTC without them), survey
-- and snapshot unit, the counts the views need (NPS categories, the 0–10 distribution of NPS
-- answers, the score sum for CSAT/CES means, CSAT's satisfied 4–5). Local days make every trend
-- bucket a whole number of rollup days. src/domain/analytics/rollup.ts reads it.
--
-- Statement-level triggers with transition tables keep it exact inside the writing transaction:
-- one grouped upsert per statement, so a million-row insert costs one aggregate, not a million
-- upserts, and a page save that does not touch the counted columns costs nothing. Bulk loads that
-- skip triggers (the demo generator, with session_replication_role = replica) rebuild their
-- workspace with response_daily_counts_rebuild.

create table response_daily_counts (
  workspace_id uuid not null references workspaces (id) on delete cascade deferrable,
  survey_id uuid not null references surveys (id) on delete cascade deferrable,
  day date not null,
  -- The snapshot unit (no foreign key, as on responses); the nil UUID for answers without one.
  unit_id uuid not null,
  answers int not null,
  promoters int not null,
  passives int not null,
  detractors int not null,
  -- NPS answers per score 0–10.
  s0 int not null,
  s1 int not null,
  s2 int not null,
  s3 int not null,
  s4 int not null,
  s5 int not null,
  s6 int not null,
  s7 int not null,
  s8 int not null,
  s9 int not null,
  s10 int not null,
  score_sum bigint not null,
  satisfied int not null,
  primary key (workspace_id, day, survey_id, unit_id)
);

-- The statement that adds the counts of `source` (a query over response rows), times sign, to the
-- rollup. Returned as text and run by the trigger function itself: only its own statements see the
-- transition tables.
create function response_daily_counts_sql(source text, sign int) returns text language sql immutable as $fn$
  select format($q$
    insert into response_daily_counts as d
    select r.workspace_id, r.survey_id, (r.started_at at time zone coalesce(z.time_zone, 'UTC'))::date,
      coalesce(r.unit_id, '00000000-0000-0000-0000-000000000000'::uuid),
      %1$s * count(*)::int,
      %1$s * (count(*) filter (where r.category = 'promoter'))::int,
      %1$s * (count(*) filter (where r.category = 'passive'))::int,
      %1$s * (count(*) filter (where r.category = 'detractor'))::int,
      %1$s * (count(*) filter (where r.category is not null and r.score = 0))::int,
      %1$s * (count(*) filter (where r.category is not null and r.score = 1))::int,
      %1$s * (count(*) filter (where r.category is not null and r.score = 2))::int,
      %1$s * (count(*) filter (where r.category is not null and r.score = 3))::int,
      %1$s * (count(*) filter (where r.category is not null and r.score = 4))::int,
      %1$s * (count(*) filter (where r.category is not null and r.score = 5))::int,
      %1$s * (count(*) filter (where r.category is not null and r.score = 6))::int,
      %1$s * (count(*) filter (where r.category is not null and r.score = 7))::int,
      %1$s * (count(*) filter (where r.category is not null and r.score = 8))::int,
      %1$s * (count(*) filter (where r.category is not null and r.score = 9))::int,
      %1$s * (count(*) filter (where r.category is not null and r.score = 10))::int,
      %1$s * sum(r.score)::bigint,
      %1$s * (count(*) filter (where r.score between 4 and 5))::int
    from (%2$s) r left join distribution_settings z on z.workspace_id = r.workspace_id
    where r.score is not null
    group by 1, 2, 3, 4
    on conflict (workspace_id, day, survey_id, unit_id) do update set
        answers = d.answers + excluded.answers,
        promoters = d.promoters + excluded.promoters,
        passives = d.passives + excluded.passives,
        detractors = d.detractors + excluded.detractors,
        s0 = d.s0 + excluded.s0,
        s1 = d.s1 + excluded.s1,
        s2 = d.s2 + excluded.s2,
        s3 = d.s3 + excluded.s3,
        s4 = d.s4 + excluded.s4,
        s5 = d.s5 + excluded.s5,
        s6 = d.s6 + excluded.s6,
        s7 = d.s7 + excluded.s7,
        s8 = d.s8 + excluded.s8,
        s9 = d.s9 + excluded.s9,
        s10 = d.s10 + excluded.s10,
        score_sum = d.score_sum + excluded.score_sum,
        satisfied = d.satisfied + excluded.satisfied
  $q$, sign, source)
$fn$;

create function response_daily_counts_maintain() returns trigger language plpgsql as $fn$
declare
  -- Only rows whose counted columns changed: page saves and GDPR unlinking leave the rollup alone.
  changed constant text := 'join new_rows n on n.id = o.id where (o.workspace_id, o.survey_id, o.started_at, o.unit_id, o.score, o.category) '
    'is distinct from (n.workspace_id, n.survey_id, n.started_at, n.unit_id, n.score, n.category)';
begin
  if tg_op = 'INSERT' then
    execute response_daily_counts_sql('select * from new_rows', 1);
  elsif tg_op = 'DELETE' then
    execute response_daily_counts_sql('select * from old_rows', -1);
  else
    execute response_daily_counts_sql('select o.* from old_rows o ' || changed, -1);
    execute response_daily_counts_sql('select n.* from old_rows o ' || changed, 1);
  end if;
  return null;
end $fn$;

create trigger response_daily_counts_insert after insert on responses
  referencing new table as new_rows for each statement execute function response_daily_counts_maintain();
create trigger response_daily_counts_update after update on responses
  referencing old table as old_rows new table as new_rows for each statement execute function response_daily_counts_maintain();
create trigger response_daily_counts_delete after delete on responses
  referencing old table as old_rows for each statement execute function response_daily_counts_maintain();

-- Recounts one workspace from its responses (after a bulk load that skipped the triggers, or when
-- its time zone changes).
create function response_daily_counts_rebuild(workspace uuid) returns void language plpgsql as $fn$
begin
  delete from response_daily_counts where workspace_id = workspace;
  execute response_daily_counts_sql(format('select * from responses where workspace_id = %L', workspace), 1);
end $fn$;

-- A workspace whose time zone changes has other local days: recount it in the same transaction.
create function response_daily_counts_rezone() returns trigger language plpgsql as $fn$
begin
  perform response_daily_counts_rebuild(new.workspace_id);
  return null;
end $fn$;

create trigger response_daily_counts_zone_set after insert on distribution_settings
  for each row execute function response_daily_counts_rezone();
create trigger response_daily_counts_zone_changed after update of time_zone on distribution_settings
  for each row when (old.time_zone is distinct from new.time_zone) execute function response_daily_counts_rezone();

-- The response rate counts a workspace's email invitations sent in a period: an index-only range
-- instead of reading every invitation.
create index survey_invitations_sent_idx on survey_invitations (workspace_id, sent_at) include (completed_at, survey_id) where channel = 'email';

-- Fill the rollup for the answers stored before this migration.
insert into response_daily_counts
select r.workspace_id, r.survey_id, (r.started_at at time zone coalesce(z.time_zone, 'UTC'))::date,
  coalesce(r.unit_id, '00000000-0000-0000-0000-000000000000'::uuid),
  count(*)::int,
      (count(*) filter (where r.category = 'promoter'))::int,
      (count(*) filter (where r.category = 'passive'))::int,
      (count(*) filter (where r.category = 'detractor'))::int,
      (count(*) filter (where r.category is not null and r.score = 0))::int,
      (count(*) filter (where r.category is not null and r.score = 1))::int,
      (count(*) filter (where r.category is not null and r.score = 2))::int,
      (count(*) filter (where r.category is not null and r.score = 3))::int,
      (count(*) filter (where r.category is not null and r.score = 4))::int,
      (count(*) filter (where r.category is not null and r.score = 5))::int,
      (count(*) filter (where r.category is not null and r.score = 6))::int,
      (count(*) filter (where r.category is not null and r.score = 7))::int,
      (count(*) filter (where r.category is not null and r.score = 8))::int,
      (count(*) filter (where r.category is not null and r.score = 9))::int,
      (count(*) filter (where r.category is not null and r.score = 10))::int,
      sum(r.score)::bigint,
      (count(*) filter (where r.score between 4 and 5))::int
from responses r left join distribution_settings z on z.workspace_id = r.workspace_id
where r.score is not null
group by 1, 2, 3, 4;
