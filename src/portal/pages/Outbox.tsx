// The outbox: every email of the workspace and whether it reached an SMTP server. Without SMTP
// configured emails are kept here, clearly not delivered. Filters live in the URL.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { api, type OutboxEmail, type Page } from '../api.ts';
import { SelectField } from '../components/Field.tsx';
import { ErrorNotice, Loading } from '../components/Notice.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatDateTime } from '../format.ts';
import { keys } from '../queries.ts';

const KINDS: Record<string, string> = {
  invitation: 'Survey invitation',
  reminder: 'Survey reminder',
  user_invitation: 'User invitation',
  password_reset: 'Password reset',
};

const STATUSES: Record<OutboxEmail['status'], string> = {
  pending: 'Waiting to send',
  sending: 'Sending',
  sent: 'Delivered',
  stored: 'Not delivered (no SMTP server)',
  failed: 'Failed',
};

function DeliveryBadge({ email }: { email: OutboxEmail }) {
  switch (email.status) {
    case 'sent':
      return <span className="badge badge-success">Delivered</span>;
    case 'stored':
      return <span className="badge badge-warning">Not delivered — no SMTP server configured</span>;
    case 'failed':
      return <span className="badge badge-danger">Failed — not delivered</span>;
    case 'sending':
      return <span className="badge">Sending</span>;
    case 'pending':
      return <span className="badge">{email.lastError ? 'Waiting to retry' : 'Waiting to send'}</span>;
  }
}

export function Outbox() {
  const [params, setParams] = useSearchParams();
  const filter = { kind: params.get('kind') ?? '', status: params.get('status') ?? '' };
  const setFilter = (key: 'kind' | 'status', value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const outbox = useInfiniteQuery({
    queryKey: [...keys.outbox, filter],
    queryFn: ({ pageParam }) =>
      api.get<Page<OutboxEmail> & { smtpConfigured: boolean }>('/outbox', {
        limit: 50,
        cursor: pageParam,
        kind: filter.kind || undefined,
        status: filter.status || undefined,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const emails = outbox.data?.pages.flatMap((page) => page.items) ?? [];
  const smtpConfigured = outbox.data?.pages[0]?.smtpConfigured;
  const filtered = filter.kind !== '' || filter.status !== '';

  return (
    <>
      <PageHeader title="Outbox" intro="Emails this workspace sent or tried to send, newest first." />
      {smtpConfigured === false && (
        <p className="notice notice-warning">
          No SMTP server is configured, so emails are kept here and not delivered. Set one up under{' '}
          <Link to="/distribution/settings">Distribution → Sending settings</Link> (or <code>SMTP_URL</code> for the whole server) to send email; until then you
          can pass invitation links on yourself.
        </p>
      )}
      <section className="card" aria-label="Filters">
        <div className="filter-grid">
          <SelectField label="Kind" name="kind" value={filter.kind} onChange={(e) => setFilter('kind', e.target.value)}>
            <option value="">All kinds</option>
            {Object.entries(KINDS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </SelectField>
          <SelectField label="Status" name="status" value={filter.status} onChange={(e) => setFilter('status', e.target.value)}>
            <option value="">All statuses</option>
            {Object.entries(STATUSES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </SelectField>
        </div>
      </section>
      {outbox.isPending && <Loading what="the outbox" />}
      {outbox.isError && <ErrorNotice error={outbox.error} />}
      {outbox.isSuccess && (
        <section className="card card-flush" aria-label="Emails">
          {emails.length === 0 ? (
            <p className="empty">{filtered ? 'No emails match these filters.' : 'No emails yet.'}</p>
          ) : (
            <ol className="entries">
              {emails.map((email) => (
                <li key={email.id} className="entry">
                  <p className="entry-title">
                    <strong>{email.subject}</strong>
                  </p>
                  <p className="muted small">
                    {KINDS[email.kind] ?? email.kind} to {email.to}
                    {email.contactId && (
                      <>
                        {' '}
                        (<Link to={`/contacts/${email.contactId}`}>open the contact</Link>)
                      </>
                    )}{' '}
                    · <time dateTime={email.createdAt}>{formatDateTime(email.createdAt)}</time>
                    {email.sentAt && ` · sent ${formatDateTime(email.sentAt)}`}
                  </p>
                  <p>
                    <DeliveryBadge email={email} />
                  </p>
                  {email.lastError && (
                    <p className="field-error">
                      {email.status === 'failed' ? 'The SMTP server refused it' : `Last error after ${email.attempts} attempts`}: {email.lastError}
                    </p>
                  )}
                  <details className="entry-details">
                    <summary>Show message</summary>
                    <pre className="message">{email.text}</pre>
                  </details>
                </li>
              ))}
            </ol>
          )}
          {outbox.hasNextPage && (
            <div className="load-more">
              <button type="button" className="button" disabled={outbox.isFetchingNextPage} onClick={() => void outbox.fetchNextPage()}>
                {outbox.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            </div>
          )}
        </section>
      )}
    </>
  );
}
