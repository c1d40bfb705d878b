import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, type AttributeDefinition, type AttributeType, api } from '../api.ts';
import { SelectField, TextAreaField, TextField } from '../components/Field.tsx';
import { DeleteDialog, EditDeleteCell } from '../components/ItemActions.tsx';
import { FormActions, Modal } from '../components/Modal.tsx';
import { ErrorNotice, FormError, Loading, Status } from '../components/Notice.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { keys, useAttributeDefinitions } from '../queries.ts';
import { usePermissions } from '../session.tsx';

type Editing = { kind: 'create' } | { kind: 'edit'; definition: AttributeDefinition } | { kind: 'delete'; definition: AttributeDefinition };

const FIELDS = ['key', 'label', 'type', 'allowedValues'] as const;

const TYPE_LABELS: Record<AttributeType, string> = { text: 'Text', number: 'Number', date: 'Date', boolean: 'Yes or no', list: 'List of values' };

export function AttributeDefinitions() {
  const definitions = useAttributeDefinitions();
  const { manageContactData } = usePermissions();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [status, setStatus] = useState('');
  const done = (message: string) => {
    setEditing(null);
    setStatus(message);
  };

  return (
    <>
      <PageHeader
        title="Contact attributes"
        intro="Fields of your own for contacts and accounts, such as region or contract type. Contacts can be filtered by them."
        actions={
          manageContactData && (
            <button type="button" className="button button-primary" onClick={() => setEditing({ kind: 'create' })}>
              Add attribute
            </button>
          )
        }
      />
      {status && <Status message={status} />}
      {definitions.isPending && <Loading what="attributes" />}
      {definitions.isError && <ErrorNotice error={definitions.error} />}
      {definitions.data && (
        <section className="card card-flush" aria-label="Attribute list">
          {definitions.data.length === 0 ? (
            <p className="empty">No attributes yet.</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Label</th>
                  <th scope="col">Key</th>
                  <th scope="col">Type</th>
                  <th scope="col">Allowed values</th>
                  {manageContactData && (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {definitions.data.map((definition) => (
                  <tr key={definition.id}>
                    <th scope="row" data-label="Label">
                      {definition.label}
                    </th>
                    <td data-label="Key">
                      <code>{definition.key}</code>
                    </td>
                    <td data-label="Type">{TYPE_LABELS[definition.type]}</td>
                    <td data-label="Allowed values">{definition.allowedValues?.join(', ') ?? <span className="muted">Any</span>}</td>
                    {manageContactData && (
                      <EditDeleteCell
                        item={definition.label}
                        onEdit={() => setEditing({ kind: 'edit', definition })}
                        onDelete={() => setEditing({ kind: 'delete', definition })}
                      />
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      {editing?.kind === 'create' && <AttributeForm onClose={() => setEditing(null)} onDone={done} />}
      {editing?.kind === 'edit' && <AttributeForm definition={editing.definition} onClose={() => setEditing(null)} onDone={done} />}
      {editing?.kind === 'delete' && <DeleteAttribute definition={editing.definition} onClose={() => setEditing(null)} onDone={done} />}
    </>
  );
}

/** Allowed values are typed one a line; blank lines are ignored. */
const valuesOf = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

function AttributeForm({ definition, onClose, onDone }: { definition?: AttributeDefinition; onClose: () => void; onDone: (message: string) => void }) {
  const queryClient = useQueryClient();
  const [type, setType] = useState<AttributeType>(definition?.type ?? 'text');
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      definition
        ? api.patch<AttributeDefinition>(`/attribute-definitions/${definition.id}`, body)
        : api.post<AttributeDefinition>('/attribute-definitions', body),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: keys.attributes });
      onDone(definition ? `Attribute ${saved.label} is saved.` : `Attribute ${saved.label} is added.`);
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const allowedValues = type === 'list' ? valuesOf(String(form.get('allowedValues') ?? '')) : null;
    save.mutate(definition ? { label: text('label'), allowedValues } : { key: text('key'), label: text('label'), type, allowedValues });
  };
  return (
    <Modal title={definition ? `Edit ${definition.label}` : 'Add attribute'} onClose={onClose}>
      <form className="stack" onSubmit={submit} noValidate>
        <TextField label="Label" name="label" defaultValue={definition?.label} required hint="What people see, such as Contract type." error={save.error} />
        {definition ? (
          <p className="muted small">
            Key <code>{definition.key}</code> · {TYPE_LABELS[definition.type]}. The key and type stay as they are, so imports and integrations keep working.
          </p>
        ) : (
          <>
            <TextField
              label="Key"
              name="key"
              required
              autoComplete="off"
              hint="Used in imports and the API: lowercase letters, digits and _, such as contract_type."
              error={save.error}
            />
            <SelectField label="Type" name="type" value={type} onChange={(event) => setType(event.target.value as AttributeType)} error={save.error}>
              {Object.entries(TYPE_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </SelectField>
          </>
        )}
        {type === 'list' && (
          <TextAreaField
            label="Allowed values"
            name="allowedValues"
            rows={5}
            defaultValue={definition?.allowedValues?.join('\n') ?? ''}
            hint="One a line. Removing a value that contacts still hold is refused."
            error={save.error}
          />
        )}
        {/* A conflict with stored values is explained in full (how many values, which attribute), not only beside the field. */}
        <FormError error={save.error} fields={save.error instanceof ApiError && save.error.status === 409 ? [] : FIELDS} />
        <FormActions pending={save.isPending} label={definition ? 'Save' : 'Add attribute'} onCancel={onClose} />
      </form>
    </Modal>
  );
}

function DeleteAttribute({ definition, onClose, onDone }: { definition: AttributeDefinition; onClose: () => void; onDone: (message: string) => void }) {
  return (
    <DeleteDialog
      name={definition.label}
      noun="attribute"
      path={`/attribute-definitions/${definition.id}`}
      refresh={[keys.attributes, keys.contacts]}
      onClose={onClose}
      onDeleted={() => onDone(`Attribute ${definition.label} is deleted.`)}
    >
      <p>Every value of {definition.label} stored on contacts and accounts is removed with it. This cannot be undone.</p>
    </DeleteDialog>
  );
}
