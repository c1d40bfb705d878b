// Saving answers page by page: a page the respondent sent is committed before they see the next,
// every post is idempotent (answers are upserted by response and question; a finished response
// is never changed again), and a respondent who only gave the score still counts.
import { type Db, inTransaction, type ResponseChannel } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { sha256 } from '../auth/index.ts';
import { emitResponseEvent } from '../integrations/index.ts';
import { evaluateAlertRules } from '../loop/index.ts';
import { type Language, npsCategory, questionsOf, SurveyDefinition as SurveyDefinitionSchema } from '../surveys/definition.ts';
import { type AnswerProblem, answerOfRow, type FormBody, readPage } from './answers.ts';
import { type AnswerValue, type ConditionContext, isShown, shownPages, shownQuestions } from './conditions.ts';
import type { OpenLink } from './resolve.ts';

export interface Progress {
  responseId: string | null;
  /** The version the response was started on; it keeps answering that version. */
  versionId: string | null;
  completed: boolean;
  language: string | null;
  answers: Map<string, AnswerValue>;
}

/** Personal links of named surveys find their response by invitation; everything else by the browser's resume key. */
const linkedToInvitation = (link: OpenLink) => link.kind === 'personal' && !link.anonymous && link.invitation !== null;

const CHANNEL: Record<OpenLink['kind'], ResponseChannel> = { personal: 'email', public: 'link', kiosk: 'kiosk' };

function responseQuery(db: Db, link: OpenLink, resumeKey: string | null) {
  const query = db
    .selectFrom('responses')
    .select(['id', 'completed_at', 'language', 'score_source', 'survey_version_id'])
    .where('survey_id', '=', link.surveyId);
  if (linkedToInvitation(link)) return query.where('invitation_id', '=', link.invitation?.id as string);
  if (resumeKey) return query.where('resume_key_hash', '=', sha256(resumeKey)).where('invitation_id', 'is', null);
  return undefined;
}

async function answersOf(db: Db, responseId: string): Promise<Map<string, AnswerValue>> {
  const rows = await db
    .selectFrom('response_answers')
    .select(['question_key', 'number_value', 'text_value', 'choice_values'])
    .where('response_id', '=', responseId)
    .execute();
  return new Map(rows.map((row) => [row.question_key, answerOfRow(row)]));
}

export async function loadProgress(db: Db, link: OpenLink, resumeKey: string | null): Promise<Progress> {
  const row = await responseQuery(db, link, resumeKey)?.executeTakeFirst();
  if (!row) return { responseId: null, versionId: null, completed: false, language: null, answers: new Map() };
  return {
    responseId: row.id,
    versionId: row.survey_version_id,
    completed: row.completed_at !== null,
    language: row.language,
    answers: await answersOf(db, row.id),
  };
}

/**
 * The link as the response's own version defines it: a respondent who started before the survey
 * was published again finishes the questions they started, and their answers keep their meaning.
 */
export async function pinnedLink(db: Db, link: OpenLink, versionId: string | null): Promise<OpenLink> {
  if (!versionId || versionId === link.versionId) return link;
  const row = await db.selectFrom('survey_versions').select('definition').where('id', '=', versionId).executeTakeFirstOrThrow();
  return { ...link, versionId, definition: SurveyDefinitionSchema.parse(row.definition) };
}

export const conditionContext = (link: OpenLink, answers: Map<string, AnswerValue>, language: Language): ConditionContext => ({
  answers,
  contact: link.contact && { segment: link.contact.segment, language: link.contact.language, attributes: link.contact.attributes },
  language,
});

