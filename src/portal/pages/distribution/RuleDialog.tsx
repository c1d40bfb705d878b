// The dialog that adds or changes a trigger rule: its event type, the conditions that must all hold,
// the survey, the delay ("90 minutes after" or "next business day at 10:00") and the de-duplication.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { Page, SurveyView, TriggerRuleView } from '../../../domain/views.ts';
import { api } from '../../api.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { FormActions, Modal } from '../../components/Modal.tsx';
import { ErrorNotice, FormError } from '../../components/Notice.tsx';
import { UnitSelect } from '../../components/UnitSelect.tsx';
import { useUnits } from '../../queries.ts';

export type Rule = TriggerRuleView;
export const ruleKeys = { rules: ['trigger-rules'] as const, events: ['events'] as const };

type Condition = Rule['conditions'][number];
type Op = Condition['op'];

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

export function RuleDialog({ rule, onClose, onDone }: { rule?: Rule; onClose: () => void; onDone: (message: string) => void }) {
  const queryClient = useQueryClient();
  const units = useUnits();
  const surveys = useQuery({ queryKey: ['surveys', 'for-rules'], queryFn: () => api.get<Page<SurveyView>>('/surveys', { limit: 500 }) });
  const [conditions, setConditions] = useState<ConditionDraft[]>(rule?.conditions.map(draftOf) ?? []);
  const [delayKind, setDelayKind] = useState<Rule['delay']['kind']>(rule?.delay.kind ?? 'next_business_day');
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => (rule ? api.patch<Rule>(`/trigger-rules/${rule.id}`, body) : api.post<Rule>('/trigger-rules', body)),
    // The message once the list shows the change, so what is announced is what is on screen.
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ruleKeys.rules });
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
              {condition.field === 'contact.unitId' && (condition.op === 'equals' || condition.op === 'not_equals') && units.data ? (
                <UnitSelect
                  key={`${condition.id}-unit`}
                  label="Unit"
                  name={`conditions.${index}.value`}
                  units={units.data}
                  defaultValue={condition.value}
                  emptyOption="Choose a unit"
                  onChange={(value) => change(index, { value })}
                  error={save.error}
                />
              ) : (
                condition.op !== 'exists' &&
                condition.op !== 'not_exists' && (
                  <TextField
                    label="Value"
                    name={`conditions.${index}.value`}
                    value={condition.value}
                    onChange={(e) => change(index, { value: e.target.value })}
                    hint={condition.op === 'in' ? 'Separate values with commas.' : condition.field === 'contact.unitId' ? 'Unit ids.' : undefined}
                    error={save.error}
                  />
                )
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
