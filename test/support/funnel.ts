// Email invitations in every state of their life, written straight into the tables (as the sender,
// the dispatcher and the respondent pages would leave them), for the funnel's tests.
import { randomBytes } from 'node:crypto';
import { sql, type Updateable } from 'kysely';
import type { Database, SkipReason, SurveyInvitationsTable } from '../../src/db/index.ts';
import { insertEmailInvitations } from '../../src/domain/distribution/index.ts';

export type InvitationState =
  | 'scheduled'
  | 'queued'
  | 'sent'
  | 'clicked'
  | 'started'
  | 'completed'
  | 'unsubscribed'
  | 'reminded'
  | 'bounced'
  | 'cancelled'
  | { skipped: SkipReason };

type Patch = Updateable<SurveyInvitationsTable>;

function patchFor(state: InvitationState, at: Date): Patch {
  if (typeof state === 'object') return {};
  const sent = { status: 'sent' as const, queued_at: at, sent_at: at };
  switch (state) {
    case 'scheduled':
      return {};
    case 'queued':
      return { status: 'queued' as const, queued_at: at };
    case 'sent':
      return sent;
    case 'clicked':
      return { ...sent, opened_at: at };
    case 'started':
      return { ...sent, opened_at: at, responded_at: at };
    case 'completed':
      return { ...sent, opened_at: at, responded_at: at, completed_at: at };
    case 'unsubscribed':
      return { ...sent, unsubscribed_at: at };
    case 'reminded':
      return { ...sent, reminder_queued_at: at, reminder_sent_at: at };
    case 'bounced':
      return { status: 'bounced' as const, queued_at: at, bounced_at: at, bounce_reason: '550 5.1.1 No such user' };
    case 'cancelled':
      return { status: 'cancelled' as const };
  }
}

export interface FunnelSeed {
  workspaceId: string;
  surveyId: string;
  /** Each invitation goes to a new contact placed in this unit. */
  unitId: string;
  waveId?: string;
  triggerRuleId?: string;
  /** When the invitations were created (and moved on); default now. */
  at?: Date;
}

/** One email invitation per state, each to a new contact; returns the invitation ids in order. */
export async function seedInvitationStates(database: Database, seed: FunnelSeed, states: readonly InvitationState[]): Promise<string[]> {
  const db = database.db;
  const at = seed.at ?? new Date();
  const contacts = await db
    .insertInto('contacts')
    .values(states.map(() => ({ workspace_id: seed.workspaceId, unit_id: seed.unitId, email: `${randomBytes(6).toString('hex')}@funnel.test` })))
    .returning('id')
    .execute();
  const ids = await insertEmailInvitations(
    db,
    seed.workspaceId,
    states.map((state, index) => ({
      surveyId: seed.surveyId,
      contactId: contacts[index]?.id as string,
      scheduledAt: at,
      linkValidityDays: 30,
      waveId: seed.waveId ?? null,
      triggerRuleId: seed.triggerRuleId ?? null,
      skipReason: typeof state === 'object' ? state.skipped : undefined,
    })),
  );
  // created_at is never written by the application; the tests place invitations in time.
  await sql`update survey_invitations set created_at = ${at} where id in (${sql.join(ids)})`.execute(db);
  for (const [index, state] of states.entries()) {
    const patch = patchFor(state, at);
    if (Object.keys(patch).length > 0)
      await db
        .updateTable('survey_invitations')
        .set(patch)
        .where('id', '=', ids[index] as string)
        .execute();
  }
  return ids;
}

export async function seedWave(database: Database, workspaceId: string, surveyId: string, name: string): Promise<string> {
  const row = await database.db
    .insertInto('waves')
    .values({ workspace_id: workspaceId, survey_id: surveyId, name, kind: 'one_off', starts_at: new Date(), status: 'running' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function seedTriggerRule(database: Database, workspaceId: string, surveyId: string, name: string): Promise<string> {
  const row = await database.db
    .insertInto('trigger_rules')
    .values({ workspace_id: workspaceId, survey_id: surveyId, name, event_type: 'order.delivered', delay: JSON.stringify({ kind: 'after', minutes: 60 }) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
