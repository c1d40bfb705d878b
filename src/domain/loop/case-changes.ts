// Working a case: status (new → in_progress → contacted → resolved, or closed_without_contact;
// a closed case may be reopened), reassignment (privileged: audited), root cause from the
// workspace's list, outcome, tags, watchers, notes and logged calls. Each change is a timeline
// event and one case.updated webhook, in one transaction.
import { z } from 'zod';
import { type Db, inTransaction } from '../../db/index.ts';
import type { CaseStatus } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { type Actor, canReassignCase, canViewMember, canWorkCase, ensure } from '../access/index.ts';
import { type RequestContext, recordAudit } from '../audit/index.ts';
import { CASE_OUTCOMES, CASE_STATUSES, type CaseDetailView, CLOSED_CASE_STATUSES } from '../views.ts';
import { findCase, getCase } from './cases.ts';
import { parseInput } from './parse.ts';
import { loadLoopRules } from './settings.ts';
import { addCaseEvent, type EventActor, emitCaseWebhook, eventActorOf } from './timeline.ts';

const MemberId = z.uuid({ message: 'must be the id of a member' });

export const CasePatch = z
  .object({
    status: z.enum(CASE_STATUSES),
    ownerMemberId: MemberId.meta({ description: 'Reassigns the case (owner, admin, write keys, managers within their subtree).' }),
    rootCause: z.string().max(100).nullable().meta({ description: "One of the workspace's root causes (loop settings), or null." }),
    outcome: z.enum(CASE_OUTCOMES).nullable(),
    tags: z.array(z.string().trim().min(1, 'must not be empty').max(50, 'must be at most 50 characters')).max(20, 'must be at most 20 tags'),
    watcherMemberIds: z.array(MemberId).max(20, 'must be at most 20 watchers'),
  })
  .partial()
  .strict()
  .meta({ id: 'CasePatch' });
export type CasePatch = z.infer<typeof CasePatch>;

export const CaseNote = z
  .object({
    text: z.string().trim().min(1, 'must not be empty').max(5000, 'must be at most 5,000 characters'),
    call: z.boolean().optional().meta({ description: 'The note logs a call with the customer: it counts as first contact.' }),
  })
  .strict()
  .meta({ id: 'CaseNote' });
export type CaseNote = z.infer<typeof CaseNote>;

const OPEN: readonly CaseStatus[] = ['new', 'in_progress', 'contacted'];
const isClosed = (status: CaseStatus) => CLOSED_CASE_STATUSES.includes(status);

/** Why a status change is refused, or undefined when it is allowed. */
function transitionProblem(from: CaseStatus, to: CaseStatus, contacted: boolean): string | undefined {
  if (from === to) return undefined;
  if (isClosed(from)) return to === 'in_progress' ? undefined : `a ${from} case can only be reopened (in_progress)`;
  if (to === 'new') return 'a case cannot go back to new';
  if (to === 'resolved' && !contacted)
    return 'a case is resolved after contact: set it to contacted (or log a call or send a reply) first, or close it without contact';
  if (to === 'closed_without_contact' && contacted) return 'the customer was contacted: resolve the case instead';
  if (to === 'in_progress' && from === 'contacted') return 'a contacted case moves on to resolved';
  return undefined;
}

