// GDPR: a contact's data as one JSON document, and erasure of the person behind a contact.
import { type Db, inTransaction } from '../../db/index.ts';
import { type Actor, canManageContactData, ensure } from '../access/index.ts';
import { type RequestContext, recordAudit } from '../audit/index.ts';
import type { ContactExportView, ContactView } from '../views.ts';
import { accountView } from './accounts.ts';
import { type ContactRow, contactView, loadVisibleContact } from './contacts.ts';
import { eraseSurveyHistory, surveyHistory } from './survey-history.ts';

/** One section per kind of data stored about a contact; later features (invitations, answers,
 * cases) add theirs here and in ContactExportView, so an export stays complete. */
const sections = {
  contact: async (_db: Db, contact: ContactRow) => ({ ...contactView(contact), deletedAt: contact.deleted_at?.toISOString() ?? null }),
  account: async (db: Db, contact: ContactRow) => {
    if (!contact.account_id) return null;
    const account = await db.selectFrom('accounts').selectAll().where('id', '=', contact.account_id).executeTakeFirst();
    return account ? accountView(account) : null;
  },
  owner: async (db: Db, contact: ContactRow) => {
    if (!contact.owner_member_id) return null;
    return (await db.selectFrom('members').select(['id', 'name', 'email']).where('id', '=', contact.owner_member_id).executeTakeFirst()) ?? null;
  },
  surveys: (db: Db, contact: ContactRow) => surveyHistory(db, contact.id),
};

/** Everything stored about one contact (soft-deleted ones too). */
export async function exportContact(db: Db, actor: Actor, contactId: string, context: RequestContext): Promise<ContactExportView> {
  return inTransaction(db, async (trx) => {
    const contact = await loadVisibleContact(trx, actor, contactId, true);
    ensure(canManageContactData(actor), "export a contact's personal data");
    const document: ContactExportView = {
      format: 'anbefal.contact-export.v1',
      exportedAt: new Date().toISOString(),
      contact: await sections.contact(trx, contact),
      account: await sections.account(trx, contact),
      owner: await sections.owner(trx, contact),
      surveys: await sections.surveys(trx, contact),
    };
    await recordAudit(trx, actor, { workspaceId: actor.workspaceId, action: 'contact.exported', targetType: 'contact', targetId: contact.id }, context);
    return document;
  });
}

/**
 * Erases the person: every personal field is removed for good, with their survey links, free-text
 * answers and the link from their answers to them. What stays (id, unit, segment, language, consent
 * state, timestamps; scores and choices) serves anonymous statistics only. Irreversible.
 */
export async function eraseContact(db: Db, actor: Actor, contactId: string, context: RequestContext): Promise<ContactView> {
  return inTransaction(db, async (trx) => {
    const contact = await loadVisibleContact(trx, actor, contactId, true);
    ensure(canManageContactData(actor), "erase a contact's personal data");
    const erased = await trx
      .updateTable('contacts')
      .set({
        external_id: null,
        email: null,
        phone: null,
        first_name: null,
        last_name: null,
        time_zone: null,
        account_id: null,
        owner_member_id: null,
        attributes: '{}',
        erased_at: contact.erased_at ?? new Date(),
        updated_at: new Date(),
      })
      .where('id', '=', contact.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await eraseSurveyHistory(trx, contact.id);
    await recordAudit(trx, actor, { workspaceId: actor.workspaceId, action: 'contact.erased', targetType: 'contact', targetId: contact.id }, context);
    return contactView(erased);
  });
}
