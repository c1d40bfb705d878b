// The response list (filters, scope, paging, small anonymous surveys left out) and one response in
// full: answers with the questions and choices as the version asked them in the answer's
// language, the snapshot, the contact, the invitation's properties and the triggering event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAnalyticsOrganisation, seedAnswers, seedKindSurvey } from '../../../test/support/analytics.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { seedInvitation } from '../../../test/support/surveys.ts';
import { migrate } from '../../db/index.ts';
import type { UserActor } from '../access/index.ts';
import { AnalyticsFilter, type AnalyticsFilterInput } from './filters.ts';
import { listResponses, responseDetail } from './responses.ts';

const NOW = new Date('2026-06-01T00:00:00Z');
const day = (n: number) => new Date(Date.UTC(2026, 0, n, 12));
let t: TestDatabase;
let org: Awaited<ReturnType<typeof seedAnalyticsOrganisation>>;
const ids = { annaFirst: '', dieter: '', pulse: '', pulseSurvey: '' };

const list = (filter: AnalyticsFilterInput = {}, page: { limit?: number; cursor?: string } = {}, actor: UserActor = org.owner) =>
  listResponses(t.database.db, actor, AnalyticsFilter.parse({ from: '2026-01-01', to: '2026-05-31', ...filter }), { limit: 50, ...page }, NOW);

