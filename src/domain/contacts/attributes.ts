// Attribute definitions: the custom fields a workspace keeps on its contacts and accounts. A
// definition never leaves stored values behind that no longer fit it.
import { sql } from 'kysely';
import { type AttributeDefinition, type AttributeType, type Db, inTransaction } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { type Actor, canManageContactData, ensure, ensureVisible } from '../access/index.ts';
import { type RequestContext, recordAudit } from '../audit/index.ts';
import type { AttributeDefinitionView } from '../views.ts';
import type { AttributeRule } from './fields.ts';

const view = (row: AttributeDefinition): AttributeDefinitionView => ({
  id: row.id,
  key: row.key,
  label: row.label,
  type: row.type,
  allowedValues: (row.allowed_values as string[] | null) ?? null,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const snapshot = (row: AttributeDefinition) => ({ key: row.key, label: row.label, type: row.type, allowedValues: row.allowed_values });

/** The rules by key, for checking values. */
export async function loadAttributeRules(db: Db, workspaceId: string): Promise<Map<string, AttributeRule>> {
  const rows = await db.selectFrom('attribute_definitions').selectAll().where('workspace_id', '=', workspaceId).execute();
  return new Map(rows.map((row) => [row.key, { key: row.key, type: row.type, allowedValues: (row.allowed_values as string[] | null) ?? null }]));
}

export async function listAttributeDefinitions(db: Db, actor: Actor): Promise<AttributeDefinitionView[]> {
  const rows = await db.selectFrom('attribute_definitions').selectAll().where('workspace_id', '=', actor.workspaceId).orderBy('key').execute();
  return rows.map(view);
}

async function loadDefinition(db: Db, actor: Actor, id: string): Promise<AttributeDefinition> {
  const row = await db.selectFrom('attribute_definitions').selectAll().where('workspace_id', '=', actor.workspaceId).where('id', '=', id).executeTakeFirst();
  ensureVisible(row !== undefined, `The attribute definition ${id}`);
  return row as AttributeDefinition;
}

export async function getAttributeDefinition(db: Db, actor: Actor, id: string): Promise<AttributeDefinitionView> {
  return view(await loadDefinition(db, actor, id));
}

export interface AttributeDefinitionInput {
  key: string;
  label: string;
  type: AttributeType;
  allowedValues?: string[] | null;
}

function checkAllowedValues(type: AttributeType, allowedValues: string[] | null | undefined): string[] | null {
  if (type !== 'list') {
    if (allowedValues && allowedValues.length > 0)
      throw AppError.invalid('body.allowedValues', `only a list attribute has allowed values; this one is ${type}`);
    return null;
  }
  if (!allowedValues || allowedValues.length === 0) throw AppError.invalid('body.allowedValues', 'a list attribute needs at least one allowed value');
  if (new Set(allowedValues).size !== allowedValues.length) throw AppError.invalid('body.allowedValues', 'must not repeat a value');
  return allowedValues;
}

/** SQL that is true where a stored value of `key` does not fit the rule (see checkAttributeValue). */
function misfit(key: string, type: AttributeType, allowedValues: string[] | null) {
  const value = sql`attributes -> ${key}`;
  switch (type) {
    case 'text':
      return sql`jsonb_typeof(${value}) <> 'string'`;
    case 'number':
      return sql`jsonb_typeof(${value}) <> 'number'`;
    case 'boolean':
      return sql`jsonb_typeof(${value}) <> 'boolean'`;
    case 'date':
      return sql`(jsonb_typeof(${value}) <> 'string' or (attributes ->> ${key}) !~ '^\\d{4}-\\d{2}-\\d{2}$')`;
    case 'list':
      return sql`(jsonb_typeof(${value}) <> 'string' or not (${JSON.stringify(allowedValues ?? [])}::jsonb ? (attributes ->> ${key})))`;
  }
}

async function countMisfits(db: Db, workspaceId: string, key: string, type: AttributeType, allowedValues: string[] | null): Promise<number> {
  const result = await sql<{ n: number }>`
    select (select count(*) from contacts where workspace_id = ${workspaceId} and attributes ? ${key} and ${misfit(key, type, allowedValues)})
         + (select count(*) from accounts where workspace_id = ${workspaceId} and attributes ? ${key} and ${misfit(key, type, allowedValues)}) as n`.execute(
    db,
  );
  return Number(result.rows[0]?.n ?? 0);
}

function explainUniqueViolation(error: unknown): never {
  const { code } = error as { code?: string };
  if (code === '23505') {
    throw new AppError('conflict', 'This workspace already has an attribute with this key.', {
      errors: [{ field: 'body.key', message: 'must be unique within the workspace' }],
    });
  }
  throw error;
}

export async function createAttributeDefinition(
  db: Db,
  actor: Actor,
  input: AttributeDefinitionInput,
  context: RequestContext,
): Promise<AttributeDefinitionView> {
  ensure(canManageContactData(actor), 'define attributes');
  const allowedValues = checkAllowedValues(input.type, input.allowedValues);
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto('attribute_definitions')
      .values({
        workspace_id: actor.workspaceId,
        key: input.key,
        label: input.label,
        type: input.type,
        allowed_values: allowedValues ? JSON.stringify(allowedValues) : null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      actor,
      { workspaceId: actor.workspaceId, action: 'attribute_definition.created', targetType: 'attribute_definition', targetId: row.id, after: snapshot(row) },
      context,
    );
    return view(row);
  }).catch(explainUniqueViolation);
}

export async function updateAttributeDefinition(
  db: Db,
  actor: Actor,
  id: string,
  input: Partial<Omit<AttributeDefinitionInput, 'key'>>,
  context: RequestContext,
): Promise<AttributeDefinitionView> {
  return inTransaction(db, async (trx) => {
    const current = await loadDefinition(trx, actor, id);
    ensure(canManageContactData(actor), 'change attribute definitions');
    const type = input.type ?? current.type;
    const allowedValues = checkAllowedValues(
      type,
      input.allowedValues !== undefined ? input.allowedValues : type === 'list' ? (current.allowed_values as string[] | null) : null,
    );
    const misfits = await countMisfits(trx, actor.workspaceId, current.key, type, allowedValues);
    if (misfits > 0) {
      throw new AppError(
        'conflict',
        `${misfits} stored values of "${current.key}" would not fit a ${type} attribute${type === 'list' ? ' with these allowed values' : ''}; change or remove those values first.`,
        { errors: [{ field: input.type !== undefined ? 'body.type' : 'body.allowedValues', message: 'does not fit the values already stored' }] },
      );
    }
    const row = await trx
      .updateTable('attribute_definitions')
      .set({ label: input.label ?? current.label, type, allowed_values: allowedValues ? JSON.stringify(allowedValues) : null, updated_at: new Date() })
      .where('id', '=', current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      actor,
      {
        workspaceId: actor.workspaceId,
        action: 'attribute_definition.updated',
        targetType: 'attribute_definition',
        targetId: row.id,
        before: snapshot(current),
        after: snapshot(row),
      },
      context,
    );
    return view(row);
  });
}

/** Deletes a definition and, with it, every stored value of its key (none is left orphaned). */
export async function deleteAttributeDefinition(db: Db, actor: Actor, id: string, context: RequestContext): Promise<void> {
  await inTransaction(db, async (trx) => {
    const current = await loadDefinition(trx, actor, id);
    ensure(canManageContactData(actor), 'delete attribute definitions');
    const contacts = await sql`update contacts set attributes = attributes - ${current.key}, updated_at = now()
      where workspace_id = ${actor.workspaceId} and attributes ? ${current.key}`.execute(trx);
    const accounts = await sql`update accounts set attributes = attributes - ${current.key}, updated_at = now()
      where workspace_id = ${actor.workspaceId} and attributes ? ${current.key}`.execute(trx);
    await trx.deleteFrom('attribute_definitions').where('id', '=', current.id).execute();
    await recordAudit(
      trx,
      actor,
      {
        workspaceId: actor.workspaceId,
        action: 'attribute_definition.deleted',
        targetType: 'attribute_definition',
        targetId: current.id,
        before: snapshot(current),
        after: { removedValues: { contacts: Number(contacts.numAffectedRows ?? 0), accounts: Number(accounts.numAffectedRows ?? 0) } },
      },
      context,
    );
  });
}