async function checkMembers(trx: Db, actor: Actor, ids: readonly string[], field: string, withinScope: boolean): Promise<void> {
  if (ids.length === 0) return;
  const rows = await trx
    .selectFrom('members as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['m.id', 'u.path'])
    .where('m.workspace_id', '=', actor.workspaceId)
    .where('m.id', 'in', [...ids])
    .execute();
  for (const id of ids) {
    const row = rows.find((r) => r.id === id);
    if (!row || (withinScope && !canViewMember(actor, { id, unitPath: row.path })))
      throw AppError.invalid(field, `${id} is not a member of this workspace that you can see`);
  }
}

/** Marks first contact (once) and moves an open case to contacted; returns whether the status changed. */
export async function recordContact(trx: Db, caseId: string, workspaceId: string, who: EventActor, via: string, now: Date): Promise<boolean> {
  const row = await trx.selectFrom('cases').select(['status', 'first_contact_at']).where('id', '=', caseId).executeTakeFirstOrThrow();
  const toContacted = row.status === 'new' || row.status === 'in_progress';
  await trx
    .updateTable('cases')
    .set({ first_contact_at: row.first_contact_at ?? now, ...(toContacted ? { status: 'contacted' as const } : {}), updated_at: now })
    .where('id', '=', caseId)
    .execute();
  if (toContacted) await addCaseEvent(trx, { caseId, workspaceId, kind: 'status', actor: who, data: { from: row.status, to: 'contacted', via }, now });
  return toContacted;
}

export async function updateCase(db: Db, actor: Actor, id: string, raw: CasePatch, context: RequestContext = {}, now = new Date()): Promise<CaseDetailView> {
  await inTransaction(db, async (trx) => {
    const current = await findCase(trx, actor, id);
    const patch = parseInput(CasePatch, raw);
    const reassign = patch.ownerMemberId !== undefined && patch.ownerMemberId !== current.owner_member_id;
    ensure(reassign ? canReassignCase(actor, current.ref) : canWorkCase(actor, current.ref), reassign ? 'reassign this case' : 'change this case');
    if (reassign) ensure(canWorkCase(actor, current.ref), 'change this case');
    const who = eventActorOf(actor);
    const event = (kind: string, data: Record<string, unknown>) =>
      addCaseEvent(trx, { caseId: id, workspaceId: actor.workspaceId, kind, actor: who, data, now });
    const changes: string[] = [];
    const set: Record<string, unknown> = {};

    if (patch.status !== undefined && patch.status !== current.status) {
      const problem = transitionProblem(current.status, patch.status, current.first_contact_at !== null || patch.status === 'contacted');
      if (problem) throw AppError.invalid('body.status', problem);
      set.status = patch.status;
      if (patch.status === 'contacted' && current.first_contact_at === null) set.first_contact_at = now;
      set.closed_at = isClosed(patch.status) ? now : null;
      await event('status', { from: current.status, to: patch.status });
      changes.push('status');
    }
    if (reassign && patch.ownerMemberId) {
      await checkMembers(trx, actor, [patch.ownerMemberId], 'body.ownerMemberId', true);
      set.owner_member_id = patch.ownerMemberId;
      await event('owner', { from: current.owner_member_id, to: patch.ownerMemberId });
      await recordAudit(
        trx,
        actor,
        {
          workspaceId: actor.workspaceId,
          action: 'case.reassigned',
          targetType: 'case',
          targetId: id,
          before: { ownerMemberId: current.owner_member_id },
          after: { ownerMemberId: patch.ownerMemberId },
        },
        context,
      );
      changes.push('owner');
    }
    if (patch.rootCause !== undefined && patch.rootCause !== current.root_cause) {
      const { rootCauses } = await loadLoopRules(trx, actor.workspaceId, now);
      if (patch.rootCause !== null && !rootCauses.includes(patch.rootCause))
        throw AppError.invalid('body.rootCause', `must be one of the root causes in the loop settings: ${rootCauses.join(', ')}`);
      set.root_cause = patch.rootCause;
      await event('root_cause', { from: current.root_cause, to: patch.rootCause });
      changes.push('root_cause');
    }
    if (patch.outcome !== undefined && patch.outcome !== current.outcome) {
      set.outcome = patch.outcome;
      await event('outcome', { from: current.outcome, to: patch.outcome });
      changes.push('outcome');
    }
    if (patch.tags !== undefined) {
      const tags = [...new Set(patch.tags)];
      if (tags.join('\n') !== current.tags.join('\n')) {
        set.tags = tags;
        await event('tags', { from: current.tags, to: tags });
        changes.push('tags');
      }
    }
    if (patch.watcherMemberIds !== undefined) {
      const watchers = [...new Set(patch.watcherMemberIds)];
      if (watchers.join() !== current.watcher_member_ids.join()) {
        await checkMembers(trx, actor, watchers, 'body.watcherMemberIds', false);
        set.watcher_member_ids = watchers;
        await event('watchers', { from: current.watcher_member_ids, to: watchers });
        changes.push('watchers');
      }
    }
    if (changes.length === 0) return;
    await trx
      .updateTable('cases')
      .set({ ...set, updated_at: now })
      .where('id', '=', id)
      .execute();
    await emitCaseWebhook(trx, id, 'case.updated', changes.join(','), now);
  });
  return getCase(db, actor, id, now);
}

export async function addCaseNote(db: Db, actor: Actor, id: string, raw: CaseNote, now = new Date()): Promise<CaseDetailView> {
  await inTransaction(db, async (trx) => {
    const current = await findCase(trx, actor, id);
    ensure(canWorkCase(actor, current.ref), 'add notes to this case');
    const note = parseInput(CaseNote, raw);
    const who = eventActorOf(actor);
    await addCaseEvent(trx, { caseId: id, workspaceId: actor.workspaceId, kind: note.call ? 'call' : 'note', actor: who, data: { text: note.text }, now });
    if (note.call && OPEN.includes(current.status)) await recordContact(trx, id, actor.workspaceId, who, 'call', now);
    else await trx.updateTable('cases').set({ updated_at: now }).where('id', '=', id).execute();
    await emitCaseWebhook(trx, id, 'case.updated', note.call ? 'call' : 'note', now);
  });
  return getCase(db, actor, id, now);
}
