// Adds or changes a contact: its fields, references and custom attributes, one control per type.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { type AttributeDefinition, api, type Contact, type Unit } from '../api.ts';
import { contactName } from '../format.ts';
import { keys } from '../queries.ts';
import { AccountPicker } from './AccountPicker.tsx';
import { SelectField, TextField } from './Field.tsx';
import { FormActions, Modal } from './Modal.tsx';
import { FormError } from './Notice.tsx';
import { AttributeFieldset, attributesFromForm, PlacementFields } from './RecordFields.tsx';

const TEXT_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'externalId', 'language', 'timeZone', 'segment'] as const;

interface Props {
  units: Unit[];
  definitions: AttributeDefinition[];
  /** The contact being changed; absent when adding one. */
  contact?: Contact;
  onClose: () => void;
  onDone: (saved: Contact) => void;
}

export function ContactForm({ units, definitions, contact, onClose, onDone }: Props) {
  const queryClient = useQueryClient();
  const fields = [...TEXT_FIELDS, 'consent', 'accountId', 'ownerMemberId', 'unitId', ...definitions.map((d) => `attributes.${d.key}`)];
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => (contact ? api.patch<Contact>(`/contacts/${contact.id}`, body) : api.post<Contact>('/contacts', body)),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: keys.contacts });
      queryClient.setQueryData([...keys.contacts, 'one', saved.id], saved);
      onDone(saved);
    },
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const body: Record<string, unknown> = Object.fromEntries(TEXT_FIELDS.map((name) => [name, text(name) || null]));
    body.consent = text('consent');
    body.accountId = text('accountId') || null;
    body.ownerMemberId = text('ownerMemberId') || null;
    if (text('unitId')) body.unitId = text('unitId');
    body.attributes = attributesFromForm(definitions, text, contact?.attributes);
    save.mutate(body);
  };

  return (
    <Modal title={contact ? `Edit ${contactName(contact)}` : 'Add contact'} onClose={onClose}>
      <form className="stack" onSubmit={submit} noValidate>
        <div className="form-grid">
          <TextField label="First name" name="firstName" defaultValue={contact?.firstName ?? ''} autoComplete="off" error={save.error} />
          <TextField label="Last name" name="lastName" defaultValue={contact?.lastName ?? ''} autoComplete="off" error={save.error} />
        </div>
        <TextField label="Email" name="email" type="email" defaultValue={contact?.email ?? ''} autoComplete="off" error={save.error} />
        <TextField
          label="Phone"
          name="phone"
          type="tel"
          defaultValue={contact?.phone ?? ''}
          autoComplete="off"
          hint="With country code, such as +47 912 34 567."
          error={save.error}
        />
        <div className="form-grid">
          <TextField
            label="Language"
            name="language"
            defaultValue={contact?.language ?? ''}
            hint="A language tag such as da, sv-SE or en-GB."
            error={save.error}
          />
          <TextField label="Time zone" name="timeZone" defaultValue={contact?.timeZone ?? ''} hint="Such as Europe/Oslo." error={save.error} />
        </div>
        <div className="form-grid">
          <TextField label="Segment" name="segment" defaultValue={contact?.segment ?? ''} error={save.error} />
          <SelectField label="Consent" name="consent" defaultValue={contact?.consent ?? 'unknown'} error={save.error}>
            <option value="unknown">Not asked</option>
            <option value="granted">Granted</option>
            <option value="withdrawn">Withdrawn</option>
          </SelectField>
        </div>
        <TextField
          label="External ID"
          name="externalId"
          defaultValue={contact?.externalId ?? ''}
          hint="Optional: the contact's id in your CRM."
          error={save.error}
        />
        <AccountPicker name="accountId" initial={contact?.accountId ?? null} error={save.error} />
        <PlacementFields units={units} ownerMemberId={contact?.ownerMemberId ?? null} unitId={contact?.unitId ?? ''} isNew={!contact} error={save.error} />
        <AttributeFieldset definitions={definitions} values={contact?.attributes} error={save.error} />
        <FormError error={save.error} fields={fields} />
        <FormActions pending={save.isPending} label={contact ? 'Save' : 'Add contact'} onCancel={onClose} />
      </form>
    </Modal>
  );
}
