// Adds or changes an account: its name, keys, revenue, owner, unit and custom attributes.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { type Account, type AttributeDefinition, api, type Unit } from '../api.ts';
import { keys } from '../queries.ts';
import { TextField } from './Field.tsx';
import { FormActions, Modal } from './Modal.tsx';
import { FormError } from './Notice.tsx';
import { AttributeFieldset, attributesFromForm, PlacementFields } from './RecordFields.tsx';

interface Props {
  units: Unit[];
  definitions: AttributeDefinition[];
  /** The account being changed; absent when adding one. */
  account?: Account;
  onClose: () => void;
  onDone: (saved: Account) => void;
}

export function AccountForm({ units, definitions, account, onClose, onDone }: Props) {
  const queryClient = useQueryClient();
  const fields = ['name', 'externalId', 'segment', 'revenue', 'ownerMemberId', 'unitId', ...definitions.map((d) => `attributes.${d.key}`)];
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => (account ? api.patch<Account>(`/accounts/${account.id}`, body) : api.post<Account>('/accounts', body)),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: keys.accounts });
      queryClient.setQueryData([...keys.accounts, 'one', saved.id], saved);
      onDone(saved);
    },
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const revenue = text('revenue');
    const body: Record<string, unknown> = {
      name: text('name'),
      externalId: text('externalId') || null,
      segment: text('segment') || null,
      revenue: revenue === '' ? null : Number(revenue),
      ownerMemberId: text('ownerMemberId') || null,
    };
    if (text('unitId')) body.unitId = text('unitId');
    body.attributes = attributesFromForm(definitions, text, account?.attributes);
    save.mutate(body);
  };

  return (
    <Modal title={account ? `Edit ${account.name}` : 'Add account'} onClose={onClose}>
      <form className="stack" onSubmit={submit} noValidate>
        <TextField label="Name" name="name" defaultValue={account?.name ?? ''} autoComplete="off" required error={save.error} />
        <div className="form-grid">
          <TextField label="Segment" name="segment" defaultValue={account?.segment ?? ''} error={save.error} />
          <TextField
            label="Revenue"
            name="revenue"
            type="number"
            step="any"
            inputMode="decimal"
            defaultValue={account?.revenue ?? ''}
            hint="A plain number, such as 1250000."
            error={save.error}
          />
        </div>
        <TextField
          label="External ID"
          name="externalId"
          defaultValue={account?.externalId ?? ''}
          hint="Optional: the company's id in your CRM; unique in the workspace."
          error={save.error}
        />
        <PlacementFields units={units} ownerMemberId={account?.ownerMemberId ?? null} unitId={account?.unitId ?? ''} isNew={!account} error={save.error} />
        <AttributeFieldset definitions={definitions} values={account?.attributes} error={save.error} />
        <FormError error={save.error} fields={fields} />
        <FormActions pending={save.isPending} label={account ? 'Save' : 'Add account'} onCancel={onClose} />
      </form>
    </Modal>
  );
}
