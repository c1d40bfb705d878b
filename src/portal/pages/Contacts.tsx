import { useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { api, type ContactListItem, type Page } from '../api.ts';
import { AttributeInput } from '../components/AttributeInput.tsx';
import { ContactForm } from '../components/ContactForm.tsx';
import { SelectField, TextField } from '../components/Field.tsx';
import { useMember } from '../components/MemberPicker.tsx';
import { ErrorNotice, Loading, Status } from '../components/Notice.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { UnitSelect } from '../components/UnitSelect.tsx';
import { contactName } from '../format.ts';
import { keys, useAttributeDefinitions, useUnits } from '../queries.ts';
import { usePermissions, useSession } from '../session.tsx';

const PAGE_SIZE = 50;

/** URL parameters and the API's filter of the same meaning; attributes are `attr.<key>` in both. */
const FILTERS = { q: 'q', unit: 'unitId', owner: 'ownerMemberId', segment: 'segment', language: 'language', consent: 'consent' } as const;

/** The API query for the filters in the URL. */
function queryOf(params: URLSearchParams): Record<string, string | boolean | undefined> {
  const query: Record<string, string | boolean | undefined> = {};
  for (const [param, filter] of Object.entries(FILTERS)) query[filter] = params.get(param) || undefined;
  if (query.unitId) query.subtree = params.get('subtree') !== 'false';
  for (const [param, value] of params) if (param.startsWith('attr.') && value) query[param] = value;
  return query;
}

export function Contacts() {
  const { editContacts, manageContactData } = usePermissions();
  const units = useUnits();
  const definitions = useAttributeDefinitions();
  const navigate = useNavigate();
  const location = useLocation();
  /** What happened on the contact page that led here ("… is deleted."). */
  const status = (location.state as { status?: string } | null)?.status;
  const [params, setParams] = useSearchParams();
  const query = queryOf(params);
  const filtered = Object.keys(query).length > 0;
  const contacts = useInfiniteQuery({
    queryKey: [...keys.contacts, 'list', query],
    queryFn: ({ pageParam }) => api.get<Page<ContactListItem>>('/contacts', { ...query, limit: PAGE_SIZE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const [adding, setAdding] = useState(false);
  const items = contacts.data?.pages.flatMap((page) => page.items) ?? [];

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [name, value] of new FormData(event.currentTarget)) {
      const text = String(value).trim();
      if (text && (name in FILTERS || name.startsWith('attr.'))) next.set(name, text);
    }
    if (next.has('unit') && params.get('subtree') === 'false') next.set('subtree', 'false');
    setParams(next, { replace: true });
  };

  return (
    <>
      <PageHeader
        title="Contacts"
        intro="The customers (or employees) you ask for feedback."
        actions={
          editContacts && (
            <>
              {/* Importing is for the roles that may manage contact data (canImportContacts). */}
              {manageContactData && (
                <Link to="/imports/new" className="button">
                  Import contacts
                </Link>
              )}
              <button type="button" className="button button-primary" onClick={() => setAdding(true)}>
                Add contact
              </button>
            </>
          )
        }
      />
      <search className="card" aria-label="Filter contacts">
        {/* Rebuilt when the URL changes (back, forward, a shared link), so the fields show its filters. */}
        <form key={params.toString()} className="stack" onSubmit={apply}>
          <TextField label="Search" name="q" type="search" defaultValue={params.get('q') ?? ''} hint="Name, email, phone or external ID." />
          <div className="filter-grid">
            {units.data && units.data.length > 1 && (
              <div className="filter-unit">
                <UnitSelect label="Unit" name="unit" units={units.data} defaultValue={params.get('unit') ?? ''} emptyOption="All units" />
                {params.get('unit') && (
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      checked={params.get('subtree') !== 'false'}
                      onChange={(event) => {
                        const next = new URLSearchParams(params);
                        if (event.target.checked) next.delete('subtree');
                        else next.set('subtree', 'false');
                        setParams(next, { replace: true });
                      }}
                    />
                    Include units below
                  </label>
                )}
              </div>
            )}
            <OwnerFilter value={params.get('owner') ?? ''} />
            <TextField label="Segment" name="segment" defaultValue={params.get('segment') ?? ''} />
            <TextField label="Language" name="language" defaultValue={params.get('language') ?? ''} hint="Such as da or sv-SE." />
            <SelectField label="Consent" name="consent" defaultValue={params.get('consent') ?? ''}>
              <option value="">Any</option>
              <option value="unknown">Not asked</option>
              <option value="granted">Granted</option>
              <option value="withdrawn">Withdrawn</option>
            </SelectField>
            {definitions.data?.map((definition) => (
              <AttributeInput
                key={definition.id}
                definition={definition}
                name={`attr.${definition.key}`}
                defaultValue={params.get(`attr.${definition.key}`) ?? undefined}
                emptyLabel="Any"
              />
            ))}
          </div>
          <div className="actions">
            <button type="submit" className="button button-primary">
              Search
            </button>
            {filtered && (
              <button type="button" className="button" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
                Clear filters
              </button>
            )}
          </div>
        </form>
      </search>
      {status && <Status message={status} />}
      {contacts.isPending && <Loading what="contacts" />}
      {contacts.isError && <ErrorNotice error={contacts.error} />}
      {contacts.isSuccess && (
        <section className="card card-flush" aria-label="Contact list">
          {items.length === 0 ? (
            <p className="empty">{filtered ? 'No contacts match these filters.' : 'No contacts yet.'}</p>
          ) : (
            <ContactTable contacts={items} />
          )}
          {contacts.hasNextPage && (
            <div className="load-more">
              <button type="button" className="button" disabled={contacts.isFetchingNextPage} onClick={() => void contacts.fetchNextPage()}>
                {contacts.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            </div>
          )}
        </section>
      )}
      {adding && units.data && definitions.data && (
        <ContactForm
          units={units.data}
          definitions={definitions.data}
          onClose={() => setAdding(false)}
          onDone={(saved) => navigate(`/contacts/${saved.id}`, { state: { status: `${contactName(saved)} is added.` } })}
        />
      )}
    </>
  );
}

/** Owner: anyone, yourself, or the member a shared link names. */
function OwnerFilter({ value }: { value: string }) {
  const { workspace } = useSession();
  const other = useMember(value && value !== workspace.memberId ? value : null);
  return (
    <SelectField label="Owner" name="owner" defaultValue={value}>
      <option value="">Anyone</option>
      <option value={workspace.memberId}>Me</option>
      {value && value !== workspace.memberId && <option value={value}>{other.data?.name ?? 'The member in the link'}</option>}
    </SelectField>
  );
}

/** A name the list answer carries: None without a reference, and said so when the reader may not see it. */
export function ListedName({ id, name, href }: { id: string | null; name: string | null; href?: string }) {
  if (id === null) return <span className="muted">None</span>;
  if (name === null) return <span className="muted">Not visible to you</span>;
  return href ? <Link to={href}>{name}</Link> : name;
}

export function ContactTable({ contacts, hideAccount = false }: { contacts: ContactListItem[]; hideAccount?: boolean }) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Email</th>
          <th scope="col">Unit</th>
          <th scope="col">Owner</th>
          {!hideAccount && <th scope="col">Account</th>}
          <th scope="col">Segment</th>
        </tr>
      </thead>
      <tbody>
        {contacts.map((contact) => (
          <tr key={contact.id}>
            <th scope="row" data-label="Name">
              <Link to={`/contacts/${contact.id}`}>{contactName(contact)}</Link>
            </th>
            <td data-label="Email">{contact.email ?? <span className="muted">None</span>}</td>
            <td data-label="Unit">
              <ListedName id={contact.unitId} name={contact.unitName} />
            </td>
            <td data-label="Owner">
              <ListedName id={contact.ownerMemberId} name={contact.ownerName} />
            </td>
            {!hideAccount && (
              <td data-label="Account">
                <ListedName id={contact.accountId} name={contact.accountName} href={`/accounts/${contact.accountId}`} />
              </td>
            )}
            <td data-label="Segment">{contact.segment ?? <span className="muted">None</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
