// Comments and the 10-wall: one item per response with its written answers (never an email or
// phone answer), search with highlights, the category filter, keyset paging, the actor's scope,
// names only where the survey is personal, and small anonymous groups left out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAnalyticsOrganisation, seedAnswers, seedKindSurvey } from '../../../test/support/analytics.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { migrate } from '../../db/index.ts';
import type { UserActor } from '../access/index.ts';
import { comments, highlightsOf, wall } from './comments.ts';
import { AnalyticsFilter, type AnalyticsFilterInput } from './filters.ts';
import { overview } from './metrics.ts';

const NOW = new Date('2026-06-01T00:00:00Z');
const PERIOD = { from: '2026-01-01', to: '2026-05-31' };
const day = (n: number) => new Date(Date.UTC(2026, 0, n, 12));
let t: TestDatabase;
let org: Awaited<ReturnType<typeof seedAnalyticsOrganisation>>;
const ids = { relationship: '', pulse: '', team: '' };

const list = (filter: AnalyticsFilterInput, query: { search?: string; limit?: number; cursor?: string } = {}, actor: UserActor = org.owner) =>
  comments(t.database.db, actor, AnalyticsFilter.parse({ ...PERIOD, ...filter }), { limit: 50, ...query }, NOW);

beforeAll(async () => {
  t = await createTestDatabase();
  await migrate(t.database);
  org = await seedAnalyticsOrganisation(t.database, 'Comments Co');
  const survey = await seedKindSurvey(t.database, org.workspaceId, { name: 'Relationship' });
  ids.relationship = survey.surveyId;
  const base = { workspaceId: org.workspaceId, surveyId: survey.surveyId, versionId: survey.versionId };
  const anna = { ...base, unitId: org.denmark, ownerMemberId: org.frontDk.memberId, contactId: org.anna, language: 'da' };
  const dieter = { ...base, unitId: org.germany, ownerMemberId: org.frontDe.memberId, contactId: org.dieter, language: 'de' };
  await seedAnswers(t.database, { ...anna, at: day(1), comment: 'Fantastisk service, tak!' }, [10]);
  await seedAnswers(t.database, { ...anna, at: day(2), comment: 'Slow delivery and slow answers' }, [3]);
  await seedAnswers(t.database, { ...anna, at: day(3) }, [8]);
  // A promoter who left only an email address: a contact detail, not a comment.
  const [withEmail] = await seedAnswers(t.database, { ...anna, at: day(4) }, [9]);
  await t.database.db
    .insertInto('response_answers')
    .values({ response_id: withEmail as string, workspace_id: org.workspaceId, question_key: 'email', text_value: 'anna@comments.test', answered_at: day(4) })
    .execute();
  await seedAnswers(t.database, { ...dieter, at: day(5), comment: 'Schnelle Lieferung, 100% zufrieden' }, [9]);
  await seedAnswers(t.database, { ...dieter, at: day(6), comment: 'Gut' }, [10]);
  // Anonymous eNPS: "Pulse" in Denmark has 3 answers (minimum 5); "Team" has 5.
  const pulse = await seedKindSurvey(t.database, org.workspaceId, { name: 'Pulse', kind: 'enps', anonymous: true, minGroupSize: 5 });
  ids.pulse = pulse.surveyId;
  await seedAnswers(
    t.database,
    { ...base, surveyId: pulse.surveyId, versionId: pulse.versionId, kind: 'enps', unitId: org.denmark, times: (i) => day(10 + i), comment: 'Good boss' },
    [10, 9, 2],
  );
  const team = await seedKindSurvey(t.database, org.workspaceId, { name: 'Team', kind: 'enps', anonymous: true, minGroupSize: 5 });
  ids.team = team.surveyId;
  await seedAnswers(
    t.database,
    { ...base, surveyId: team.surveyId, versionId: team.versionId, kind: 'enps', unitId: org.germany, times: (i) => day(20 + i), comment: 'Great team' },
    [10, 10, 9, 9, 10],
  );
}, 120_000);
afterAll(() => t?.drop());

