// POST /api/v1/distribution/run: the send tick for the caller's workspace, on demand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedApiKey, seedUser, seedWorkspace, signIn, startTestApp, type TestApp, withApiKey } from '../../../test/support/app.ts';
import { seedContact, seedSurvey } from '../../../test/support/surveys.ts';
import { insertEmailInvitations } from '../../domain/distribution/schedule.ts';
import { createBodyRenderer } from '../../mail/bodies.ts';

let t: TestApp;
let a: Awaited<ReturnType<typeof open>>;
let b: Awaited<ReturnType<typeof open>>;

/** A workspace whose window is open around the clock, with one survey. */
async function open(name: string, email: string) {
  const seeded = await seedWorkspace(t.database, name, email);
  await t.database.db
    .insertInto('distribution_settings')
    .values({ workspace_id: seeded.workspaceId, window_start_minute: 0, window_end_minute: 1440, window_weekdays: [1, 2, 3, 4, 5, 6, 7] })
    .execute();
  return { ...seeded, ...(await seedSurvey(t.database, seeded.workspaceId)) };
}

async function scheduleOne(workspace: Awaited<ReturnType<typeof open>>) {
  const contactId = await seedContact(t.database, workspace.workspaceId, workspace.rootUnitId, { firstName: 'Astrid' });
  const [id] = await insertEmailInvitations(t.database.db, workspace.workspaceId, [
    { surveyId: workspace.surveyId, contactId, scheduledAt: new Date(Date.now() - 1000), linkValidityDays: 30 },
  ]);
  return id as string;
}

const statusOf = async (id: string) =>
  (await t.database.db.selectFrom('survey_invitations').select(['status', 'outbox_id']).where('id', '=', id).executeTakeFirstOrThrow()).status;

beforeAll(async () => {
  t = await startTestApp();
  a = await open('Hygge Bikes', 'owner@hygge.test');
  b = await open('Other Co', 'owner@other.test');
  await seedUser(t.database, a.workspaceId, 'analyst@hygge.test', 'analyst');
});
afterAll(() => t?.close());

describe('POST /api/v1/distribution/run', () => {
  it("queues the due invitations of the caller's workspace only, and answers with the counts", async () => {
    const ours = await scheduleOne(a);
    const theirs = await scheduleOne(b);
    const owner = await signIn(t.app, 'owner@hygge.test');
    const response = await owner.post('/api/v1/distribution/run');
    expect(response.statusCode, response.body).toBe(200);
    // The job may have taken the invitation a moment earlier; either way it is queued exactly once.
    expect(response.json()).toMatchObject({ skipped: {}, deferred: 0, reminders: 0 });
    expect(await statusOf(ours)).toBe('queued');
    const emails = await t.database.db
      .selectFrom('outbox')
      .select('message_id')
      .where('workspace_id', '=', a.workspaceId)
      .where('kind', '=', 'invitation')
      .execute();
    expect(emails.map((e) => e.message_id)).toEqual([expect.stringMatching(new RegExp(`^<invitation-${ours}@`))]);
    if (response.json().queued === 1) expect(await statusOf(theirs)).toBe('scheduled');

    // The outbox row keeps what renders the body, not the body: the portal shows the text the
    // dispatcher sends, rendered from it, with the personal link and the first name.
    const row = await t.database.db
      .selectFrom('outbox')
      .selectAll()
      .where('message_id', '=', emails[0]?.message_id ?? '')
      .executeTakeFirstOrThrow();
    expect([row.text_body, row.html_body]).toEqual([null, null]);
    const renderer = createBodyRenderer();
    await renderer.load(t.database.db, [row]);
    const sent = renderer.bodies(row);
    const { token } = await t.database.db.selectFrom('survey_invitations').select('token').where('id', '=', ours).executeTakeFirstOrThrow();
    expect(sent?.text).toContain(`/s/${token}`);
    expect(sent?.text).toContain('Astrid');
    expect(sent?.html).toContain(`/s/${token}?score=10`);
    const listed = (await owner.get('/api/v1/outbox?kind=invitation')).json();
    expect(listed.items).toEqual([expect.objectContaining({ messageId: row.message_id, subject: row.subject, text: sent?.text })]);
  });

  it('is for owners, admins and write keys', async () => {
    const analyst = await signIn(t.app, 'analyst@hygge.test');
    const refused = await analyst.post('/api/v1/distribution/run');
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await withApiKey(t.app, await seedApiKey(t.database, a.workspaceId, 'read')).post('/api/v1/distribution/run')).statusCode).toBe(403);
    const write = await withApiKey(t.app, await seedApiKey(t.database, a.workspaceId, 'write')).post('/api/v1/distribution/run');
    expect(write.statusCode).toBe(200);
    expect(write.json()).toEqual({ queued: 0, skipped: {}, deferred: 0, reminders: 0 });
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(doc.paths['/api/v1/distribution/run'].post.responses['200']).toBeDefined();
    expect(doc.components.schemas.SendTick).toBeDefined();
  });
});
