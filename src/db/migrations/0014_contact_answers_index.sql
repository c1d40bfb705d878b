-- Views filtered by a contact attribute ("product = Solar") count the answers of the matching
-- contacts. With the contact's answers in one index range that holds every column the analytics
-- conditions and counts read, PostgreSQL starts from the few matching contacts and reads only their
-- answers, from the index alone (an index-only scan), instead of every answer of the period from
-- the table. It replaces the plain index on contact_id (the leading column serves its lookups).
drop index responses_contact_idx;
create index responses_contact_idx on responses (contact_id, started_at)
  include (workspace_id, survey_id, unit_id, owner_member_id, category, score)
  where contact_id is not null;
