// Server-side charts: the SVG carries the view's own numbers (axis labels, the significant change
// marked, the bar counts) and says why nothing is shown when a group is suppressed; the PNG is a
// valid image of the requested size with the bars in their colours and the title drawn in the
// shipped font.
import { describe, expect, it } from 'vitest';
import { countPixels, decodePng, near, PNG_SIGNATURE } from '../../../test/support/png.ts';
import type { AnalyticsOverviewView, AnalyticsTrendView, NpsMetricsView, TrendBucketView } from '../views.ts';
import { distributionChartSvg, svgToPng, trendChartSvg } from './charts.ts';

const SIZE = { width: 640, height: 320 };
const nps = (score: number, n: number, distribution: number[]): NpsMetricsView => ({
  n,
  promoters: 0,
  passives: 0,
  detractors: 0,
  promoterPercent: 0,
  passivePercent: 0,
  detractorPercent: 0,
  score,
  marginOfError: { 90: 10, 95: 12, 99: 15 },
  distribution,
  lowN: false,
});
const bucket = (start: string, score: number | null, change: TrendBucketView['change'] = null): TrendBucketView => ({
  start,
  from: `${start}T00:00:00.000Z`,
  to: `${start}T00:00:00.000Z`,
  suppressed: false,
  suppressionReason: null,
  nps: score === null ? null : nps(score, 100, []),
  band: score === null ? null : { low: score - 12, high: score + 12 },
  change,
});

describe('charts', () => {
  it('draws the trend with its band and marks significant changes', async () => {
    const view: AnalyticsTrendView = {
      period: { from: '2026-01-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' },
      interval: 'month',
      timeZone: 'UTC',
      confidence: 95,
      buckets: [
        bucket('2026-01-01', 25),
        bucket('2026-02-01', null),
        bucket('2026-03-01', 98, { since: '2026-01-01', difference: 73, z: 9, pValue: 0, words: 'significant at 99%', significant: true }),
      ],
      previousPeriod: { from: '', to: '', nps: null, suppressed: false, difference: null, note: null },
      total: null,
      warnings: [],
    };
    const svg = await trendChartSvg(view, SIZE);
    expect(svg).toMatch(/^<svg role="img" aria-label="[^"]*" width="640" height="320"/);
    for (const text of ['NPS per month', '95% confidence band', '2026-01-01', '2026-03-01', '+73']) expect(svg).toContain(text);
    expect(svg).toContain('aria-label="NPS per month: 2026-01-01 25, 2026-02-01 none, 2026-03-01 98"');
  });

  const overview = (metrics: NpsMetricsView | null, reason: string | null): AnalyticsOverviewView => ({
    period: { from: '', to: '' },
    suppressed: reason !== null,
    suppressionReason: reason,
    answers: metrics?.n ?? null,
    nps: metrics,
    csat: null,
    ces: null,
    responseRate: null,
    warnings: [],
  });

  it('draws the distribution with a bar per score, or says why there is none', async () => {
    const svg = await distributionChartSvg(overview(nps(25, 100, [0, 0, 0, 22, 0, 0, 0, 0, 31, 0, 47]), null), SIZE);
    for (const text of ['NPS 25 (n = 100)', '>47<', '>31<', '>22<', '#1e8449', '#c0392b']) expect(svg).toContain(text);
    const hidden = await distributionChartSvg(overview(null, 'Below the minimum group size.'), SIZE);
    expect(hidden).toContain('No NPS to show');
    expect(hidden).toContain('Below the minimum group size.');
  });

  it('rasterises a chart to a PNG of the requested size, with its bars and its text', async () => {
    const size = { width: 600, height: 300 };
    const png = await svgToPng(await distributionChartSvg(overview(nps(25, 100, [0, 0, 0, 22, 0, 0, 0, 0, 31, 0, 47]), null), size));
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    // IHDR is the first chunk: its length (13), its type, then width and height.
    expect(png.toString('latin1', 12, 16)).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([600, 300]);
    const image = decodePng(png);
    const white = countPixels(image, (r, g, b) => r === 255 && g === 255 && b === 255);
    expect(white).toBeLessThan(image.width * image.height);
    // The promoters' bar (47) is taller than the passives' (31), and the detractors' (22) is drawn too.
    const promoter = countPixels(image, near('#1e8449'));
    const passive = countPixels(image, near('#d4a017'));
    expect(countPixels(image, near('#c0392b'))).toBeGreaterThan(200);
    expect(passive).toBeGreaterThan(200);
    expect(promoter).toBeGreaterThan(passive);
    // The title "NPS 25 (n = 100)" is text in the top band: without a font, resvg draws none.
    expect(countPixels(image, (r, g, b) => r < 128 && g < 128 && b < 128, 0, 40)).toBeGreaterThan(100);
  });
});
