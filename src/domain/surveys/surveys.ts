// Surveys as records: create, list, read, settings, close and reopen, delete. The definition is
// edited as a draft (drafts.ts) and frozen into versions by publishing (publish.ts).
import { randomInt } from 'node:crypto';
import { type ExpressionBuilder, sql } from 'kysely';
import type { DB, Db, Survey, SurveyKind, SurveyStatus } from '../../db/index.ts';
import { inTransaction } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { type Actor, canManageSurveys, canViewSurveys, ensure, ensureVisible } from '../access/index.ts';
import { type RequestContext, recordAudit } from '../audit/index.ts';
// rules.ts directly: the distribution module's index reaches back into surveys.
import { SurveyDistribution } from '../distribution/rules.ts';
import { decodeCursor, toPage } from '../paging.ts';
import type { Page, SurveyDetailView, SurveyView } from '../views.ts';
import { checkDefinition, type DefinitionContext } from './check.ts';
import { type Language, questionsOf, SurveyDefinition } from './definition.ts';
import { findTemplate, SURVEY_TEMPLATES, TEMPLATE_TOUCHPOINTS } from './templates/index.ts';
import { textsOf, untranslatedTexts } from './texts.ts';

export type SurveyRow = Survey & { response_count: number | string; current_version: number | null; published_at: Date | null; published_definition: unknown };

/** Columns of a survey with its response count and current version, for views. */
export function selectSurveys(db: Db, workspaceId: string) {
  return db
    .selectFrom('surveys as s')
    .leftJoin('survey_versions as v', 'v.id', 's.current_version_id')
    .selectAll('s')
    .select((eb: ExpressionBuilder<DB & { s: DB['surveys'] }, 's'>) => [
      eb.selectFrom('responses as r').whereRef('r.survey_id', '=', 's.id').select(eb.fn.countAll<number>().as('n')).as('response_count'),
    ])
    .select(['v.version as current_version', 'v.published_at', 'v.definition as published_definition'])
    .where('s.workspace_id', '=', workspaceId);
}

const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);

export function surveyView(row: SurveyRow): SurveyView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    status: row.status,
    anonymous: row.anonymous,
    minGroupSize: row.min_group_size,
    slug: row.slug,
    publicLinkEnabled: row.public_link_enabled,
    kioskEnabled: row.kiosk_enabled,
    touchpointId: row.touchpoint_id,
    linkValidityDays: row.link_validity_days,
    distribution: SurveyDistribution.safeParse(row.distribution).data ?? {},
    currentVersion: row.current_version,
    publishedAt: iso(row.published_at),
    draftRevision: row.draft_revision,
    hasUnpublishedChanges: row.published_definition === null || JSON.stringify(row.published_definition) !== JSON.stringify(row.draft),
    responseCount: Number(row.response_count ?? 0),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    closedAt: iso(row.closed_at),
  };
}

/** What the checks need to know about the workspace: its touchpoints and contact attributes. */
export async function definitionContext(db: Db, workspaceId: string, kind: SurveyKind): Promise<DefinitionContext> {
  const [touchpoints, attributes] = await Promise.all([
    db.selectFrom('touchpoints').select('key').where('workspace_id', '=', workspaceId).execute(),
    db.selectFrom('attribute_definitions').select('key').where('workspace_id', '=', workspaceId).execute(),
  ]);
  return { kind, touchpoints: new Set(touchpoints.map((t) => t.key)), attributes: new Set(attributes.map((a) => a.key)) };
}

export async function detailView(db: Db, row: SurveyRow): Promise<SurveyDetailView<SurveyDefinition>> {
  const draft = SurveyDefinition.parse(row.draft);
  const problems = checkDefinition(draft, await definitionContext(db, row.workspace_id, row.kind));
  return { ...surveyView(row), draft, problems, untranslated: untranslatedTexts(draft) };
}

