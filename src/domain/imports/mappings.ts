// Column mappings saved per workspace under a name, so the next export from the same CRM (or the
// drop folder) imports without mapping again.
import { sql } from 'kysely';
import type { Db, ImportPolicy, UnknownOwnerPolicy } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { type Actor, canImportContacts, ensure } from '../access/index.ts';
import type { SavedImportMappingView } from '../views.ts';
import { ImportMapping, inHeaderOrder } from './mapping.ts';

type Row = {
  id: string;
  name: string;
  mapping: unknown;
  headers: unknown;
  drop_folder_policy: ImportPolicy | null;
  drop_folder_unknown_owners: UnknownOwnerPolicy | null;
  created_at: Date;
  updated_at: Date;
};

/** How the workspace's drop folder imports with a mapping; null: the drop folder does not use it. */
export type DropFolderUse = { policy: ImportPolicy; unknownOwners: UnknownOwnerPolicy } | null;

const view = (row: Row): SavedImportMappingView => ({
  id: row.id,
  name: row.name,
  mapping: inHeaderOrder(row.mapping as ImportMapping, row.headers as string[]),
  headers: row.headers as string[],
  dropFolder:
    row.drop_folder_policy && row.drop_folder_unknown_owners ? { policy: row.drop_folder_policy, unknownOwners: row.drop_folder_unknown_owners } : null,
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});

export async function listImportMappings(db: Db, actor: Actor): Promise<SavedImportMappingView[]> {
  ensure(canImportContacts(actor), 'see saved import mappings');
  const rows = await db.selectFrom('import_mappings').selectAll().where('workspace_id', '=', actor.workspaceId).orderBy(sql`lower(name)`).execute();
  return rows.map(view);
}

/**
 * Saves a mapping under a name; the same name (any case) replaces the earlier one. `dropFolder` set
 * makes it the one the workspace's drop folder imports with (the previous one stops being it), null
 * stops that, absent keeps what the mapping had (so saving from the wizard does not turn it off).
 */
export async function saveImportMapping(
  db: Db,
  actor: Actor,
  input: { name: string; mapping: unknown; headers?: string[]; dropFolder?: DropFolderUse },
): Promise<SavedImportMappingView> {
  ensure(canImportContacts(actor), 'save import mappings');
  const parsed = ImportMapping.safeParse(input.mapping);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({ field: ['body', 'mapping', ...issue.path.map(String)].join('.'), message: issue.message }));
    throw new AppError('validation_failed', `The mapping is not valid: ${errors.map((e) => e.message).join(' ')}`, { errors });
  }
  const headers = input.headers ?? Object.keys(parsed.data.columns);
  const use = input.dropFolder;
  return db.transaction().execute(async (trx) => {
    if (use) {
      await trx
        .updateTable('import_mappings')
        .set({ drop_folder_policy: null, drop_folder_unknown_owners: null })
        .where('workspace_id', '=', actor.workspaceId)
        .where(sql<boolean>`lower(name) <> lower(${input.name})`)
        .execute();
    }
    const keep = use === undefined;
    const row = await sql<Row>`
      insert into import_mappings (workspace_id, name, mapping, headers, drop_folder_policy, drop_folder_unknown_owners)
      values (${actor.workspaceId}, ${input.name}, ${JSON.stringify(parsed.data)}::jsonb, ${JSON.stringify(headers)}::jsonb,
        ${use?.policy ?? null}, ${use?.unknownOwners ?? null})
      on conflict (workspace_id, lower(name)) do update set name = excluded.name, mapping = excluded.mapping, headers = excluded.headers,
        drop_folder_policy = case when ${keep} then import_mappings.drop_folder_policy else excluded.drop_folder_policy end,
        drop_folder_unknown_owners = case when ${keep} then import_mappings.drop_folder_unknown_owners else excluded.drop_folder_unknown_owners end,
        updated_at = now()
      returning *`.execute(trx);
    return view(row.rows[0] as Row);
  });
}

/** The mapping the workspace's drop folder imports with, if one is chosen. */
export async function dropFolderMapping(
  db: Db,
  workspaceId: string,
): Promise<{ id: string; name: string; policy: ImportPolicy; unknownOwners: UnknownOwnerPolicy } | null> {
  const row = await db
    .selectFrom('import_mappings')
    .select(['id', 'name', 'drop_folder_policy', 'drop_folder_unknown_owners'])
    .where('workspace_id', '=', workspaceId)
    .where('drop_folder_policy', 'is not', null)
    .executeTakeFirst();
  if (!row?.drop_folder_policy || !row.drop_folder_unknown_owners) return null;
  return { id: row.id, name: row.name, policy: row.drop_folder_policy, unknownOwners: row.drop_folder_unknown_owners };
}

export async function deleteImportMapping(db: Db, actor: Actor, id: string): Promise<void> {
  const found = await db.selectFrom('import_mappings').select('id').where('workspace_id', '=', actor.workspaceId).where('id', '=', id).executeTakeFirst();
  if (!found) throw AppError.notFound('saved import mapping');
  ensure(canImportContacts(actor), 'delete saved import mappings');
  await db.deleteFrom('import_mappings').where('id', '=', id).execute();
}
