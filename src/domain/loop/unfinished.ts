// Answers that stop half-way still reach a person. A respondent who clicks 3 in the invitation
// email, or scores on the page, and then leaves never completes the response, so the rules that
// run on completion would never see them. Once such a response (one with a score) has been idle
// for UNFINISHED_IDLE_MS it is evaluated as it stands. The wait lets the respondent finish first
// (most do, within minutes) and outlasts the email-link burst window, so a link scanner's score
// is gone before anyone is alerted. If the respondent comes back, completion evaluates again and
// adds only what is new (a comment's keywords, a contact request): cases are unique per answer
// and kind, notifications per rule, answer, action and target.
import { type Db, inTransaction } from '../../db/index.ts';
import { evaluateAlertRules } from './evaluate.ts';

export const UNFINISHED_IDLE_MS = 30 * 60_000;
const BATCH = 200;

export interface UnfinishedResult {
  evaluated: number;
  casesOpened: number;
}

/** Evaluates the unfinished, scored responses idle since before `now − UNFINISHED_IDLE_MS`, each in its own transaction. */
export async function evaluateUnfinishedAnswers(db: Db, now: Date): Promise<UnfinishedResult> {
  const idleSince = new Date(now.getTime() - UNFINISHED_IDLE_MS);
  const due = (trx: Db) =>
    trx
      .selectFrom('responses')
      .where('completed_at', 'is', null)
      .where('score', 'is not', null)
      .where('updated_at', '<=', idleSince)
      .where((eb) => eb.or([eb('alerts_evaluated_at', 'is', null), eb('alerts_evaluated_at', '<', eb.ref('updated_at'))]));
  const result: UnfinishedResult = { evaluated: 0, casesOpened: 0 };
  const ids = await due(db).select('id').orderBy('updated_at').limit(BATCH).execute();
  for (const { id } of ids) {
    await inTransaction(db, async (trx) => {
      // Locked and checked again: the respondent may be finishing it right now, or another process evaluating it.
      const still = await due(trx).select('id').where('id', '=', id).forUpdate().skipLocked().executeTakeFirst();
      if (!still) return;
      const evaluation = await evaluateAlertRules(trx, id, now);
      await trx.updateTable('responses').set({ alerts_evaluated_at: now }).where('id', '=', id).execute();
      result.evaluated += 1;
      result.casesOpened += evaluation.casesOpened;
    });
  }
  return result;
}
