// TV mode: the insight of the URL's filters on a wall screen, in large type and without the menu.
// The numbers refresh every minute; the views (score, trend, wall) take turns every 15 seconds,
// with pause and next buttons (WCAG 2.2.2). A device that asks for reduced motion starts paused.
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import type { AnalyticsTrendView } from '../../../domain/views.ts';
import { ErrorNotice, Loading } from '../../components/Notice.tsx';
import { useTitle } from '../../components/PageHeader.tsx';
import { formatDate, formatDateTime, formatNumber } from '../../format.ts';
import { CATEGORY_LABELS, formatChange, formatMargin, formatNps, formatPercent } from '../../format-insight.ts';
import { useSession } from '../../session.tsx';
import { type Confidence, useInsightFilter } from './filters.ts';
import { scopeOf } from './InsightLayout.tsx';
import { intervalOf, TrendChart, useTrend } from './Trend.tsx';
import { useWall, WallCards } from './Wall.tsx';

const REFRESH_MS = 60_000;
const ROTATE_MS = 15_000;
const SLIDES = ['Score', 'Trend', 'What promoters said'] as const;

const prefersReducedMotion = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

export function TvMode() {
  const session = useSession();
  const filter = useInsightFilter();
  const trend = useTrend(filter, intervalOf(filter), REFRESH_MS);
  const wall = useWall(filter, 6, REFRESH_MS);
  const [slide, setSlide] = useState(0);
  const [paused, setPaused] = useState(prefersReducedMotion);
  useTitle('TV mode');

  useEffect(() => {
    if (paused) return;
    const timer = setInterval(() => setSlide((current) => (current + 1) % SLIDES.length), ROTATE_MS);
    return () => clearInterval(timer);
  }, [paused]);

  const day = (date: Date) => formatDate(date.toISOString().slice(0, 10));
  const period = filter.days === null ? `${day(filter.from)} to ${day(new Date(filter.to.getTime() - 1))}` : `the last ${filter.days} days`;
  return (
    <main id="main" className="tv">
      <header className="tv-header">
        <div>
          <h1>{session.workspace.name}</h1>
          <p className="tv-scope">
            NPS of {period}: {scopeOf(session.workspace.role)}.
          </p>
        </div>
        <div className="tv-controls">
          <button type="button" className="button" onClick={() => setPaused((value) => !value)}>
            {paused ? 'Play' : 'Pause'}
          </button>
          <button type="button" className="button" onClick={() => setSlide((current) => (current + 1) % SLIDES.length)}>
            Next view
          </button>
          {document.fullscreenEnabled && (
            <button type="button" className="button" onClick={() => void toggleFullScreen()}>
              Full screen
            </button>
          )}
          <Link className="button" to={{ pathname: '/insight', search: filter.params.toString() }}>
            Leave TV mode
          </Link>
        </div>
      </header>
      <p className="tv-status muted">
        View {slide + 1} of {SLIDES.length}: {SLIDES[slide]}. {paused ? 'Paused.' : 'The views take turns every 15 seconds.'}
        {trend.dataUpdatedAt > 0 && ` Updated ${formatDateTime(new Date(trend.dataUpdatedAt).toISOString())}, every minute.`}
      </p>
      <section key={slide} className="tv-slide" aria-labelledby="tv-slide-heading">
        <h2 id="tv-slide-heading">{SLIDES[slide]}</h2>
        {slide === 2 ? (
          wall.isError ? (
            <ErrorNotice error={wall.error} />
          ) : wall.data ? (
            <WallCards items={wall.data} />
          ) : (
            <Loading what="the wall" />
          )
        ) : trend.isError ? (
          <ErrorNotice error={trend.error} />
        ) : trend.data ? (
          slide === 0 ? (
            <TvScore trend={trend.data} confidence={filter.confidence} />
          ) : (
            <TrendChart trend={trend.data} height={Math.max(320, Math.round(window.innerHeight * 0.55))} large />
          )
        ) : (
          <Loading what="the numbers" />
        )}
      </section>
    </main>
  );
}

async function toggleFullScreen() {
  if (document.fullscreenElement) await document.exitFullscreen();
  else await document.documentElement.requestFullscreen();
}

function TvScore({ trend, confidence }: { trend: AnalyticsTrendView; confidence: Confidence }) {
  const total = trend.total;
  if (!total) return <p className="tv-empty">{trend.warnings[0] ?? 'No NPS answers in this period yet.'}</p>;
  const previous = trend.previousPeriod;
  return (
    <div className="tv-score">
      <p className="tv-nps">
        <span className="tv-nps-value">{formatNps(total.score)}</span>
        <span className="tv-nps-margin">{formatMargin(total.marginOfError[confidence])}</span>
      </p>
      <p>
        {formatNumber(total.n)} answers, {confidence}% confidence.
        {previous.nps && previous.difference && (
          <>
            {' '}
            {formatChange(previous.difference.difference)} against the period before: {previous.difference.words}.
          </>
        )}
      </p>
      <dl className="tv-split">
        {(['promoter', 'passive', 'detractor'] as const).map((category) => (
          <div key={category} className={`tv-split-${category}`}>
            <dt>{CATEGORY_LABELS[category]}</dt>
            <dd>{formatPercent(total[`${category}Percent`])}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