/** A survey of the actor's workspace (every role may see surveys), or 404. */
export async function loadSurvey(db: Db, actor: Actor, surveyId: string): Promise<SurveyRow> {
  ensure(canViewSurveys(actor), 'see surveys');
  const row = await selectSurveys(db, actor.workspaceId).where('s.id', '=', surveyId).executeTakeFirst();
  ensureVisible(row !== undefined, `The survey ${surveyId}`);
  return row as SurveyRow;
}

/** Locks the survey row for a change (so concurrent publishes and saves serialise), after checking
 * that the actor may see it (404) and may do `action` to it (403). */
export async function lockSurvey(db: Db, actor: Actor, surveyId: string, action: string): Promise<Survey> {
  const row = await db
    .selectFrom('surveys')
    .selectAll()
    .where('workspace_id', '=', actor.workspaceId)
    .where('id', '=', surveyId)
    .forUpdate()
    .executeTakeFirst();
  ensureVisible(row !== undefined, `The survey ${surveyId}`);
  ensure(canManageSurveys(actor), action);
  return row as Survey;
}

export interface SurveyFilter {
  status?: SurveyStatus;
  kind?: SurveyKind;
  cursor?: string;
  limit: number;
}

/** Newest first. */
export async function listSurveys(db: Db, actor: Actor, filter: SurveyFilter): Promise<Page<SurveyView>> {
  ensure(canViewSurveys(actor), 'see surveys');
  let query = selectSurveys(db, actor.workspaceId);
  if (filter.status) query = query.where('s.status', '=', filter.status);
  if (filter.kind) query = query.where('s.kind', '=', filter.kind);
  const after = decodeCursor(filter.cursor, ['timestamp', 'uuid']);
  if (after) query = query.where(sql<boolean>`(s.created_at, s.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`);
  const rows = (await query
    .orderBy('s.created_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(filter.limit + 1)
    .execute()) as SurveyRow[];
  return toPage(rows, filter.limit, (row) => [new Date(row.created_at).toISOString(), row.id], surveyView);
}

export async function getSurvey(db: Db, actor: Actor, surveyId: string): Promise<SurveyDetailView<SurveyDefinition>> {
  return detailView(db, await loadSurvey(db, actor, surveyId));
}

const SLUG_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
/** 16 characters from 32: 80 random bits, so public links cannot be guessed from each other. */
const newSlug = () => Array.from({ length: 16 }, () => SLUG_ALPHABET[randomInt(SLUG_ALPHABET.length)]).join('');

/** The survey name is unique per workspace (case-insensitive); a clash is a 409 naming the field. */
export async function withUniqueName<T>(work: () => Promise<T>, name: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code === '23505' && constraint === 'surveys_name_key') {
      throw new AppError('conflict', `A survey named "${name}" already exists; choose another name.`, {
        errors: [{ field: 'body.name', message: 'is used by another survey' }],
      });
    }
    throw error;
  }
}

export type NewSurvey = {
  name: string;
  /** eNPS is anonymous unless told otherwise; other kinds are personal. */
  anonymous?: boolean;
} & (
  | { kind: SurveyKind; definition: SurveyDefinition; template?: undefined }
  | {
      /** A template id (GET /api/v1/survey-templates); its kind, anonymity and questions. */
      template: string;
      /** Only these of the template's six languages, the first as default. */
      languages?: Language[];
      kind?: undefined;
      definition?: undefined;
    }
);

/** The survey a template describes, in the chosen languages (texts in other languages dropped). */
function fromTemplate(input: Extract<NewSurvey, { template: string }>): { kind: SurveyKind; anonymous: boolean; definition: SurveyDefinition } {
  const template = findTemplate(input.template);
  if (!template) throw AppError.invalid('body.template', `no template "${input.template}"; the templates are ${SURVEY_TEMPLATES.map((t) => t.id).join(', ')}`);
  const definition = structuredClone(template.definition) as SurveyDefinition;
  const languages = input.languages ?? definition.languages;
  const [first] = languages;
  if (first === undefined) throw AppError.invalid('body.languages', 'name at least one language');
  for (const entry of textsOf(definition)) {
    entry.set(definition, Object.fromEntries(languages.flatMap((language) => (entry.text[language] ? [[language, entry.text[language]]] : []))));
  }
  return {
    kind: template.kind,
    anonymous: input.anonymous ?? template.anonymous,
    definition: {
      ...definition,
      languages: [...new Set(languages)],
      defaultLanguage: languages.includes(definition.defaultLanguage) ? definition.defaultLanguage : first,
    },
  };
}

