// Editing and publishing. The draft is saved whole, guarded by a revision so two editors never
// overwrite each other unknowingly; incomplete drafts are fine. Publishing checks the draft
// completely and freezes it as the next version — respondents get that version, and every answer
// keeps pointing to the version it was given on.
import type { Db } from '../../db/index.ts';
import { inTransaction } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { type Actor, canViewSurveys, ensure, ensureVisible } from '../access/index.ts';
import { type RequestContext, recordAudit } from '../audit/index.ts';
import type { SurveyDetailView, SurveyVersionDetailView, SurveyVersionView } from '../views.ts';
import { checkPublishable } from './check.ts';
import { SurveyDefinition } from './definition.ts';
import { definitionContext, getSurvey, loadSurvey, lockSurvey } from './surveys.ts';

export interface DraftChange {
  definition: SurveyDefinition;
  /** The draftRevision the editor started from. */
  revision: number;
}

export async function saveDraft(
  db: Db,
  actor: Actor,
  surveyId: string,
  change: DraftChange,
  context: RequestContext = {},
): Promise<SurveyDetailView<SurveyDefinition>> {
  await inTransaction(db, async (trx) => {
    const survey = await lockSurvey(trx, actor, surveyId, 'edit surveys');
    if (survey.draft_revision !== change.revision) {
      throw new AppError(
        'conflict',
        `The draft was changed by someone else (now revision ${survey.draft_revision}, you edited ${change.revision}); reload it and apply your change again.`,
        {
          errors: [{ field: 'body.revision', message: `is ${change.revision}; the draft is at revision ${survey.draft_revision}` }],
        },
      );
    }
    await trx
      .updateTable('surveys')
      .set({ draft: JSON.stringify(change.definition), draft_revision: survey.draft_revision + 1, updated_at: new Date() })
      .where('id', '=', surveyId)
      .execute();
    await recordAudit(
      trx,
      actor,
      {
        workspaceId: actor.workspaceId,
        action: 'survey.draft_saved',
        targetType: 'survey',
        targetId: surveyId,
        after: { revision: survey.draft_revision + 1 },
      },
      context,
    );
  });
  return getSurvey(db, actor, surveyId);
}

export async function publishSurvey(db: Db, actor: Actor, surveyId: string, context: RequestContext = {}): Promise<SurveyDetailView<SurveyDefinition>> {
  await inTransaction(db, async (trx) => {
    const survey = await lockSurvey(trx, actor, surveyId, 'publish surveys');
    const definition = SurveyDefinition.parse(survey.draft);
    const problems = checkPublishable(definition, await definitionContext(trx, actor.workspaceId, survey.kind));
    if (problems.length > 0) {
      throw new AppError(
        'validation_failed',
        `The survey cannot be published yet: ${problems.length} problem${problems.length === 1 ? '' : 's'} to fix first.`,
        {
          errors: problems.map((p) => ({ field: `draft.${p.field}`, message: p.message })),
        },
      );
    }
    const last = await trx
      .selectFrom('survey_versions')
      .select((eb) => eb.fn.max('version').as('version'))
      .where('survey_id', '=', surveyId)
      .executeTakeFirst();
    const version = Number(last?.version ?? 0) + 1;
    const row = await trx
      .insertInto('survey_versions')
      .values({
        workspace_id: actor.workspaceId,
        survey_id: surveyId,
        version,
        definition: JSON.stringify(definition),
        published_by: actor.kind === 'user' ? actor.userId : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('surveys')
      .set({ current_version_id: row.id, status: survey.status === 'draft' ? 'active' : survey.status, updated_at: new Date() })
      .where('id', '=', surveyId)
      .execute();
    await recordAudit(
      trx,
      actor,
      { workspaceId: actor.workspaceId, action: 'survey.published', targetType: 'survey', targetId: surveyId, after: { version } },
      context,
    );
  });
  return getSurvey(db, actor, surveyId);
}

function versionsQuery(db: Db, surveyId: string) {
  return db
    .selectFrom('survey_versions as v')
    .leftJoin('users as u', 'u.id', 'v.published_by')
    .select(['v.id', 'v.version', 'v.published_at', 'v.definition', 'u.id as user_id', 'u.name as user_name'])
    .select((eb) => eb.selectFrom('responses as r').whereRef('r.survey_version_id', '=', 'v.id').select(eb.fn.countAll<number>().as('n')).as('response_count'))
    .where('v.survey_id', '=', surveyId);
}

type VersionRow = Awaited<ReturnType<ReturnType<typeof versionsQuery>['executeTakeFirstOrThrow']>>;

const versionView = (row: VersionRow): SurveyVersionView => ({
  version: row.version,
  publishedAt: new Date(row.published_at).toISOString(),
  publishedBy: row.user_id && row.user_name ? { id: row.user_id, name: row.user_name } : null,
  responseCount: Number(row.response_count ?? 0),
});

/** Newest first. */
export async function listSurveyVersions(db: Db, actor: Actor, surveyId: string): Promise<SurveyVersionView[]> {
  ensure(canViewSurveys(actor), 'see surveys');
  await loadSurvey(db, actor, surveyId);
  const rows = await versionsQuery(db, surveyId).orderBy('v.version', 'desc').execute();
  return rows.map(versionView);
}

export async function getSurveyVersion(db: Db, actor: Actor, surveyId: string, version: number): Promise<SurveyVersionDetailView<SurveyDefinition>> {
  await loadSurvey(db, actor, surveyId);
  const row = await versionsQuery(db, surveyId).where('v.version', '=', version).executeTakeFirst();
  ensureVisible(row !== undefined, `Version ${version} of the survey ${surveyId}`);
  const found = row as VersionRow;
  return { ...versionView(found), definition: SurveyDefinition.parse(found.definition) };
}
