// Answers for the analytics tests, written straight into `responses` (score, category, snapshot)
// as the respondent pages would leave them, so every count in a test is known exactly.
import type { Database } from '../../src/db/index.ts';
import { actorForUser } from '../../src/domain/auth/index.ts';
import { createUnit } from '../../src/domain/organisation/index.ts';
import { seedUser, seedWorkspace } from './app.ts';
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
  /** A written answer to the "why" question: one text for all, or one per answer (by its index). */
  comment?: string | ((index: number, score: number) => string | undefined);
  /** The answers' times, one per answer (else `at` for all). */
  times?: (index: number) => Date;
}

const npsCategory = (score: number) => (score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor');

/** One completed response per score, all with the same snapshot. */
export async function seedAnswers(database: Database, snapshot: AnswerSnapshot, scores: readonly number[]): Promise<string[]> {
  if (scores.length === 0) return [];
  const at = snapshot.at ?? new Date(Date.now() - 86_400_000);
  const isNps = ['relationship_nps', 'transactional_nps', 'enps'].includes(snapshot.kind ?? 'relationship_nps');
  const rows = await database.db
    .insertInto('responses')
    .values(
      scores.map((score, index) => {
        const time = snapshot.times?.(index) ?? at;
        return {
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
          score_recorded_at: time,
          touchpoint_id: snapshot.touchpointId ?? null,
          unit_id: snapshot.unitId ?? null,
          owner_member_id: snapshot.ownerMemberId ?? null,
          segment: snapshot.segment ?? null,
          started_at: time,
          updated_at: time,
          completed_at: time,
        };
      }),
    )
    .returning(['id', 'started_at'])
    .execute();
  const { comment } = snapshot;
  const comments = rows.flatMap((row, index) => {
    const text = typeof comment === 'function' ? comment(index, scores[index] as number) : comment;
    return text ? [{ response_id: row.id, workspace_id: snapshot.workspaceId, question_key: 'why', text_value: text, answered_at: row.started_at }] : [];
  });
  if (comments.length > 0) await database.db.insertInto('response_answers').values(comments).execute();
  return rows.map((row) => row.id);
}

/** `count` answers of each score, e.g. repeat({ 10: 47, 8: 31, 3: 22 }). */
export const repeat = (counts: Record<number, number>): number[] =>
  Object.entries(counts).flatMap(([score, count]) => Array.from({ length: count }, () => Number(score)));

/** An organisation for the analytics views: root ─┬─ Nordics ── Denmark, └─ Germany; a manager of
 * Nordics, frontline people in Denmark and Germany; a named contact in each (Anna Berg in Denmark,
 * of account Alfa; Dieter Klein in Germany); the workspace in Copenhagen time. */
export async function seedAnalyticsOrganisation(database: Database, name: string) {
  const domain = `${name.toLowerCase().replace(/[^a-z]+/g, '-')}.test`;
  const ws = await seedWorkspace(database, name, `olga@${domain}`);
  const actorOf = async (userId: string) => {
    const actor = await actorForUser(database.db, userId, ws.workspaceId, 'analytics test');
    if (!actor) throw new Error('no actor');
    return actor;
  };
  const owner = await actorOf(ws.ownerUserId);
  const unit = async (unitName: string, parentId: string) => (await createUnit(database.db, owner, { name: unitName, parentId }, {})).id;
  const nordics = await unit('Nordics', ws.rootUnitId);
  const denmark = await unit('Denmark', nordics);
  const germany = await unit('Germany', ws.rootUnitId);
  const manager = await actorOf((await seedUser(database, ws.workspaceId, `max@${domain}`, 'manager', nordics)).userId);
  const frontDk = await actorOf((await seedUser(database, ws.workspaceId, `dina@${domain}`, 'frontline', denmark)).userId);
  const frontDe = await actorOf((await seedUser(database, ws.workspaceId, `dieter@${domain}`, 'frontline', germany)).userId);
  await database.db.insertInto('distribution_settings').values({ workspace_id: ws.workspaceId, time_zone: 'Europe/Copenhagen' }).execute();
  const alfa = (
    await database.db.insertInto('accounts').values({ workspace_id: ws.workspaceId, name: 'Alfa', unit_id: denmark }).returning('id').executeTakeFirstOrThrow()
  ).id;
  const contact = async (first: string, last: string, unitId: string, ownerMemberId: string, attributes: Record<string, unknown>, accountId?: string) =>
    (
      await database.db
        .insertInto('contacts')
        .values({
          workspace_id: ws.workspaceId,
          unit_id: unitId,
          owner_member_id: ownerMemberId,
          account_id: accountId ?? null,
          first_name: first,
          last_name: last,
          email: `${first.toLowerCase()}@${domain}`,
          attributes: JSON.stringify(attributes),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const anna = await contact('Anna', 'Berg', denmark, frontDk.memberId, { region: 'north' }, alfa);
  const dieter = await contact('Dieter', 'Klein', germany, frontDe.memberId, { region: 'south' });
  return { workspaceId: ws.workspaceId, rootUnitId: ws.rootUnitId, owner, manager, frontDk, frontDe, nordics, denmark, germany, alfa, anna, dieter };
}