describe('comments', () => {
  it('lists the written answers newest first, with names only for personal surveys', async () => {
    const page = await list({ surveyIds: [ids.relationship] });
    expect(page.items.map((item) => [item.text, item.score, item.contact?.name ?? null, item.unit?.name ?? null])).toEqual([
      ['Gut', 10, 'Dieter Klein', 'Germany'],
      ['Schnelle Lieferung, 100% zufrieden', 9, 'Dieter Klein', 'Germany'],
      ['Slow delivery and slow answers', 3, 'Anna Berg', 'Denmark'],
      ['Fantastisk service, tak!', 10, 'Anna Berg', 'Denmark'],
    ]);
    expect(page.items[2]).toMatchObject({ category: 'detractor', language: 'da', answeredAt: day(2).toISOString(), survey: { name: 'Relationship' } });
    const team = await list({ surveyIds: [ids.team] });
    expect(team.items).toHaveLength(5);
    expect(team.items.every((item) => item.contact === null && item.text === 'Great team')).toBe(true);
    // The email-only answer is no comment for the hasComment filter either.
    const withComments = await overview(t.database.db, org.owner, AnalyticsFilter.parse({ ...PERIOD, surveyIds: [ids.relationship], hasComment: true }), NOW);
    expect(withComments.nps?.n).toBe(4);
  });

  it('searches for all terms, case-insensitively, and says where they occur', async () => {
    const slow = await list({}, { search: 'SLOW' });
    expect(slow.items.map((item) => item.text)).toEqual(['Slow delivery and slow answers']);
    expect(slow.items[0]?.highlights).toEqual([
      { start: 0, end: 4 },
      { start: 18, end: 22 },
    ]);
    expect((await list({}, { search: 'slow   answers' })).items[0]?.highlights).toEqual([
      { start: 0, end: 4 },
      { start: 18, end: 22 },
      { start: 23, end: 30 },
    ]);
    expect((await list({}, { search: 'slow tak' })).items).toEqual([]);
    expect((await list({}, { search: '100%' })).items.map((item) => item.score)).toEqual([9]);
    expect((await list({}, { search: '_' })).items).toEqual([]);
    expect(highlightsOf('aaa', ['aa', 'a'])).toEqual([{ start: 0, end: 3 }]);
  });

  it('filters by category and pages with a cursor', async () => {
    expect((await list({ category: 'promoter', surveyIds: [ids.relationship] })).items.map((item) => item.text)).toEqual([
      'Gut',
      'Schnelle Lieferung, 100% zufrieden',
      'Fantastisk service, tak!',
    ]);
    const first = await list({ surveyIds: [ids.relationship] }, { limit: 3 });
    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).not.toBeNull();
    const second = await list({ surveyIds: [ids.relationship] }, { limit: 3, cursor: first.nextCursor ?? undefined });
    expect(second.items.map((item) => item.text)).toEqual(['Fantastisk service, tak!']);
    expect(second.nextCursor).toBeNull();
    await expect(list({}, { cursor: 'nonsense' })).rejects.toMatchObject({ details: { errors: [{ field: 'query.cursor' }] } });
  });

  it("shows only the actor's scope", async () => {
    expect((await list({}, {}, org.frontDk)).items.map((item) => item.text)).toEqual(['Slow delivery and slow answers', 'Fantastisk service, tak!']);
    expect((await list({ surveyIds: [ids.relationship] }, {}, org.manager)).items).toHaveLength(2);
  });

  it('leaves out an anonymous survey with fewer answers than its minimum', async () => {
    const page = await list({ unitId: org.denmark });
    expect(page.suppressed).toBe(true);
    expect(page.suppressionReason).toMatch(/minimum group size are left out: "Pulse" \(minimum 5\)/);
    expect(page.items.map((item) => item.survey.name)).toEqual(['Relationship', 'Relationship']);
  });
});

describe('10-wall', () => {
  it('shows recent promoter comments, first name and initial for personal surveys, none for anonymous ones', async () => {
    const items = await wall(t.database.db, org.owner, AnalyticsFilter.parse(PERIOD), 8, NOW);
    expect(items.map((item) => [item.text, item.score, item.name, item.unit])).toEqual([
      ...[10, 9, 9, 10, 10].map((score) => ['Great team', score, null, 'Germany']),
      ['Gut', 10, 'Dieter K.', 'Germany'],
      ['Schnelle Lieferung, 100% zufrieden', 9, 'Dieter K.', 'Germany'],
      ['Fantastisk service, tak!', 10, 'Anna B.', 'Denmark'],
    ]);
    expect((await wall(t.database.db, org.frontDk, AnalyticsFilter.parse(PERIOD), 10, NOW)).map((item) => item.name)).toEqual(['Anna B.']);
  });
});
