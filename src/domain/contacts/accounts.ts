// Accounts: the B2B companies contacts work for. Scoped like contacts: by unit for managers, by
// owner for frontline; besides, whoever sees one of an account's contacts may read the account.

import { type RawBuilder, sql } from 'kysely';
import { type Account, type Db, inTransaction } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { type Actor, canEditContact, canViewAccount, ensure, ensureVisible, seesWholeWorkspace, type UserActor } from '../access/index.ts';
import { type RequestContext, recordAudit } from '../audit/index.ts';
import { loadVisibleUnit } from '../organisation/index.ts';
import { decodeCursor, toPage } from '../paging.ts';
import type { AccountListItemView, AccountView, AttributeValue, Page } from '../views.ts';
import { type AccountInput, type AccountValues, accountSnapshot, accountValuesOf, applyAccountChange, prepareAccounts } from './accounts-write.ts';
import { type NameColumns, visibleNames } from './names.ts';
import { defaultUnitId } from './write.ts';

export type { AccountInput } from './accounts-write.ts';

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

type AccountRow = Account & { unit_path: string; cursor_at: string; via_contact: boolean };

/** Scoped readers only: SQL that is true when the account `a` has a live contact the actor sees. */
const hasVisibleContact = (actor: UserActor): RawBuilder<boolean> =>
  actor.role === 'manager'
    ? sql<boolean>`exists (select 1 from contacts vc join units vu on vu.id = vc.unit_id
        where vc.account_id = a.id and vc.deleted_at is null and vu.path like ${`${actor.unitPath}%`})`
    : sql<boolean>`exists (select 1 from contacts vc where vc.account_id = a.id and vc.deleted_at is null and vc.owner_member_id = ${actor.memberId})`;

const scoped = (actor: Actor): UserActor | null => (!seesWholeWorkspace(actor) && actor.kind === 'user' ? actor : null);

const baseQuery = (db: Db, actor: Actor) => {
  const user = scoped(actor);
  return db
    .selectFrom('accounts as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .selectAll('a')
    .select([
      'u.path as unit_path',
      sql<string>`to_char(a.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('cursor_at'),
      (user ? hasVisibleContact(user) : sql<boolean>`false`).as('via_contact'),
    ])
    .where('a.workspace_id', '=', actor.workspaceId)
    .where('a.deleted_at', 'is', null);
};

const refOf = (row: AccountRow) => ({ unitPath: row.unit_path, ownerMemberId: row.owner_member_id });

async function loadVisibleAccount(db: Db, actor: Actor, accountId: string): Promise<AccountRow> {
  const row = (await baseQuery(db, actor).where('a.id', '=', accountId).executeTakeFirst()) as AccountRow | undefined;
  ensureVisible(row !== undefined && canViewAccount(actor, refOf(row), row.via_contact), `The account ${accountId}`);
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

type AccountListRow = AccountRow & NameColumns;

export async function listAccounts(db: Db, actor: Actor, query: ListAccountsQuery): Promise<Page<AccountListItemView>> {
  let q = baseQuery(db, actor)
    .leftJoin('members as m', 'm.id', 'a.owner_member_id')
    .leftJoin('units as mu', 'mu.id', 'm.unit_id')
    .select(['u.name as unit_name', 'm.name as owner_name', 'mu.path as owner_unit_path'])
    .orderBy('a.created_at')
    .orderBy('a.id')
    .limit(query.limit + 1);
  const user = scoped(actor);
  if (user) {
    // The same rule as canViewAccount, in SQL.
    const own = user.role === 'manager' ? sql<boolean>`u.path like ${`${user.unitPath}%`}` : sql<boolean>`a.owner_member_id = ${user.memberId}`;
    q = q.where(sql<boolean>`(${own} or ${hasVisibleContact(user)})`);
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
  return toPage(
    (await q.execute()) as AccountListRow[],
    query.limit,
    (row) => [row.cursor_at, row.id],
    (row) => ({
      ...accountView(row),
      ...visibleNames(actor, row),
    }),
  );
}

/** One account's input checked, or a 400 naming every bad field. */
async function prepareOne(db: Db, actor: Actor, input: AccountInput) {
  // A unit the actor may not see is 404, as everywhere.
  if (input.unitId) await loadVisibleUnit(db, actor, input.unitId);
  const { changes, problems } = await prepareAccounts(db, actor, [input], (_i, name) => `body.${name}`);
  const change = changes[0];
  if (!change) throw new AppError('validation_failed', problems.map((p) => `${p.field}: ${p.message}`).join('; '), { errors: problems });
  return change;
}

export function explainAccountUniqueViolation(error: unknown): never {
  const { code, constraint } = error as { code?: string; constraint?: string };
  if (code === '23505' && constraint === 'accounts_external_id_key') {
    throw new AppError('conflict', 'Another account of this workspace already has this external id.', {
      errors: [{ field: 'body.externalId', message: 'must be unique within the workspace' }],
    });
  }
  throw error;
}

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
    const values = applyAccountChange(empty, await prepareOne(trx, actor, input));
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
      { workspaceId: actor.workspaceId, action: 'account.created', targetType: 'account', targetId: created.id, after: accountSnapshot(values) },
      context,
    );
    return getAccount(trx, actor, created.id);
  }).catch(explainAccountUniqueViolation);
}

export async function updateAccount(db: Db, actor: Actor, accountId: string, input: AccountInput, context: RequestContext): Promise<AccountView> {
  return inTransaction(db, async (trx) => {
    const current = await loadVisibleAccount(trx, actor, accountId);
    ensure(canEditContact(actor, refOf(current)), 'change this account');
    const before = accountValuesOf(current);
    const after = applyAccountChange(before, await prepareOne(trx, actor, input));
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
        before: accountSnapshot(before),
        after: accountSnapshot(after),
      },
      context,
    );
    return getAccount(trx, actor, current.id);
  }).catch(explainAccountUniqueViolation);
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
      {
        workspaceId: actor.workspaceId,
        action: 'account.deleted',
        targetType: 'account',
        targetId: current.id,
        before: accountSnapshot(accountValuesOf(current)),
      },
      context,
    );
  });
}
