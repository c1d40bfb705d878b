// The send tick: scheduled invitations whose time has come are checked against the rules once
// more and either skipped (with the reason), moved to the recipient's next send window, left for
// the next hour (rate), or written to the outbox. The outbox row and status=queued are written in
// the same transaction, so an invitation is queued exactly once (README.md in this folder).
import { sql } from 'kysely';
import type { Db, SkipReason } from '../../db/index.ts';
import { inTransaction } from '../../db/index.ts';
import { type Actor, canManageDistribution, ensure } from '../access/index.ts';
import type { SendTickView } from '../views.ts';
import { nextWindowStart } from './calendar.ts';
import { checkEligibility } from './eligibility.ts';
import { queueReminders } from './reminders.ts';
import type { SendingRules } from './rules.ts';
import {
  composeEmail,
  openChunk,
  recipientTimeZone,
  recordQueued,
  SEND_CHUNK,
  type SendDeps,
  type SendTickOptions,
  type SendTickResult,
  type TickState,
} from './sender.ts';

export type { SendTickOptions, SendTickResult } from './sender.ts';

interface DueInvitation {
  id: string;
  workspace_id: string;
  survey_id: string;
  contact_id: string;
  token: string;
  language: string | null;
}

/** Due invitations no other transaction holds; locked until this transaction ends. */
async function claimDue(trx: Db, now: Date, size: number, options: SendTickOptions, full: ReadonlySet<string>): Promise<DueInvitation[]> {
  // In the due index's order, so the scan stops at `size` rows and marks the entries of invitations
  // queued since (dead until vacuum) as such; a bitmap scan revisits them all on every claim.
  await sql`set local enable_bitmapscan = off`.execute(trx);
  let query = trx
    .selectFrom('survey_invitations')
    .select(['id', 'workspace_id', 'survey_id', 'contact_id', 'token', 'language'])
    .where('status', '=', 'scheduled')
    .where('scheduled_at', '<=', now);
  if (options.workspaceId) query = query.where('workspace_id', '=', options.workspaceId);
  if (full.size > 0) query = query.where('workspace_id', 'not in', [...full]);
  const rows = await query.orderBy('scheduled_at').orderBy('id').limit(size).forUpdate().skipLocked().execute();
  await sql`set local enable_bitmapscan to default`.execute(trx);
  return rows;
}

/** Sends what is due at `now`: invitations first, then reminders. Each chunk is its own transaction. */
export async function runSendTick(db: Db, deps: SendDeps, now: Date, options: SendTickOptions = {}): Promise<SendTickResult> {
  const state: TickState = { result: { queued: 0, skipped: {}, deferred: 0, reminders: 0 }, senders: new Map(), full: new Set() };
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  let seen = 0;
  let queuedBefore = 0;
  while (seen < limit) {
    const size = Math.min(SEND_CHUNK, limit - seen);
    const claimed = await inTransaction(db, async (trx) => {
      const due = await claimDue(trx, now, size, options, state.full);
      const workspaces = [...new Set(due.map((row) => row.workspace_id))].sort();
      for (const workspaceId of workspaces) {
        await sendChunk(
          trx,
          deps,
          now,
          workspaceId,
          due.filter((row) => row.workspace_id === workspaceId),
          state,
        );
      }
      return due.length;
    });
    seen += claimed;
    // Committed: the dispatcher may start on this chunk while the tick works on the next.
    if (!db.isTransaction && state.result.queued > queuedBefore) deps.mail.nudge();
    queuedBefore = state.result.queued;
    if (claimed < size) break;
  }
  await queueReminders(db, deps, now, { ...options, limit }, state);
  return state.result;
}

/** POST /distribution/run: the tick for the actor's workspace, now rather than at the next minute. */
export async function runSendTickNow(db: Db, actor: Actor, deps: SendDeps, now: Date): Promise<SendTickView> {
  ensure(canManageDistribution(actor), 'run the sending of invitations');
  const result = await runSendTick(db, deps, now, { workspaceId: actor.workspaceId });
  return { queued: result.queued, skipped: { ...result.skipped }, deferred: result.deferred, reminders: result.reminders };
}

function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

