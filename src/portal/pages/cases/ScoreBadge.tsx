// The 0–10 answer of a case, coloured by its NPS category and named in words for screen readers.
import type { CaseSummaryView } from '../../../domain/views.ts';
import { CATEGORY_LABEL } from '../../format-cases.ts';

export function ScoreBadge({ score, category }: Pick<CaseSummaryView, 'score' | 'category'>) {
  if (score === null)
    return (
      <span className="score-badge">
        <span aria-hidden="true">–</span>
        <span className="visually-hidden">No score</span>
      </span>
    );
  return (
    <span className={`score-badge${category ? ` score-${category}` : ''}`} title={category ? CATEGORY_LABEL[category] : undefined}>
      <span aria-hidden="true">{score}</span>
      <span className="visually-hidden">
        Score {score}
        {category ? `, ${CATEGORY_LABEL[category].toLowerCase()}` : ''}
      </span>
    </span>
  );
}
