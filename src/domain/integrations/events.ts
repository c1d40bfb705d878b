// The data of the events other modules emit, built here so their edits stay one line and every
// event of a type has the same shape. Anonymous responses carry no contact (the row has none).
import type { Db } from '../../db/index.ts';
import { emitWebhookEvent } from './deliveries.ts';

/** response.created / response.completed for a response, inside the transaction that created or completed it. */
export async function emitResponseEvent(trx: Db, responseId: string, type: 'response.created' | 'response.completed', now: Date): Promise<void> {
  const row = await trx
    .selectFrom('responses')
    .select([
      'id',
      'workspace_id',
      'survey_id',
      'survey_version_id',
      'contact_id',
      'channel',
      'language',
      'touchpoint_id',
      'score',
      'category',
      'started_at',
      'completed_at',
    ])
    .where('id', '=', responseId)
    .executeTakeFirstOrThrow();
  await emitWebhookEvent(
    trx,
    row.workspace_id,
    type,
    {
      responseId: row.id,
      surveyId: row.survey_id,
      surveyVersionId: row.survey_version_id,
      contactId: row.contact_id,
      channel: row.channel,
      language: row.language,
      touchpointId: row.touchpoint_id,
      score: row.score,
      category: row.category,
      startedAt: row.started_at.toISOString(),
      completedAt: row.completed_at?.toISOString() ?? null,
    },
    now,
  );
}

/** contact.unsubscribed, inside the transaction that opted the contact out. */
export const emitContactUnsubscribed = (trx: Db, workspaceId: string, contactId: string, via: string, now: Date) =>
  emitWebhookEvent(trx, workspaceId, 'contact.unsubscribed', { contactId, via, unsubscribedAt: now.toISOString() }, now);
