import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { api, type Contact, type ContactExport } from '../api.ts';
import { attributeDisplay } from '../components/AttributeInput.tsx';
import { ContactForm } from '../components/ContactForm.tsx';
import { TextField } from '../components/Field.tsx';
import { DeleteDialog } from '../components/ItemActions.tsx';
import { Modal } from '../components/Modal.tsx';
import { ErrorNotice, FormError, Loading, Status } from '../components/Notice.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { AccountLink, MemberName, UnitName } from '../components/References.tsx';
import { SurveyHistory } from '../components/SurveyHistory.tsx';
import { consentLabel, contactName, formatDateTime } from '../format.ts';
import { keys, useAttributeDefinitions, useUnits } from '../queries.ts';
import { usePermissions } from '../session.tsx';

type Dialog = 'edit' | 'delete' | 'erase';

export function ContactPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const { editContacts, manageContactData } = usePermissions();
  const contact = useQuery({ queryKey: [...keys.contacts, 'one', id], queryFn: () => api.get<Contact>(`/contacts/${id}`) });
  const units = useUnits();
  const definitions = useAttributeDefinitions();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [status, setStatus] = useState<string>((location.state as { status?: string } | null)?.status ?? '');
  const exporting = useExport(id);

  if (contact.isPending) return <Loading what="the contact" />;
  if (contact.isError)
    return (
      <>
        <PageHeader title="Contact" />
        <ErrorNotice error={contact.error} />
        <p>
          <Link to="/contacts">Back to contacts</Link>
        </p>
      </>
    );
  const data = contact.data;
  const erased = data.erasedAt !== null;
  const done = (message: string) => {
    setDialog(null);
    setStatus(message);
  };

  return (
    <>
      <p className="breadcrumb">
        <Link to="/contacts">Contacts</Link>
      </p>
      <PageHeader
        title={contactName(data)}
        intro={erased ? `Personal data erased ${formatDateTime(data.erasedAt ?? '')}.` : undefined}
        actions={
          <>
            {editContacts && !erased && (
              <button type="button" className="button" onClick={() => setDialog('edit')}>
                Edit
              </button>
            )}
            {manageContactData && (
              <button type="button" className="button" disabled={exporting.isPending} onClick={() => exporting.mutate()}>
                {exporting.isPending ? 'Exporting…' : 'Export data'}
              </button>
            )}
            {manageContactData && !erased && (
              <button type="button" className="button button-danger-quiet" onClick={() => setDialog('erase')}>
                Erase personal data
              </button>
            )}
            {editContacts && (
              <button type="button" className="button button-danger-quiet" onClick={() => setDialog('delete')}>
                Delete
              </button>
            )}
          </>
        }
      />
      {status && <Status message={status} />}
      {exporting.isError && <ErrorNotice error={exporting.error} />}
      {erased && (
        <div className="notice notice-info">
          <p>This contact's personal data was erased. What remains (unit, segment, language, consent) holds nothing that identifies the person.</p>
        </div>
      )}
      <section className="card" aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <dl className="details">
          <Detail term="First name" value={data.firstName} />
          <Detail term="Last name" value={data.lastName} />
          <Detail term="Email" value={data.email} />
          <Detail term="Phone" value={data.phone} />
          <Detail term="External ID" value={data.externalId} />
          <Detail term="Language" value={data.language} />
          <Detail term="Time zone" value={data.timeZone} />
          <Detail term="Segment" value={data.segment} />
          <Detail term="Consent" value={`${consentLabel(data.consent)}${data.optedOutAt ? `, opted out ${formatDateTime(data.optedOutAt)}` : ''}`} />
          <Detail term="Account" value={<AccountLink id={data.accountId} />} />
          <Detail term="Owner" value={<MemberName id={data.ownerMemberId} />} />
          <Detail term="Unit" value={<UnitName id={data.unitId} units={units.data} />} />
          <Detail term="Created" value={formatDateTime(data.createdAt)} />
          <Detail term="Updated" value={formatDateTime(data.updatedAt)} />
        </dl>
      </section>
      {definitions.data && definitions.data.length > 0 && (
        <section className="card" aria-labelledby="attributes-heading">
          <h2 id="attributes-heading">Attributes</h2>
          <dl className="details">
            {definitions.data.map((definition) => (
              <Detail key={definition.id} term={definition.label} value={attributeDisplay(definition, data.attributes[definition.key])} />
            ))}
          </dl>
        </section>
      )}
      <SurveyHistory contactId={data.id} />
      {dialog === 'edit' && units.data && definitions.data && (
        <ContactForm
          units={units.data}
          definitions={definitions.data}
          contact={data}
          onClose={() => setDialog(null)}
          onDone={(saved) => done(`${contactName(saved)} is saved.`)}
        />
      )}
      {dialog === 'delete' && <DeleteContact contact={data} onClose={() => setDialog(null)} />}
      {dialog === 'erase' && <EraseContact contact={data} onClose={() => setDialog(null)} onDone={() => done('The personal data is erased.')} />}
    </>
  );
}

