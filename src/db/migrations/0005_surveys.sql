-- Surveys, their published versions, personal links, and the answers given to them.
-- A survey is edited as a draft; publishing freezes the draft as a new version, and every
-- response points to the version it answered, so editing never changes what stored answers mean.

-- The places where customer and company meet (delivery, service visit…), a list per workspace.
create table touchpoints (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade deferrable,
  key text not null check (key ~ '^[a-z][a-z0-9_]{0,39}$'),
  name text not null check (length(name) between 1 and 200),
  description text,
  position int not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index touchpoints_key on touchpoints (workspace_id, key);

create table surveys (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade deferrable,
  name text not null check (length(name) between 1 and 200),
  kind text not null check (kind in ('relationship_nps', 'transactional_nps', 'enps', 'csat', 'ces', 'custom')),
  status text not null default 'draft' check (status in ('draft', 'active', 'closed')),
  -- Anonymous surveys store no link from a response to a contact or an invitation.
  anonymous boolean not null,
  -- Results of anonymous surveys are shown only for groups of at least this many responses.
  min_group_size int not null default 5 check (min_group_size between 1 and 1000),
  -- The public link /l/{slug} and kiosk /k/{slug}; random, so links cannot be enumerated.
  slug text not null unique check (slug ~ '^[a-z0-9-]{8,80}$'),
  public_link_enabled boolean not null default false,
  kiosk_enabled boolean not null default false,
  touchpoint_id uuid references touchpoints (id) on delete set null deferrable,
  -- How long a personal link stays valid.
  link_validity_days int not null default 30 check (link_validity_days between 1 and 366),
  -- The definition being edited (questions, texts, translations); revision guards concurrent editors.
  draft jsonb not null,
  draft_revision int not null default 1,
  current_version_id uuid,
  created_by uuid references users (id) on delete set null deferrable,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  closed_at timestamptz
);
create unique index surveys_name_key on surveys (workspace_id, lower(name));
create index surveys_workspace_idx on surveys (workspace_id, created_at desc, id desc);

create table survey_versions (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade deferrable,
  survey_id uuid not null references surveys (id) on delete cascade deferrable,
  version int not null check (version >= 1),
  definition jsonb not null,
  published_by uuid references users (id) on delete set null deferrable,
  published_at timestamptz not null default now(),
  unique (survey_id, version)
);
alter table surveys add constraint surveys_current_version_fk foreign key (current_version_id) references survey_versions (id) deferrable;

-- A personal link /s/{token} to one survey for one contact. The token is at least 128 random bits
-- and kept as is, so a reminder can repeat the same link; it allows nothing but answering.
create table survey_invitations (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade deferrable,
  survey_id uuid not null references surveys (id) on delete cascade deferrable,
  contact_id uuid not null references contacts (id) on delete cascade deferrable,
  token text not null unique check (length(token) >= 22),
  -- Overrides the contact's language for this invitation.
  language text,
  -- Facts about the interaction that triggered it (technician, order number…), kept with the answer.
  properties jsonb not null default '{}',
  expires_at timestamptz not null,
  opened_at timestamptz,
  -- When a first answer arrived and when the respondent finished; for anonymous surveys this is
  -- all that links the contact to the survey (never to the answers).
  responded_at timestamptz,
  completed_at timestamptz,
  created_at timestamptz not null default now()
);
create index survey_invitations_contact_idx on survey_invitations (workspace_id, contact_id, created_at desc);
create index survey_invitations_survey_idx on survey_invitations (survey_id, created_at desc);

create table responses (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade deferrable,
  survey_id uuid not null references surveys (id) on delete cascade deferrable,
  survey_version_id uuid not null references survey_versions (id) deferrable,
  -- Null for anonymous surveys, public links and kiosks.
  invitation_id uuid unique references survey_invitations (id) on delete set null deferrable,
  contact_id uuid references contacts (id) on delete set null deferrable,
  channel text not null check (channel in ('email', 'link', 'kiosk', 'api')),
  language text not null,
  -- The survey's main question (NPS 0–10, CSAT 1–5, CES 1–7) and, for NPS and eNPS, its category;
  -- kept on the response so analytics aggregate one indexed table.
  score smallint,
  category text check (category in ('promoter', 'passive', 'detractor')),
  -- 'interactive' (the respondent pressed a button) or 'email_link' (the page recorded the score
  -- chosen in the email); lets a person's choice win over a link scanner's.
  score_source text check (score_source in ('interactive', 'email_link')),
  score_recorded_at timestamptz,
  touchpoint_id uuid,
  -- Snapshot of the contact at answering time (the organisation changes; history must not).
  -- No foreign keys: a snapshot outlives the unit, member or account it names.
  unit_id uuid,
  owner_member_id uuid,
  account_id uuid,
  segment text,
  properties jsonb not null default '{}',
  -- SHA-256 of the key the respondent's browser holds to continue or change this response.
  resume_key_hash text unique,
  started_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  completed_at timestamptz
);
create index responses_survey_idx on responses (workspace_id, survey_id, started_at);
create index responses_started_idx on responses (workspace_id, started_at);
create index responses_contact_idx on responses (contact_id) where contact_id is not null;

-- One row per answered question; numbers, text and choices in typed columns so analytics stay in SQL.
create table response_answers (
  response_id uuid not null references responses (id) on delete cascade deferrable,
  workspace_id uuid not null references workspaces (id) on delete cascade deferrable,
  question_key text not null,
  number_value numeric,
  text_value text,
  choice_values text[],
  answered_at timestamptz not null default now(),
  primary key (response_id, question_key)
);
create index response_answers_question_idx on response_answers (workspace_id, question_key);
