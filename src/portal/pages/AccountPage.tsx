import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { type Account, api, type ContactListItem, type Page } from '../api.ts';
import { AccountForm } from '../components/AccountForm.tsx';
import { attributeDisplay } from '../components/AttributeInput.tsx';
import { DeleteDialog } from '../components/ItemActions.tsx';
import { ErrorNotice, Loading, Status } from '../components/Notice.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { MemberName, UnitName } from '../components/References.tsx';
import { formatDateTime, formatNumber } from '../format.ts';
import { keys, useAccount, useAttributeDefinitions, useUnits } from '../queries.ts';
import { usePermissions } from '../session.tsx';
import { ContactTable } from './Contacts.tsx';

export function AccountPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const { editContacts } = usePermissions();
  const account = useAccount(id);
  const units = useUnits();
  const definitions = useAttributeDefinitions();
  const [dialog, setDialog] = useState<'edit' | 'delete' | null>(null);
  const [status, setStatus] = useState<string>((location.state as { status?: string } | null)?.status ?? '');
  const contacts = useInfiniteQuery({
    queryKey: [...keys.contacts, 'list', { accountId: id }],
    queryFn: ({ pageParam }) => api.get<Page<ContactListItem>>('/contacts', { accountId: id, limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = contacts.data?.pages.flatMap((page) => page.items) ?? [];

  if (account.isPending) return <Loading what="the account" />;
  if (account.isError)
    return (
      <>
        <PageHeader title="Account" />
        <ErrorNotice error={account.error} />
        <p>
          <Link to="/accounts">Back to accounts</Link>
        </p>
      </>
    );
  const data = account.data;
  const attributes = (definitions.data ?? []).filter((d) => data.attributes[d.key] !== undefined);
  // A manager changes the accounts of their subtree (the units they see); an account seen only
  // through one of its contacts is read-only.
  const editable = editContacts && units.data?.some((unit) => unit.id === data.unitId) === true;

  return (
    <>
      <p className="breadcrumb">
        <Link to="/accounts">Accounts</Link>
      </p>
      <PageHeader
        title={data.name}
        actions={
          editable && (
            <>
              <button type="button" className="button" onClick={() => setDialog('edit')}>
                Edit
              </button>
              <button type="button" className="button button-danger-quiet" onClick={() => setDialog('delete')}>
                Delete
              </button>
            </>
          )
        }
      />
      {status && <Status message={status} />}
      <section className="card" aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <dl className="details">
          <div>
            <dt>Segment</dt>
            <dd>{data.segment ?? <span className="muted">None</span>}</dd>
          </div>
          <div>
            <dt>Revenue</dt>
            <dd>{data.revenue === null ? <span className="muted">None</span> : formatNumber(data.revenue)}</dd>
          </div>
          <div>
            <dt>External ID</dt>
            <dd>{data.externalId ?? <span className="muted">None</span>}</dd>
          </div>
          <div>
            <dt>Owner</dt>
            <dd>
              <MemberName id={data.ownerMemberId} />
            </dd>
          </div>
          <div>
            <dt>Unit</dt>
            <dd>
              <UnitName id={data.unitId} units={units.data} />
            </dd>
          </div>
          {attributes.map((definition) => (
            <div key={definition.id}>
              <dt>{definition.label}</dt>
              <dd>{attributeDisplay(definition, data.attributes[definition.key])}</dd>
            </div>
          ))}
          <div>
            <dt>Created</dt>
            <dd>{formatDateTime(data.createdAt)}</dd>
          </div>
          <div>
            <dt>Updated</dt>
            <dd>{formatDateTime(data.updatedAt)}</dd>
          </div>
        </dl>
      </section>
      <section className="card card-flush" aria-labelledby="contacts-heading">
        <h2 id="contacts-heading" className="card-title">
          Contacts
        </h2>
        {contacts.isPending && <Loading what="contacts" />}
        {contacts.isError && <ErrorNotice error={contacts.error} />}
        {contacts.isSuccess &&
          (items.length === 0 ? <p className="empty">No contacts you may see belong to this account.</p> : <ContactTable contacts={items} hideAccount />)}
        {contacts.hasNextPage && (
          <div className="load-more">
            <button type="button" className="button" disabled={contacts.isFetchingNextPage} onClick={() => void contacts.fetchNextPage()}>
              {contacts.isFetchingNextPage ? 'Loading…' : 'Load more'}
            </button>
          </div>
        )}
      </section>
      {dialog === 'edit' && units.data && definitions.data && (
        <AccountForm
          units={units.data}
          definitions={definitions.data}
          account={data}
          onClose={() => setDialog(null)}
          onDone={(saved) => {
            setDialog(null);
            setStatus(`${saved.name} is saved.`);
          }}
        />
      )}
      {dialog === 'delete' && <DeleteAccount account={data} onClose={() => setDialog(null)} />}
    </>
  );
}

function DeleteAccount({ account, onClose }: { account: Account; onClose: () => void }) {
  const navigate = useNavigate();
  return (
    <DeleteDialog
      name={account.name}
      noun="account"
      path={`/accounts/${account.id}`}
      refresh={[keys.accounts, keys.contacts]}
      onClose={onClose}
      onDeleted={() => navigate('/accounts', { replace: true, state: { status: `${account.name} is deleted.` } })}
    >
      <p>
        The account disappears from lists and can no longer be chosen for a contact. Its contacts are not deleted: they stay, with their answers, but no longer
        show this account.
      </p>
    </DeleteDialog>
  );
}
