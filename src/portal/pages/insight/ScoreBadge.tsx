// A score with its NPS category in words and colour (the colour never carries the meaning alone).
import type { CATEGORY_LABELS } from '../../format-insight.ts';

const SINGULAR = { promoter: 'promoter', passive: 'passive', detractor: 'detractor' } as const;

export function ScoreBadge({ score, category }: { score: number | null; category: keyof typeof CATEGORY_LABELS | null }) {
  if (score === null) return <span className="badge">No score</span>;
  return (
    <span className={`badge answer-score${category ? ` answer-score-${category}` : ''}`}>
      <span className="visually-hidden">Score </span>
      {score}
      {category && <span className="score-category"> {SINGULAR[category]}</span>}
    </span>
  );
}