beforeAll(async () => {
  t = await createTestDatabase();
  await migrate(t.database);
  org = await seedAnalyticsOrganisation(t.database, 'Responses Co');
  const survey = await seedKindSurvey(t.database, org.workspaceId, { name: 'Relationship' });
  const base = { workspaceId: org.workspaceId, surveyId: survey.surveyId, versionId: survey.versionId };
  const anna = { ...base, unitId: org.denmark, ownerMemberId: org.frontDk.memberId, contactId: org.anna, accountId: org.alfa, segment: 'vip', language: 'da' };
  const annas = await seedAnswers(t.database, { ...anna, times: (i) => day(1 + i), comment: (i) => (i === 0 ? 'For dyrt' : undefined) }, [3, 8, 10]);
  ids.annaFirst = annas[0] as string;
  [ids.dieter] = (await seedAnswers(
    t.database,
    { ...base, unitId: org.germany, ownerMemberId: org.frontDe.memberId, contactId: org.dieter, at: day(9) },
    [9],
  )) as [string];
  // Anna's first answer came through an invitation sent for an event, with properties; she chose a reason, rated and said yes.
  const event = await t.database.db
    .insertInto('distribution_events')
    .values({
      workspace_id: org.workspaceId,
      type: 'order.delivered',
      contact_id: org.anna,
      occurred_at: day(1),
      properties: JSON.stringify({ order: 'A-17' }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const token = await seedInvitation(t.database, {
    workspaceId: org.workspaceId,
    surveyId: survey.surveyId,
    contactId: org.anna,
    properties: { order: 'A-17' },
  });
  const invitation = await t.database.db.selectFrom('survey_invitations').select('id').where('token', '=', token).executeTakeFirstOrThrow();
  await t.database.db
    .updateTable('survey_invitations')
    .set({ event_id: event.id, sent_at: day(1) })
    .where('id', '=', invitation.id)
    .execute();
  await t.database.db
    .updateTable('responses')
    .set({ invitation_id: invitation.id, properties: JSON.stringify({ order: 'A-17' }) })
    .where('id', '=', ids.annaFirst)
    .execute();
  await t.database.db
    .insertInto('response_answers')
    .values([
      { response_id: ids.annaFirst, workspace_id: org.workspaceId, question_key: 'area', choice_values: ['price'], answered_at: day(1) },
      { response_id: ids.annaFirst, workspace_id: org.workspaceId, question_key: 'service', number_value: 2, answered_at: day(1) },
    ])
    .execute();
  // Anonymous eNPS with 2 answers (minimum 5).
  const pulse = await seedKindSurvey(t.database, org.workspaceId, { name: 'Pulse', kind: 'enps', anonymous: true, minGroupSize: 5 });
  ids.pulseSurvey = pulse.surveyId;
  [ids.pulse] = (await seedAnswers(
    t.database,
    { ...base, surveyId: pulse.surveyId, versionId: pulse.versionId, kind: 'enps', unitId: org.denmark, times: (i) => day(20 + i) },
    [10, 2],
  )) as [string];
}, 120_000);
afterAll(() => t?.drop());

describe('response list', () => {
  it('lists answers newest first with their snapshot, filtered and paged', async () => {
    const page = await list();
    expect(page.items.map((item) => [item.score, item.contact?.name ?? null, item.unit?.name, item.owner?.name ?? null])).toEqual([
      [9, 'Dieter Klein', 'Germany', 'dieter'],
      [10, 'Anna Berg', 'Denmark', 'dina'],
      [8, 'Anna Berg', 'Denmark', 'dina'],
      [3, 'Anna Berg', 'Denmark', 'dina'],
    ]);
    expect(page).toMatchObject({ suppressed: true, nextCursor: null });
    expect(page.items[3]).toMatchObject({ category: 'detractor', segment: 'vip', account: { name: 'Alfa' }, comment: 'For dyrt', language: 'da' });
    expect((await list({ category: 'promoter' })).items.map((item) => item.score)).toEqual([9, 10]);
    const first = await list({}, { limit: 3 });
    const second = await list({}, { limit: 3, cursor: first.nextCursor ?? undefined });
    expect([...first.items, ...second.items].map((item) => item.id)).toEqual(page.items.map((item) => item.id));
  });

  it("lists only the actor's scope; an anonymous survey shows no person", async () => {
    expect((await list({}, {}, org.frontDe)).items.map((item) => item.id)).toEqual([ids.dieter]);
    expect((await list({}, {}, org.manager)).items).toHaveLength(3);
    // With the filter widened to everything the anonymous survey still has 2 answers: left out.
    expect((await list({ surveyIds: [ids.pulseSurvey] })).items).toEqual([]);
  });
});

describe('response detail', () => {
  it('gives every answer with its question in the answer language, the contact, the invitation and the event', async () => {
    const detail = await responseDetail(t.database.db, org.owner, ids.annaFirst);
    expect(detail).toMatchObject({
      score: 3,
      surveyVersion: 1,
      anonymous: false,
      unit: { id: org.denmark, name: 'Denmark' },
      owner: { name: 'dina' },
      account: { id: org.alfa, name: 'Alfa' },
      contact: { id: org.anna, name: 'Anna Berg', email: 'anna@responses-co.test' },
      properties: { order: 'A-17' },
      invitation: { sentAt: day(1).toISOString() },
      event: { type: 'order.delivered', properties: { order: 'A-17' } },
    });
    const byKey = Object.fromEntries(detail.answers.map((answer) => [answer.questionKey, answer]));
    expect(byKey.area).toMatchObject({ type: 'single_choice', choices: [{ key: 'price', label: 'Pris' }] });
    expect(byKey.service).toMatchObject({ type: 'rating', number: 2 });
    expect(byKey.why).toMatchObject({ type: 'text', text: 'For dyrt', question: 'Hvorfor gav du den score?' });
  });

  it('shows no person for anonymous surveys, and hides answers outside the scope as not found', async () => {
    expect(await responseDetail(t.database.db, org.owner, ids.pulse)).toMatchObject({ anonymous: true, contact: null, owner: null });
    await expect(responseDetail(t.database.db, org.frontDk, ids.dieter)).rejects.toMatchObject({ code: 'not_found' });
    await expect(responseDetail(t.database.db, org.manager, ids.dieter)).rejects.toMatchObject({ code: 'not_found' });
    expect((await responseDetail(t.database.db, org.manager, ids.annaFirst)).id).toBe(ids.annaFirst);
  });
});
