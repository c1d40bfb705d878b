// Charts as SVG, rendered on the server by ECharts (the same library as the portal) without a
// browser: the trend with its confidence band and significant changes marked, and the 0–10
// distribution coloured by category. They take the views the API returns, so a chart always
// shows exactly the numbers of its JSON twin. PNG is the same SVG rasterised by resvg.
import { createRequire } from 'node:module';
import { renderAsync } from '@resvg/resvg-js';
import type { EChartsCoreOption } from 'echarts';
import type { Db } from '../../db/index.ts';
import type { Actor } from '../access/index.ts';
import type { AnalyticsOverviewView, AnalyticsTrendView } from '../views.ts';
import type { ParsedAnalyticsFilter } from './filters.ts';
import { overview } from './metrics.ts';
import { type TrendOptions, trend } from './trend.ts';

export interface ChartSize {
  width: number;
  height: number;
}

export const CHART_FORMATS = ['svg', 'png'] as const;
export type ChartFormat = (typeof CHART_FORMATS)[number];

const COLOURS = { detractor: '#c0392b', passive: '#d4a017', promoter: '#1e8449', line: '#1f4e79', band: '#9dc3e6' };

const escapeXml = (text: string) => text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c);

/** Renders without a DOM; the SVG is labelled as one image (role and aria-label) for screen readers. */
// ECharts takes most of a second to load: the server starts without it and loads it for the first chart.
let echartsModule: Promise<typeof import('echarts')> | undefined;

async function render(option: EChartsCoreOption, size: ChartSize, label: string): Promise<string> {
  echartsModule ??= import('echarts');
  const echarts = await echartsModule;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: 'system-ui, sans-serif' }, ...option });
    return chart.renderToSVGString().replace('<svg ', `<svg role="img" aria-label="${escapeXml(label)}" `);
  } finally {
    chart.dispose();
  }
}

const round = (value: number | undefined) => (value === undefined ? null : Math.round(value * 10) / 10);

export async function trendChartSvg(view: AnalyticsTrendView, size: ChartSize): Promise<string> {
  const starts = view.buckets.map((bucket) => bucket.start);
  const low = view.buckets.map((bucket) => round(bucket.band?.low));
  const width = view.buckets.map((bucket) => (bucket.band ? round(bucket.band.high - bucket.band.low) : null));
  const marks = view.buckets.flatMap((bucket) =>
    bucket.change?.significant && bucket.nps
      ? [{ coord: [bucket.start, round(bucket.nps.score)], value: `${bucket.change.difference > 0 ? '+' : ''}${Math.round(bucket.change.difference)}` }]
      : [],
  );
  return render(
    {
      title: { text: `NPS per ${view.interval}`, subtext: `${view.confidence}% confidence band; marked: significant change`, left: 'center' },
      grid: { left: 48, right: 24, top: 64, bottom: 40 },
      xAxis: { type: 'category', data: starts, boundaryGap: false },
      yAxis: { type: 'value', min: -100, max: 100, interval: 50 },
      series: [
        { name: 'band low', type: 'line', data: low, stack: 'band', symbol: 'none', lineStyle: { opacity: 0 }, connectNulls: false },
        {
          name: `${view.confidence}% band`,
          type: 'line',
          data: width,
          stack: 'band',
          symbol: 'none',
          lineStyle: { opacity: 0 },
          areaStyle: { color: COLOURS.band, opacity: 0.5 },
        },
        {
          name: 'NPS',
          type: 'line',
          data: view.buckets.map((bucket) => round(bucket.nps?.score)),
          itemStyle: { color: COLOURS.line },
          markPoint: { symbol: 'pin', symbolSize: 40, data: marks, itemStyle: { color: COLOURS.promoter } },
        },
      ],
    },
    size,
    `NPS per ${view.interval}: ${view.buckets.map((bucket) => `${bucket.start} ${bucket.nps ? Math.round(bucket.nps.score) : 'none'}`).join(', ')}`,
  );
}

export async function distributionChartSvg(view: AnalyticsOverviewView, size: ChartSize): Promise<string> {
  const scores = Array.from({ length: 11 }, (_, score) => String(score));
  const colourOf = (score: number) => (score >= 9 ? COLOURS.promoter : score >= 7 ? COLOURS.passive : COLOURS.detractor);
  const nps = view.nps;
  return render(
    {
      title: {
        text: nps ? `NPS ${Math.round(nps.score)} (n = ${nps.n})` : 'No NPS to show',
        subtext: nps ? 'Answers per score, 0–10' : (view.suppressionReason ?? 'No NPS answers match the filters.'),
        left: 'center',
      },
      grid: { left: 48, right: 24, top: 64, bottom: 40 },
      xAxis: { type: 'category', data: scores },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: 'Answers',
          type: 'bar',
          data: (nps?.distribution ?? []).map((count, score) => ({ value: count, itemStyle: { color: colourOf(score) } })),
          label: { show: true, position: 'top' },
        },
      ],
    },
    size,
    nps ? `Answers per score 0 to 10: ${nps.distribution.join(', ')}` : 'No NPS to show',
  );
}

export interface RenderedChart {
  contentType: string;
  body: string | Buffer;
}

const inFormat = async (svg: string, format: ChartFormat): Promise<RenderedChart> =>
  format === 'png' ? { contentType: 'image/png', body: await svgToPng(svg) } : { contentType: 'image/svg+xml; charset=utf-8', body: svg };

/** The trend of the filter as a chart, SVG or PNG. */
export const trendChart = async (db: Db, actor: Actor, filter: ParsedAnalyticsFilter, options: TrendOptions, size: ChartSize, now: Date, format: ChartFormat) =>
  inFormat(await trendChartSvg(await trend(db, actor, filter, options, now), size), format);

/** The 0–10 distribution of the filter as a chart, SVG or PNG. */
export const distributionChart = async (db: Db, actor: Actor, filter: ParsedAnalyticsFilter, size: ChartSize, now: Date, format: ChartFormat) =>
  inFormat(await distributionChartSvg(await overview(db, actor, filter, now), size), format);

/** DejaVu Sans from the dejavu-fonts-ttf package: the PNG's text is drawn with the font the app
 * ships, never with whatever fonts (or none) the server has, so it looks the same everywhere. */
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) => createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${file}`));

/** Rasterises a chart's SVG at its own width and height on white (slides and documents rarely
 * want transparency), off the event loop: resvg renders on libuv's thread pool. */
export async function svgToPng(svg: string): Promise<Buffer> {
  const image = await renderAsync(svg, {
    background: 'white',
    fitTo: { mode: 'original' },
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return image.asPng();
}