/** Creates the response row (with the contact snapshot) unless it exists; returns its id, locked. */
export async function ensureResponse(
  trx: Db,
  link: OpenLink,
  language: Language,
  resumeKey: string | null,
  now: Date,
): Promise<{ id: string; completed: boolean }> {
  const linked = linkedToInvitation(link);
  const contact = link.contact;
  // Anonymous responses keep only the group (unit, segment) that min_group_size is enforced on.
  const snapshot = linked
    ? { contact_id: contact?.id, unit_id: contact?.unitId, owner_member_id: contact?.ownerMemberId, account_id: contact?.accountId, segment: contact?.segment }
    : link.kind === 'personal'
      ? { unit_id: contact?.unitId, segment: contact?.segment }
      : {};
  const inserted = await trx
    .insertInto('responses')
    .values({
      workspace_id: link.workspaceId,
      survey_id: link.surveyId,
      survey_version_id: link.versionId,
      invitation_id: linked ? link.invitation?.id : null,
      resume_key_hash: linked || !resumeKey ? null : sha256(resumeKey),
      channel: CHANNEL[link.kind],
      language,
      touchpoint_id: link.touchpointId,
      properties: JSON.stringify(linked ? (link.invitation?.properties ?? {}) : {}),
      started_at: now,
      updated_at: now,
      ...snapshot,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) await emitResponseEvent(trx, inserted.id, 'response.created', now);
  const row = await responseQuery(trx, link, resumeKey)?.forUpdate().executeTakeFirst();
  // Only a resume key that belongs to another survey's response gets here; it cannot be continued.
  if (!row) throw AppError.invalid('_rk', 'this resume key belongs to another survey; open the survey link again');
  return { id: row.id, completed: row.completed_at !== null };
}

export type SubmitOutcome =
  | { outcome: 'invalid'; problems: AnswerProblem[]; entered: Map<string, AnswerValue | null>; page: number }
  | { outcome: 'saved'; next: number }
  | { outcome: 'finished' };

export interface SubmitInput {
  /** 0-based page index the form was shown for. */
  page: number;
  body: FormBody;
  language: Language;
  resumeKey: string | null;
  back: boolean;
}

/** Saves one page (all or nothing) and says where the respondent goes next. */
export async function submitPage(db: Db, current: OpenLink, input: SubmitInput, now = new Date()): Promise<SubmitOutcome> {
  return inTransaction(db, async (trx) => {
    const existing = await responseQuery(trx, current, input.resumeKey)?.forUpdate().executeTakeFirst();
    // A repeated post of the last page after finishing: nothing changes, the respondent sees the thank-you page.
    if (existing?.completed_at) return { outcome: 'finished' };
    const link = await pinnedLink(trx, current, existing?.survey_version_id ?? null);
    const { definition } = link;
    const stored = existing ? await answersOf(trx, existing.id) : new Map<string, AnswerValue>();
    const page = Math.min(Math.max(0, input.page), definition.pages.length - 1);
    const shown = shownQuestions(definition, page, conditionContext(link, stored, input.language));
    const read = readPage(shown, input.body, !input.back);
    if (read.problems.length > 0) return { outcome: 'invalid', problems: read.problems, entered: read.answers, page };

    const response = await ensureResponse(trx, link, input.language, input.resumeKey, now);
    const answers = new Map(stored);
    const onPage = new Set((definition.pages[page]?.questions ?? []).map((q) => q.key));
    for (const key of onPage) {
      const value = read.answers.get(key);
      if (value) answers.set(key, value);
      else answers.delete(key);
    }
    await writeAnswers(trx, link.workspaceId, response.id, answers, [...onPage], now);

    const main = definition.mainQuestion;
    const update: Record<string, unknown> = { updated_at: now, language: input.language };
    if (main && onPage.has(main)) {
      const score = answers.get(main)?.number ?? null;
      const isNps = questionsOf(definition).find((q) => q.key === main)?.type === 'nps';
      Object.assign(update, {
        score,
        category: score !== null && isNps ? npsCategory(score) : null,
        score_source: score === null ? null : 'interactive',
        score_recorded_at: score === null ? null : now,
      });
    }

    const pages = shownPages(definition, conditionContext(link, answers, input.language));
    const next = input.back ? ([...pages].reverse().find((p) => p < page) ?? 0) : pages.find((p) => p > page);
    const finished = next === undefined;
    if (finished) {
      // Answers to questions the final answers no longer show (the score changed, say) are dropped.
      const context = conditionContext(link, answers, input.language);
      const hidden = questionsOf(definition)
        .filter((q) => answers.has(q.key) && !isShown(q, definition, context))
        .map((q) => q.key);
      if (hidden.length > 0) await trx.deleteFrom('response_answers').where('response_id', '=', response.id).where('question_key', 'in', hidden).execute();
      update.completed_at = now;
    }
    await trx.updateTable('responses').set(update).where('id', '=', response.id).execute();
    if (finished) {
      await emitResponseEvent(trx, response.id, 'response.completed', now);
      // Alerts in the same transaction: an acknowledged answer never loses its case.
      await evaluateAlertRules(trx, response.id, now);
    }
    if (link.invitation) {
      await trx
        .updateTable('survey_invitations')
        .set((eb) => ({
          responded_at: eb.fn.coalesce('responded_at', eb.val(now)),
          opened_at: eb.fn.coalesce('opened_at', eb.val(now)),
          ...(finished ? { completed_at: now } : {}),
          // A person answered: a score waiting from the email link has no say any more.
          email_score: null,
          email_score_at: null,
        }))
        .where('id', '=', link.invitation.id)
        .execute();
    }
    return finished ? { outcome: 'finished' } : { outcome: 'saved', next: next as number };
  });
}

/** Upserts the page's answers by (response, question) and deletes the ones left empty. */
export async function writeAnswers(trx: Db, workspaceId: string, responseId: string, answers: Map<string, AnswerValue>, keys: string[], now: Date) {
  const rows = keys.flatMap((key) => {
    const value = answers.get(key);
    return value
      ? [
          {
            response_id: responseId,
            workspace_id: workspaceId,
            question_key: key,
            number_value: value.number ?? null,
            text_value: value.text ?? null,
            choice_values: value.choices ?? null,
            answered_at: now,
          },
        ]
      : [];
  });
  const cleared = keys.filter((key) => !answers.has(key));
  if (cleared.length > 0) await trx.deleteFrom('response_answers').where('response_id', '=', responseId).where('question_key', 'in', cleared).execute();
  if (rows.length === 0) return;
  await trx
    .insertInto('response_answers')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['response_id', 'question_key']).doUpdateSet((eb) => ({
        number_value: eb.ref('excluded.number_value'),
        text_value: eb.ref('excluded.text_value'),
        choice_values: eb.ref('excluded.choice_values'),
        answered_at: eb.ref('excluded.answered_at'),
      })),
    )
    .execute();
}
