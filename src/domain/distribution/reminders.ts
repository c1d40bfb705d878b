// The one reminder: an invitation that was sent reminderDays ago (the survey's, else the
// workspace's; null: none) and is still unanswered gets a single reminder, inside the send window
// and within the hourly rate. reminder_queued_at is set with the outbox row in one transaction and
// the query only takes invitations without it, so there is never a second reminder.
import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import { inTransaction } from '../../db/index.ts';
import type { OutgoingEmail } from '../../mail/outbox.ts';
import { isInWindow } from './calendar.ts';
import { DEFAULT_SENDING_RULES } from './rules.ts';
import { composeEmail, openChunk, recipientTimeZone, recordQueued, SEND_CHUNK, type SendDeps, type SendTickOptions, type TickState } from './sender.ts';

interface DueReminder {
  id: string;
  workspace_id: string;
  survey_id: string;
  contact_id: string;
  token: string;
  language: string | null;
}

/** The survey's reminderDays when it sets the key (null included), else the workspace's, else the default. */
const reminderDays = sql<number | null>`case
  when s.distribution -> 'reminderDays' is not null then (s.distribution ->> 'reminderDays')::int
  when ds.workspace_id is null then ${DEFAULT_SENDING_RULES.reminderDays}::int
  else ds.reminder_days end`;

/**
 * Reminders due at `now` whose contact may still be written to (not unsubscribed, no consent
 * withdrawn, address valid, not deleted); the quarantine does not apply to a reminder. Pages by
 * id, so invitations left outside their window are not taken twice in one tick.
 */
function claimReminders(trx: Db, now: Date, size: number, afterId: string | null, options: SendTickOptions, full: ReadonlySet<string>): Promise<DueReminder[]> {
  let query = trx
    .selectFrom('survey_invitations as i')
    .innerJoin('surveys as s', 's.id', 'i.survey_id')
    .innerJoin('contacts as c', 'c.id', 'i.contact_id')
    .leftJoin('distribution_settings as ds', 'ds.workspace_id', 'i.workspace_id')
    .select(['i.id', 'i.workspace_id', 'i.survey_id', 'i.contact_id', 'i.token', 'i.language'])
    .where('i.status', '=', 'sent')
    .where('i.reminder_queued_at', 'is', null)
    .where('i.responded_at', 'is', null)
    .where('i.unsubscribed_at', 'is', null)
    .where('i.bounced_at', 'is', null)
    .where('i.expires_at', '>', now)
    .where(sql<boolean>`i.sent_at <= ${now.toISOString()}::timestamptz - make_interval(days => ${reminderDays})`)
    .where('s.status', '=', 'active')
    .where('s.current_version_id', 'is not', null)
    .where('c.deleted_at', 'is', null)
    .where('c.erased_at', 'is', null)
    .where('c.opted_out_at', 'is', null)
    .where('c.consent', '!=', 'withdrawn')
    .where('c.email', 'is not', null)
    .where('c.email_invalid_at', 'is', null);
  if (options.workspaceId) query = query.where('i.workspace_id', '=', options.workspaceId);
  if (full.size > 0) query = query.where('i.workspace_id', 'not in', [...full]);
  if (afterId) query = query.where('i.id', '>', afterId);
  return query.orderBy('i.id').limit(size).forUpdate('i').skipLocked().execute();
}

export async function queueReminders(db: Db, deps: SendDeps, now: Date, options: SendTickOptions & { limit: number }, state: TickState): Promise<void> {
  let afterId: string | null = null;
  let seen = 0;
  let remindedBefore = state.result.reminders;
  while (seen < options.limit) {
    const size = Math.min(SEND_CHUNK, options.limit - seen);
    const due = await inTransaction(db, async (trx) => {
      const rows = await claimReminders(trx, now, size, afterId, options, state.full);
      const workspaces = [...new Set(rows.map((row) => row.workspace_id))].sort();
      for (const workspaceId of workspaces) {
        await remindChunk(
          trx,
          deps,
          now,
          workspaceId,
          rows.filter((row) => row.workspace_id === workspaceId),
          state,
        );
      }
      return rows;
    });
    seen += due.length;
    if (!db.isTransaction && state.result.reminders > remindedBefore) deps.mail.nudge();
    remindedBefore = state.result.reminders;
    afterId = due.at(-1)?.id ?? afterId;
    if (due.length < size) break;
  }
}

async function remindChunk(trx: Db, deps: SendDeps, now: Date, workspaceId: string, due: DueReminder[], state: TickState): Promise<void> {
  const chunk = await openChunk(trx, state, workspaceId, now, due);
  if (!chunk) return;
  const { sender, surveys, contacts } = chunk;
  let { budget } = chunk;
  const toQueue: { id: string; email: OutgoingEmail }[] = [];
  for (const row of due) {
    const survey = surveys.get(row.survey_id);
    const contact = contacts.get(row.contact_id);
    if (!survey?.open || !survey.definition || !survey.versionId || !contact?.email) continue;
    // Outside the window the reminder waits: it stays due and a tick inside the window takes it.
    if (!isInWindow(now, recipientTimeZone(contact, survey.rules), survey.rules.window)) continue;
    if (budget <= 0) {
      state.full.add(workspaceId);
      break;
    }
    budget--;
    const email = composeEmail(deps, {
      kind: 'reminder',
      workspaceId,
      invitation: { id: row.id, token: row.token, language: row.language },
      contact: { ...contact, email: contact.email },
      survey: { ...survey, definition: survey.definition, versionId: survey.versionId },
      workspace: sender,
    });
    toQueue.push({ id: row.id, email });
  }
  if (toQueue.length === 0) return;
  const outbox = await deps.mail.enqueueMany(
    trx,
    toQueue.map((q) => q.email),
  );
  const queued = toQueue.map((q, index) => ({ id: q.id, outboxId: (outbox[index] as { id: string }).id }));
  const values = sql.join(queued.map((q) => sql`(${q.id}, ${q.outboxId})`));
  await sql`
    update survey_invitations as i
       set reminder_queued_at = ${now.toISOString()}::timestamptz, reminder_outbox_id = v.outbox_id::uuid
      from (values ${values}) as v (id, outbox_id)
     where i.id = v.id::uuid and i.id = any(${queued.map((q) => q.id)}::uuid[])`.execute(trx);
  await recordQueued(trx, workspaceId, now, queued.length);
  state.result.reminders += queued.length;
}
