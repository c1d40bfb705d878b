// GET /api/v1/outbox: every email of the workspace with its kind and delivery status, filtered by
// kind and status; invitation and reminder emails name the contact they went to.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorkspace, signIn, startTestApp, type TestApp } from '../../../test/support/app.ts';
import { seedInvitationStates } from '../../../test/support/funnel.ts';
import { seedSurvey } from '../../../test/support/surveys.ts';
import { createMailQueue } from '../../mail/outbox.ts';

let t: TestApp;
let owner: Awaited<ReturnType<typeof signIn>>;
let workspaceId = '';
const ids = { invitationEmail: '', reminderEmail: '', failedEmail: '', contact: '', remindedContact: '' };

const fields = (response: { json(): { errors?: { field: string }[] } }) => response.json().errors?.map((e) => e.field);

beforeAll(async () => {
  t = await startTestApp();
  const ws = await seedWorkspace(t.database, 'Outbox Co', 'otto@outbox.test');
  workspaceId = ws.workspaceId;
  owner = await signIn(t.app, 'otto@outbox.test');
  const invited = await owner.post('/api/v1/users/invitations', { email: 'ivy@outbox.test', name: 'Ivy', role: 'analyst', unitId: ws.rootUnitId });
  expect(invited.statusCode, invited.body).toBe(201);

  // An invitation in the outbox, and a reminder of another one, as the sender leaves them without SMTP.
  const db = t.database.db;
  const survey = await seedSurvey(t.database, ws.workspaceId, { name: 'Customer pulse' });
  const [queuedId, sentId] = await seedInvitationStates(t.database, { workspaceId: ws.workspaceId, surveyId: survey.surveyId, unitId: ws.rootUnitId }, [
    'queued',
    'sent',
  ]);
  const mail = createMailQueue({ delivers: false, messageIdDomain: 'outbox.test' });
  const email = (to: string, kind: string, subject: string) => mail.enqueue(db, { workspaceId: ws.workspaceId, kind, to, subject, text: `${subject}\n` });
  ids.invitationEmail = (await email('pia@example.com', 'invitation', 'How are we doing, Pia?')).id;
  ids.reminderEmail = (await email('rolf@example.com', 'reminder', 'A minute for us, Rolf?')).id;
  await db
    .updateTable('survey_invitations')
    .set({ outbox_id: ids.invitationEmail })
    .where('id', '=', queuedId as string)
    .execute();
  await db
    .updateTable('survey_invitations')
    .set({ reminder_outbox_id: ids.reminderEmail, reminder_queued_at: new Date() })
    .where('id', '=', sentId as string)
    .execute();
  const contacts = await db
    .selectFrom('survey_invitations')
    .select(['id', 'contact_id'])
    .where('id', 'in', [queuedId as string, sentId as string])
    .execute();
  ids.contact = contacts.find((c) => c.id === queuedId)?.contact_id as string;
  ids.remindedContact = contacts.find((c) => c.id === sentId)?.contact_id as string;
  // One the SMTP server refused for good.
  ids.failedEmail = (await email('gone@example.com', 'invitation', 'How are we doing?')).id;
  await db
    .updateTable('outbox')
    .set({ status: 'failed', attempts: 1, last_error: '550 5.1.1 <gone@example.com>: mailbox unavailable' })
    .where('id', '=', ids.failedEmail)
    .execute();
  // One second apart, in the order written: emails enqueued within one clock tick would otherwise
  // share created_at and list in the order of their random ids.
  const order = [ids.invitationEmail, ids.reminderEmail, ids.failedEmail];
  for (const [index, id] of order.entries()) {
    await sql`update outbox set created_at = now() + make_interval(secs => ${index + 1}) where id = ${id}`.execute(db);
  }
}, 60_000);
afterAll(() => t?.close());

describe('GET /api/v1/outbox', () => {
  it('lists every email with its kind, its status and the contact an invitation went to', async () => {
    const response = await owner.get('/api/v1/outbox');
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json();
    expect(page.smtpConfigured).toBe(false);
    expect(page.items.map((e: { kind: string; status: string }) => [e.kind, e.status])).toEqual([
      ['invitation', 'failed'],
      ['reminder', 'stored'],
      ['invitation', 'stored'],
      ['user_invitation', 'stored'],
    ]);
    expect(page.items[0]).toMatchObject({ delivered: false, lastError: '550 5.1.1 <gone@example.com>: mailbox unavailable', contactId: null });
    expect(page.items[1]).toMatchObject({ id: ids.reminderEmail, contactId: ids.remindedContact, delivered: false });
    expect(page.items[2]).toMatchObject({ id: ids.invitationEmail, contactId: ids.contact });
    expect(page.items[3]).toMatchObject({ to: 'ivy@outbox.test', contactId: null });
  });

  it('filters by kind and status, across pages', async () => {
    const items = async (query: string) => (await owner.get(`/api/v1/outbox?${query}`)).json().items.map((e: { id: string }) => e.id);
    expect(await items('kind=invitation')).toEqual([ids.failedEmail, ids.invitationEmail]);
    expect(await items('kind=reminder')).toEqual([ids.reminderEmail]);
    expect(await items('status=failed')).toEqual([ids.failedEmail]);
    expect(await items('kind=invitation&status=stored')).toEqual([ids.invitationEmail]);
    expect(await items('kind=password_reset')).toEqual([]);
    const first = (await owner.get('/api/v1/outbox?status=stored&limit=2')).json();
    expect(first.items.map((e: { kind: string }) => e.kind)).toEqual(['reminder', 'invitation']);
    const second = (await owner.get(`/api/v1/outbox?status=stored&limit=2&cursor=${encodeURIComponent(first.nextCursor)}`)).json();
    expect(second.items.map((e: { kind: string }) => e.kind)).toEqual(['user_invitation']);
    expect(second.nextCursor).toBeNull();
  });

  it('rejects an unknown kind or status, naming the field and the allowed values', async () => {
    const kind = await owner.get('/api/v1/outbox?kind=newsletter');
    expect(kind.statusCode).toBe(400);
    expect(fields(kind)).toEqual(['query.kind']);
    expect(kind.json().detail).toContain('invitation, reminder, user_invitation, password_reset');
    const status = await owner.get('/api/v1/outbox?status=lost');
    expect(status.statusCode).toBe(400);
    expect(fields(status)).toEqual(['query.status']);
  });

  it('says SMTP is configured once the workspace has an SMTP server of its own', async () => {
    expect((await owner.get('/api/v1/outbox?limit=1')).json().smtpConfigured).toBe(false);
    await t.database.db.insertInto('distribution_settings').values({ workspace_id: workspaceId, smtp_host: 'smtp.outbox.test', smtp_port: 587 }).execute();
    expect((await owner.get('/api/v1/outbox?limit=1')).json().smtpConfigured).toBe(true);
  });
});
