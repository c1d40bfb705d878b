// What customers wrote, newest first: a search whose terms are highlighted, the score and who
// answered (for personal surveys), a link to the whole response, more on request, and downloads
// of the same selection. The search is in the URL (written after a pause in typing).
import { useInfiniteQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import type { CommentPageView, CommentView } from '../../../domain/views.ts';
import { api, apiHref, type Query } from '../../api.ts';
import { TextField } from '../../components/Field.tsx';
import { ErrorNotice, Loading } from '../../components/Notice.tsx';
import { formatDateTime } from '../../format.ts';
import { useFilterOfView } from './InsightLayout.tsx';
import { ScoreBadge } from './ScoreBadge.tsx';

const SEARCH_PAUSE_MS = 350;

export function CommentsView() {
  const filter = useFilterOfView();
  const location = useLocation();
  const search = filter.params.get('search') ?? '';
  const [typed, setTyped] = useState(search);
  const setFilter = useRef(filter.set);
  setFilter.current = filter.set;

  // Write the search into the URL once typing pauses, so every key press does not query the server.
  useEffect(() => {
    if (typed.trim() === search) return;
    const timer = setTimeout(() => setFilter.current({ search: typed.trim() || null }), SEARCH_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [typed, search]);

  const query: Query = { ...filter.query, search: search || undefined };
  const comments = useInfiniteQuery({
    queryKey: ['analytics', 'comments', query],
    queryFn: ({ pageParam }) => api.get<CommentPageView>('/analytics/comments', { ...query, limit: 20, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = comments.data?.pages.flatMap((page) => page.items) ?? [];
  const suppression = comments.data?.pages[0]?.suppressionReason;

  return (
    <div className="stack">
      <form className="comment-search" onSubmit={(event) => event.preventDefault()}>
        <TextField
          label="Search the comments"
          name="search"
          type="search"
          value={typed}
          hint="Every word must occur; parts of words match too."
          onChange={(event) => setTyped(event.target.value)}
        />
      </form>
      <Downloads query={filter.query} search={search} />
      {comments.isPending && <Loading what="the comments" />}
      {comments.isError && <ErrorNotice error={comments.error} />}
      {suppression && <p className="notice notice-info">{suppression}</p>}
      {comments.isSuccess && (
        <section className="card card-flush" aria-labelledby="comments-heading">
          <h2 id="comments-heading" className="card-title">
            {search ? `Comments with “${search}”` : 'Comments'}
          </h2>
          {items.length === 0 ? (
            <p className="empty">{search ? 'No comment contains every word searched for.' : 'No comments match these filters.'}</p>
          ) : (
            <ol className="entries">
              {items.map((comment) => (
                <li key={comment.responseId} className="entry comment">
                  <CommentItem comment={comment} from={location.search} />
                </li>
              ))}
            </ol>
          )}
          {comments.hasNextPage && (
            <div className="load-more">
              <button type="button" className="button" disabled={comments.isFetchingNextPage} onClick={() => void comments.fetchNextPage()}>
                {comments.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            </div>
          )}
        </section>
      )}
    </div>
  );
}

function CommentItem({ comment, from }: { comment: CommentView; from: string }) {
  return (
    <>
      <p className="comment-meta">
        <ScoreBadge score={comment.score} category={comment.category} />
        <time dateTime={comment.answeredAt}>{formatDateTime(comment.answeredAt)}</time>
        <span>{comment.survey.name}</span>
        {comment.contact && <span>{comment.contact.name}</span>}
        {comment.unit && <span className="muted">{comment.unit.name}</span>}
      </p>
      <p className="comment-text">
        <Highlighted text={comment.text} highlights={comment.highlights} />
      </p>
      <p className="small">
        <Link to={`/insight/responses/${comment.responseId}`} state={{ from }}>
          Open the response
          <span className="visually-hidden"> of {formatDateTime(comment.answeredAt)}</span>
        </Link>
      </p>
    </>
  );
}

/** The text with each found term in <mark> (offsets in UTF-16 units, as JavaScript indexes strings). */
function Highlighted({ text, highlights }: { text: string; highlights: { start: number; end: number }[] }) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const { start, end } of [...highlights].sort((a, b) => a.start - b.start)) {
    if (start < at) continue;
    if (start > at) parts.push(text.slice(at, start));
    parts.push(<mark key={start}>{text.slice(start, end)}</mark>);
    at = end;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
}

/** Plain links to the export endpoints with the current filters: the browser downloads the file. */
function Downloads({ query, search }: { query: Query; search: string }) {
  return (
    <nav aria-label="Downloads" className="downloads">
      <span className="muted">Download:</span>
      <a href={apiHref('/analytics/comments.csv', { ...query, search: search || undefined })} download>
        Comments (CSV)
      </a>
      <a href={apiHref('/analytics/responses.csv', query)} download>
        Responses (CSV)
      </a>
      <a href={apiHref('/analytics/responses.xlsx', query)} download>
        Responses (XLSX)
      </a>
    </nav>
  );
}
