// Every change to a case is an event row on its timeline and a case.created / case.updated
// webhook event, both written in the transaction of the change.
import type { Db } from '../../db/index.ts';
import type { Actor } from '../access/index.ts';
import { emitWebhookEvent } from '../integrations/index.ts';

/** Who made a change, as the timeline names them; the system (rules, escalation) has no member. */
export interface EventActor {
  memberId: string | null;
  label: string;
}

export const SYSTEM: EventActor = { memberId: null, label: 'Anbefal' };

export const eventActorOf = (actor: Actor): EventActor => ({ memberId: actor.kind === 'user' ? actor.memberId : null, label: actor.label });

export async function addCaseEvent(
  trx: Db,
  input: { caseId: string; workspaceId: string; kind: string; actor: EventActor; data?: Record<string, unknown>; now: Date },
): Promise<void> {
  await trx
    .insertInto('case_events')
    .values({
      case_id: input.caseId,
      workspace_id: input.workspaceId,
      kind: input.kind,
      actor_member_id: input.actor.memberId,
      actor_label: input.actor.label,
      data: JSON.stringify(input.data ?? {}),
      created_at: input.now,
    })
    .execute();
}

/** The case as webhook receivers get it (no personal data beyond ids). */
export async function emitCaseWebhook(trx: Db, caseId: string, type: 'case.created' | 'case.updated', change: string, now: Date): Promise<void> {
  const row = await trx
    .selectFrom('cases')
    .select([
      'id',
      'workspace_id',
      'kind',
      'status',
      'rule_id',
      'response_id',
      'contact_id',
      'unit_id',
      'owner_member_id',
      'due_at',
      'first_contact_at',
      'closed_at',
      'root_cause',
      'outcome',
      'tags',
    ])
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  await emitWebhookEvent(
    trx,
    row.workspace_id,
    type,
    {
      caseId: row.id,
      change,
      kind: row.kind,
      status: row.status,
      ruleId: row.rule_id,
      responseId: row.response_id,
      contactId: row.contact_id,
      unitId: row.unit_id,
      ownerMemberId: row.owner_member_id,
      dueAt: row.due_at.toISOString(),
      firstContactAt: row.first_contact_at?.toISOString() ?? null,
      closedAt: row.closed_at?.toISOString() ?? null,
      rootCause: row.root_cause,
      outcome: row.outcome,
      tags: row.tags,
    },
    now,
  );
}
