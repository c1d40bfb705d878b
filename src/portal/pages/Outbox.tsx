import { useInfiniteQuery } from '@tanstack/react-query';
import { api, type OutboxEmail, type Page } from '../api.ts';
import { ErrorNotice, Loading } from '../components/Notice.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatDateTime } from '../format.ts';
import { keys } from '../queries.ts';

const KINDS: Record<string, string> = { user_invitation: 'Invitation' };

function DeliveryBadge({ email }: { email: OutboxEmail }) {
  switch (email.status) {
    case 'sent':
      return <span className="badge badge-success">Delivered</span>;
    case 'stored':
      return <span className="badge badge-warning">Not delivered — no SMTP server configured</span>;
    case 'failed':
      return <span className="badge badge-danger">Failed</span>;
    case 'sending':
      return <span className="badge">Sending</span>;
    case 'pending':
      return <span className="badge">Waiting to send</span>;
  }
}

export function Outbox() {
  const outbox = useInfiniteQuery({
    queryKey: keys.outbox,
    queryFn: ({ pageParam }) => api.get<Page<OutboxEmail> & { smtpConfigured: boolean }>('/outbox', { limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const emails = outbox.data?.pages.flatMap((page) => page.items) ?? [];
  const smtpConfigured = outbox.data?.pages[0]?.smtpConfigured;

  return (
    <>
      <PageHeader title="Outbox" intro="Emails this workspace sent or tried to send, newest first." />
      {smtpConfigured === false && (
        <p className="notice notice-warning">
          No SMTP server is configured, so emails are kept here and not delivered. Set <code>SMTP_URL</code> and restart Anbefal to send email; until then you
          can pass invitation links on yourself.
        </p>
      )}
      {outbox.isPending && <Loading what="the outbox" />}
      {outbox.isError && <ErrorNotice error={outbox.error} />}
      {outbox.isSuccess && (
        <section className="card card-flush" aria-label="Emails">
          {emails.length === 0 ? (
            <p className="empty">No emails yet.</p>
          ) : (
            <ol className="entries">
              {emails.map((email) => (
                <li key={email.id} className="entry">
                  <p className="entry-title">
                    <strong>{email.subject}</strong>
                  </p>
                  <p className="muted small">
                    {KINDS[email.kind] ?? email.kind} to {email.to} · <time dateTime={email.createdAt}>{formatDateTime(email.createdAt)}</time>
                    {email.sentAt && ` · sent ${formatDateTime(email.sentAt)}`}
                  </p>
                  <p>
                    <DeliveryBadge email={email} />
                  </p>
                  {email.lastError && (
                    <p className="field-error">
                      Last error after {email.attempts} attempts: {email.lastError}
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
