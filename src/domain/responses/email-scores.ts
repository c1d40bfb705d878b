// Scores chosen inside the invitation email. Security scanners fetch (and some run) every link
// of a message, so a GET of /s/{token}?score=N records nothing; the page posts the score on
// load marked `email_link`. Rule, per personal link:
//  - an interactive answer always wins: once a person has answered, email-link posts are ignored;
//  - a different email-link score within BURST_MS of the previous one is a scanner: the email-link
//    score is cleared and email-link posts are ignored for BLOCK_MS (a person can still answer);
//  - named surveys record the score on the response at once; anonymous surveys keep it on the
//    invitation until the burst window has passed and the page confirms it (settleEmailScore),
//    then move it into a response that does not point to the invitation.
import { type Db, inTransaction } from '../../db/index.ts';
import type { Language } from '../surveys/definition.ts';
import { npsCategory, questionsOf } from '../surveys/definition.ts';
import { scaleOf } from './answers.ts';
import type { OpenLink } from './resolve.ts';
import { ensureResponse, writeAnswers } from './save.ts';

export const BURST_MS = 10_000;
export const BLOCK_MS = 15 * 60_000;

export type EmailScoreOutcome = 'recorded' | 'pending' | 'ignored' | 'burst';

/** The main question when it is on the first page and an NPS question (email buttons are 0–10). */
function emailScoreQuestion(link: OpenLink) {
  const main = link.definition.pages[0]?.questions.find((q) => q.key === link.definition.mainQuestion);
  return main && scaleOf(main) ? main : undefined;
}

export function isValidEmailScore(link: OpenLink, score: number): boolean {
  const main = emailScoreQuestion(link);
  const scale = main && scaleOf(main);
  return scale !== undefined && Number.isInteger(score) && score >= scale.min && score <= scale.max;
}

export async function recordEmailScore(db: Db, link: OpenLink, score: number, language: Language, now = new Date()): Promise<EmailScoreOutcome> {
  const main = emailScoreQuestion(link);
  const invitationId = link.invitation?.id;
  if (!main || !invitationId || !isValidEmailScore(link, score)) return 'ignored';
  return inTransaction(db, async (trx) => {
    const invitation = await trx
      .selectFrom('survey_invitations')
      .select(['email_score', 'email_score_at', 'email_scores_blocked_until', 'responded_at'])
      .where('id', '=', invitationId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (invitation.email_scores_blocked_until && invitation.email_scores_blocked_until > now) return 'ignored';
    const response = link.anonymous
      ? undefined
      : await trx
          .selectFrom('responses')
          .select(['id', 'score_source', 'completed_at'])
          .where('invitation_id', '=', invitationId)
          .forUpdate()
          .executeTakeFirst();
    const personAnswered = link.anonymous
      ? invitation.responded_at !== null
      : response !== undefined && (response.score_source === 'interactive' || response.completed_at !== null);
    if (personAnswered) return 'ignored';

    const recent = invitation.email_score_at !== null && now.getTime() - invitation.email_score_at.getTime() < BURST_MS;
    if (recent && invitation.email_score !== null && invitation.email_score !== score) {
      await trx
        .updateTable('survey_invitations')
        .set({ email_score: null, email_score_at: null, email_scores_blocked_until: new Date(now.getTime() + BLOCK_MS) })
        .where('id', '=', invitationId)
        .execute();
      if (response) await forgetEmailScore(trx, response.id, main.key, invitationId);
      return 'burst';
    }

    await trx.updateTable('survey_invitations').set({ email_score: score, email_score_at: now }).where('id', '=', invitationId).execute();
    if (link.anonymous) return 'pending';
    const created = await ensureResponse(trx, link, language, null, now);
    await storeScore(trx, link, created.id, main.key, score, now);
    await trx
      .updateTable('survey_invitations')
      .set((eb) => ({ responded_at: eb.fn.coalesce('responded_at', eb.val(now)) }))
      .where('id', '=', invitationId)
      .execute();
    return 'recorded';
  });
}

/**
 * Anonymous surveys: the page confirms a waiting email-link score once the burst window has
 * passed; it then becomes a response found only by the browser's resume key.
 */
export async function settleEmailScore(db: Db, link: OpenLink, resumeKey: string, language: Language, now = new Date()): Promise<EmailScoreOutcome> {
  const main = emailScoreQuestion(link);
  const invitationId = link.invitation?.id;
  if (!main || !invitationId || !link.anonymous) return 'ignored';
  return inTransaction(db, async (trx) => {
    const invitation = await trx
      .selectFrom('survey_invitations')
      .select(['email_score', 'email_score_at', 'email_scores_blocked_until', 'responded_at'])
      .where('id', '=', invitationId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const blocked = invitation.email_scores_blocked_until !== null && invitation.email_scores_blocked_until > now;
    if (invitation.email_score === null || invitation.email_score_at === null || blocked || invitation.responded_at !== null) return 'ignored';
    if (now.getTime() - invitation.email_score_at.getTime() < BURST_MS) return 'pending';
    const response = await ensureResponse(trx, link, language, resumeKey, now);
    if (response.completed) return 'ignored';
    await storeScore(trx, link, response.id, main.key, invitation.email_score, now);
    await trx.updateTable('survey_invitations').set({ email_score: null, email_score_at: null, responded_at: now }).where('id', '=', invitationId).execute();
    return 'recorded';
  });
}

async function storeScore(trx: Db, link: OpenLink, responseId: string, key: string, score: number, now: Date) {
  const isNps = questionsOf(link.definition).find((q) => q.key === key)?.type === 'nps';
  await writeAnswers(trx, link.workspaceId, responseId, new Map([[key, { number: score }]]), [key], now);
  await trx
    .updateTable('responses')
    .set({ score, category: isNps ? npsCategory(score) : null, score_source: 'email_link', score_recorded_at: now, updated_at: now })
    .where('id', '=', responseId)
    .execute();
}

/** Undoes a scanner's score; a response that holds nothing else goes, so it does not count as answered. */
async function forgetEmailScore(trx: Db, responseId: string, key: string, invitationId: string) {
  await trx.deleteFrom('response_answers').where('response_id', '=', responseId).where('question_key', '=', key).execute();
  const others = await trx.selectFrom('response_answers').select('question_key').where('response_id', '=', responseId).executeTakeFirst();
  if (others) {
    await trx.updateTable('responses').set({ score: null, category: null, score_source: null, score_recorded_at: null }).where('id', '=', responseId).execute();
    return;
  }
  await trx.deleteFrom('responses').where('id', '=', responseId).execute();
  await trx.updateTable('survey_invitations').set({ responded_at: null }).where('id', '=', invitationId).execute();
}
