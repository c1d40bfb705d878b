-- The rows an import's check found valid, staged for its writing pass so the file is parsed and
-- checked once: each row is one JSON line ([row number, record, the cells problems quote]), a batch of
-- lines per row. Unlogged (no WAL: a server crash empties it, and the import then starts over from its
-- check anyway), stored uncompressed (the lines are read back once), emptied when the import finishes.
create unlogged table import_staged_rows (
  import_id uuid not null references imports (id) on delete cascade,
  seq integer not null,
  lines text not null,
  primary key (import_id, seq)
);
alter table import_staged_rows alter column lines set storage external;
