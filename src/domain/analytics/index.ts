// Analytics: NPS, CSAT, CES and response rate over filtered, role-scoped answers, counted in SQL;
// the trend, breakdowns, comments and the wall, single responses, exports and charts.

export { accountNps } from './accounts.ts';
export { BREAKDOWN_DIMENSIONS, BREAKDOWN_SORTS, type BreakdownDimension, breakdown } from './breakdown.ts';
export { CHART_FORMATS, type ChartFormat, distributionChart, svgToPng, trendChart } from './charts.ts';
export { comments, wall } from './comments.ts';
export { commentsCsv, responsesCsv, responsesXlsx, XLSX_CONTENT_TYPE } from './export.ts';
export {
  ANALYTICS_CHANNELS,
  AnalyticsFilter,
  type AnalyticsFilterInput,
  AnalyticsQuery,
  analyticsQueryWith,
  filterFromQuery,
  NPS_CATEGORIES,
  type ParsedAnalyticsFilter,
} from './filters.ts';
export { compare, overview } from './metrics.ts';
export { listResponses, responseDetail } from './responses.ts';
export { type RollupRow, rollupAggregates } from './rollup.ts';
export { CONFIDENCE_LEVELS, MIN_RELIABLE_N } from './statistics.ts';
export { TREND_INTERVALS, trend } from './trend.ts';
