// The answers matching the filters, newest first, each opening the whole response.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useLocation } from 'react-router-dom';
import type { ResponsePageView } from '../../../domain/views.ts';
import { api } from '../../api.ts';
import { ErrorNotice, Loading } from '../../components/Notice.tsx';
import { formatDateTime } from '../../format.ts';
import { useFilterOfView } from './InsightLayout.tsx';
import { ScoreBadge } from './ScoreBadge.tsx';

export function ResponsesView() {
  const filter = useFilterOfView();
  const location = useLocation();
  const responses = useInfiniteQuery({
    queryKey: ['analytics', 'responses', filter.query],
    queryFn: ({ pageParam }) => api.get<ResponsePageView>('/analytics/responses', { ...filter.query, limit: 25, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (responses.isPending) return <Loading what="the responses" />;
  if (responses.isError) return <ErrorNotice error={responses.error} />;
  const items = responses.data.pages.flatMap((page) => page.items);
  const suppression = responses.data.pages[0]?.suppressionReason;

  return (
    <section className="card card-flush" aria-labelledby="responses-heading">
      <h2 id="responses-heading" className="card-title">
        Responses
      </h2>
      {suppression && <p className="notice notice-info">{suppression}</p>}
      {items.length === 0 ? (
        <p className="empty">No responses match these filters.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Answered</th>
              <th scope="col">Score</th>
              <th scope="col">Survey</th>
              <th scope="col">Contact</th>
              <th scope="col">Unit</th>
              <th scope="col">Comment</th>
            </tr>
          </thead>
          <tbody>
            {items.map((response) => (
              <tr key={response.id}>
                <th scope="row">
                  <Link to={`/insight/responses/${response.id}`} state={{ from: location.search }}>
                    {formatDateTime(response.startedAt)}
                  </Link>
                </th>
                <td data-label="Score">
                  <ScoreBadge score={response.score} category={response.category} />
                </td>
                <td data-label="Survey">{response.survey.name}</td>
                <td data-label="Contact">{response.contact?.name ?? <span className="muted">Not named</span>}</td>
                <td data-label="Unit">{response.unit?.name ?? <span className="muted">None</span>}</td>
                <td data-label="Comment" className="response-comment">
                  {response.comment ?? <span className="muted">None</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {responses.hasNextPage && (
        <div className="load-more">
          <button type="button" className="button" disabled={responses.isFetchingNextPage} onClick={() => void responses.fetchNextPage()}>
            {responses.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
    </section>
  );
}
