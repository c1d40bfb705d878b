// The insight overview: NPS with its margin of error against the previous period of equal length,
// the promoter/passive/detractor split, the 0–10 distribution, CSAT, CES and the response rate.
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { AnalyticsComparisonView, AnalyticsOverviewView, NpsMetricsView } from '../../../domain/views.ts';
import { api, type Query } from '../../api.ts';
import { Chart, type ChartOption, themeColours } from '../../components/Chart.tsx';
import { ErrorNotice, Loading } from '../../components/Notice.tsx';
import { formatNumber } from '../../format.ts';
import { CATEGORY_LABELS, categoryOf, formatChange, formatMargin, formatNps, formatPercent } from '../../format-insight.ts';
import { ChartDownloads } from './ChartDownloads.tsx';
import { asFilterBody, type Confidence, type InsightFilter } from './filters.ts';
import { useFilterOfView } from './InsightLayout.tsx';

export function useComparison(filter: InsightFilter) {
  return useQuery({
    queryKey: ['analytics', 'compare', filter.query, filter.previousQuery],
    queryFn: () => api.post<AnalyticsComparisonView>('/analytics/compare', { a: asFilterBody(filter.query), b: asFilterBody(filter.previousQuery) }),
  });
}

/** The route element: the overview under the insight layout's filters. */
export function OverviewView() {
  return <Dashboard filter={useFilterOfView()} />;
}

export function Dashboard({ filter }: { filter: InsightFilter }) {
  const comparison = useComparison(filter);
  if (comparison.isPending) return <Loading what="the overview" />;
  if (comparison.isError) return <ErrorNotice error={comparison.error} />;
  const { a: current, b: previous, difference } = comparison.data;
  if (current.suppressed) {
    return (
      <section className="card" aria-labelledby="nps-heading">
        <h2 id="nps-heading">Not shown</h2>
        <p>{current.suppressionReason}</p>
      </section>
    );
  }
  return (
    <div className="insight-grid">
      <NpsCard current={current} previous={previous} difference={difference} confidence={filter.confidence} />
      {current.nps && <SplitCard nps={current.nps} />}
      {current.nps && <DistributionCard nps={current.nps} query={filter.query} />}
      <OtherMetrics overview={current} />
      {current.warnings.length > 0 && (
        <section className="card insight-wide" aria-labelledby="warnings-heading">
          <h2 id="warnings-heading">Read with care</h2>
          <ul>
            {current.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function NpsCard({
  current,
  previous,
  difference,
  confidence,
}: {
  current: AnalyticsOverviewView;
  previous: AnalyticsOverviewView;
  difference: AnalyticsComparisonView['difference'];
  confidence: Confidence;
}) {
  const nps = current.nps;
  return (
    <section className="card nps-card" aria-labelledby="nps-heading">
      <h2 id="nps-heading">Net Promoter Score</h2>
      {nps ? (
        <>
          <p className="nps-score">
            <span className="nps-value">{formatNps(nps.score)}</span>
            <span className="nps-margin">
              {formatMargin(nps.marginOfError[confidence])} <span className="muted">at {confidence}% confidence</span>
            </span>
          </p>
          <p className="muted">
            <span>
              {formatNumber(nps.n)} {nps.n === 1 ? 'answer' : 'answers'}
            </span>{' '}
            {nps.lowN && <span className="badge badge-warning">Few answers</span>}
          </p>
          {previous.nps && difference ? (
            <p>
              {formatChange(difference.difference)} against the previous period ({formatNps(previous.nps.score)}, {formatNumber(previous.nps.n)} answers):{' '}
              <strong>{difference.words}</strong>.
            </p>
          ) : (
            <p className="muted">No answers in the previous period to compare with.</p>
          )}
        </>
      ) : (
        <p className="empty">No NPS answers match these filters.</p>
      )}
    </section>
  );
}

function SplitCard({ nps }: { nps: NpsMetricsView }) {
  const parts = [
    { key: 'promoter', percent: nps.promoterPercent, count: nps.promoters },
    { key: 'passive', percent: nps.passivePercent, count: nps.passives },
    { key: 'detractor', percent: nps.detractorPercent, count: nps.detractors },
  ] as const;
  return (
    <section className="card" aria-labelledby="split-heading">
      <h2 id="split-heading">Promoters, passives, detractors</h2>
      <div className="split-bar" aria-hidden="true">
        {parts.map((part) => (
          <span key={part.key} className={`split-${part.key}`} style={{ width: `${part.percent}%` }} />
        ))}
      </div>
      <dl className="split-legend">
        {parts.map((part) => (
          <div key={part.key}>
            <dt>
              <span className={`swatch split-${part.key}`} aria-hidden="true" />
              {CATEGORY_LABELS[part.key]}
            </dt>
            <dd>
              {formatPercent(part.percent)} <span className="muted">({formatNumber(part.count)})</span>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function DistributionCard({ nps, query }: { nps: NpsMetricsView; query: Query }) {
  const option = useMemo<ChartOption>(() => {
    const colours = themeColours();
    return {
      grid: { left: 40, right: 12, top: 16, bottom: 28 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: nps.distribution.map((_, score) => String(score)), axisLabel: { color: colours.muted } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { color: colours.muted }, splitLine: { lineStyle: { color: colours.border } } },
      series: [
        {
          type: 'bar',
          name: 'Answers',
          data: nps.distribution.map((count, score) => ({ value: count, itemStyle: { color: colours[categoryOf(score)] } })),
        },
      ],
    };
  }, [nps.distribution]);
  return (
    <section className="card insight-wide" aria-labelledby="distribution-heading">
      <h2 id="distribution-heading">Answers per score</h2>
      <Chart option={option} label={`Bar chart of answers per score from 0 to 10: ${nps.distribution.join(', ')}.`} height={220} />
      <ChartDownloads chart="distribution" query={query} label="Download the distribution chart" />
      <details>
        <summary>As a table</summary>
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">Score</th>
              <th scope="col">Answers</th>
            </tr>
          </thead>
          <tbody>
            {nps.distribution.map((count, score) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the index is the score 0–10
              <tr key={score}>
                <th scope="row">{score}</th>
                <td>{formatNumber(count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}

function OtherMetrics({ overview }: { overview: AnalyticsOverviewView }) {
  const rate = overview.responseRate;
  if (!overview.csat && !overview.ces && !rate) return null;
  return (
    <section className="card" aria-labelledby="other-heading">
      <h2 id="other-heading">Other measures</h2>
      <dl className="stats">
        {rate && (
          <div className="stat">
            <dt>Response rate</dt>
            <dd>
              {rate.rate === null ? '—' : formatPercent(rate.rate * 100)}
              {rate.note && <small className="stat-note">{rate.note}</small>}
            </dd>
          </div>
        )}
        {overview.csat && (
          <div className="stat">
            <dt>CSAT (satisfied)</dt>
            <dd>
              {formatPercent(overview.csat.satisfiedPercent)}
              <small className="stat-note">
                Mean {formatNumber(overview.csat.mean)} of 5, {formatNumber(overview.csat.n)} answers
              </small>
            </dd>
          </div>
        )}
        {overview.ces && (
          <div className="stat">
            <dt>Customer effort</dt>
            <dd>
              {formatNumber(overview.ces.mean)}
              <small className="stat-note">Mean of 7, {formatNumber(overview.ces.n)} answers</small>
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}
