// Accounts: the B2B companies contacts work for. Scoped like contacts: by unit for managers, by
// owner for frontline.

import { sql } from 'kysely';
import { type Account, type Db, inTransaction } from '../../db/index.ts';
import { AppError, type FieldProblem } from '../../errors.ts';
import { type Actor, canEditContact, canViewContact, ensure, ensureVisible, seesWholeWorkspace } from '../access/index.ts';
import { type RequestContext, recordAudit } from '../audit/index.ts';
import { loadVisibleUnit } from '../organisation/index.ts';
import { decodeCursor, toPage } from '../paging.ts';
import type { AccountView, AttributeValue, Page } from '../views.ts';
import { loadAttributeRules } from './attributes.ts';
import { checkAttributes, mergeAttributes } from './fields.ts';
import { loadReferences, mentionsOwner, mentionsUnit, ownerField, type RefInput, unitField } from './references.ts';
import { defaultUnitId } from './write.ts';

export const accountView = (row: Account): AccountView => ({
  id: row.id,
  externalId: row.external_id,
  name: row.name,
  segment: row.segment,
  revenue: row.revenue === null ? null : Number(row.revenue),
  ownerMemberId: row.owner_member_id,
  unitId: row.unit_id,
  attributes: (row.attributes ?? {}) as Record<string, AttributeValue>,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

type AccountRow = Account & { unit_path: string; cursor_at: string };

const baseQuery = (db: Db, actor: Actor) =>
  db
    .selectFrom('accounts as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .selectAll('a')
    .select(['u.path as unit_path', sql<string>`to_char(a.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('cursor_at')])
    .where('a.workspace_id', '=', actor.workspaceId)
    .where('a.deleted_at', 'is', null);

const refOf = (row: AccountRow) => ({ unitPath: row.unit_path, ownerMemberId: row.owner_member_id });

async function loadVisibleAccount(db: Db, actor: Actor, accountId: string): Promise<AccountRow> {
  const row = (await baseQuery(db, actor).where('a.id', '=', accountId).executeTakeFirst()) as AccountRow | undefined;
  ensureVisible(row !== undefined && canViewContact(actor, refOf(row)), `The account ${accountId}`);
  return row as AccountRow;
}

export async function getAccount(db: Db, actor: Actor, accountId: string): Promise<AccountView> {
  return accountView(await loadVisibleAccount(db, actor, accountId));
}

export interface ListAccountsQuery {
  limit: number;
  cursor?: string;
  q?: string;
  unitId?: string;
  subtree?: boolean;
  ownerMemberId?: string;
  segment?: string;
}

export async function listAccounts(db: Db, actor: Actor, query: ListAccountsQuery): Promise<Page<AccountView>> {
  let q = baseQuery(db, actor)
    .orderBy('a.created_at')
    .orderBy('a.id')
    .limit(query.limit + 1);
  if (!seesWholeWorkspace(actor) && actor.kind === 'user') {
    q = actor.role === 'manager' ? q.where('u.path', 'like', `${actor.unitPath}%`) : q.where('a.owner_member_id', '=', actor.memberId);
  }
  if (query.unitId) {
    const unit = await loadVisibleUnit(db, actor, query.unitId);
    q = query.subtree ? q.where('u.path', 'like', `${unit.path}%`) : q.where('a.unit_id', '=', unit.id);
  }
  if (query.ownerMemberId) q = q.where('a.owner_member_id', '=', query.ownerMemberId);
  if (query.segment) q = q.where('a.segment', '=', query.segment);
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('a.name', 'ilike', pattern), eb('a.external_id', 'ilike', pattern)]));
  }
  const after = decodeCursor(query.cursor, ['timestamp', 'uuid']);
  if (after) q = q.where(sql<boolean>`(a.created_at, a.id) > (${after[0]}::timestamptz, ${after[1]}::uuid)`);
  return toPage((await q.execute()) as AccountRow[], query.limit, (row) => [row.cursor_at, row.id], accountView);
}

export interface AccountInput extends Omit<RefInput, 'accountId' | 'accountExternalId'> {
  name?: string;
  externalId?: string | null;
  segment?: string | null;
  revenue?: number | null;
  attributes?: Record<string, unknown>;
}

interface AccountValues {
  name: string;
  external_id: string | null;
  segment: string | null;
  revenue: number | null;
  owner_member_id: string | null;
  unit_id: string;
  attributes: Record<string, AttributeValue>;
}

const text = (value: string | null | undefined) => (value === undefined ? undefined : value === null || value.trim() === '' ? null : value.trim());

async function applyInput(db: Db, actor: Actor, stored: AccountValues, input: AccountInput): Promise<AccountValues> {
  if (input.unitId) await loadVisibleUnit(db, actor, input.unitId);
  const problems: FieldProblem[] = [];
  const [rules, refs] = await Promise.all([loadAttributeRules(db, actor.workspaceId), loadReferences(db, actor, [input])]);
  const next = { ...stored };
  if (input.name !== undefined) next.name = input.name.trim();
  const externalId = text(input.externalId);
  if (externalId !== undefined) next.external_id = externalId;
  const segment = text(input.segment);
  if (segment !== undefined) next.segment = segment;
  if (input.revenue !== undefined) next.revenue = input.revenue;
  if (input.attributes !== undefined)
    next.attributes = mergeAttributes(stored.attributes, checkAttributes(rules, input.attributes, 'body.attributes', problems));
  if (mentionsOwner(input)) {
    const owner = refs.member(input);
    if (owner === undefined) problems.push({ field: `body.${ownerField(input)}`, message: 'names no member you may see in this workspace' });
    else {
      next.owner_member_id = owner?.id ?? null;
      if (owner && !mentionsUnit(input)) next.unit_id = owner.unitId;
    }
  }
  if (mentionsUnit(input)) {
    const unit = refs.unit(input);
    if (!unit) problems.push({ field: `body.${unitField(input)}`, message: 'names no unit you may see in this workspace' });
    else next.unit_id = unit.id;
  }
  if (problems.length > 0) throw new AppError('validation_failed', problems.map((p) => `${p.field}: ${p.message}`).join('; '), { errors: problems });
  return next;
}

function explainUniqueViolation(error: unknown): never {
  const { code, constraint } = error as { code?: string; constraint?: string };
  if (code === '23505' && constraint === 'accounts_external_id_key') {
    throw new AppError('conflict', 'Another account of this workspace already has this external id.', {
      errors: [{ field: 'body.externalId', message: 'must be unique within the workspace' }],
    });
  }
  throw error;
}

const snapshot = (v: AccountValues) => ({ name: v.name, externalId: v.external_id, unitId: v.unit_id, ownerMemberId: v.owner_member_id });
const valuesOf = (row: Account): AccountValues => ({
  name: row.name,
  external_id: row.external_id,
  segment: row.segment,
  revenue: row.revenue === null ? null : Number(row.revenue),
  owner_member_id: row.owner_member_id,
  unit_id: row.unit_id,
  attributes: mergeAttributes(row.attributes ?? {}, {}),
});

export async function createAccount(db: Db, actor: Actor, input: AccountInput & { name: string }, context: RequestContext): Promise<AccountView> {
  return inTransaction(db, async (trx) => {
    const empty: AccountValues = {
      name: '',
      external_id: null,
      segment: null,
      revenue: null,
      owner_member_id: null,
      unit_id: await defaultUnitId(trx, actor),
      attributes: {},
    };
    const values = await applyInput(trx, actor, empty, input);
    const unit = await loadVisibleUnit(trx, actor, values.unit_id);
    ensure(canEditContact(actor, { unitPath: unit.path, ownerMemberId: values.owner_member_id }), 'add accounts here');
    const created = await trx
      .insertInto('accounts')
      .values({ ...values, workspace_id: actor.workspaceId, attributes: JSON.stringify(values.attributes) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      actor,
      { workspaceId: actor.workspaceId, action: 'account.created', targetType: 'account', targetId: created.id, after: snapshot(values) },
      context,
    );
    return getAccount(trx, actor, created.id);
  }).catch(explainUniqueViolation);
}

export async function updateAccount(db: Db, actor: Actor, accountId: string, input: AccountInput, context: RequestContext): Promise<AccountView> {
  return inTransaction(db, async (trx) => {
    const current = await loadVisibleAccount(trx, actor, accountId);
    ensure(canEditContact(actor, refOf(current)), 'change this account');
    const before = valuesOf(current);
    const after = await applyInput(trx, actor, before, input);
    if (after.unit_id !== before.unit_id) {
      const unit = await loadVisibleUnit(trx, actor, after.unit_id);
      ensure(canEditContact(actor, { unitPath: unit.path, ownerMemberId: after.owner_member_id }), 'move accounts to that unit');
    }
    await trx
      .updateTable('accounts')
      .set({ ...after, attributes: JSON.stringify(after.attributes), updated_at: new Date() })
      .where('id', '=', current.id)
      .execute();
    await recordAudit(
      trx,
      actor,
      {
        workspaceId: actor.workspaceId,
        action: 'account.updated',
        targetType: 'account',
        targetId: current.id,
        before: snapshot(before),
        after: snapshot(after),
      },
      context,
    );
    return getAccount(trx, actor, current.id);
  }).catch(explainUniqueViolation);
}

/** Soft delete; contacts of the account keep it until they are changed. */
export async function deleteAccount(db: Db, actor: Actor, accountId: string, context: RequestContext): Promise<void> {
  await inTransaction(db, async (trx) => {
    const current = await loadVisibleAccount(trx, actor, accountId);
    ensure(canEditContact(actor, refOf(current)), 'delete this account');
    await trx.updateTable('accounts').set({ deleted_at: new Date() }).where('id', '=', current.id).execute();
    await recordAudit(
      trx,
      actor,
      { workspaceId: actor.workspaceId, action: 'account.deleted', targetType: 'account', targetId: current.id, before: snapshot(valuesOf(current)) },
      context,
    );
  });
}
