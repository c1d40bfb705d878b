// Column mappings saved per workspace under a name, so the next export from the same CRM (or the
// drop folder) imports without mapping again.
import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { type Actor, canImportContacts, ensure } from '../access/index.ts';
import type { SavedImportMappingView } from '../views.ts';
import { ImportMapping, inHeaderOrder } from './mapping.ts';

type Row = { id: string; name: string; mapping: unknown; headers: unknown; created_at: Date; updated_at: Date };

const view = (row: Row): SavedImportMappingView => ({
  id: row.id,
  name: row.name,
  mapping: inHeaderOrder(row.mapping as ImportMapping, row.headers as string[]),
  headers: row.headers as string[],
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});

export async function listImportMappings(db: Db, actor: Actor): Promise<SavedImportMappingView[]> {
  ensure(canImportContacts(actor), 'see saved import mappings');
  const rows = await db.selectFrom('import_mappings').selectAll().where('workspace_id', '=', actor.workspaceId).orderBy(sql`lower(name)`).execute();
  return rows.map(view);
}

/** Saves a mapping under a name; the same name (any case) replaces the earlier one. */
export async function saveImportMapping(db: Db, actor: Actor, input: { name: string; mapping: unknown; headers?: string[] }): Promise<SavedImportMappingView> {
  ensure(canImportContacts(actor), 'save import mappings');
  const parsed = ImportMapping.safeParse(input.mapping);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({ field: ['body', 'mapping', ...issue.path.map(String)].join('.'), message: issue.message }));
    throw new AppError('validation_failed', `The mapping is not valid: ${errors.map((e) => e.message).join(' ')}`, { errors });
  }
  const headers = input.headers ?? Object.keys(parsed.data.columns);
  const row = await sql<Row>`
    insert into import_mappings (workspace_id, name, mapping, headers)
    values (${actor.workspaceId}, ${input.name}, ${JSON.stringify(parsed.data)}::jsonb, ${JSON.stringify(headers)}::jsonb)
    on conflict (workspace_id, lower(name)) do update set name = excluded.name, mapping = excluded.mapping, headers = excluded.headers, updated_at = now()
    returning *`.execute(db);
  return view(row.rows[0] as Row);
}

export async function deleteImportMapping(db: Db, actor: Actor, id: string): Promise<void> {
  const found = await db.selectFrom('import_mappings').select('id').where('workspace_id', '=', actor.workspaceId).where('id', '=', id).executeTakeFirst();
  if (!found) throw AppError.notFound('saved import mapping');
  ensure(canImportContacts(actor), 'delete saved import mappings');
  await db.deleteFrom('import_mappings').where('id', '=', id).execute();
}
