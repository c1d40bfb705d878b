// Replying to the customer from a case: an email through the outbox, sent as the case's owner the
// way invitations are ("{owner} via {company}" on the workspace's address, Reply-To the owner),
// threaded (Message-ID <case-{caseId}-reply-{n}@host>, In-Reply-To and References the earlier
// replies), logged on the timeline, and counting as first contact.
import { z } from 'zod';
import { type Db, inTransaction } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import type { MailQueue } from '../../mail/index.ts';
import { type Actor, canWorkCase, ensure } from '../access/index.ts';
import { fromHeader, loadWorkspaceSender } from '../distribution/sender.ts';
import type { CaseDetailView } from '../views.ts';
import { recordContact } from './case-changes.ts';
import { findCase, getCase } from './cases.ts';
import { recipients } from './owners.ts';
import { parseInput } from './parse.ts';
import { addCaseEvent, emitCaseWebhook, eventActorOf } from './timeline.ts';

export const CaseReply = z
  .object({
    subject: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional().meta({
      description: 'The first reply\'s subject is "Your feedback to {company}" unless given; later replies answer "Re: " the previous one.',
    }),
    text: z.string().trim().min(1, 'must not be empty').max(10_000, 'must be at most 10,000 characters'),
  })
  .strict()
  .meta({ id: 'CaseReply' });
export type CaseReply = z.infer<typeof CaseReply>;

export const replyMessageId = (caseId: string, n: number, domain: string) => `<case-${caseId}-reply-${n}@${domain}>`;

export async function replyToCustomer(db: Db, actor: Actor, mail: MailQueue, id: string, raw: CaseReply, now = new Date()): Promise<CaseDetailView> {
  await inTransaction(db, async (trx) => {
    const current = await findCase(trx, actor, id);
    ensure(canWorkCase(actor, current.ref), 'reply to the customer of this case');
    const input = parseInput(CaseReply, raw);
    const contact = current.contact_id ? await trx.selectFrom('contacts').select('email').where('id', '=', current.contact_id).executeTakeFirst() : undefined;
    if (!contact?.email)
      throw new AppError(
        'conflict',
        'This case has no customer email address to reply to (an anonymous answer, or the contact has none); call them or close the case.',
      );
    // Claims the reply number: the row lock serialises two replies sent at once.
    const claimed = await trx
      .updateTable('cases')
      .set((eb) => ({ reply_count: eb('reply_count', '+', 1), updated_at: now }))
      .where('id', '=', id)
      .returning(['reply_count'])
      .executeTakeFirstOrThrow();
    const n = claimed.reply_count;
    const sender = await loadWorkspaceSender(trx, actor.workspaceId);
    const owner = current.owner_member_id ? (await recipients(trx, actor.workspaceId, [current.owner_member_id])).get(current.owner_member_id) : undefined;
    const previous = await trx.selectFrom('case_events').select('data').where('case_id', '=', id).where('kind', '=', 'reply').orderBy('id').execute();
    const earlierIds = previous.map((event) => (event.data as { messageId: string }).messageId);
    const lastSubject = (previous.at(-1)?.data as { subject?: string } | undefined)?.subject;
    const subject = input.subject ?? (lastSubject ? (lastSubject.startsWith('Re: ') ? lastSubject : `Re: ${lastSubject}`) : `Your feedback to ${sender.name}`);
    const messageId = replyMessageId(id, n, mail.messageIdDomain);
    const showOwner = sender.senderIsOwner && owner !== undefined;
    const queued = await mail.enqueue(trx, {
      workspaceId: actor.workspaceId,
      kind: 'case_reply',
      to: contact.email,
      subject,
      text: input.text,
      messageId,
      headers: earlierIds.length > 0 ? { 'In-Reply-To': earlierIds.at(-1) as string, References: earlierIds.join(' ') } : {},
      from: fromHeader(sender, showOwner && owner ? { name: owner.name, email: owner.email } : null),
      replyTo: owner?.email ?? undefined,
    });
    const who = eventActorOf(actor);
    await addCaseEvent(trx, {
      caseId: id,
      workspaceId: actor.workspaceId,
      kind: 'reply',
      actor: who,
      data: { n, messageId, outboxId: queued.id, to: contact.email, subject, text: input.text },
      now,
    });
    await recordContact(trx, id, actor.workspaceId, who, 'reply', now);
    await emitCaseWebhook(trx, id, 'case.updated', 'reply', now);
  });
  mail.nudge();
  return getCase(db, actor, id, now);
}
