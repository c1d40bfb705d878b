// A bounce: an address the receiving side rejected, seen by our SMTP client at sending ('smtp')
// or reported by another system through POST /api/v1/bounces ('api'). Every bounce is recorded;
// a permanent one also marks the address invalid on the workspace's live contacts (eligibility
// then skips them with email_invalid until the email changes) and the invitation bounced.
import { sql } from 'kysely';
import { type Db, inTransaction } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { type Actor, canManageDistribution } from '../access/index.ts';
import { type RequestContext, recordAudit } from '../audit/index.ts';
import type { ReportedBounceView } from '../views.ts';

export type BounceKind = 'permanent' | 'temporary';

export interface BounceReport {
  workspaceId: string;
  /** The rejected address; taken from the email (messageId) or the invitation when absent. */
  email?: string;
  /** The Message-ID of the email that bounced (an invitation's or its reminder's). */
  messageId?: string;
  invitationId?: string;
  kind: BounceKind;
  reason?: string | null;
  source: 'smtp' | 'api';
}

export interface RecordedBounce {
  id: string;
  email: string;
  kind: BounceKind;
  /** Live contacts with this address marked invalid (permanent bounces only). */
  contactsMarked: number;
  /** The invitation the bounced email belonged to, when known. */
  invitationId: string | null;
}

/** Returns null when the bounce names no address that can be found (unknown messageId/invitation, no email). */
export async function recordBounce(db: Db, report: BounceReport, now: Date): Promise<RecordedBounce | null> {
  const { workspaceId } = report;
  const outbox = report.messageId
    ? await db
        .selectFrom('outbox')
        .select(['id', 'to_address'])
        .where('workspace_id', '=', workspaceId)
        .where('message_id', '=', report.messageId)
        .executeTakeFirst()
    : undefined;
  const invitation = await findInvitation(db, workspaceId, report.invitationId, outbox?.id);
  const email = report.email ?? outbox?.to_address ?? invitation?.email ?? null;
  if (email === null) return null;
  const reason = report.reason?.slice(0, 1000) ?? null;

  let contactsMarked = 0;
  if (report.kind === 'permanent') {
    const marked = await db
      .updateTable('contacts')
      .set({ email_invalid_at: now, email_invalid_reason: reason ?? 'bounced' })
      .where('workspace_id', '=', workspaceId)
      .where(sql`lower(email)`, '=', email.toLowerCase())
      .where('deleted_at', 'is', null)
      .returning('id')
      .execute();
    contactsMarked = marked.length;
    if (invitation) {
      await db
        .updateTable('survey_invitations')
        .set({ status: 'bounced', bounced_at: sql`coalesce(bounced_at, ${now})`, bounce_reason: reason ?? 'bounced' })
        .where('id', '=', invitation.id)
        .where('status', 'in', ['queued', 'sent', 'bounced'])
        .execute();
    }
  }

  const contactId =
    invitation?.contactId ??
    (
      await db
        .selectFrom('contacts')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .where(sql`lower(email)`, '=', email.toLowerCase())
        .where('deleted_at', 'is', null)
        .executeTakeFirst()
    )?.id ??
    null;
  const row = await db
    .insertInto('bounces')
    .values({
      workspace_id: workspaceId,
      email,
      contact_id: contactId,
      invitation_id: invitation?.id ?? null,
      kind: report.kind,
      reason,
      source: report.source,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, email, kind: report.kind, contactsMarked, invitationId: invitation?.id ?? null };
}

async function findInvitation(db: Db, workspaceId: string, invitationId: string | undefined, outboxId: string | undefined) {
  if (invitationId === undefined && outboxId === undefined) return undefined;
  return db
    .selectFrom('survey_invitations as i')
    .leftJoin('contacts as c', 'c.id', 'i.contact_id')
    .select(['i.id', 'i.contact_id as contactId', 'c.email'])
    .where('i.workspace_id', '=', workspaceId)
    .where((eb) =>
      invitationId !== undefined
        ? eb('i.id', '=', invitationId)
        : eb.or([eb('i.outbox_id', '=', outboxId ?? ''), eb('i.reminder_outbox_id', '=', outboxId ?? '')]),
    )
    .executeTakeFirst();
}

export interface BounceInput {
  email?: string;
  messageId?: string;
  kind: BounceKind;
  reason?: string;
}

/**
 * A bounce reported by another system (POST /api/v1/bounces). An address is recorded even when
 * no contact has it (contactsMarked 0); a messageId alone that matches no email of the workspace
 * is an error, since there is then no address to record.
 */
export async function reportBounce(db: Db, actor: Actor, input: BounceInput, now: Date, context: RequestContext): Promise<ReportedBounceView> {
  if (!canManageDistribution(actor)) throw AppError.forbidden('report bounces');
  if (input.email === undefined && input.messageId === undefined) throw AppError.invalid('email', 'give email or messageId (or both)');
  return inTransaction(db, async (trx) => {
    const recorded = await recordBounce(
      trx,
      { workspaceId: actor.workspaceId, email: input.email, messageId: input.messageId, kind: input.kind, reason: input.reason ?? null, source: 'api' },
      now,
    );
    if (!recorded) throw AppError.notFound(`An email with messageId ${input.messageId}`);
    await recordAudit(
      trx,
      actor,
      {
        workspaceId: actor.workspaceId,
        action: 'bounce.reported',
        targetType: 'bounce',
        targetId: recorded.id,
        after: { ...input, invitationId: recorded.invitationId },
      },
      context,
    );
    return {
      id: recorded.id,
      email: recorded.email,
      kind: recorded.kind,
      reason: input.reason ?? null,
      contactsMarked: recorded.contactsMarked,
      invitationId: recorded.invitationId,
      createdAt: now.toISOString(),
    };
  });
}
