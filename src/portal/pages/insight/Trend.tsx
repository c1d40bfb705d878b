// NPS over time: a line per day, week, month or quarter inside its confidence band, the changes
// that are significant marked on the line and said in words, the previous period as a dashed line,
// and every number in a table. The interval is in the URL beside the filters.
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { AnalyticsTrendView, TrendBucketView, TrendInterval } from '../../../domain/views.ts';
import { api, type Query } from '../../api.ts';
import { Chart, type ChartOption, themeColours } from '../../components/Chart.tsx';
import { SelectField } from '../../components/Field.tsx';
import { ErrorNotice, Loading } from '../../components/Notice.tsx';
import { formatNumber } from '../../format.ts';
import { formatBucket, formatChange, formatMargin, formatNps } from '../../format-insight.ts';
import { ChartDownloads } from './ChartDownloads.tsx';
import type { InsightFilter } from './filters.ts';
import { useFilterOfView } from './InsightLayout.tsx';

const INTERVALS: Record<TrendInterval, string> = { day: 'Day', week: 'Week', month: 'Month', quarter: 'Quarter' };
const DAY = 86_400_000;

/** The interval of the URL, else one that gives a readable number of points for the period. */
export function intervalOf(filter: InsightFilter): TrendInterval {
  const chosen = filter.params.get('interval');
  if (chosen && chosen in INTERVALS) return chosen as TrendInterval;
  const days = (filter.to.getTime() - filter.from.getTime()) / DAY;
  return days <= 31 ? 'day' : days <= 180 ? 'week' : 'month';
}

const trendQuery = (filter: InsightFilter, interval: TrendInterval): Query => ({ ...filter.query, interval, confidence: filter.confidence });

export function useTrend(filter: InsightFilter, interval: TrendInterval, refetchInterval?: number) {
  const query = trendQuery(filter, interval);
  return useQuery({
    queryKey: ['analytics', 'trend', query],
    queryFn: () => api.get<AnalyticsTrendView>('/analytics/trend', query),
    refetchInterval,
  });
}

