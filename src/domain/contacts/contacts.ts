// Contacts: the customers (or employees, for eNPS) whose answers the programme collects. Every read
// and write is scoped: managers to their subtree, frontline to the contacts they own.
import { sql } from 'kysely';
import { type Contact, type Db, inTransaction } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { type Actor, canEditContact, canViewContact, ensure, ensureVisible, seesWholeWorkspace } from '../access/index.ts';
import { type RequestContext, recordAudit } from '../audit/index.ts';
import { loadVisibleUnit } from '../organisation/index.ts';
import { decodeCursor, toPage } from '../paging.ts';
import type { AttributeValue, ContactListItemView, ContactSurveyHistoryView, ContactView, Page } from '../views.ts';
import { applyContactFilter, type ContactFilter, resolveContactFilter } from './filter.ts';
import { type NameColumns, visibleNames } from './names.ts';
import { surveyHistory } from './survey-history.ts';
import { applyChange, type ContactInput, changedFields, defaultUnitId, NO_CONTACT, prepareContacts, sameValues, valuesOf } from './write.ts';

export type ContactRow = Contact & { unit_path: string; cursor_at: string };

export const contactView = (row: Contact): ContactView => ({
  id: row.id,
  externalId: row.external_id,
  email: row.email,
  phone: row.phone,
  firstName: row.first_name,
  lastName: row.last_name,
  language: row.language,
  timeZone: row.time_zone,
  accountId: row.account_id,
  ownerMemberId: row.owner_member_id,
  unitId: row.unit_id,
  segment: row.segment,
  attributes: (row.attributes ?? {}) as Record<string, AttributeValue>,
  consent: row.consent,
  optedOutAt: row.opted_out_at?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  erasedAt: row.erased_at?.toISOString() ?? null,
});

