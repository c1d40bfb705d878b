// A respondent who scores and leaves still reaches a person: the email-link score or the first
// page's score of an unfinished response is evaluated once it has been idle for half an hour,
// never before, once per burst of activity, and without repeating anything when they come back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { answerThroughPages, contactWithLink, type LoopWorld, seedLoopWorld } from '../../../test/support/loop.ts';
import { evaluateUnfinishedAnswers, UNFINISHED_IDLE_MS } from './unfinished.ts';

let t: TestApp;
let w: LoopWorld;

beforeAll(async () => {
  t = await startTestApp({ ANBEFAL_SECRET_KEY: 'loop-unfinished-secret-key-0123456789abcd' });
  w = await seedLoopWorld(t.database);
});
afterAll(() => t?.close());

const post = (token: string, fields: Record<string, string>) =>
  t.app.inject({
    method: 'POST',
    url: `/s/${token}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });

const responseOf = (token: string) =>
  t.database.db
    .selectFrom('responses as r')
    .innerJoin('survey_invitations as i', 'i.id', 'r.invitation_id')
    .select(['r.id', 'r.score', 'r.score_source', 'r.completed_at', 'r.updated_at', 'r.alerts_evaluated_at'])
    .where('i.token', '=', token)
    .executeTakeFirst();
const casesOf = (responseId: string) => t.database.db.selectFrom('cases').selectAll().where('response_id', '=', responseId).execute();
const notificationsOf = (responseId: string) =>
  t.database.db.selectFrom('alert_notifications').select(['channel', 'target']).where('response_id', '=', responseId).execute();
/** A moment `ms` after the response's last save. */
const afterMs = (updatedAt: Date, ms: number) => new Date(updatedAt.getTime() + ms);

describe('an email-link score the respondent never completes', () => {
  it('opens the detractor case for the owner once the answer has been idle for half an hour, and only once', async () => {
    const { token } = await contactWithLink(t.database, w, w.branchId, w.frontline.memberId);
    expect((await post(token, { _page: '1', recommend: '3', _src: 'email_link' })).statusCode).toBe(204);
    const response = await responseOf(token);
    expect(response).toMatchObject({ score: 3, score_source: 'email_link', completed_at: null });
    if (!response) throw new Error('no response');

    expect(await evaluateUnfinishedAnswers(t.database.db, afterMs(response.updated_at, UNFINISHED_IDLE_MS - 1000))).toEqual({ evaluated: 0, casesOpened: 0 });
    expect(await casesOf(response.id)).toEqual([]);

    const at = afterMs(response.updated_at, UNFINISHED_IDLE_MS + 1000);
    const first = await evaluateUnfinishedAnswers(t.database.db, at);
    expect(first.evaluated).toBeGreaterThanOrEqual(1);
    const cases = await casesOf(response.id);
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ kind: 'follow_up', title: 'Detractor alarm', owner_member_id: w.frontline.memberId, status: 'new' });
    expect(await notificationsOf(response.id)).toEqual([{ channel: 'email', target: w.frontline.email.toLowerCase() }]);
    expect((await responseOf(token))?.alerts_evaluated_at?.toISOString()).toBe(at.toISOString());

    // Nothing new since: not due again.
    await evaluateUnfinishedAnswers(t.database.db, afterMs(at, 60_000));
    expect((await responseOf(token))?.alerts_evaluated_at?.toISOString()).toBe(at.toISOString());

    // The respondent comes back and finishes, asking to be called: still one case, one email.
    await answerThroughPages(t.app, t.database, token, { recommend: '3', why: 'Nobody called back', may_contact: 'yes' });
    expect(await casesOf(response.id)).toHaveLength(1);
    expect(await notificationsOf(response.id)).toHaveLength(1);
  });

  it("opens nothing for a link scanner's burst of scores", async () => {
    const { token } = await contactWithLink(t.database, w, w.branchId, w.frontline.memberId);
    for (const score of [0, 5, 10]) await post(token, { _page: '1', recommend: String(score), _src: 'email_link' });
    expect(await responseOf(token)).toBeUndefined();
    const result = await evaluateUnfinishedAnswers(t.database.db, new Date(Date.now() + 2 * UNFINISHED_IDLE_MS));
    expect(result.casesOpened).toBe(0);
  });
});

describe('a score given on the page by a respondent who leaves after the first page', () => {
  it('is evaluated when idle, and again after later activity without repeating the case', async () => {
    const { token } = await contactWithLink(t.database, w, w.branchId, null);
    expect((await post(token, { _page: '1', recommend: '1' })).statusCode).toBe(303);
    const response = await responseOf(token);
    expect(response).toMatchObject({ score: 1, score_source: 'interactive', completed_at: null });
    if (!response) throw new Error('no response');

    await evaluateUnfinishedAnswers(t.database.db, afterMs(response.updated_at, UNFINISHED_IDLE_MS));
    const [opened] = await casesOf(response.id);
    // The contact has no owner: the case goes to the manager of its unit.
    expect(opened).toMatchObject({ kind: 'follow_up', owner_member_id: w.managers.branch.memberId });

    // Back an hour later, changes the score, leaves again: due again, still one case.
    const later = afterMs(response.updated_at, 2 * UNFINISHED_IDLE_MS);
    await t.database.db.updateTable('responses').set({ updated_at: later }).where('id', '=', response.id).execute();
    expect(await evaluateUnfinishedAnswers(t.database.db, afterMs(later, UNFINISHED_IDLE_MS - 1))).toMatchObject({ evaluated: 0 });
    const again = await evaluateUnfinishedAnswers(t.database.db, afterMs(later, UNFINISHED_IDLE_MS));
    expect(again.evaluated).toBeGreaterThanOrEqual(1);
    expect(await casesOf(response.id)).toHaveLength(1);
  });
});