function Detail({ term, value }: { term: string; value: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{value === null || value === '' ? <span className="muted">None</span> : value}</dd>
    </div>
  );
}

/** Downloads everything stored about the contact as a JSON file. */
function useExport(id: string) {
  return useMutation({
    mutationFn: () => api.get<ContactExport>(`/contacts/${id}/export`),
    onSuccess: (data) => {
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `contact-${id}.json`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    },
  });
}

function DeleteContact({ contact, onClose }: { contact: Contact; onClose: () => void }) {
  const navigate = useNavigate();
  const name = contactName(contact);
  return (
    <DeleteDialog
      name={name}
      noun="contact"
      path={`/contacts/${contact.id}`}
      refresh={[keys.contacts]}
      onClose={onClose}
      onDeleted={() => navigate('/contacts', { replace: true, state: { status: `${name} is deleted.` } })}
    >
      <p>The contact disappears from lists and can no longer be invited. Its past answers still count in statistics.</p>
    </DeleteDialog>
  );
}

/** The strongest confirmation in the portal: the person types the email (or ERASE) first. */
function EraseContact({ contact, onClose, onDone }: { contact: Contact; onClose: () => void; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [typed, setTyped] = useState('');
  const erase = useMutation({
    mutationFn: () => api.post<Contact>(`/contacts/${contact.id}/erase`),
    onSuccess: (erased) => {
      queryClient.setQueryData([...keys.contacts, 'one', contact.id], erased);
      void queryClient.invalidateQueries({ queryKey: keys.contacts });
      onDone();
    },
  });
  const word = contact.email ?? 'ERASE';
  const matches = typed.trim() === 'ERASE' || (contact.email !== null && typed.trim().toLowerCase() === contact.email.toLowerCase());
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (matches) erase.mutate();
  };
  return (
    <Modal title={`Erase the personal data of ${contactName(contact)}?`} onClose={onClose}>
      <form className="stack" onSubmit={submit} noValidate>
        <div className="notice notice-warning">
          <p>
            This removes the name, email, phone, external ID, time zone, account, owner and every attribute for good. It cannot be undone, not even by an
            administrator. Export the data first if the person asked for a copy.
          </p>
        </div>
        <TextField
          label={contact.email ? 'Type the contact’s email or ERASE to confirm' : 'Type ERASE to confirm'}
          name="confirmation"
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          autoComplete="off"
          hint={`Expected: ${word}${contact.email ? ' (or ERASE)' : ''}.`}
        />
        <FormError error={erase.error} fields={[]} />
        <div className="actions">
          <button type="submit" className="button button-danger" disabled={!matches || erase.isPending}>
            {erase.isPending ? 'Erasing…' : 'Erase for good'}
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