const baseQuery = (db: Db, actor: Actor) =>
  db
    .selectFrom('contacts as c')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .selectAll('c')
    .select(['u.path as unit_path', sql<string>`to_char(c.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('cursor_at')])
    .where('c.workspace_id', '=', actor.workspaceId);

const refOf = (row: ContactRow) => ({ unitPath: row.unit_path, ownerMemberId: row.owner_member_id });

/** A live contact the actor may see, or 404. `withDeleted` also finds soft-deleted ones (GDPR requests). */
export async function loadVisibleContact(db: Db, actor: Actor, contactId: string, withDeleted = false): Promise<ContactRow> {
  let q = baseQuery(db, actor).where('c.id', '=', contactId);
  if (!withDeleted) q = q.where('c.deleted_at', 'is', null);
  const row = (await q.executeTakeFirst()) as ContactRow | undefined;
  ensureVisible(row !== undefined && canViewContact(actor, refOf(row)), `The contact ${contactId}`);
  return row as ContactRow;
}

export async function getContact(db: Db, actor: Actor, contactId: string): Promise<ContactView> {
  return contactView(await loadVisibleContact(db, actor, contactId));
}

/** Whoever sees the contact sees what they were asked and answered. */
export async function getContactSurveyHistory(db: Db, actor: Actor, contactId: string): Promise<ContactSurveyHistoryView> {
  return surveyHistory(db, (await loadVisibleContact(db, actor, contactId)).id);
}

/** The contact filter (attribute values as written in the query string), a page, and a change date. */
export interface ListContactsQuery extends ContactFilter {
  limit: number;
  cursor?: string;
  updatedSince?: string;
}

type ContactListRow = ContactRow & NameColumns & { account_name: string | null };

export async function listContacts(db: Db, actor: Actor, query: ListContactsQuery): Promise<Page<ContactListItemView>> {
  let q = baseQuery(db, actor)
    .leftJoin('members as m', 'm.id', 'c.owner_member_id')
    .leftJoin('units as mu', 'mu.id', 'm.unit_id')
    .leftJoin('accounts as a', (join) => join.onRef('a.id', '=', 'c.account_id').on('a.deleted_at', 'is', null))
    .select(['u.name as unit_name', 'm.name as owner_name', 'mu.path as owner_unit_path', 'a.name as account_name'])
    .where('c.deleted_at', 'is', null)
    .orderBy('c.created_at')
    .orderBy('c.id')
    .limit(query.limit + 1);
  if (!seesWholeWorkspace(actor) && actor.kind === 'user') {
    q = actor.role === 'manager' ? q.where('u.path', 'like', `${actor.unitPath}%`) : q.where('c.owner_member_id', '=', actor.memberId);
  }
  const filter = await resolveContactFilter(db, actor, query, (key) => `query.attr.${key}`);
  q = applyContactFilter(q, filter);
  if (query.updatedSince) q = q.where('c.updated_at', '>=', new Date(query.updatedSince));
  const after = decodeCursor(query.cursor, ['timestamp', 'uuid']);
  if (after) {
    const [at, id] = after as [string, string];
    q = q.where(sql<boolean>`(c.created_at, c.id) > (${at}::timestamptz, ${id}::uuid)`);
  }
  const rows = (await q.execute()) as ContactListRow[];
  // A listed contact is one the actor sees, so its (live) account is visible too (canViewAccount).
  return toPage(
    rows,
    query.limit,
    (row) => [row.cursor_at, row.id],
    (row) => ({
      ...contactView(row),
      ...visibleNames(actor, row),
      accountName: row.account_name,
    }),
  );
}

function explainUniqueViolation(error: unknown): never {
  const { code, constraint } = error as { code?: string; constraint?: string };
  if (code === '23505' && (constraint === 'contacts_email_key' || constraint === 'contacts_external_id_key')) {
    const field = constraint === 'contacts_email_key' ? 'email' : 'externalId';
    throw new AppError('conflict', `Another contact of this workspace already has this ${field}.`, {
      errors: [{ field: `body.${field}`, message: 'must be unique within the workspace' }],
    });
  }
  throw error;
}

async function prepareOne(db: Db, actor: Actor, input: ContactInput) {
  const { changes, problems } = await prepareContacts(db, actor, [input], (_i, name) => `body.${name}`);
  const change = changes[0];
  if (!change) {
    throw new AppError('validation_failed', problems.map((p) => `${p.field}: ${p.message}`).join('; '), { errors: problems });
  }
  return change;
}

const audit = (action: string, id: string, fields: string[], unitId: string) => ({ action, targetType: 'contact', targetId: id, after: { fields, unitId } });

export async function createContact(db: Db, actor: Actor, input: ContactInput, context: RequestContext): Promise<ContactView> {
  return inTransaction(db, async (trx) => {
    // A unit the actor may not see is 404, as everywhere.
    if (input.unitId) await loadVisibleUnit(trx, actor, input.unitId);
    const change = await prepareOne(trx, actor, input);
    const values = applyChange({ ...NO_CONTACT, unit_id: change.unit_id ?? (await defaultUnitId(trx, actor)) }, change);
    const unit = await loadVisibleUnit(trx, actor, values.unit_id);
    ensure(canEditContact(actor, { unitPath: unit.path, ownerMemberId: values.owner_member_id }), 'add contacts here');
    const created = await trx
      .insertInto('contacts')
      .values({ ...values, workspace_id: actor.workspaceId, attributes: JSON.stringify(values.attributes) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      actor,
      { workspaceId: actor.workspaceId, ...audit('contact.created', created.id, changedFields(null, values), values.unit_id) },
      context,
    );
    return contactView(await loadVisibleContact(trx, actor, created.id));
  }).catch(explainUniqueViolation);
}

export async function updateContact(db: Db, actor: Actor, contactId: string, input: ContactInput, context: RequestContext): Promise<ContactView> {
  return inTransaction(db, async (trx) => {
    const current = await loadVisibleContact(trx, actor, contactId);
    ensure(canEditContact(actor, refOf(current)), 'change this contact');
    if (current.erased_at) throw new AppError('conflict', 'This contact was erased; its personal data cannot be set again. Create a new contact instead.');
    if (input.unitId) await loadVisibleUnit(trx, actor, input.unitId);
    const change = await prepareOne(trx, actor, input);
    const before = valuesOf(current);
    const after = applyChange(before, change);
    if (after.unit_id !== before.unit_id) {
      const unit = await loadVisibleUnit(trx, actor, after.unit_id);
      ensure(canEditContact(actor, { unitPath: unit.path, ownerMemberId: after.owner_member_id }), 'move contacts to that unit');
    }
    if (!sameValues(before, after)) {
      await trx
        .updateTable('contacts')
        .set({ ...after, attributes: JSON.stringify(after.attributes), updated_at: new Date() })
        .where('id', '=', current.id)
        .execute();
      await recordAudit(
        trx,
        actor,
        { workspaceId: actor.workspaceId, ...audit('contact.updated', current.id, changedFields(before, after), after.unit_id) },
        context,
      );
    }
    return contactView(await loadVisibleContact(trx, actor, current.id));
  }).catch(explainUniqueViolation);
}

/** Soft delete: the contact disappears from lists and lookups; its history stays for statistics. */
export async function deleteContact(db: Db, actor: Actor, contactId: string, context: RequestContext): Promise<void> {
  await inTransaction(db, async (trx) => {
    const current = await loadVisibleContact(trx, actor, contactId);
    ensure(canEditContact(actor, refOf(current)), 'delete this contact');
    await trx.updateTable('contacts').set({ deleted_at: new Date() }).where('id', '=', current.id).execute();
    await recordAudit(
      trx,
      actor,
      { workspaceId: actor.workspaceId, action: 'contact.deleted', targetType: 'contact', targetId: current.id, before: { unitId: current.unit_id } },
      context,
    );
  });
}
