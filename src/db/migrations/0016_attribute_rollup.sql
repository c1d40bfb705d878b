-- The daily rollup per contact attribute: for every list or boolean attribute (few values each), the
-- counts of `response_daily_counts` per value of the answering contact's attribute. A view filtered
-- by one such attribute ("product = Solar") then reads the value's days instead of every matching
-- answer. Filters compare the contact's value of today, so the rollup follows the contact:
--   - answers are added and removed under their contact's current values (triggers on responses);
--   - a contact whose attributes change takes all its answers from the old values to the new ones;
--   - a contact about to be deleted takes its answers out first (its answers then lose the contact);
--   - a definition that becomes or stops being a list or boolean is recounted for its key;
--   - a changed time zone recounts the workspace, as the daily rollup does.
-- Text, number and date attributes (often one value per contact) are not rolled up: views filtered
-- by them count raw answers.

create table response_attribute_daily_counts (
  workspace_id uuid not null references workspaces (id) on delete cascade deferrable,
  attribute_key text not null,
  -- The attribute as the filters compare it: attributes ->> key.
  value text not null,
  day date not null,
  survey_id uuid not null references surveys (id) on delete cascade deferrable,
  unit_id uuid not null,
  answers int not null,
  promoters int not null,
  passives int not null,
  detractors int not null,
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
  primary key (workspace_id, attribute_key, value, day, survey_id, unit_id)
);

