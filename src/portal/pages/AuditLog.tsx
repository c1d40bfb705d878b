import { useInfiniteQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { type AuditEntry, api, type Page } from '../api.ts';
import { SelectField } from '../components/Field.tsx';
import { ErrorNotice, Loading } from '../components/Notice.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatDateTime } from '../format.ts';
import { keys } from '../queries.ts';

const TARGETS: Record<string, string> = { unit: 'Units', member: 'Members and users', user: 'Accounts', api_key: 'API keys', workspace: 'Workspace' };
const NOUNS: Record<string, string> = { unit: 'Unit', member: 'Member', user: 'User', api_key: 'API key', workspace: 'Workspace' };

/** "api_key.created" → "API key created". */
function describe(action: string): string {
  const [noun = '', verb = ''] = action.split('.');
  return `${NOUNS[noun] ?? noun} ${verb.replaceAll('_', ' ')}`.trim();
}

const ACTOR_KIND = { user: '', api_key: 'API key ', system: '' } as const;

export function AuditLog() {
  const [params, setParams] = useSearchParams();
  const targetType = params.get('target') ?? '';
  const log = useInfiniteQuery({
    queryKey: [...keys.auditLog, targetType],
    queryFn: ({ pageParam }) => api.get<Page<AuditEntry>>('/audit-log', { limit: 50, cursor: pageParam, targetType: targetType || undefined }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const entries = log.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <PageHeader title="Audit log" intro="Every privileged change in this workspace, newest first: who, what, when and from where." />
      <section className="card filters" aria-label="Filter the audit log">
        <SelectField
          label="Show entries about"
          name="target"
          value={targetType}
          onChange={(event) => setParams(event.target.value ? { target: event.target.value } : {}, { replace: true })}
        >
          <option value="">Everything</option>
          {Object.entries(TARGETS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectField>
      </section>
      {log.isPending && <Loading what="the audit log" />}
      {log.isError && <ErrorNotice error={log.error} />}
      {log.isSuccess && (
        <section className="card card-flush" aria-label="Entries">
          {entries.length === 0 ? (
            <p className="empty">Nothing recorded yet.</p>
          ) : (
            <ol className="entries">
              {entries.map((entry) => (
                <Entry key={entry.id} entry={entry} />
              ))}
            </ol>
          )}
          {log.hasNextPage && (
            <div className="load-more">
              <button type="button" className="button" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
                {log.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            </div>
          )}
        </section>
      )}
    </>
  );
}

function Entry({ entry }: { entry: AuditEntry }) {
  const hasChanges = entry.before !== null || entry.after !== null;
  return (
    <li className="entry">
      <p className="entry-title">
        <strong>{describe(entry.action)}</strong> <code className="small">{entry.action}</code>
      </p>
      <p className="muted small">
        <time dateTime={entry.at}>{formatDateTime(entry.at)}</time> · by {ACTOR_KIND[entry.actor.type]}
        {entry.actor.label}
        {entry.ip && ` from ${entry.ip}`}
        {entry.target.id && (
          <>
            {' '}
            · {NOUNS[entry.target.type] ?? entry.target.type} <code>{entry.target.id}</code>
          </>
        )}
      </p>
      {hasChanges && (
        <details className="entry-details">
          <summary>Show changes</summary>
          <Changes before={entry.before} after={entry.after} />
          {entry.requestId && <p className="muted small">Request {entry.requestId}</p>}
        </details>
      )}
    </li>
  );
}

type Fields = Record<string, unknown>;
const isFields = (value: unknown): value is Fields | null => value === null || (typeof value === 'object' && !Array.isArray(value));
const show = (value: unknown) => (value === undefined ? '' : value === null ? '—' : typeof value === 'string' ? value : JSON.stringify(value));

/** Field by field, with what changed marked; anything else as JSON. */
function Changes({ before, after }: { before: unknown; after: unknown }) {
  if (!isFields(before) || !isFields(after)) {
    return (
      <div className="diff">
        <figure>
          <figcaption>Before</figcaption>
          <pre>{JSON.stringify(before, null, 2)}</pre>
        </figure>
        <figure>
          <figcaption>After</figcaption>
          <pre>{JSON.stringify(after, null, 2)}</pre>
        </figure>
      </div>
    );
  }
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return (
    <dl className="changes">
      {fields.map((field) => {
        if (before === null || after === null) {
          return (
            <div key={field} className="change">
              <dt>{field}</dt>
              <dd>{show((before ?? after)?.[field])}</dd>
            </div>
          );
        }
        const changed = JSON.stringify(before[field]) !== JSON.stringify(after[field]);
        return (
          <div key={field} className={changed ? 'change changed' : 'change'}>
            <dt>
              {field}
              {changed && <span className="badge badge-warning">changed</span>}
            </dt>
            <dd>
              {changed ? (
                <>
                  <span className="visually-hidden">from </span>
                  <del>{show(before[field])}</del> <span aria-hidden="true">→</span> <span className="visually-hidden">to </span>
                  <ins>{show(after[field])}</ins>
                </>
              ) : (
                show(after[field])
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
