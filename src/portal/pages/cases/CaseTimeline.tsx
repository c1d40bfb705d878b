// Everything that happened to a case, oldest first: how it came, notes, calls, replies sent,
// status changes, reassignments and escalations, each with who and when.
import { Fragment, type ReactNode } from 'react';
import type { CaseDetailView, CaseEventView } from '../../../domain/views.ts';
import { useMember } from '../../components/MemberPicker.tsx';
import { formatDateTime } from '../../format.ts';
import { CASE_OUTCOME_LABELS, CASE_STATUS_LABELS } from '../../format-cases.ts';

const statusName = (value: unknown) =>
  typeof value === 'string' && value in CASE_STATUS_LABELS ? CASE_STATUS_LABELS[value as keyof typeof CASE_STATUS_LABELS] : '—';
const outcomeName = (value: unknown) =>
  typeof value === 'string' && value in CASE_OUTCOME_LABELS ? CASE_OUTCOME_LABELS[value as keyof typeof CASE_OUTCOME_LABELS] : 'none';
const listOf = (value: unknown) => (Array.isArray(value) && value.length > 0 ? value.join(', ') : 'none');
const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** A person an event names: known from the case, else looked up (a member the reader may not see stays unnamed). */
function MemberName({ id, known }: { id: string; known: string | undefined }) {
  const member = useMember(known === undefined ? id : null);
  return <>{known ?? member.data?.name ?? (member.isError ? 'someone you cannot see' : '…')}</>;
}

/** What one event says, in a sentence; a note's, call's or reply's text follows it. */
function describe(event: CaseEventView, names: Map<string, string>): ReactNode {
  const data = event.data;
  const member = (id: unknown) => (typeof id === 'string' ? <MemberName key={id} id={id} known={names.get(id)} /> : 'nobody');
  const people = (ids: unknown) =>
    Array.isArray(ids) && ids.length > 0
      ? ids.map((id, index) => (
          <Fragment key={String(id)}>
            {index > 0 && ', '}
            {member(id)}
          </Fragment>
        ))
      : 'none';
  switch (event.kind) {
    case 'created':
      return `Opened by the rule "${text(data.ruleName)}".`;
    case 'rule_matched':
      return `The rule "${text(data.ruleName)}" matched this answer too.`;
    case 'note':
      return 'Note';
    case 'call':
      return 'Called the customer';
    case 'reply':
      return `Replied by email to ${text(data.to)}: "${text(data.subject)}"`;
    case 'status':
      return `Status ${statusName(data.from)} → ${statusName(data.to)}${data.via === 'reply' ? ' (by the reply)' : data.via === 'call' ? ' (by the call)' : ''}.`;
    case 'owner':
      return (
        <>
          Reassigned from {member(data.from)} to {member(data.to)}.
        </>
      );
    case 'root_cause':
      return `Root cause: ${text(data.to) || 'none'}.`;
    case 'outcome':
      return `Outcome: ${outcomeName(data.to)}.`;
    case 'tags':
      return `Tags: ${listOf(data.to)}.`;
    case 'watchers':
      return <>Watchers: {people(data.to)}.</>;
    case 'escalated':
      return (
        <>
          Overdue: escalated (level {String(data.level)}) to {member(data.memberId)}
          {data.notified ? ', who got an email' : ''}.
        </>
      );
    default:
      return event.kind;
  }
}

export function CaseTimeline({ item }: { item: CaseDetailView }) {
  // Names the case itself knows; the owner and watchers are the people its events mostly mention.
  const names = new Map<string, string>(item.watchers.map((w) => [w.id, w.name]));
  if (item.ownerMemberId && item.ownerName) names.set(item.ownerMemberId, item.ownerName);
  return (
    <section className="card" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      <ol className="timeline">
        {item.timeline.map((event) => (
          <li key={event.id} className={`timeline-event timeline-${event.kind}`}>
            <p>
              <strong>{describe(event, names)}</strong>
            </p>
            {(event.kind === 'note' || event.kind === 'call' || event.kind === 'reply') && <p className="timeline-text">{text(event.data.text)}</p>}
            <p className="muted small">
              {event.actorLabel} · <time dateTime={event.createdAt}>{formatDateTime(event.createdAt)}</time>
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}
