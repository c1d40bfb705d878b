import { useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { type AccountListItem, api, type Page } from '../api.ts';
import { AccountForm } from '../components/AccountForm.tsx';
import { TextField } from '../components/Field.tsx';
import { ErrorNotice, Loading, Status } from '../components/Notice.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { UnitSelect } from '../components/UnitSelect.tsx';
import { formatNumber } from '../format.ts';
import { keys, useAttributeDefinitions, useUnits } from '../queries.ts';
import { usePermissions } from '../session.tsx';
import { ListedName } from './Contacts.tsx';

const PAGE_SIZE = 50;

export function Accounts() {
  const { editContacts } = usePermissions();
  const units = useUnits();
  const definitions = useAttributeDefinitions();
  const navigate = useNavigate();
  const location = useLocation();
  /** What happened on the account page that led here ("… is deleted."). */
  const status = (location.state as { status?: string } | null)?.status;
  const [adding, setAdding] = useState(false);
  const [params, setParams] = useSearchParams();
  const filter = { q: params.get('q') ?? '', unitId: params.get('unit') ?? '', segment: params.get('segment') ?? '' };
  const filtered = Boolean(filter.q || filter.unitId || filter.segment);
  const accounts = useInfiniteQuery({
    queryKey: [...keys.accounts, 'list', filter],
    queryFn: ({ pageParam }) =>
      api.get<Page<AccountListItem>>('/accounts', {
        limit: PAGE_SIZE,
        cursor: pageParam,
        q: filter.q || undefined,
        unitId: filter.unitId || undefined,
        subtree: filter.unitId ? true : undefined,
        segment: filter.segment || undefined,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = accounts.data?.pages.flatMap((page) => page.items) ?? [];

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [name, value] of new FormData(event.currentTarget)) if (String(value).trim()) next.set(name, String(value).trim());
    setParams(next, { replace: true });
  };

  return (
    <>
      <PageHeader
        title="Accounts"
        intro="The companies your contacts work for (B2B)."
        actions={
          editContacts && (
            <button type="button" className="button button-primary" onClick={() => setAdding(true)}>
              Add account
            </button>
          )
        }
      />
      <search className="card" aria-label="Filter accounts">
        <form key={params.toString()} className="filter-grid" onSubmit={apply}>
          <TextField label="Search" name="q" type="search" defaultValue={filter.q} hint="Name or external ID." />
          {units.data && units.data.length > 1 && (
            <UnitSelect label="Unit" name="unit" units={units.data} defaultValue={filter.unitId} emptyOption="All units" hint="Includes the units below." />
          )}
          <TextField label="Segment" name="segment" defaultValue={filter.segment} />
          <div className="actions filter-submit">
            <button type="submit" className="button button-primary">
              Search
            </button>
          </div>
        </form>
      </search>
      {status && <Status message={status} />}
      {accounts.isPending && <Loading what="accounts" />}
      {accounts.isError && <ErrorNotice error={accounts.error} />}
      {accounts.isSuccess && (
        <section className="card card-flush" aria-label="Account list">
          {items.length === 0 ? (
            <p className="empty">{filtered ? 'No accounts match these filters.' : 'No accounts yet.'}</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Segment</th>
                  <th scope="col">Revenue</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Unit</th>
                </tr>
              </thead>
              <tbody>
                {items.map((account) => (
                  <tr key={account.id}>
                    <th scope="row" data-label="Name">
                      <Link to={`/accounts/${account.id}`}>{account.name}</Link>
                    </th>
                    <td data-label="Segment">{account.segment ?? <span className="muted">None</span>}</td>
                    <td data-label="Revenue" className="numeric">
                      {account.revenue === null ? <span className="muted">None</span> : formatNumber(account.revenue)}
                    </td>
                    <td data-label="Owner">
                      <ListedName id={account.ownerMemberId} name={account.ownerName} />
                    </td>
                    <td data-label="Unit">
                      <ListedName id={account.unitId} name={account.unitName} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {accounts.hasNextPage && (
            <div className="load-more">
              <button type="button" className="button" disabled={accounts.isFetchingNextPage} onClick={() => void accounts.fetchNextPage()}>
                {accounts.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            </div>
          )}
        </section>
      )}
      {adding && units.data && definitions.data && (
        <AccountForm
          units={units.data}
          definitions={definitions.data}
          onClose={() => setAdding(false)}
          onDone={(saved) => navigate(`/accounts/${saved.id}`, { state: { status: `${saved.name} is added.` } })}
        />
      )}
    </>
  );
}
