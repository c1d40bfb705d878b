// The trend and breakdown over HTTP, and both charts as SVG and PNG.
import { z } from 'zod';
import { breakdown, CHART_FORMATS, type ChartFormat, distributionChart, filterFromQuery, trend, trendChart } from '../../domain/analytics/index.ts';
import { requireActor } from '../plugins/auth.ts';
import { problemResponses } from '../schemas.ts';
import type { App, Deps } from '../types.ts';
import { ANALYTICS_SCOPE } from './analytics-schemas.ts';
import { AnalyticsBreakdown, AnalyticsTrend, BreakdownQuery, DistributionChartQuery, TrendChartQuery, TrendQuery } from './analytics-view-schemas.ts';

const tags = ['Analytics'];
const IMAGE: Record<ChartFormat, { name: string; type: string; schema: z.ZodType; note: string }> = {
  svg: { name: 'an SVG', type: 'image/svg+xml', schema: z.string().describe('An SVG image'), note: '' },
  png: {
    name: 'a PNG',
    type: 'image/png',
    schema: z.any().describe('A PNG image'),
    note: ' The SVG chart rasterised at width × height pixels on white, its text in DejaVu Sans (shipped with Anbefal).',
  },
};

export function analyticsViewRoutes(app: App, deps: Deps) {
  const db = deps.database.db;

  app.get(
    '/api/v1/analytics/trend',
    {
      schema: {
        tags,
        summary: 'NPS per day, week, month or quarter with its confidence band, significant changes, and the previous period',
        description: `${ANALYTICS_SCOPE} Formulas: docs/METRICS.md.`,
        querystring: TrendQuery,
        response: { 200: AnalyticsTrend, ...problemResponses },
      },
    },
    async (request) => {
      const { interval, confidence } = request.query;
      return trend(db, requireActor(request), filterFromQuery(request.query), { interval, confidence }, new Date());
    },
  );

  app.get(
    '/api/v1/analytics/breakdown',
    {
      schema: {
        tags,
        summary: 'NPS per group of a dimension, with the difference to the total and its significance against the rest',
        description:
          `${ANALYTICS_SCOPE} dimension=unit shows the children of parentUnitId, each with its whole subtree (unit at answering time, ` +
          'or today with unitBasis=current). Groups beyond limit are summed up as one "other" row.',
        querystring: BreakdownQuery,
        response: { 200: AnalyticsBreakdown, ...problemResponses },
      },
    },
    async (request) => {
      const { dimension, parentUnitId, sort, direction, limit } = request.query;
      return breakdown(db, requireActor(request), filterFromQuery(request.query), { dimension, parentUnitId, sort, direction, limit }, new Date());
    },
  );

  // One route per chart and format: the extension names the file type, as the exports' do.
  for (const format of CHART_FORMATS) {
    const image = IMAGE[format];
    app.get(
      `/api/v1/analytics/charts/trend.${format}`,
      {
        schema: {
          tags,
          summary: `The trend as ${image.name} chart (line, confidence band, significant changes marked)`,
          description: `${ANALYTICS_SCOPE}${image.note}`,
          querystring: TrendChartQuery,
          produces: [image.type],
          response: { 200: image.schema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const { interval, confidence, width, height } = request.query;
        const filter = filterFromQuery(request.query);
        const chart = await trendChart(db, requireActor(request), filter, { interval, confidence }, { width, height }, new Date(), format);
        return reply.type(chart.contentType).header('cache-control', 'no-store').send(chart.body);
      },
    );

    app.get(
      `/api/v1/analytics/charts/distribution.${format}`,
      {
        schema: {
          tags,
          summary: `The 0–10 distribution as ${image.name} bar chart coloured by category`,
          description: `${ANALYTICS_SCOPE}${image.note}`,
          querystring: DistributionChartQuery,
          produces: [image.type],
          response: { 200: image.schema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const { width, height } = request.query;
        const chart = await distributionChart(db, requireActor(request), filterFromQuery(request.query), { width, height }, new Date(), format);
        return reply.type(chart.contentType).header('cache-control', 'no-store').send(chart.body);
      },
    );
  }
}
