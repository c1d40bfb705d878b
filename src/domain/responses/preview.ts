// What the editor's preview shows: the draft (not the published version), read for an actor
// who may view surveys. Nothing is recorded.
import type { Db } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { type Actor, canViewSurveys, ensure } from '../access/index.ts';
import { SurveyDefinition } from '../surveys/definition.ts';

export interface PreviewSource {
  definition: SurveyDefinition;
  company: string;
  anonymous: boolean;
  workspaceId: string;
}

export async function loadPreview(db: Db, actor: Actor, surveyId: string): Promise<PreviewSource> {
  ensure(canViewSurveys(actor), 'view surveys');
  const row = await db
    .selectFrom('surveys')
    .innerJoin('workspaces', 'workspaces.id', 'surveys.workspace_id')
    .select(['surveys.draft', 'surveys.anonymous', 'workspaces.name'])
    .where('surveys.id', '=', surveyId)
    .where('surveys.workspace_id', '=', actor.workspaceId)
    .executeTakeFirst();
  if (!row) throw AppError.notFound('The survey');
  const parsed = SurveyDefinition.safeParse(row.draft);
  if (!parsed.success) throw AppError.invalid('draft', 'the draft is not a complete survey definition yet; fix the problems the editor lists');
  return { definition: parsed.data, company: parsed.data.companyName ?? row.name, anonymous: row.anonymous, workspaceId: actor.workspaceId };
}
