// Unsubscribing through an invitation's link (/u/{token}): the token of any personal link the
// contact received opts them out of every survey of the workspace. It works whatever became of
// the invitation (expired, answered, survey closed): an unsubscribe link must always work.
import type { Db } from '../../db/index.ts';
import { inTransaction } from '../../db/index.ts';
import { type RequestContext, recordAudit } from '../audit/index.ts';
import { emitContactUnsubscribed } from '../integrations/index.ts';
import { SurveyDefinition } from '../surveys/definition.ts';

export interface UnsubscribeTarget {
  workspaceId: string;
  contactId: string;
  /** {company} on the page: the survey's companyName, else the workspace's name. */
  company: string;
  /** What steers the page's language: the survey's languages, the invitation's and the contact's language. */
  survey: Pick<SurveyDefinition, 'languages' | 'defaultLanguage'> | null;
  invitationLanguage: string | null;
  contactLanguage: string | null;
  optedOutAt: Date | null;
}

/** Where an unsubscribe was asked: the page's button, or a mail client's RFC 8058 one-click POST. */
export type UnsubscribeVia = 'page' | 'one_click';

const TOKEN = /^[A-Za-z0-9_-]{8,100}$/;

/** The contact behind an invitation token; undefined when no such link exists (or the contact was erased). */
export async function findUnsubscribeTarget(db: Db, token: string): Promise<UnsubscribeTarget | undefined> {
  if (!TOKEN.test(token)) return undefined;
  const row = await db
    .selectFrom('survey_invitations')
    .innerJoin('contacts', 'contacts.id', 'survey_invitations.contact_id')
    .innerJoin('surveys', 'surveys.id', 'survey_invitations.survey_id')
    .innerJoin('workspaces', 'workspaces.id', 'surveys.workspace_id')
    .leftJoin('survey_versions', 'survey_versions.id', 'surveys.current_version_id')
    .select([
      'survey_invitations.workspace_id',
      'survey_invitations.language as invitation_language',
      'contacts.id as contact_id',
      'contacts.language as contact_language',
      'contacts.opted_out_at',
      'contacts.erased_at',
      'workspaces.name as workspace_name',
      'survey_versions.definition',
    ])
    .where('survey_invitations.token', '=', token)
    .executeTakeFirst();
  if (!row || row.erased_at) return undefined;
  const parsed = row.definition ? SurveyDefinition.safeParse(row.definition) : undefined;
  const definition = parsed?.success ? parsed.data : null;
  return {
    workspaceId: row.workspace_id,
    contactId: row.contact_id,
    company: definition?.companyName ?? row.workspace_name,
    survey: definition && { languages: definition.languages, defaultLanguage: definition.defaultLanguage },
    invitationLanguage: row.invitation_language,
    contactLanguage: row.contact_language,
    optedOutAt: row.opted_out_at,
  };
}

/**
 * Opts the contact of an invitation token out (once: a repeat keeps the first time and writes no
 * second audit entry). The audit entry names the contact by id only and carries no address or IP.
 */
export async function unsubscribe(db: Db, token: string, via: UnsubscribeVia, context: RequestContext = {}): Promise<UnsubscribeTarget | undefined> {
  return inTransaction(db, async (trx) => {
    const target = await findUnsubscribeTarget(trx, token);
    if (!target) return undefined;
    const now = new Date();
    // The invitation whose link was used, for the funnel; the first use counts.
    await trx.updateTable('survey_invitations').set({ unsubscribed_at: now }).where('token', '=', token).where('unsubscribed_at', 'is', null).execute();
    const updated = await trx
      .updateTable('contacts')
      .set({ opted_out_at: now, updated_at: now })
      .where('id', '=', target.contactId)
      .where('opted_out_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!updated) return target;
    await recordAudit(
      trx,
      { kind: 'system', label: 'unsubscribe link' },
      { workspaceId: target.workspaceId, action: 'contact.unsubscribed', targetType: 'contact', targetId: target.contactId, after: { via } },
      { requestId: context.requestId },
    );
    await emitContactUnsubscribed(trx, target.workspaceId, target.contactId, via, now);
    return { ...target, optedOutAt: now };
  });
}