async function sendChunk(trx: Db, deps: SendDeps, now: Date, workspaceId: string, due: DueInvitation[], state: TickState): Promise<void> {
  const chunk = await openChunk(trx, state, workspaceId, now, due);
  // The hour's budget is spent: everything stays scheduled, untouched, for a later tick.
  if (!chunk) return;
  const { sender, surveys, contacts } = chunk;
  let { budget } = chunk;

  const skipped = new Map<SkipReason, string[]>();
  const skip = (id: string, reason: SkipReason) => {
    addTo(skipped, reason, id);
    state.result.skipped[reason] = (state.result.skipped[reason] ?? 0) + 1;
  };
  const open = due.filter((row) => {
    if (surveys.get(row.survey_id)?.open) return true;
    skip(row.id, 'survey_closed');
    return false;
  });

  // One eligibility query per set of rules (usually one: the chunk's surveys share the workspace's).
  const eligibility = new Map<string, Awaited<ReturnType<typeof checkEligibility>>>();
  const byRules = new Map<string, DueInvitation[]>();
  const rulesKey = new Map([...surveys.values()].map((survey) => [survey.id, JSON.stringify(survey.rules)]));
  for (const row of open) addTo(byRules, rulesKey.get(row.survey_id) ?? '', row);
  // A chunk's recipients share a few zones: each zone's next window is computed once per survey.
  const windows = new Map<string, Date>();
  const windowStartFor = (surveyId: string, timeZone: string, rules: SendingRules) => {
    const key = `${surveyId} ${timeZone}`;
    let start = windows.get(key);
    if (!start) {
      start = nextWindowStart(now, timeZone, rules.window);
      windows.set(key, start);
    }
    return start;
  };
  for (const [key, rows] of byRules) {
    const rules = surveys.get(rows[0]?.survey_id ?? '')?.rules;
    if (!rules) continue;
    const contactIds = [...new Set(rows.map((row) => row.contact_id))];
    eligibility.set(key, await checkEligibility(trx, { workspaceId, contactIds, rules, now, excludeInvitationIds: rows.map((row) => row.id) }));
  }

  const queuedContacts = new Set<string>();
  const queuedPerAccount = new Map<string, number>();
  const deferred = new Map<number, string[]>();
  const toQueue: { id: string; email: ReturnType<typeof composeEmail>; expiresAt: Date }[] = [];

  for (const row of open) {
    const survey = surveys.get(row.survey_id);
    if (!survey?.definition || !survey.versionId) {
      skip(row.id, 'survey_closed');
      continue;
    }
    const { rules } = survey;
    // checkEligibility answers for every contact asked about; a missing one does not exist.
    const verdict = eligibility.get(rulesKey.get(row.survey_id) ?? '')?.get(row.contact_id) ?? {
      reason: 'contact_deleted',
      accountId: null,
      accountInvitations: 0,
    };
    const contact = contacts.get(row.contact_id);
    // The eligibility query cannot see what this chunk has queued a moment ago.
    let reason = verdict.reason;
    if (!reason && rules.quarantineInvitedDays > 0 && queuedContacts.has(row.contact_id)) reason = 'recently_invited';
    if (!reason && rules.accountLimit && verdict.accountId) {
      if (verdict.accountInvitations + (queuedPerAccount.get(verdict.accountId) ?? 0) >= rules.accountLimit.limit) reason = 'account_limit';
    }
    if (!reason && !contact?.email) reason = contact ? 'no_email' : 'contact_deleted';
    if (reason || !contact?.email) {
      skip(row.id, reason ?? 'no_email');
      continue;
    }
    const windowStart = windowStartFor(row.survey_id, recipientTimeZone(contact, rules), rules);
    if (windowStart.getTime() > now.getTime()) {
      addTo(deferred, windowStart.getTime(), row.id);
      state.result.deferred++;
      continue;
    }
    if (budget <= 0) {
      // Stays scheduled and due; a later tick (in a later hour) takes it.
      state.full.add(workspaceId);
      continue;
    }
    budget--;
    const email = composeEmail(deps, {
      kind: 'invitation',
      workspaceId,
      invitation: { id: row.id, token: row.token, language: row.language },
      contact: { ...contact, email: contact.email },
      survey: { ...survey, definition: survey.definition, versionId: survey.versionId },
      workspace: sender,
    });
    toQueue.push({ id: row.id, email, expiresAt: new Date(now.getTime() + survey.linkValidityDays * 86_400_000) });
    queuedContacts.add(row.contact_id);
    if (verdict.accountId) queuedPerAccount.set(verdict.accountId, (queuedPerAccount.get(verdict.accountId) ?? 0) + 1);
  }
  if (budget <= 0) state.full.add(workspaceId);

  for (const [reason, ids] of skipped) {
    await trx.updateTable('survey_invitations').set({ status: 'skipped', skip_reason: reason }).where('id', 'in', ids).execute();
  }
  for (const [at, ids] of deferred) {
    await trx
      .updateTable('survey_invitations')
      .set({ scheduled_at: new Date(at) })
      .where('id', 'in', ids)
      .execute();
  }
  if (toQueue.length > 0) {
    // One insert for the chunk's emails: per-row inserts were most of the tick's time (bench/send).
    const outbox = await deps.mail.enqueueMany(
      trx,
      toQueue.map((q) => q.email),
    );
    const queued = toQueue.map((q, index) => ({ ...q, outboxId: (outbox[index] as { id: string }).id }));
    const values = sql.join(queued.map((q) => sql`(${q.id}, ${q.outboxId}, ${q.expiresAt.toISOString()})`));
    // The id list lets the planner find the rows by primary key; joined only to the VALUES it
    // hash-joined a scan of the whole table, once per chunk (bench/send).
    await sql`
      update survey_invitations as i
         set status = 'queued', queued_at = ${now.toISOString()}::timestamptz, outbox_id = v.outbox_id::uuid, expires_at = v.expires_at::timestamptz
        from (values ${values}) as v (id, outbox_id, expires_at)
       where i.id = v.id::uuid and i.id = any(${queued.map((q) => q.id)}::uuid[])`.execute(trx);
    await recordQueued(trx, workspaceId, now, queued.length);
    state.result.queued += queued.length;
  }
}
