import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { type ApiKey, api } from '../api.ts';
import { SelectField, TextField } from '../components/Field.tsx';
import { ItemButton } from '../components/ItemActions.tsx';
import { ConfirmDialog, Modal } from '../components/Modal.tsx';
import { ErrorNotice, FormError, Loading, Status } from '../components/Notice.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatDateTime } from '../format.ts';
import { keys } from '../queries.ts';

const FIELDS = ['name', 'scope'] as const;

type CreatedKey = ApiKey & { key: string };

export function ApiKeys() {
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: keys.apiKeys, queryFn: async () => (await api.get<{ items: ApiKey[] }>('/api-keys')).items });
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [status, setStatus] = useState('');
  const create = useMutation({
    mutationFn: (body: { name: string; scope: string }) => api.post<CreatedKey>('/api-keys', body),
    onSuccess: (key) => {
      void queryClient.invalidateQueries({ queryKey: keys.apiKeys });
      setCreated(key);
    },
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    create.mutate({ name: String(form.get('name') ?? '').trim(), scope: String(form.get('scope')) }, { onSuccess: () => formElement.reset() });
  };

  return (
    <>
      <PageHeader
        title="API keys"
        intro={
          <>
            Keys let other systems use the Anbefal API: they send the key in the Authorization header as <code>Bearer anb_…</code>.
          </>
        }
      />
      <section className="card" aria-labelledby="create-key-heading">
        <h2 id="create-key-heading">Create a key</h2>
        <form className="inline-form" onSubmit={submit} noValidate>
          <TextField label="Name" name="name" hint="What uses it, such as “CRM sync”." autoComplete="off" required error={create.error} />
          <SelectField label="Access" name="scope" defaultValue="read" error={create.error}>
            <option value="read">Read: read all data</option>
            <option value="write">Write: read, and change units and members</option>
          </SelectField>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create key'}
          </button>
        </form>
        <FormError error={create.error} fields={FIELDS} />
      </section>
      {status && <Status message={status} />}
      {list.isPending && <Loading what="API keys" />}
      {list.isError && <ErrorNotice error={list.error} />}
      {list.data && (
        <section className="card card-flush" aria-label="Keys">
          {list.data.length === 0 ? <p className="empty">No API keys yet.</p> : <KeyTable keys={list.data} onRevoke={setRevoking} />}
        </section>
      )}
      {created && <NewKey created={created} onClose={() => setCreated(null)} />}
      {revoking && (
        <RevokeKey
          apiKey={revoking}
          onClose={() => setRevoking(null)}
          onDone={(message) => {
            setRevoking(null);
            setStatus(message);
          }}
        />
      )}
    </>
  );
}

function KeyTable({ keys: items, onRevoke }: { keys: ApiKey[]; onRevoke: (key: ApiKey) => void }) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Key</th>
          <th scope="col">Access</th>
          <th scope="col">Created</th>
          <th scope="col">Last used</th>
          <th scope="col">Status</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((key) => (
          <tr key={key.id}>
            <th scope="row" data-label="Name">
              {key.name}
            </th>
            <td data-label="Key">
              <code>{key.prefix}…</code>
            </td>
            <td data-label="Access">{key.scope === 'write' ? 'Write' : 'Read'}</td>
            <td data-label="Created">{formatDateTime(key.createdAt)}</td>
            <td data-label="Last used">{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : <span className="muted">Never</span>}</td>
            <td data-label="Status">
              {key.revokedAt ? <span className="badge badge-danger">Revoked</span> : <span className="badge badge-success">Active</span>}
            </td>
            <td className="cell-actions">{!key.revokedAt && <ItemButton label="Revoke" item={key.name} danger onClick={() => onRevoke(key)} />}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The secret is in the create answer only: show it once, with a way to copy it. */
function NewKey({ created, onClose }: { created: CreatedKey; onClose: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  };
  return (
    <Modal title={`API key “${created.name}” is created`} onClose={onClose}>
      <div className="stack">
        <p className="notice notice-warning">
          Copy the key now and store it somewhere safe, such as your secret manager. It is shown only this once; if you lose it, revoke it and create a new one.
        </p>
        <TextField label="Your new API key" name="key" value={created.key} readOnly className="mono" onFocus={(event) => event.currentTarget.select()} />
        <div className="actions">
          <button type="button" className="button button-primary" onClick={() => void copy()}>
            Copy key
          </button>
          <button type="button" className="button" onClick={onClose}>
            Done
          </button>
        </div>
        {copied && (
          <Status
            message={copied === 'yes' ? 'The key is copied to the clipboard.' : 'Copying is blocked by the browser: select the key and copy it by hand.'}
          />
        )}
      </div>
    </Modal>
  );
}

function RevokeKey({ apiKey, onClose, onDone }: { apiKey: ApiKey; onClose: () => void; onDone: (message: string) => void }) {
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => api.delete<ApiKey>(`/api-keys/${apiKey.id}`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: keys.apiKeys });
      onDone(`The key ${apiKey.name} is revoked.`);
    },
  });
  return (
    <ConfirmDialog
      title={`Revoke ${apiKey.name}?`}
      confirmLabel="Revoke key"
      pending={revoke.isPending}
      error={revoke.error}
      onConfirm={() => revoke.mutate()}
      onClose={onClose}
    >
      <p>Systems using this key stop working at once. This cannot be undone.</p>
    </ConfirmDialog>
  );
}
