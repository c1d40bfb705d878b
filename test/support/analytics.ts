// Answers for the analytics tests, written straight into `responses` (score, category, snapshot)
// as the respondent pages would leave them, so every count in a test is known exactly.
import type { Database } from '../../src/db/index.ts';
import { seedSurvey } from './surveys.ts';

export type SurveyKind = 'relationship_nps' | 'transactional_nps' | 'enps' | 'csat' | 'ces';

export async function seedKindSurvey(
  database: Database,
  workspaceId: string,
  options: { name: string; kind?: SurveyKind; anonymous?: boolean; minGroupSize?: number; touchpointId?: string },
) {
  const survey = await seedSurvey(database, workspaceId, { name: options.name, anonymous: options.anonymous });
  await database.db
    .updateTable('surveys')
    .set({ kind: options.kind ?? 'relationship_nps', min_group_size: options.minGroupSize ?? 5, touchpoint_id: options.touchpointId ?? null })
    .where('id', '=', survey.surveyId)
    .execute();
  return survey;
}

export interface AnswerSnapshot {
  workspaceId: string;
  surveyId: string;
  versionId: string;
  kind?: SurveyKind;
  at?: Date;
  channel?: 'email' | 'link' | 'kiosk' | 'api';
  language?: string;
  touchpointId?: string | null;
  unitId?: string | null;
  ownerMemberId?: string | null;
  segment?: string | null;
  contactId?: string | null;
  accountId?: string | null;
  /** A written answer to the "why" question. */
  comment?: string;
}

const npsCategory = (score: number) => (score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor');

/** One completed response per score, all with the same snapshot. */
export async function seedAnswers(database: Database, snapshot: AnswerSnapshot, scores: readonly number[]): Promise<void> {
  if (scores.length === 0) return;
  const at = snapshot.at ?? new Date(Date.now() - 86_400_000);
  const isNps = ['relationship_nps', 'transactional_nps', 'enps'].includes(snapshot.kind ?? 'relationship_nps');
  const rows = await database.db
    .insertInto('responses')
    .values(
      scores.map((score) => ({
        workspace_id: snapshot.workspaceId,
        survey_id: snapshot.surveyId,
        survey_version_id: snapshot.versionId,
        contact_id: snapshot.contactId ?? null,
        account_id: snapshot.accountId ?? null,
        channel: snapshot.channel ?? 'email',
        language: snapshot.language ?? 'en',
        score,
        category: isNps ? npsCategory(score) : null,
        score_source: 'interactive' as const,
        score_recorded_at: at,
        touchpoint_id: snapshot.touchpointId ?? null,
        unit_id: snapshot.unitId ?? null,
        owner_member_id: snapshot.ownerMemberId ?? null,
        segment: snapshot.segment ?? null,
        started_at: at,
        updated_at: at,
        completed_at: at,
      })),
    )
    .returning('id')
    .execute();
  const comment = snapshot.comment;
  if (comment) {
    await database.db
      .insertInto('response_answers')
      .values(rows.map((row) => ({ response_id: row.id, workspace_id: snapshot.workspaceId, question_key: 'why', text_value: comment, answered_at: at })))
      .execute();
  }
}

/** `count` answers of each score, e.g. repeat({ 10: 47, 8: 31, 3: 22 }). */
export const repeat = (counts: Record<number, number>): number[] =>
  Object.entries(counts).flatMap(([score, count]) => Array.from({ length: count }, () => Number(score)));
