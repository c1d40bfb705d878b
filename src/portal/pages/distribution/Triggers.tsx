// Transactional triggers: rules that turn events from other systems (a delivery, a closed case) into
// scheduled invitations, and the recent events with what each rule made of them. Owners and admins
// add, change, switch off and delete rules; whoever sees distribution reads both.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import type { DistributionEventView, Page } from '../../../domain/views.ts';
import { api } from '../../api.ts';
import { DeleteDialog, EditDeleteCell, OnOffCell, useRuleList } from '../../components/ItemActions.tsx';
import { ErrorNotice, Loading, Status } from '../../components/Notice.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatDateTime } from '../../format.ts';
import { usePermissions } from '../../session.tsx';
import { type Rule, RuleDialog, ruleKeys } from './RuleDialog.tsx';

const SKIPS = { survey_closed: 'not sent: the survey is not active', duplicate: 'not sent: already invited by this rule recently' } as const;

function delayInWords(delay: Rule['delay']): string {
  if (delay.kind === 'next_business_day') return `Next business day at ${delay.at}`;
  const { minutes } = delay;
  if (minutes === 0) return 'At once';
  if (minutes % 1440 === 0) return `${minutes / 1440} day${minutes === 1440 ? '' : 's'} after`;
  if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? '' : 's'} after`;
  return `${minutes} minutes after`;
}

export function Triggers() {
  const { manageDistribution } = usePermissions();
  const { editing, setEditing, status, toggle, done } = useRuleList<Rule>('/trigger-rules', ruleKeys.rules);
  const rules = useQuery({ queryKey: ruleKeys.rules, queryFn: () => api.get<Rule[]>('/trigger-rules') });

  return (
    <>
      <PageHeader
        title="Triggers"
        intro="An event from another system, such as a delivery or a closed case, schedules an invitation when a rule of its type matches."
        actions={
          manageDistribution && (
            <button type="button" className="button button-primary" onClick={() => setEditing({ kind: 'create' })}>
              Add trigger rule
            </button>
          )
        }
      />
      {status && <Status message={status} />}
      {toggle.error && <ErrorNotice error={toggle.error} />}
      {rules.isPending && <Loading what="trigger rules" />}
      {rules.isError && <ErrorNotice error={rules.error} />}
      {rules.data && (
        <section className="card card-flush" aria-label="Trigger rules">
          {rules.data.length === 0 ? (
            <p className="empty">No trigger rules yet.</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Event type</th>
                  <th scope="col">Survey</th>
                  <th scope="col">When</th>
                  <th scope="col">Not again within</th>
                  <th scope="col">On</th>
                  {manageDistribution && (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {rules.data.map((rule) => (
                  <tr key={rule.id}>
                    <th scope="row" data-label="Name">
                      {rule.name}
                      {rule.conditions.length > 0 && (
                        <span className="muted small"> · {rule.conditions.length === 1 ? '1 condition' : `${rule.conditions.length} conditions`}</span>
                      )}
                    </th>
                    <td data-label="Event type">
                      <code>{rule.eventType}</code>
                    </td>
                    <td data-label="Survey">
                      {rule.surveyName}
                      {rule.surveyStatus !== 'active' && <span className="badge badge-warning">{rule.surveyStatus === 'draft' ? 'Draft' : 'Closed'}</span>}
                    </td>
                    <td data-label="When">{delayInWords(rule.delay)}</td>
                    <td data-label="Not again within">{rule.dedupeDays === 0 ? 'No limit' : `${rule.dedupeDays} days`}</td>
                    <OnOffCell
                      name={rule.name}
                      enabled={rule.enabled}
                      canChange={manageDistribution}
                      pending={toggle.isPending}
                      onToggle={() => toggle.mutate(rule)}
                    />
                    {manageDistribution && (
                      <EditDeleteCell
                        item={rule.name}
                        onEdit={() => setEditing({ kind: 'edit', rule })}
                        onDelete={() => setEditing({ kind: 'delete', rule })}
                      />
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      <RecentEvents />
      <Integration />
      {editing?.kind === 'create' && <RuleDialog onClose={() => setEditing(null)} onDone={done} />}
      {editing?.kind === 'edit' && <RuleDialog rule={editing.rule} onClose={() => setEditing(null)} onDone={done} />}
      {editing?.kind === 'delete' && <DeleteRule rule={editing.rule} onClose={() => setEditing(null)} onDone={done} />}
    </>
  );
}

function RecentEvents() {
  const events = useQuery({ queryKey: ruleKeys.events, queryFn: () => api.get<Page<DistributionEventView>>('/events', { limit: 25 }) });
  return (
    <section className="card card-flush" aria-labelledby="recent-events">
      <h2 id="recent-events" className="card-title">
        Recent events
      </h2>
      {events.isPending && <Loading what="events" />}
      {events.isError && <ErrorNotice error={events.error} />}
      {events.data &&
        (events.data.items.length === 0 ? (
          <p className="empty">No events received yet.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Event type</th>
                <th scope="col">Contact</th>
                <th scope="col">Received</th>
                <th scope="col">What happened</th>
              </tr>
            </thead>
            <tbody>
              {events.data.items.map((event) => (
                <tr key={event.id}>
                  <th scope="row" data-label="Event type">
                    <code>{event.type}</code>
                  </th>
                  <td data-label="Contact">
                    {event.contactId ? (
                      <Link to={`/contacts/${event.contactId}`}>{event.contactLabel ?? 'Unnamed contact'}</Link>
                    ) : (
                      <span className="muted">Deleted</span>
                    )}
                  </td>
                  <td data-label="Received">{formatDateTime(event.receivedAt)}</td>
                  <td data-label="What happened">
                    {event.outcome.length === 0 ? (
                      <span className="muted">No rule matched</span>
                    ) : (
                      <ul className="plain-list">
                        {event.outcome.map((o) => (
                          <li key={o.ruleId}>
                            {o.ruleName ?? 'Deleted rule'}:{' '}
                            {o.skipReason
                              ? SKIPS[o.skipReason]
                              : o.invitationStatus === 'scheduled' && o.scheduledAt
                                ? `invitation scheduled for ${formatDateTime(o.scheduledAt)}`
                                : `invitation ${o.invitationStatus ?? 'made'}`}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}

function Integration() {
  const example = `curl -X POST ${window.location.origin}/api/v1/events \\
  -H "Authorization: Bearer anb_…" -H "Content-Type: application/json" \\
  -d '{"type": "order.delivered",
       "contact": {"externalId": "CRM-1042", "email": "anna@example.com", "firstName": "Anna"},
       "occurredAt": "2026-10-23T14:00:00Z",
       "properties": {"orderNumber": "A-17", "technician": "Ole"},
       "idempotencyKey": "delivery-A-17"}'`;
  return (
    <section className="card" aria-labelledby="send-events">
      <h2 id="send-events">Sending events</h2>
      <p>
        Your CRM, shop or service desk posts each event with an API key that may write (made under API keys). An unknown contact named by external id or email
        is created; the other contact fields update it. The properties are kept with the invitation and the answer. Repeating a request with the same{' '}
        <code>idempotencyKey</code> records nothing twice.
      </p>
      <pre>
        <code>{example}</code>
      </pre>
    </section>
  );
}

function DeleteRule({ rule, onClose, onDone }: { rule: Rule; onClose: () => void; onDone: (message: string) => void }) {
  return (
    <DeleteDialog
      name={rule.name}
      noun="trigger rule"
      path={`/trigger-rules/${rule.id}`}
      refresh={[ruleKeys.rules]}
      onClose={onClose}
      onDeleted={() => onDone(`Trigger rule ${rule.name} is deleted.`)}
    >
      <p>Invitations this rule scheduled that have not gone out yet are cancelled. Sent invitations and their answers stay.</p>
    </DeleteDialog>
  );
}
