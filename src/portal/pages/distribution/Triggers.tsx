// Transactional triggers: rules that turn events from other systems (a delivery, a closed case) into
// scheduled invitations, and the recent events with what each rule made of them. Owners and admins
// add, change, switch off and delete rules; whoever sees distribution reads both.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router-dom';
import type { DistributionEventView, Page, SurveyView, TriggerRuleView } from '../../../domain/views.ts';
import { api } from '../../api.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { ConfirmDialog, FormActions, Modal } from '../../components/Modal.tsx';
import { ErrorNotice, FormError, Loading, Status } from '../../components/Notice.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatDateTime } from '../../format.ts';
import { usePermissions } from '../../session.tsx';

type Rule = TriggerRuleView;
type Condition = Rule['conditions'][number];
type Op = Condition['op'];
type Editing = { kind: 'create' } | { kind: 'edit'; rule: Rule } | { kind: 'delete'; rule: Rule };

const ruleKeys = { rules: ['trigger-rules'] as const, events: ['events'] as const };

const OPS: { value: Op; label: string }[] = [
  { value: 'equals', label: 'equals' },
  { value: 'not_equals', label: 'does not equal' },
  { value: 'in', label: 'is one of' },
  { value: 'exists', label: 'is present' },
  { value: 'not_exists', label: 'is missing' },
  { value: 'gt', label: 'is greater than' },
  { value: 'lt', label: 'is less than' },
];
/** Fields of a condition; those ending in "." take a key after them. */
const FIELDS = [
  { value: 'properties.', label: 'Event property' },
  { value: 'contact.segment', label: 'Contact segment' },
  { value: 'contact.language', label: 'Contact language' },
  { value: 'contact.unitId', label: 'Contact unit (or below)' },
  { value: 'contact.attributes.', label: 'Contact attribute' },
];
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
  const [editing, setEditing] = useState<Editing | null>(null);
  const [status, setStatus] = useState('');
  const queryClient = useQueryClient();
  const rules = useQuery({ queryKey: ruleKeys.rules, queryFn: () => api.get<Rule[]>('/trigger-rules') });
  const toggle = useMutation({
    mutationFn: (rule: Rule) => api.patch<Rule>(`/trigger-rules/${rule.id}`, { enabled: !rule.enabled }),
    onSuccess: (rule) => {
      setStatus(`${rule.name} is ${rule.enabled ? 'switched on' : 'switched off'}.`);
      void queryClient.invalidateQueries({ queryKey: ruleKeys.rules });
    },
  });
  const done = (message: string) => {
    setEditing(null);
    setStatus(message);
  };

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
                    <td data-label="On">
                      {manageDistribution ? (
                        <label className="checkbox">
                          <input type="checkbox" checked={rule.enabled} disabled={toggle.isPending} onChange={() => toggle.mutate(rule)} />
                          <span className="visually-hidden">{rule.name} is </span>
                          {rule.enabled ? 'On' : 'Off'}
                        </label>
                      ) : rule.enabled ? (
                        'On'
                      ) : (
                        'Off'
                      )}
                    </td>
                    {manageDistribution && (
                      <td className="cell-actions">
                        <div className="row-actions">
                          <button type="button" className="button button-small" onClick={() => setEditing({ kind: 'edit', rule })}>
                            Edit<span className="visually-hidden"> {rule.name}</span>
                          </button>
                          <button type="button" className="button button-small button-danger-quiet" onClick={() => setEditing({ kind: 'delete', rule })}>
                            Delete<span className="visually-hidden"> {rule.name}</span>
                          </button>
                        </div>
                      </td>
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

interface ConditionDraft {
  /** Keeps a row's inputs with it when an earlier row is removed. */
  id: number;
  field: string;
  key: string;
  op: Op;
  value: string;
}

let nextConditionId = 0;

const draftOf = (condition: Condition): ConditionDraft => {
  const prefix = FIELDS.find((f) => f.value.endsWith('.') && condition.field.startsWith(f.value));
  const value = condition.value === undefined ? '' : Array.isArray(condition.value) ? condition.value.join(', ') : String(condition.value);
  return prefix
    ? { id: nextConditionId++, field: prefix.value, key: condition.field.slice(prefix.value.length), op: condition.op, value }
    : { id: nextConditionId++, field: condition.field, key: '', op: condition.op, value };
};

/** What the API expects: a list for "is one of", a number where the text is one, nothing for presence. */
function conditionOf(draft: ConditionDraft): Condition {
  const field = draft.field.endsWith('.') ? `${draft.field}${draft.key.trim()}` : draft.field;
  if (draft.op === 'exists' || draft.op === 'not_exists') return { field, op: draft.op };
  const scalar = (text: string) => (/^-?\d+(\.\d+)?$/.test(text) && (draft.op === 'gt' || draft.op === 'lt') ? Number(text) : text);
  if (draft.op === 'in')
    return {
      field,
      op: draft.op,
      value: draft.value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    };
  return { field, op: draft.op, value: scalar(draft.value.trim()) };
}

function RuleDialog({ rule, onClose, onDone }: { rule?: Rule; onClose: () => void; onDone: (message: string) => void }) {
  const queryClient = useQueryClient();
  const surveys = useQuery({ queryKey: ['surveys', 'for-rules'], queryFn: () => api.get<Page<SurveyView>>('/surveys', { limit: 500 }) });
  const [conditions, setConditions] = useState<ConditionDraft[]>(rule?.conditions.map(draftOf) ?? []);
  const [delayKind, setDelayKind] = useState<Rule['delay']['kind']>(rule?.delay.kind ?? 'next_business_day');
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => (rule ? api.patch<Rule>(`/trigger-rules/${rule.id}`, body) : api.post<Rule>('/trigger-rules', body)),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ruleKeys.rules });
      onDone(rule ? `Trigger rule ${saved.name} is saved.` : `Trigger rule ${saved.name} is added.`);
    },
  });
  const change = (index: number, patch: Partial<ConditionDraft>) => setConditions((list) => list.map((c, i) => (i === index ? { ...c, ...patch } : c)));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    save.mutate({
      name: text('name'),
      eventType: text('eventType'),
      surveyId: text('surveyId'),
      conditions: conditions.map(conditionOf),
      delay: delayKind === 'after' ? { kind: 'after', minutes: Number(text('delay.minutes')) } : { kind: 'next_business_day', at: text('delay.at') },
      dedupeDays: Number(text('dedupeDays')),
      enabled: form.get('enabled') === 'on',
    });
  };
  const fieldNames = [
    'name',
    'eventType',
    'surveyId',
    'minutes',
    'at',
    'dedupeDays',
    'conditions',
    ...conditions.flatMap((_, i) => ['field', 'op', 'value'].map((p) => `conditions.${i}.${p}`)),
  ];
  const delay = rule?.delay;
  return (
    <Modal title={rule ? `Edit ${rule.name}` : 'Add trigger rule'} onClose={onClose}>
      <form className="stack" onSubmit={submit} noValidate>
        <TextField label="Name" name="name" defaultValue={rule?.name} required error={save.error} />
        <TextField
          label="Event type"
          name="eventType"
          defaultValue={rule?.eventType}
          required
          autoComplete="off"
          hint="The type your system sends, in lowercase, such as order.delivered."
          error={save.error}
        />
        {surveys.isError && <ErrorNotice error={surveys.error} />}
        <SelectField label="Survey" name="surveyId" defaultValue={rule?.surveyId} error={save.error} hint="Invitations are only scheduled while it is active.">
          {surveys.data?.items.map((survey) => (
            <option key={survey.id} value={survey.id}>
              {survey.name}
              {survey.status === 'active' ? '' : ` (${survey.status})`}
            </option>
          ))}
        </SelectField>
        <fieldset className="fieldset stack">
          <legend>Conditions (all must hold)</legend>
          {conditions.length === 0 && <p className="muted small">None: every event of this type counts.</p>}
          {conditions.map((condition, index) => (
            <fieldset key={condition.id} className="condition-row">
              <legend className="visually-hidden">Condition {index + 1}</legend>
              <SelectField
                label="Field"
                name={`conditions.${index}.field`}
                value={condition.field}
                onChange={(e) => change(index, { field: e.target.value })}
                error={save.error}
              >
                {FIELDS.map((f) => (
                  <option key={f.value} value={f.value}>
                    {f.label}
                  </option>
                ))}
              </SelectField>
              {condition.field.endsWith('.') && (
                <TextField label="Key" name={`conditions.${index}.key`} value={condition.key} onChange={(e) => change(index, { key: e.target.value })} />
              )}
              <SelectField
                label="Test"
                name={`conditions.${index}.op`}
                value={condition.op}
                onChange={(e) => change(index, { op: e.target.value as Op })}
                error={save.error}
              >
                {OPS.map((op) => (
                  <option key={op.value} value={op.value}>
                    {op.label}
                  </option>
                ))}
              </SelectField>
              {condition.op !== 'exists' && condition.op !== 'not_exists' && (
                <TextField
                  label="Value"
                  name={`conditions.${index}.value`}
                  value={condition.value}
                  onChange={(e) => change(index, { value: e.target.value })}
                  hint={condition.op === 'in' ? 'Separate values with commas.' : condition.field === 'contact.unitId' ? 'A unit id.' : undefined}
                  error={save.error}
                />
              )}
              <button
                type="button"
                className="button button-small button-danger-quiet"
                onClick={() => setConditions((list) => list.filter((_, i) => i !== index))}
              >
                Remove condition {index + 1}
              </button>
            </fieldset>
          ))}
          <div>
            <button
              type="button"
              className="button button-small"
              onClick={() => setConditions((list) => [...list, { id: nextConditionId++, field: 'properties.', key: '', op: 'equals', value: '' }])}
            >
              Add condition
            </button>
          </div>
        </fieldset>
        <SelectField label="When" name="delayKind" value={delayKind} onChange={(e) => setDelayKind(e.target.value as Rule['delay']['kind'])}>
          <option value="next_business_day">Next business day at a time</option>
          <option value="after">A number of minutes after the event</option>
        </SelectField>
        {delayKind === 'after' ? (
          <TextField
            label="Minutes after the event"
            name="delay.minutes"
            type="number"
            min={0}
            max={43200}
            defaultValue={delay?.kind === 'after' ? delay.minutes : 60}
            error={save.error}
          />
        ) : (
          <TextField
            label="Time of day"
            name="delay.at"
            type="time"
            defaultValue={delay?.kind === 'next_business_day' ? delay.at : '10:00'}
            hint="In the contact's time zone, else the workspace's; business days are the send-window weekdays."
            error={save.error}
          />
        )}
        <TextField
          label="Not again within (days)"
          name="dedupeDays"
          type="number"
          min={0}
          max={730}
          defaultValue={rule?.dedupeDays ?? 30}
          hint="No second invitation from this rule to the same contact within this many days; 0 for no limit."
          error={save.error}
        />
        <label className="checkbox">
          <input type="checkbox" name="enabled" defaultChecked={rule?.enabled ?? true} /> On
        </label>
        <FormError error={save.error} fields={fieldNames} />
        <FormActions pending={save.isPending} label={rule ? 'Save' : 'Add trigger rule'} onCancel={onClose} />
      </form>
    </Modal>
  );
}

function DeleteRule({ rule, onClose, onDone }: { rule: Rule; onClose: () => void; onDone: (message: string) => void }) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api.delete(`/trigger-rules/${rule.id}`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ruleKeys.rules });
      onDone(`Trigger rule ${rule.name} is deleted.`);
    },
  });
  return (
    <ConfirmDialog
      title={`Delete ${rule.name}?`}
      confirmLabel="Delete trigger rule"
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() => remove.mutate()}
      onClose={onClose}
    >
      <p>Invitations this rule scheduled that have not gone out yet are cancelled. Sent invitations and their answers stay.</p>
    </ConfirmDialog>
  );
}