/** The templates, with what a chooser shows: languages and question count. */
export function listSurveyTemplates(actor: Actor) {
  ensure(canViewSurveys(actor), 'see survey templates');
  return SURVEY_TEMPLATES.map((template) => ({
    id: template.id,
    kind: template.kind,
    anonymous: template.anonymous,
    name: template.name,
    description: template.description,
    languages: [...template.definition.languages],
    questionCount: questionsOf(template.definition).length,
    definition: template.definition,
  }));
}

/** Touchpoints a template's questions name that the workspace lacks are created with it. */
async function addTemplateTouchpoints(db: Db, workspaceId: string, definition: SurveyDefinition) {
  const used = new Set(questionsOf(definition).flatMap((q) => (q.touchpoint ? [q.touchpoint] : [])));
  const missing = TEMPLATE_TOUCHPOINTS.filter((tp) => used.has(tp.key));
  if (missing.length === 0) return;
  await db
    .insertInto('touchpoints')
    .values(missing.map((tp) => ({ workspace_id: workspaceId, key: tp.key, name: tp.name })))
    .onConflict((oc) => oc.columns(['workspace_id', 'key']).doNothing())
    .execute();
}

export async function createSurvey(db: Db, actor: Actor, input: NewSurvey, context: RequestContext = {}): Promise<SurveyDetailView<SurveyDefinition>> {
  ensure(canManageSurveys(actor), 'create surveys');
  const { kind, anonymous, definition } =
    input.template !== undefined
      ? fromTemplate(input)
      : { kind: input.kind, anonymous: input.anonymous ?? input.kind === 'enps', definition: input.definition };
  const id = await withUniqueName(
    () =>
      inTransaction(db, async (trx) => {
        const row = await trx
          .insertInto('surveys')
          .values({
            workspace_id: actor.workspaceId,
            name: input.name,
            kind,
            anonymous,
            slug: newSlug(),
            draft: JSON.stringify(definition),
            created_by: actor.kind === 'user' ? actor.userId : null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (input.template !== undefined) await addTemplateTouchpoints(trx, actor.workspaceId, definition);
        await recordAudit(
          trx,
          actor,
          {
            workspaceId: actor.workspaceId,
            action: 'survey.created',
            targetType: 'survey',
            targetId: row.id,
            after: { name: input.name, kind, anonymous, template: input.template },
          },
          context,
        );
        return row.id;
      }),
    input.name,
  );
  return getSurvey(db, actor, id);
}

export interface SurveySettings {
  name?: string;
  anonymous?: boolean;
  minGroupSize?: number;
  publicLinkEnabled?: boolean;
  kioskEnabled?: boolean;
  touchpointId?: string | null;
  linkValidityDays?: number;
  /** Replaces the survey's overrides of the sending settings; {} uses the workspace's for all. */
  distribution?: SurveyDistribution;
}

export async function updateSurveySettings(db: Db, actor: Actor, surveyId: string, input: SurveySettings, context: RequestContext = {}): Promise<SurveyView> {
  await withUniqueName(
    () =>
      inTransaction(db, async (trx) => {
        const before = await lockSurvey(trx, actor, surveyId, 'change surveys');
        if (input.anonymous !== undefined && input.anonymous !== before.anonymous) {
          const answered = await trx.selectFrom('responses').select('id').where('survey_id', '=', surveyId).limit(1).executeTakeFirst();
          if (answered) {
            throw new AppError('conflict', 'The survey already has responses, so whether it is anonymous can no longer change; create a new survey instead.', {
              errors: [{ field: 'body.anonymous', message: 'cannot change once the survey has responses' }],
            });
          }
        }
        if (input.touchpointId) {
          const touchpoint = await trx
            .selectFrom('touchpoints')
            .select('id')
            .where('workspace_id', '=', actor.workspaceId)
            .where('id', '=', input.touchpointId)
            .executeTakeFirst();
          if (!touchpoint) throw AppError.invalid('body.touchpointId', `no touchpoint ${input.touchpointId} in this workspace; use GET /api/v1/touchpoints`);
        }
        const changes = {
          name: input.name,
          anonymous: input.anonymous,
          min_group_size: input.minGroupSize,
          public_link_enabled: input.publicLinkEnabled,
          kiosk_enabled: input.kioskEnabled,
          touchpoint_id: input.touchpointId,
          link_validity_days: input.linkValidityDays,
          distribution: input.distribution === undefined ? undefined : JSON.stringify(distributionOf(input.distribution)),
        };
        await trx
          .updateTable('surveys')
          .set({ ...changes, updated_at: new Date() })
          .where('id', '=', surveyId)
          .execute();
        await recordAudit(
          trx,
          actor,
          { workspaceId: actor.workspaceId, action: 'survey.updated', targetType: 'survey', targetId: surveyId, before: pick(before, changes), after: input },
          context,
        );
      }),
    input.name ?? '',
  );
  return surveyView(await loadSurvey(db, actor, surveyId));
}

function distributionOf(input: unknown): SurveyDistribution {
  const parsed = SurveyDistribution.safeParse(input);
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  throw AppError.invalid(['body.distribution', ...(issue?.path ?? [])].join('.'), issue?.message ?? 'is not valid');
}

/** The stored values of the columns a change touches, for the audit log. */
const pick = (row: Survey, changes: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(changes).flatMap(([column, value]) => (value === undefined ? [] : [[column, row[column as keyof Survey]]])));

/** Closing stops new answers (links show a friendly "closed" page); reopening lets them in again. */
export async function setSurveyOpen(db: Db, actor: Actor, surveyId: string, open: boolean, context: RequestContext = {}): Promise<SurveyView> {
  await inTransaction(db, async (trx) => {
    const survey = await lockSurvey(trx, actor, surveyId, open ? 'reopen surveys' : 'close surveys');
    if (open && survey.status !== 'closed') throw new AppError('conflict', `The survey is ${survey.status}, not closed; only a closed survey can be reopened.`);
    if (!open && survey.status !== 'active') {
      throw new AppError('conflict', `The survey is ${survey.status}; only an active (published) survey can be closed.`);
    }
    await trx
      .updateTable('surveys')
      .set(open ? { status: 'active', closed_at: null, updated_at: new Date() } : { status: 'closed', closed_at: new Date(), updated_at: new Date() })
      .where('id', '=', surveyId)
      .execute();
    await recordAudit(
      trx,
      actor,
      { workspaceId: actor.workspaceId, action: open ? 'survey.reopened' : 'survey.closed', targetType: 'survey', targetId: surveyId },
      context,
    );
  });
  return surveyView(await loadSurvey(db, actor, surveyId));
}

/** Only a survey nobody has answered can be deleted; answers are never thrown away with it. */
export async function deleteSurvey(db: Db, actor: Actor, surveyId: string, context: RequestContext = {}): Promise<void> {
  await inTransaction(db, async (trx) => {
    const survey = await lockSurvey(trx, actor, surveyId, 'delete surveys');
    const answered = await trx.selectFrom('responses').select('id').where('survey_id', '=', surveyId).limit(1).executeTakeFirst();
    if (answered) throw new AppError('conflict', 'The survey has responses and cannot be deleted; close it instead (POST /api/v1/surveys/{id}/close).');
    await trx.updateTable('surveys').set({ current_version_id: null }).where('id', '=', surveyId).execute();
    await trx.deleteFrom('surveys').where('id', '=', surveyId).execute();
    await recordAudit(
      trx,
      actor,
      { workspaceId: actor.workspaceId, action: 'survey.deleted', targetType: 'survey', targetId: surveyId, before: { name: survey.name, kind: survey.kind } },
      context,
    );
  });
}
