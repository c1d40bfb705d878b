// Personal links: /s/{token} lets one contact answer one survey. The token carries 128 random bits
// and expires after the survey's link validity; it grants nothing but answering.
import type { Db } from '../../db/index.ts';
import { inTransaction } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../access/index.ts';
import { randomToken } from '../auth/secrets.ts';
import type { PersonalLinkView } from '../views.ts';
import type { Language } from './definition.ts';
import { lockSurvey } from './surveys.ts';

export interface NewPersonalLink {
  contact: { id: string } | { externalId: string };
  /** Overrides the contact's language for this link. */
  language?: Language;
  /** Facts about the interaction (order number, technician…), kept with the answer. */
  properties?: Record<string, string | number | boolean | null>;
}

export const personalLinkUrl = (publicUrl: string, token: string) => `${publicUrl.replace(/\/$/, '')}/s/${token}`;

export async function createPersonalLink(db: Db, actor: Actor, surveyId: string, input: NewPersonalLink, publicUrl: string): Promise<PersonalLinkView> {
  return inTransaction(db, async (trx) => {
    const survey = await lockSurvey(trx, actor, surveyId, 'create survey links');
    if (survey.status !== 'active') {
      throw new AppError('conflict', `The survey is ${survey.status}; links can only be made for a published survey that is not closed.`);
    }
    const field = 'id' in input.contact ? 'body.contactId' : 'body.contactExternalId';
    const contact = await trx
      .selectFrom('contacts')
      .select(['id', 'opted_out_at', 'erased_at'])
      .where('workspace_id', '=', actor.workspaceId)
      .where('deleted_at', 'is', null)
      .where('id' in input.contact ? 'id' : 'external_id', '=', 'id' in input.contact ? input.contact.id : input.contact.externalId)
      .executeTakeFirst();
    if (!contact) throw AppError.invalid(field, 'no such contact in this workspace');
    if (contact.opted_out_at)
      throw new AppError('conflict', 'The contact has opted out of surveys; no link is made for them.', { errors: [{ field, message: 'has opted out' }] });
    const token = randomToken(16);
    const expiresAt = new Date(Date.now() + survey.link_validity_days * 86_400_000);
    const row = await trx
      .insertInto('survey_invitations')
      .values({
        workspace_id: actor.workspaceId,
        survey_id: surveyId,
        contact_id: contact.id,
        token,
        language: input.language ?? null,
        properties: JSON.stringify(input.properties ?? {}),
        expires_at: expiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { invitationId: row.id, token, url: personalLinkUrl(publicUrl, token), expiresAt: expiresAt.toISOString() };
  });
}
