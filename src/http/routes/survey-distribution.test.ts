// A survey's own reminder and quarantine (surveys.distribution) over the API: shown in the survey,
// set and cleared through PATCH /surveys/{id}, refused out of range, and applied on top of the
// workspace's sending settings by the rules the sender uses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorkspace, signIn, startTestApp, type TestApp } from '../../../test/support/app.ts';
import { npsDefinition } from '../../../test/support/survey-definition.ts';
import { loadWorkspaceRules, rulesForSurvey } from '../../domain/distribution/index.ts';

let t: TestApp;
let ws: Awaited<ReturnType<typeof seedWorkspace>>;
let owner: Awaited<ReturnType<typeof signIn>>;

beforeAll(async () => {
  t = await startTestApp();
  ws = await seedWorkspace(t.database, 'Override Co', 'olga@override.test');
  owner = await signIn(t.app, 'olga@override.test');
});
afterAll(() => t?.close());

const fields = (response: { json(): { errors?: { field: string }[] } }) => response.json().errors?.map((e) => e.field);

async function rulesOf(surveyId: string) {
  const row = await t.database.db.selectFrom('surveys').select('distribution').where('id', '=', surveyId).executeTakeFirstOrThrow();
  return rulesForSurvey(await loadWorkspaceRules(t.database.db, ws.workspaceId), row.distribution);
}

describe("a survey's sending overrides", () => {
  it('start empty (the workspace settings apply), are set and cleared with PATCH, and are shown in every survey view', async () => {
    const created = await owner.post('/api/v1/surveys', { name: 'Service desk', kind: 'transactional_nps', definition: npsDefinition() });
    expect(created.statusCode, created.body).toBe(201);
    const survey = created.json();
    expect(survey.distribution).toEqual({});
    await owner.put('/api/v1/distribution/settings', { reminderDays: 5, quarantineInvitedDays: 60 });
    expect(await rulesOf(survey.id)).toMatchObject({ reminderDays: 5, quarantineInvitedDays: 60, quarantineAnsweredDays: 90 });

    const patched = await owner.patch(`/api/v1/surveys/${survey.id}`, { distribution: { reminderDays: null, quarantineAnsweredDays: 14 } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().distribution).toEqual({ reminderDays: null, quarantineAnsweredDays: 14 });
    expect((await owner.get(`/api/v1/surveys/${survey.id}`)).json().distribution).toEqual({ reminderDays: null, quarantineAnsweredDays: 14 });
    const listed = (await owner.get('/api/v1/surveys')).json().items.find((s: { id: string }) => s.id === survey.id);
    expect(listed.distribution).toEqual({ reminderDays: null, quarantineAnsweredDays: 14 });
    // The survey's own values win; what it leaves out comes from the workspace.
    expect(await rulesOf(survey.id)).toMatchObject({ reminderDays: null, quarantineInvitedDays: 60, quarantineAnsweredDays: 14 });

    // Other settings leave the overrides alone; {} hands everything back to the workspace.
    expect((await owner.patch(`/api/v1/surveys/${survey.id}`, { name: 'Service desk 2' })).json().distribution).toEqual({
      reminderDays: null,
      quarantineAnsweredDays: 14,
    });
    expect((await owner.patch(`/api/v1/surveys/${survey.id}`, { distribution: {} })).json().distribution).toEqual({});
    expect(await rulesOf(survey.id)).toMatchObject({ reminderDays: 5, quarantineAnsweredDays: 90 });

    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('after')
      .where('target_id', '=', survey.id)
      .where('action', '=', 'survey.updated')
      .orderBy('id')
      .execute();
    expect(audit.map((entry) => (entry.after as { distribution?: unknown }).distribution)).toEqual([
      { reminderDays: null, quarantineAnsweredDays: 14 },
      undefined,
      {},
    ]);
  });

  it('refuse values out of range or unknown keys, naming the field', async () => {
    const survey = (await owner.post('/api/v1/surveys', { name: 'Onboarding', kind: 'transactional_nps', definition: npsDefinition() })).json();
    const early = await owner.patch(`/api/v1/surveys/${survey.id}`, { distribution: { reminderDays: 2 } });
    expect(early.json().errors).toEqual([{ field: 'body.distribution.reminderDays', message: 'must be a whole number of days from 3 to 7' }]);
    expect(fields(await owner.patch(`/api/v1/surveys/${survey.id}`, { distribution: { quarantineInvitedDays: 731 } }))).toEqual([
      'body.distribution.quarantineInvitedDays',
    ]);
    const unknown = await owner.patch(`/api/v1/surveys/${survey.id}`, { distribution: { reminder: 4 } });
    expect(unknown.statusCode).toBe(400);
    expect(fields(unknown)?.[0]).toMatch(/^body\.distribution/);
    expect((await owner.get(`/api/v1/surveys/${survey.id}`)).json().distribution).toEqual({});
  });
});
