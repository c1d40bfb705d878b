// recordBounce: what a bounce changes, and what it leaves alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorkspace } from '../../../test/support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { seedContact, seedSurvey } from '../../../test/support/surveys.ts';
import { migrate } from '../../db/index.ts';
import { recordBounce } from './bounces.ts';

describe('recordBounce', () => {
  let t: TestDatabase;
  let a: { workspaceId: string; unitId: string; surveyId: string };
  let b: { workspaceId: string; unitId: string };
  const now = new Date('2026-03-02T10:00:00Z');

  beforeAll(async () => {
    t = await createTestDatabase();
    await migrate(t.database);
    const first = await seedWorkspace(t.database, 'A', 'ann@a.test');
    const second = await seedWorkspace(t.database, 'B', 'bob@b.test');
    a = { workspaceId: first.workspaceId, unitId: first.rootUnitId, surveyId: (await seedSurvey(t.database, first.workspaceId)).surveyId };
    b = { workspaceId: second.workspaceId, unitId: second.rootUnitId };
  });
  afterAll(() => t.drop());

  const emailOf = async (contactId: string) =>
    (await t.database.db.selectFrom('contacts').select('email').where('id', '=', contactId).executeTakeFirstOrThrow()).email ?? '';
  const contactRow = (id: string) =>
    t.database.db.selectFrom('contacts').select(['email_invalid_at', 'email_invalid_reason']).where('id', '=', id).executeTakeFirstOrThrow();

  it("marks only the workspace's live contacts with the address, and finds a reminder's invitation by its Message-ID", async () => {
    const contactId = await seedContact(t.database, a.workspaceId, a.unitId);
    const email = await emailOf(contactId);
    // The same address in another workspace, and a deleted contact of this one that had it.
    const elsewhere = await seedContact(t.database, b.workspaceId, b.unitId);
    await t.database.db.updateTable('contacts').set({ email }).where('id', '=', elsewhere).execute();
    const deleted = await seedContact(t.database, a.workspaceId, a.unitId);
    await t.database.db.updateTable('contacts').set({ email: email.toUpperCase(), deleted_at: now }).where('id', '=', deleted).execute();

    const invitation = await t.database.db
      .insertInto('survey_invitations')
      .values({
        workspace_id: a.workspaceId,
        survey_id: a.surveyId,
        contact_id: contactId,
        token: 'bounce-reminder-token-0123456789',
        expires_at: new Date(now.getTime() + 86_400_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const reminder = await t.database.db
      .insertInto('outbox')
      .values({
        workspace_id: a.workspaceId,
        kind: 'reminder',
        to_address: email,
        subject: 'R',
        text_body: '.',
        message_id: `<reminder-${invitation.id}@x>`,
        next_attempt_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.database.db
      .updateTable('survey_invitations')
      .set({ channel: 'email', status: 'sent', sent_at: now, reminder_outbox_id: reminder.id })
      .where('id', '=', invitation.id)
      .execute();

    const recorded = await recordBounce(
      t.database.db,
      { workspaceId: a.workspaceId, messageId: `<reminder-${invitation.id}@x>`, kind: 'permanent', reason: '550 gone', source: 'smtp' },
      now,
    );
    expect(recorded).toMatchObject({ email, kind: 'permanent', contactsMarked: 1, invitationId: invitation.id });
    expect(await contactRow(contactId)).toEqual({ email_invalid_at: now, email_invalid_reason: '550 gone' });
    expect((await contactRow(elsewhere)).email_invalid_at).toBeNull();
    expect((await contactRow(deleted)).email_invalid_at).toBeNull();
    const after = await t.database.db.selectFrom('survey_invitations').selectAll().where('id', '=', invitation.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ status: 'bounced', bounced_at: now, bounce_reason: '550 gone' });

    // A changed address is usable again (the trigger clears the mark).
    await t.database.db.updateTable('contacts').set({ email: 'new@a.test' }).where('id', '=', contactId).execute();
    expect((await contactRow(contactId)).email_invalid_at).toBeNull();
  });

  it("does not find another workspace's email by its Message-ID", async () => {
    const outbox = await t.database.db
      .insertInto('outbox')
      .values({ workspace_id: b.workspaceId, kind: 'test', to_address: 'x@b.test', subject: 'S', text_body: '.', message_id: '<of-b@x>', next_attempt_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(outbox.id).toBeTruthy();
    expect(await recordBounce(t.database.db, { workspaceId: a.workspaceId, messageId: '<of-b@x>', kind: 'permanent', source: 'api' }, now)).toBeNull();
    const count = await t.database.db.selectFrom('bounces').select('id').where('email', '=', 'x@b.test').execute();
    expect(count).toEqual([]);
  });
});
