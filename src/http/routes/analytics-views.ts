// The trend and breakdown over HTTP, and both charts as SVG.
import { z } from 'zod';
import { breakdown, distributionChart, filterFromQuery, trend, trendChart } from '../../domain/analytics/index.ts';
import { requireActor } from '../plugins/auth.ts';
import { problemResponses } from '../schemas.ts';
import type { App, Deps } from '../types.ts';
import { ANALYTICS_SCOPE } from './analytics-schemas.ts';
import { AnalyticsBreakdown, AnalyticsTrend, BreakdownQuery, DistributionChartQuery, TrendChartQuery, TrendQuery } from './analytics-view-schemas.ts';

const tags = ['Analytics'];
const Svg = z.string().describe('An SVG image');

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

  app.get(
    '/api/v1/analytics/charts/trend.svg',
    {
      schema: {
        tags,
        summary: 'The trend as an SVG chart (line, confidence band, significant changes marked)',
        description: ANALYTICS_SCOPE,
        querystring: TrendChartQuery,
        produces: ['image/svg+xml'],
        response: { 200: Svg, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { interval, confidence, width, height } = request.query;
      const svg = await trendChart(db, requireActor(request), filterFromQuery(request.query), { interval, confidence }, { width, height }, new Date());
      return reply.type('image/svg+xml; charset=utf-8').header('cache-control', 'no-store').send(svg);
    },
  );

  app.get(
    '/api/v1/analytics/charts/distribution.svg',
    {
      schema: {
        tags,
        summary: 'The 0–10 distribution as an SVG bar chart coloured by category',
        description: ANALYTICS_SCOPE,
        querystring: DistributionChartQuery,
        produces: ['image/svg+xml'],
        response: { 200: Svg, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { width, height } = request.query;
      const svg = await distributionChart(db, requireActor(request), filterFromQuery(request.query), { width, height }, new Date());
      return reply.type('image/svg+xml; charset=utf-8').header('cache-control', 'no-store').send(svg);
    },
  );
}
