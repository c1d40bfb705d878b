// The dialog that adds or changes an alert rule: its name, the conditions that must all hold for
// an answer, and what happens then (a case, an email, Slack, Teams, a webhook).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { AlertActionView, AlertConditionView, AlertRuleView } from '../../../domain/views.ts';
import { api } from '../../api.ts';
import { TextField } from '../../components/Field.tsx';
import { FormActions, Modal } from '../../components/Modal.tsx';
import { FormError } from '../../components/Notice.tsx';
import { caseKeys } from './queries.ts';
import { ActionRow, ConditionRow } from './RuleRows.tsx';
import { actionDraft, actionOf, conditionDraft, conditionOf, type Draft, NEW_ACTION, NEW_CONDITION, newDraft } from './rule-drafts.ts';

function useRows<T extends string>(initial: Draft<T>[], defaults: Record<T, Record<string, string>>) {
  const [rows, setRows] = useState(initial);
  return {
    rows,
    add: (type: T) => setRows((list) => [...list, newDraft(type, defaults[type])]),
    remove: (index: number) => setRows((list) => list.filter((_, i) => i !== index)),
    retype: (index: number, type: T) => setRows((list) => list.map((row, i) => (i === index ? newDraft(type, defaults[type]) : row))),
    change: (index: number, values: Record<string, string>) =>
      setRows((list) => list.map((row, i) => (i === index ? { ...row, values: { ...row.values, ...values } } : row))),
  };
}

export function AlertRuleDialog({ rule, onClose, onDone }: { rule?: AlertRuleView; onClose: () => void; onDone: (message: string) => void }) {
  const queryClient = useQueryClient();
  const conditions = useRows<AlertConditionView['type']>(rule?.conditions.map(conditionDraft) ?? [newDraft('category', NEW_CONDITION.category)], NEW_CONDITION);
  const actions = useRows<AlertActionView['type']>(rule?.actions.map(actionDraft) ?? [newDraft('create_case', NEW_ACTION.create_case)], NEW_ACTION);
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      rule ? api.patch<AlertRuleView>(`/alert-rules/${rule.id}`, body) : api.post<AlertRuleView>('/alert-rules', body),
    // The message once the list shows the change, so what is announced is what is on screen.
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: caseKeys.rules });
      onDone(rule ? `Alert rule ${saved.name} is saved.` : `Alert rule ${saved.name} is added.`);
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    save.mutate({
      name: String(form.get('name') ?? '').trim(),
      enabled: form.get('enabled') === 'on',
      conditions: conditions.rows.map(conditionOf),
      actions: actions.rows.map(actionOf),
    });
  };
  const fieldNames = [
    'name',
    ...conditions.rows.flatMap((row, i) => Object.keys(row.values).map((name) => `conditions.${i}.${name}`)),
    ...actions.rows.flatMap((row, i) => Object.keys(row.values).map((name) => `actions.${i}.${name}`)),
  ];
  return (
    <Modal title={rule ? `Edit ${rule.name}` : 'Add alert rule'} onClose={onClose}>
      <form className="stack" onSubmit={submit} noValidate>
        <TextField label="Name" name="name" defaultValue={rule?.name} required error={save.error} />
        <h3>When an answer matches all of these</h3>
        {conditions.rows.map((row, index) => (
          <ConditionRow
            key={row.id}
            draft={row}
            index={index}
            error={save.error}
            onType={(type) => conditions.retype(index, type)}
            onChange={(values) => conditions.change(index, values)}
            onRemove={conditions.rows.length > 1 ? () => conditions.remove(index) : undefined}
          />
        ))}
        <div>
          <button type="button" className="button button-small" onClick={() => conditions.add('score')}>
            Add condition
          </button>
        </div>
        <h3>Then</h3>
        {actions.rows.map((row, index) => (
          <ActionRow
            key={row.id}
            draft={row}
            index={index}
            error={save.error}
            onType={(type) => actions.retype(index, type)}
            onChange={(values) => actions.change(index, values)}
            onRemove={actions.rows.length > 1 ? () => actions.remove(index) : undefined}
          />
        ))}
        <div>
          <button type="button" className="button button-small" onClick={() => actions.add('email')}>
            Add action
          </button>
        </div>
        <label className="checkbox">
          <input type="checkbox" name="enabled" defaultChecked={rule?.enabled ?? true} /> On
        </label>
        <FormError error={save.error} fields={fieldNames} />
        <FormActions pending={save.isPending} label={rule ? 'Save' : 'Add alert rule'} onCancel={onClose} />
      </form>
    </Modal>
  );
}
