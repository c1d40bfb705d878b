// The workspace's contact imports, newest first: which file, when, dry run or for real, the outcome
// and its report. For the roles that may import (owners and admins).
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api, type ImportListItem, type Page } from '../api.ts';
import { countsSummary, isActive, reportUrl, statusOf } from '../components/import/labels.ts';
import { ErrorNotice, Loading } from '../components/Notice.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatDateTime } from '../format.ts';

export function Imports() {
  const imports = useInfiniteQuery({
    queryKey: ['imports', 'list'],
    queryFn: ({ pageParam }) => api.get<Page<ImportListItem>>('/imports', { limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Keeps the status of running imports current.
    refetchInterval: (query) => (query.state.data?.pages.some((page) => page.items.some(isActive)) ? 2000 : false),
  });
  const items = imports.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <PageHeader
        title="Imports"
        intro="Contact files uploaded to this workspace, newest first, with what each did and its report."
        actions={
          <Link to="/imports/new" className="button button-primary">
            Import contacts
          </Link>
        }
      />
      {imports.isPending && <Loading what="imports" />}
      {imports.isError && <ErrorNotice error={imports.error} />}
      {imports.isSuccess && (
        <section className="card card-flush" aria-label="Import history">
          {items.length === 0 ? (
            <p className="empty">No imports yet.</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">Uploaded</th>
                  <th scope="col">By</th>
                  <th scope="col">Status</th>
                  <th scope="col">Contacts</th>
                  <th scope="col">Report</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <ImportRow key={item.id} item={item} />
                ))}
              </tbody>
            </table>
          )}
          {imports.hasNextPage && (
            <div className="load-more">
              <button type="button" className="button" disabled={imports.isFetchingNextPage} onClick={() => void imports.fetchNextPage()}>
                {imports.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            </div>
          )}
        </section>
      )}
    </>
  );
}

const FORMER = { user: 'A deleted user', api_key: 'A deleted API key', system: 'The drop folder' } as const;

function ImportRow({ item }: { item: ImportListItem }) {
  const status = statusOf(item);
  const finished = !isActive(item) && item.counts !== null;
  return (
    <tr>
      <th scope="row" data-label="File">
        <Link to={`/imports/${item.id}`}>{item.fileName}</Link>
      </th>
      <td data-label="Uploaded">{formatDateTime(item.createdAt)}</td>
      <td data-label="By">
        {item.uploadedBy.name ?? <span className="muted">{FORMER[item.uploadedBy.kind]}</span>}
        {item.uploadedBy.kind === 'api_key' && <span className="muted"> (API key)</span>}
      </td>
      <td data-label="Status">
        <span className={status.tone === 'neutral' ? 'badge' : `badge badge-${status.tone}`}>{status.label}</span>
      </td>
      <td data-label="Contacts">{countsSummary(item) || <span className="muted">Not yet known</span>}</td>
      <td data-label="Report">
        {finished ? (
          <a href={reportUrl(item.id)} download>
            Report<span className="visually-hidden"> of {item.fileName}</span>
            {item.problemCount > 0 ? ` (${item.problemCount} ${item.problemCount === 1 ? 'problem' : 'problems'})` : ''}
          </a>
        ) : (
          <span className="muted">None yet</span>
        )}
      </td>
    </tr>
  );
}
