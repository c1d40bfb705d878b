// The 10-wall: what promoters wrote lately, as large cards, to celebrate with the team (also a
// slide of TV mode). Names are first name and initial; anonymous answers and those without a contact say "A customer".
import { useQuery } from '@tanstack/react-query';
import type { WallCommentView } from '../../../domain/views.ts';
import { api } from '../../api.ts';
import { ErrorNotice, Loading } from '../../components/Notice.tsx';
import { formatDateTime } from '../../format.ts';
import type { InsightFilter } from './filters.ts';
import { useFilterOfView } from './InsightLayout.tsx';

export function useWall(filter: InsightFilter, limit: number, refetchInterval?: number) {
  const query = { ...filter.query, limit };
  return useQuery({
    queryKey: ['analytics', 'wall', query],
    queryFn: async () => (await api.get<{ items: WallCommentView[] }>('/analytics/wall', query)).items,
    refetchInterval,
  });
}

export function WallView() {
  const wall = useWall(useFilterOfView(), 24);
  if (wall.isPending) return <Loading what="the wall" />;
  if (wall.isError) return <ErrorNotice error={wall.error} />;
  return (
    <section aria-labelledby="wall-heading">
      <h2 id="wall-heading">What promoters said</h2>
      <WallCards items={wall.data} />
    </section>
  );
}

export function WallCards({ items }: { items: WallCommentView[] }) {
  if (items.length === 0) return <p className="empty">No promoter has written a comment in this period yet.</p>;
  return (
    <ul className="wall">
      {items.map((item) => (
        <li key={item.responseId} className="wall-card">
          <blockquote>
            <p>{item.text}</p>
          </blockquote>
          <p className="wall-by">
            <span className="badge answer-score answer-score-promoter">
              <span className="visually-hidden">Score </span>
              {item.score}
            </span>{' '}
            {item.name ?? 'A customer'}
            {item.unit && <span className="muted"> · {item.unit}</span>}
            <span className="muted">
              {' '}
              · <time dateTime={item.answeredAt}>{formatDateTime(item.answeredAt)}</time>
            </span>
          </p>
        </li>
      ))}
    </ul>
  );
}