export function TrendView() {
  const filter = useFilterOfView();
  const interval = intervalOf(filter);
  const trend = useTrend(filter, interval);
  return (
    <div className="stack">
      <div className="view-options">
        <SelectField label="Interval" name="interval" value={interval} onChange={(event) => filter.set({ interval: event.target.value })}>
          {Object.entries(INTERVALS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectField>
      </div>
      {trend.isPending && <Loading what="the trend" />}
      {trend.isError && <ErrorNotice error={trend.error} />}
      {trend.isSuccess && <TrendReport trend={trend.data} query={trendQuery(filter, interval)} />}
    </div>
  );
}

function TrendReport({ trend, query }: { trend: AnalyticsTrendView; query: Query }) {
  const shown = trend.buckets.filter((bucket) => bucket.nps);
  const changes = trend.buckets.filter((bucket) => bucket.change?.significant);
  return (
    <>
      <section className="card" aria-labelledby="trend-heading">
        <h2 id="trend-heading">NPS per {trend.interval}</h2>
        {shown.length === 0 ? (
          <p className="empty">No NPS answers match these filters.</p>
        ) : (
          <>
            <TrendChart trend={trend} />
            <ChartDownloads chart="trend" query={query} label="Download the trend chart" />
            <PreviousPeriod trend={trend} />
            <h3>Significant changes</h3>
            {changes.length === 0 ? (
              <p>No change between one {trend.interval} and the one before is significant.</p>
            ) : (
              <ul>
                {changes.map((bucket) => (
                  <li key={bucket.start}>
                    <ChangeInWords bucket={bucket} interval={trend.interval} />
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
        {trend.warnings.length > 0 && (
          <ul className="notice notice-warning plain-list">
            {trend.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        )}
      </section>
      {trend.buckets.length > 0 && <TrendTable trend={trend} />}
    </>
  );
}

function PreviousPeriod({ trend }: { trend: AnalyticsTrendView }) {
  const { total, previousPeriod: previous } = trend;
  if (!total) return null;
  if (!previous.nps || !previous.difference) {
    return <p className="muted">{previous.note ?? 'No answers in the previous period to compare with.'}</p>;
  }
  return (
    <p>
      The whole period: {formatNps(total.score)} ({formatNumber(total.n)} answers), {formatChange(previous.difference.difference)} against the previous period (
      {formatNps(previous.nps.score)}, {formatNumber(previous.nps.n)} answers, the dashed line): <strong>{previous.difference.words}</strong>.
    </p>
  );
}

function ChangeInWords({ bucket, interval }: { bucket: TrendBucketView; interval: TrendInterval }) {
  const change = bucket.change;
  if (!change) return null;
  return (
    <>
      {formatBucket(bucket.start, interval)}: {formatChange(change.difference)} points since {formatBucket(change.since, interval)}, {change.words}.
    </>
  );
}

/** The chart: an invisible base and the band's height stacked on it, the NPS line with significant
 * changes as larger diamonds, and the previous period's NPS as a dashed line. */
export function TrendChart({ trend, height = 300, large = false }: { trend: AnalyticsTrendView; height?: number; large?: boolean }) {
  const option = useMemo<ChartOption>(() => {
    const colours = themeColours();
    const previous = trend.previousPeriod.nps;
    const fontSize = large ? 20 : 12;
    return {
      grid: { left: large ? 64 : 44, right: 16, top: 24, bottom: large ? 48 : 32 },
      tooltip: { trigger: 'axis' },
      xAxis: {
        type: 'category',
        data: trend.buckets.map((bucket) => formatBucket(bucket.start, trend.interval)),
        axisLabel: { color: colours.muted, fontSize },
      },
      yAxis: {
        type: 'value',
        min: -100,
        max: 100,
        axisLabel: { color: colours.muted, fontSize },
        splitLine: { lineStyle: { color: colours.border } },
      },
      series: [
        {
          name: 'Band low',
          type: 'line',
          stack: 'band',
          stackStrategy: 'all',
          data: trend.buckets.map((bucket) => bucket.band?.low ?? '-'),
          lineStyle: { opacity: 0 },
          symbol: 'none',
          connectNulls: true,
          tooltip: { show: false },
        },
        {
          name: `Margin of error (${trend.confidence}%)`,
          type: 'line',
          stack: 'band',
          stackStrategy: 'all',
          data: trend.buckets.map((bucket) => (bucket.band ? bucket.band.high - bucket.band.low : '-')),
          lineStyle: { opacity: 0 },
          areaStyle: { color: colours.accent, opacity: 0.18 },
          symbol: 'none',
          connectNulls: true,
          tooltip: { show: false },
        },
        {
          name: 'NPS',
          type: 'line',
          data: trend.buckets.map((bucket) =>
            bucket.nps
              ? {
                  value: Math.round(bucket.nps.score),
                  symbol: bucket.change?.significant ? 'diamond' : 'circle',
                  symbolSize: bucket.change?.significant ? (large ? 22 : 14) : large ? 10 : 6,
                }
              : '-',
          ),
          // Buckets without answers are skipped (the table says so), so the line joins those with answers.
          connectNulls: true,
          lineStyle: { color: colours.accent, width: large ? 4 : 2 },
          itemStyle: { color: colours.accent },
          markLine: previous
            ? {
                symbol: 'none',
                silent: true,
                lineStyle: { type: 'dashed', color: colours.muted },
                label: { formatter: `Previous period ${formatNps(previous.score)}`, color: colours.muted, fontSize, position: 'insideEndTop' },
                data: [{ yAxis: Math.round(previous.score) }],
              }
            : undefined,
        },
      ],
    };
  }, [trend, large]);
  const label = trend.buckets
    .map((bucket) => `${formatBucket(bucket.start, trend.interval)} ${bucket.nps ? formatNps(bucket.nps.score) : 'no answers'}`)
    .join(', ');
  const previous = trend.previousPeriod.nps ? ` Previous period ${formatNps(trend.previousPeriod.nps.score)}.` : '';
  return <Chart option={option} height={height} label={`Line chart of NPS per ${trend.interval}: ${label}.${previous}`} />;
}

function TrendTable({ trend }: { trend: AnalyticsTrendView }) {
  const confidence = trend.confidence;
  return (
    <section className="card card-flush" aria-labelledby="trend-table-heading">
      <h2 id="trend-table-heading" className="card-title">
        Per {trend.interval}
      </h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{trend.interval.charAt(0).toUpperCase() + trend.interval.slice(1)}</th>
            <th scope="col">NPS</th>
            <th scope="col">Margin ({confidence}%)</th>
            <th scope="col">Answers</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {trend.buckets.map((bucket) => (
            <tr key={bucket.start}>
              <th scope="row">{formatBucket(bucket.start, trend.interval)}</th>
              {bucket.nps ? (
                <>
                  <td data-label="NPS">{formatNps(bucket.nps.score)}</td>
                  <td data-label={`Margin (${confidence}%)`}>{formatMargin(bucket.nps.marginOfError[confidence])}</td>
                  <td data-label="Answers">
                    {formatNumber(bucket.nps.n)} {bucket.nps.lowN && <span className="badge badge-warning">Few answers</span>}
                  </td>
                  <td data-label="Change">{bucket.change ? `${formatChange(bucket.change.difference)}, ${bucket.change.words}` : '—'}</td>
                </>
              ) : (
                <td data-label="NPS" colSpan={4}>
                  {bucket.suppressionReason ?? 'No answers'}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
