// The metric engine over HTTP: the overview of a filtered set of answers, and the comparison of two.
import { AnalyticsQuery, accountNps, compare, filterFromQuery, overview } from '../../domain/analytics/index.ts';
import { requireActor } from '../plugins/auth.ts';
import { problemResponses } from '../schemas.ts';
import type { App, Deps } from '../types.ts';
import { analyticsAnswerRoutes } from './analytics-answers.ts';
import { AccountNps, ANALYTICS_SCOPE, AnalyticsComparison, AnalyticsOverview, CompareBody } from './analytics-schemas.ts';
import { analyticsViewRoutes } from './analytics-views.ts';

export function analyticsRoutes(app: App, deps: Deps) {
  app.get(
    '/api/v1/analytics/overview',
    {
      schema: {
        tags: ['Analytics'],
        summary: 'NPS with its margin of error, the 0–10 distribution, CSAT, CES and the response rate of the answers matching the filters',
        description: `${ANALYTICS_SCOPE} Arrays are repeated parameters (surveyIds=…&surveyIds=…). Formulas: docs/METRICS.md.`,
        querystring: AnalyticsQuery,
        response: { 200: AnalyticsOverview, ...problemResponses },
      },
    },
    async (request) => overview(deps.database.db, requireActor(request), filterFromQuery(request.query), new Date()),
  );

  app.post(
    '/api/v1/analytics/compare',
    {
      schema: {
        tags: ['Analytics'],
        summary: 'Two overviews and whether their NPS differ significantly (z-test), in plain words',
        description: ANALYTICS_SCOPE,
        body: CompareBody,
        response: { 200: AnalyticsComparison, ...problemResponses },
      },
    },
    async (request) => compare(deps.database.db, requireActor(request), request.body.a, request.body.b, new Date()),
  );

  app.get(
    '/api/v1/analytics/account-nps',
    {
      schema: {
        tags: ['Analytics'],
        summary: 'Account NPS for B2B: each account counts once; also weighted by revenue',
        description: `${ANALYTICS_SCOPE} Answers without an account (consumers, anonymous surveys) are not counted.`,
        querystring: AnalyticsQuery,
        response: { 200: AccountNps, ...problemResponses },
      },
    },
    async (request) => accountNps(deps.database.db, requireActor(request), filterFromQuery(request.query), new Date()),
  );

  analyticsViewRoutes(app, deps);
  analyticsAnswerRoutes(app, deps);
}