-- The statement adding the counts of `source` (response rows, each with one `key` and `value` of its
-- contact's attributes), times sign, under each rolled-up attribute; `only_key` limits it to one key.
create function response_attribute_counts_sql(source text, sign int, only_key text default null) returns text language sql immutable as $fn$
  select format($q$
    insert into response_attribute_daily_counts as d
    select r.workspace_id, r.key, r.value, (r.started_at at time zone coalesce(z.time_zone, 'UTC'))::date, r.survey_id,
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
    from (%2$s) r
    join attribute_definitions ad on ad.workspace_id = r.workspace_id and ad.key = r.key and ad.type in ('list', 'boolean')
    left join distribution_settings z on z.workspace_id = r.workspace_id
    where r.score is not null and r.value is not null %3$s
    group by 1, 2, 3, 4, 5, 6
    on conflict (workspace_id, attribute_key, value, day, survey_id, unit_id) do update set
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
  $q$, sign, source, case when only_key is null then '' else format('and r.key = %L', only_key) end)
$fn$;

-- Response rows of `rows` (a transition table or query, alias x), once per attribute of their contact today.
create function response_attribute_source(rows text) returns text language sql immutable as $fn$
  select format('select x.*, a.key, a.value from (%s) x join contacts c on c.id = x.contact_id and c.workspace_id = x.workspace_id '
    'cross join lateral jsonb_each_text(c.attributes) a (key, value)', rows)
$fn$;

create function response_attribute_counts_maintain() returns trigger language plpgsql as $fn$
declare
  -- Only rows whose counted columns or contact changed: page saves leave the rollup alone.
  changed constant text := 'join new_rows n on n.id = o.id where (o.workspace_id, o.survey_id, o.started_at, o.unit_id, o.score, o.category, o.contact_id) '
    'is distinct from (n.workspace_id, n.survey_id, n.started_at, n.unit_id, n.score, n.category, n.contact_id)';
begin
  if tg_op = 'INSERT' then
    execute response_attribute_counts_sql(response_attribute_source('select * from new_rows'), 1);
  elsif tg_op = 'DELETE' then
    execute response_attribute_counts_sql(response_attribute_source('select * from old_rows'), -1);
  else
    execute response_attribute_counts_sql(response_attribute_source('select o.* from old_rows o ' || changed), -1);
    execute response_attribute_counts_sql(response_attribute_source('select n.* from old_rows o ' || changed), 1);
  end if;
  return null;
end $fn$;

create trigger response_attribute_counts_insert after insert on responses
  referencing new table as new_rows for each statement execute function response_attribute_counts_maintain();
create trigger response_attribute_counts_update after update on responses
  referencing old table as old_rows new table as new_rows for each statement execute function response_attribute_counts_maintain();
create trigger response_attribute_counts_delete after delete on responses
  referencing old table as old_rows for each statement execute function response_attribute_counts_maintain();

-- A contact whose attributes changed moves its answers from its old values to its new ones.
create function response_attribute_counts_follow_contact() returns trigger language plpgsql as $fn$
declare
  answers constant text := 'select r.*, a.key, a.value from old_rows o join new_rows n on n.id = o.id and n.attributes is distinct from o.attributes '
    'join responses r on r.contact_id = o.id and r.workspace_id = o.workspace_id cross join lateral jsonb_each_text(%s.attributes) a (key, value)';
begin
  execute response_attribute_counts_sql(format(answers, 'o'), -1);
  execute response_attribute_counts_sql(format(answers, 'n'), 1);
  return null;
end $fn$;

-- All updates (PostgreSQL allows no column list with transition tables); the function picks the changed ones.
create trigger response_attribute_counts_contact_update after update on contacts
  referencing old table as old_rows new table as new_rows for each statement execute function response_attribute_counts_follow_contact();

-- Before the contact goes (its answers keep their counts in the daily rollup, but lose the contact),
-- its answers leave its values. Row by row: only a before trigger still sees the answers pointing at it.
create function response_attribute_counts_forget_contact() returns trigger language plpgsql as $fn$
begin
  -- A workspace being deleted takes its rollup with it.
  if exists (select 1 from workspaces where id = old.workspace_id) then
    execute response_attribute_counts_sql(
      format('select r.*, a.key, a.value from responses r cross join lateral jsonb_each_text(%L::jsonb) a (key, value) where r.contact_id = %L and r.workspace_id = %L',
        old.attributes, old.id, old.workspace_id), -1);
  end if;
  return old;
end $fn$;

create trigger response_attribute_counts_contact_delete before delete on contacts
  for each row execute function response_attribute_counts_forget_contact();

-- Recounts one key of a workspace (after its definition's type changed), or all of them.
-- It reads every answer of the workspace: each contact's attributes are expanded once (not once per
-- answer: `offset 0` keeps the planner from pulling the expansion up) and joined by hash, and the grouping gets the memory to stay off disk. Right after a bulk
-- load (or on PGlite, which has no autovacuum) the statistics may be missing, and the planner would
-- otherwise pick a nested loop that scans the workspace's answers once per contact.
create function response_attribute_counts_rebuild(workspace uuid, only_key text default null) returns void language plpgsql as $fn$
declare
  nestloop constant text := current_setting('enable_nestloop');
  memory constant text := current_setting('work_mem');
begin
  delete from response_attribute_daily_counts where workspace_id = workspace and (only_key is null or attribute_key = only_key);
  perform set_config('enable_nestloop', 'off', true);
  perform set_config('work_mem', '256MB', true);
  execute response_attribute_counts_sql(format(
    'select x.*, v.key, v.value from responses x join (select c.id, a.key, a.value from contacts c cross join lateral jsonb_each_text(c.attributes) a (key, value) '
    'where c.workspace_id = %1$L offset 0) v on v.id = x.contact_id where x.workspace_id = %1$L', workspace), 1, only_key);
  perform set_config('enable_nestloop', nestloop, true);
  perform set_config('work_mem', memory, true);
end $fn$;

create function response_attribute_counts_definition_changed() returns trigger language plpgsql as $fn$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    delete from response_attribute_daily_counts where workspace_id = old.workspace_id and attribute_key = old.key;
  end if;
  if tg_op in ('INSERT', 'UPDATE') and new.type in ('list', 'boolean') then
    perform response_attribute_counts_rebuild(new.workspace_id, new.key);
  end if;
  return null;
end $fn$;

create trigger response_attribute_counts_definition_insert after insert on attribute_definitions
  for each row execute function response_attribute_counts_definition_changed();
create trigger response_attribute_counts_definition_update after update of key, type on attribute_definitions
  for each row when ((old.key, old.type) is distinct from (new.key, new.type)) execute function response_attribute_counts_definition_changed();
create trigger response_attribute_counts_definition_delete after delete on attribute_definitions
  for each row execute function response_attribute_counts_definition_changed();

-- The daily rollup's recount (time zone changes, bulk loads that skipped the triggers) recounts the
-- attribute rollup with it.
create or replace function response_daily_counts_rebuild(workspace uuid) returns void language plpgsql as $fn$
begin
  delete from response_daily_counts where workspace_id = workspace;
  execute response_daily_counts_sql(format('select * from responses where workspace_id = %L', workspace), 1);
  perform response_attribute_counts_rebuild(workspace);
end $fn$;

-- Fill it for the answers stored before this migration.
select response_attribute_counts_rebuild(id) from workspaces;
