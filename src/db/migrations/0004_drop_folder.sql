-- The import drop folder (docs/OPERATIONS.md, "Import drop folder") and retention of uploaded files.

-- Imports the server starts on its own (the drop folder) are created by the 'system', not a person or key.
alter table imports drop constraint imports_created_by_type_check;
alter table imports add constraint imports_created_by_type_check check (created_by_type in ('user', 'api_key', 'system'));
alter table imports alter column created_by drop not null;

-- The claimed file's name in <drop dir>/<workspace>/processing/. Written by the same insert that
-- creates the import, so after a crash a claimed file either has its import or certainly has none.
alter table imports add column drop_file text;
create unique index imports_drop_file_key on imports (workspace_id, drop_file) where drop_file is not null;

-- When retention deleted the uploaded file (import_files); the import and its report stay until the
-- import itself is old enough to go. Such an import cannot run again.
alter table imports add column file_removed_at timestamptz;
create index imports_finished_idx on imports (finished_at) where finished_at is not null;

-- The saved mapping the workspace's drop folder imports with, and how: at most one per workspace.
alter table import_mappings add column drop_folder_policy text check (drop_folder_policy in ('skip_bad_rows', 'reject_file'));
alter table import_mappings add column drop_folder_unknown_owners text check (drop_folder_unknown_owners in ('report', 'create'));
alter table import_mappings add constraint import_mappings_drop_folder_check check ((drop_folder_policy is null) = (drop_folder_unknown_owners is null));
create unique index import_mappings_drop_folder_key on import_mappings (workspace_id) where drop_folder_policy is not null;
