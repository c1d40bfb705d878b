// The demo's surveys, made exactly as a programme lead would make them: from the templates
// through the survey domain (create, set the touchpoint, publish), in the five demo languages.
import type { Db } from '../../db/index.ts';
import type { Actor } from '../access/index.ts';
import { createSurvey, listTouchpoints, publishSurvey, type Question, questionsOf, updateSurveySettings } from '../surveys/index.ts';
import { DEMO_SURVEYS, SURVEY_LANGUAGES } from './world.ts';

export interface DemoSurvey {
  id: string;
  versionId: string;
  touchpointId: string | null;
  /** Points added to the mean score of this survey's answers (the touchpoint's effect). */
  effect: number;
  /** Share of the transactional answers; the relationship survey gets its answers in waves. */
  share: number;
  relationship: boolean;
  /** Keys of the 1–5 experience ratings on the survey's second page. */
  ratingKeys: string[];
}

export async function createDemoSurveys(db: Db, owner: Actor): Promise<DemoSurvey[]> {
  const surveys: DemoSurvey[] = [];
  for (const spec of DEMO_SURVEYS) {
    const created = await createSurvey(db, owner, { name: spec.name, template: spec.template, languages: [...SURVEY_LANGUAGES] });
    let touchpointId: string | null = null;
    if (spec.touchpoint) {
      const touchpoints = await listTouchpoints(db, owner);
      touchpointId = touchpoints.find((touchpoint) => touchpoint.key === spec.touchpoint)?.id ?? null;
      await updateSurveySettings(db, owner, created.id, { touchpointId });
    }
    const published = await publishSurvey(db, owner, created.id);
    const version = await db
      .selectFrom('survey_versions')
      .select('id')
      .where('survey_id', '=', created.id)
      .where('version', '=', published.currentVersion ?? 1)
      .executeTakeFirstOrThrow();
    const ratingKeys = questionsOf(published.draft)
      .filter((question: Question) => question.type === 'rating')
      .map((question) => question.key);
    surveys.push({
      id: created.id,
      versionId: version.id,
      touchpointId,
      effect: spec.effect,
      share: spec.share,
      relationship: spec.touchpoint === null,
      ratingKeys,
    });
  }
  return surveys;
}
