// A contact's survey history on their page and in the GDPR export, and what erasure leaves:
// scores and choices as anonymous statistics, no free text, no link to the person.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedUser, seedWorkspace, signIn, startTestApp, type TestApp } from '../../../test/support/app.ts';
import { npsDefinition } from '../../../test/support/survey-definition.ts';

let t: TestApp;
let owner: Awaited<ReturnType<typeof signIn>>;
let ws: Awaited<ReturnType<typeof seedWorkspace>>;

beforeAll(async () => {
  t = await startTestApp();
  ws = await seedWorkspace(t.database, 'History Co', 'hanna@history.test');
  owner = await signIn(t.app, 'hanna@history.test');
});
afterAll(() => t?.close());

/** A published survey, a contact with a personal link, and an answer given through it. */
async function answered(email: string) {
  const survey = (await owner.post('/api/v1/surveys', { name: `Survey for ${email}`, kind: 'relationship_nps', definition: npsDefinition() })).json();
  await owner.post(`/api/v1/surveys/${survey.id}/publish`, {});
  const contact = (await owner.post('/api/v1/contacts', { email, firstName: 'Pia' })).json();
  const link = (await owner.post(`/api/v1/surveys/${survey.id}/links`, { contactId: contact.id, properties: { order: 'A-1' } })).json();
  const version = await t.database.db.selectFrom('survey_versions').select('id').where('survey_id', '=', survey.id).executeTakeFirstOrThrow();
  const response = await t.database.db
    .insertInto('responses')
    .values({
      workspace_id: ws.workspaceId,
      survey_id: survey.id,
      survey_version_id: version.id,
      invitation_id: link.invitationId,
      contact_id: contact.id,
      channel: 'email',
      language: 'da',
      score: 4,
      category: 'detractor',
      properties: JSON.stringify({ order: 'A-1' }),
      completed_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.database.db
    .insertInto('response_answers')
    .values([
      { response_id: response.id, workspace_id: ws.workspaceId, question_key: 'nps', number_value: 4, answered_at: new Date() },
      { response_id: response.id, workspace_id: ws.workspaceId, question_key: 'why', text_value: 'Pia here: the delivery was late', answered_at: new Date() },
    ])
    .execute();
  return { survey, contact, link, responseId: response.id };
}

describe("a contact's survey history", () => {
  it('lists links and answers with the questions as the respondent read them', async () => {
    const { survey, contact } = await answered('pia@history.test');
    const history = await owner.get(`/api/v1/contacts/${contact.id}/surveys`);
    expect(history.statusCode, history.body).toBe(200);
    expect(history.json().invitations).toEqual([expect.objectContaining({ surveyId: survey.id, surveyName: survey.name, respondedAt: null })]);
    expect(history.json().responses).toEqual([
      expect.objectContaining({
        surveyId: survey.id,
        version: 1,
        score: 4,
        category: 'detractor',
        answers: [
          { questionKey: 'nps', question: 'Hvor sandsynligt er det, at du vil anbefale {company}?', value: 4 },
          { questionKey: 'why', question: 'Hvorfor?', value: 'Pia here: the delivery was late' },
        ],
      }),
    ]);
    const exported = (await owner.get(`/api/v1/contacts/${contact.id}/export`)).json();
    expect(exported.surveys).toEqual(history.json());
  });

  it('is seen by whoever sees the contact, and by nobody else', async () => {
    const { contact } = await answered('ola@history.test');
    await seedUser(t.database, ws.workspaceId, 'finn@history.test', 'frontline');
    const frontline = await signIn(t.app, 'finn@history.test');
    expect((await frontline.get(`/api/v1/contacts/${contact.id}/surveys`)).statusCode).toBe(404);
  });

  it('keeps only anonymous statistics after erasure', async () => {
    const { contact, responseId, link } = await answered('erase@history.test');
    expect((await owner.post(`/api/v1/contacts/${contact.id}/erase`)).statusCode).toBe(200);
    const response = await t.database.db.selectFrom('responses').selectAll().where('id', '=', responseId).executeTakeFirstOrThrow();
    expect(response).toMatchObject({ contact_id: null, invitation_id: null, properties: {}, score: 4, category: 'detractor' });
    const answers = await t.database.db.selectFrom('response_answers').select(['question_key', 'text_value']).where('response_id', '=', responseId).execute();
    expect(answers).toEqual([{ question_key: 'nps', text_value: null }]);
    expect(await t.database.db.selectFrom('survey_invitations').select('id').where('id', '=', link.invitationId).executeTakeFirst()).toBeUndefined();
    const history = (await owner.get(`/api/v1/contacts/${contact.id}/surveys`)).json();
    expect(history).toEqual({ invitations: [], responses: [] });
  });
});
