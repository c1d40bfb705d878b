// POST /api/v1/bounces: bounces reported by other systems.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedApiKey, seedWorkspace, startTestApp, type TestApp, withApiKey } from '../../../test/support/app.ts';
import { seedContact, seedSurvey } from '../../../test/support/surveys.ts';

describe('POST /api/v1/bounces', () => {
  let t: TestApp;
  let workspaceId: string;
  let unitId: string;
  let surveyId: string;
  let writeKey: string;
  let readKey: string;

  beforeAll(async () => {
    t = await startTestApp();
    const workspace = await seedWorkspace(t.database, 'Acme', 'ann@acme.test');
    workspaceId = workspace.workspaceId;
    unitId = workspace.rootUnitId;
    surveyId = (await seedSurvey(t.database, workspaceId)).surveyId;
    writeKey = await seedApiKey(t.database, workspaceId, 'write');
    readKey = await seedApiKey(t.database, workspaceId, 'read');
  });
  afterAll(() => t.close());

  const contact = async () => {
    const id = await seedContact(t.database, workspaceId, unitId);
    const row = await t.database.db
      .selectFrom('contacts')
      .select(['email', 'email_invalid_at', 'email_invalid_reason'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return { id, email: row.email ?? '' };
  };
  const contactRow = (id: string) =>
    t.database.db.selectFrom('contacts').select(['email_invalid_at', 'email_invalid_reason']).where('id', '=', id).executeTakeFirstOrThrow();

  /** An invitation that was sent: its outbox row carries the Message-ID. */
  const sentInvitation = async (contactId: string, email: string) => {
    const invitation = await t.database.db
      .insertInto('survey_invitations')
      .values({
        workspace_id: workspaceId,
        survey_id: surveyId,
        contact_id: contactId,
        token: `tok-${contactId}`,
        expires_at: new Date(Date.now() + 86_400_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const messageId = `<invitation-${invitation.id}@anbefal.test>`;
    const outbox = await t.database.db
      .insertInto('outbox')
      .values({
        workspace_id: workspaceId,
        kind: 'invitation',
        to_address: email,
        subject: 'S',
        text_body: '.',
        message_id: messageId,
        status: 'sent',
        next_attempt_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.database.db
      .updateTable('survey_invitations')
      .set({ channel: 'email', status: 'sent', sent_at: new Date(), outbox_id: outbox.id })
      .where('id', '=', invitation.id)
      .execute();
    return { invitationId: invitation.id, messageId };
  };

  it('marks the address invalid on a permanent bounce by email, with an audit entry', async () => {
    const { id, email } = await contact();
    const response = await withApiKey(t.app, writeKey).post('/api/v1/bounces', {
      email: email.toUpperCase(),
      kind: 'permanent',
      reason: '550 5.1.1 User unknown',
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ kind: 'permanent', contactsMarked: 1, invitationId: null, reason: '550 5.1.1 User unknown' });
    expect(await contactRow(id)).toMatchObject({ email_invalid_at: expect.any(Date), email_invalid_reason: '550 5.1.1 User unknown' });
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('target_id', '=', response.json().id).execute();
    expect(audit.map((entry) => entry.action)).toEqual(['bounce.reported']);
  });

  it('finds the invitation by Message-ID and marks it bounced', async () => {
    const { id, email } = await contact();
    const { invitationId, messageId } = await sentInvitation(id, email);
    const response = await withApiKey(t.app, writeKey).post('/api/v1/bounces', { messageId, kind: 'permanent' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ email, invitationId, contactsMarked: 1 });
    const invitation = await t.database.db.selectFrom('survey_invitations').selectAll().where('id', '=', invitationId).executeTakeFirstOrThrow();
    expect(invitation).toMatchObject({ status: 'bounced', bounced_at: expect.any(Date), bounce_reason: 'bounced' });
  });

  it('only records a temporary bounce', async () => {
    const { id, email } = await contact();
    const { invitationId, messageId } = await sentInvitation(id, email);
    const response = await withApiKey(t.app, writeKey).post('/api/v1/bounces', { messageId, kind: 'temporary', reason: 'mailbox full' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ kind: 'temporary', contactsMarked: 0, invitationId });
    expect((await contactRow(id)).email_invalid_at).toBeNull();
    const invitation = await t.database.db.selectFrom('survey_invitations').select('status').where('id', '=', invitationId).executeTakeFirstOrThrow();
    expect(invitation.status).toBe('sent');
    const bounce = await t.database.db.selectFrom('bounces').selectAll().where('id', '=', response.json().id).executeTakeFirstOrThrow();
    expect(bounce).toMatchObject({ kind: 'temporary', source: 'api', contact_id: id, invitation_id: invitationId, reason: 'mailbox full' });
  });

  it('records an address no contact has, and refuses a Message-ID that matches nothing', async () => {
    const unknownAddress = await withApiKey(t.app, writeKey).post('/api/v1/bounces', { email: 'nobody@example.com', kind: 'permanent' });
    expect(unknownAddress.statusCode, unknownAddress.body).toBe(201);
    expect(unknownAddress.json()).toMatchObject({ contactsMarked: 0, invitationId: null });
    const unknownMessage = await withApiKey(t.app, writeKey).post('/api/v1/bounces', { messageId: '<nothing@anbefal.test>', kind: 'permanent' });
    expect(unknownMessage.statusCode).toBe(404);
    expect(unknownMessage.json().detail).toContain('messageId');
  });

  it('names the field of bad input, and keeps read keys out', async () => {
    const neither = await withApiKey(t.app, writeKey).post('/api/v1/bounces', { kind: 'permanent' });
    expect(neither.statusCode).toBe(400);
    expect(neither.json().errors).toEqual([{ field: 'email', message: 'give email or messageId (or both)' }]);
    const badKind = await withApiKey(t.app, writeKey).post('/api/v1/bounces', { email: 'a@example.com', kind: 'soft' });
    expect(badKind.statusCode).toBe(400);
    expect(JSON.stringify(badKind.json().errors)).toContain('kind');
    const readOnly = await withApiKey(t.app, readKey).post('/api/v1/bounces', { email: 'a@example.com', kind: 'permanent' });
    expect(readOnly.statusCode).toBe(403);
  });
});
