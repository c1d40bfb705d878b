// A contact's survey history: the personal links they got and the answers they gave (anonymous
// surveys store no answers against a contact, so only their invitations appear). Shown on the
// contact's page and included in the GDPR export; erasure keeps answers only as anonymous statistics.
import type { Db } from '../../db/index.ts';
import { localize, questionsOf, SurveyDefinition } from '../surveys/index.ts';
import type { ContactSurveyHistoryView } from '../views.ts';

const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);

export async function surveyHistory(db: Db, contactId: string): Promise<ContactSurveyHistoryView> {
  const [invitations, responses] = await Promise.all([
    db
      .selectFrom('survey_invitations as i')
      .innerJoin('surveys as s', 's.id', 'i.survey_id')
      .select(['i.id', 'i.survey_id', 's.name', 'i.language', 'i.created_at', 'i.expires_at', 'i.opened_at', 'i.responded_at', 'i.completed_at'])
      .where('i.contact_id', '=', contactId)
      .orderBy('i.created_at', 'desc')
      .execute(),
    db
      .selectFrom('responses as r')
      .innerJoin('surveys as s', 's.id', 'r.survey_id')
      .innerJoin('survey_versions as v', 'v.id', 'r.survey_version_id')
      .select([
        'r.id',
        'r.survey_id',
        's.name',
        'v.version',
        'v.definition',
        'r.channel',
        'r.language',
        'r.score',
        'r.category',
        'r.started_at',
        'r.completed_at',
      ])
      .where('r.contact_id', '=', contactId)
      .orderBy('r.started_at', 'desc')
      .execute(),
  ]);
  const answers = responses.length
    ? await db
        .selectFrom('response_answers')
        .select(['response_id', 'question_key', 'number_value', 'text_value', 'choice_values'])
        .where(
          'response_id',
          'in',
          responses.map((r) => r.id),
        )
        .execute()
    : [];
  return {
    invitations: invitations.map((i) => ({
      id: i.id,
      surveyId: i.survey_id,
      surveyName: i.name,
      language: i.language,
      createdAt: new Date(i.created_at).toISOString(),
      expiresAt: new Date(i.expires_at).toISOString(),
      openedAt: iso(i.opened_at),
      respondedAt: iso(i.responded_at),
      completedAt: iso(i.completed_at),
    })),
    responses: responses.map((r) => {
      const definition = SurveyDefinition.parse(r.definition);
      // Answers in the order the survey asks, each with the question as the respondent read it.
      const given = new Map(answers.filter((a) => a.response_id === r.id).map((a) => [a.question_key, a]));
      return {
        id: r.id,
        surveyId: r.survey_id,
        surveyName: r.name,
        version: r.version,
        channel: r.channel,
        language: r.language,
        score: r.score,
        category: r.category,
        startedAt: new Date(r.started_at).toISOString(),
        completedAt: iso(r.completed_at),
        answers: questionsOf(definition).flatMap((q) => {
          const answer = given.get(q.key);
          if (!answer) return [];
          const language = definition.languages.find((l) => l === r.language) ?? definition.defaultLanguage;
          const value = answer.choice_values ?? answer.text_value ?? (answer.number_value === null ? null : Number(answer.number_value));
          return [{ questionKey: q.key, question: localize(q.text, language, definition.defaultLanguage), value }];
        }),
      };
    }),
  };
}

/** Erasure: the personal links go; answers stay as anonymous statistics — scores and choices, with
 * no contact, no free text or captured email/phone, and no interaction properties. */
export async function eraseSurveyHistory(db: Db, contactId: string): Promise<void> {
  const responses = await db.selectFrom('responses').select('id').where('contact_id', '=', contactId).execute();
  const ids = responses.map((r) => r.id);
  if (ids.length > 0) {
    await db.deleteFrom('response_answers').where('response_id', 'in', ids).where('text_value', 'is not', null).execute();
    await db
      .updateTable('responses')
      .set({ contact_id: null, invitation_id: null, properties: '{}', resume_key_hash: null, updated_at: new Date() })
      .where('id', 'in', ids)
      .execute();
  }
  await db.deleteFrom('survey_invitations').where('contact_id', '=', contactId).execute();
}
