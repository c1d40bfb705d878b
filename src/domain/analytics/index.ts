// Analytics: NPS, CSAT, CES and response rate over filtered, role-scoped answers, counted in SQL.

export { accountNps } from './accounts.ts';
export {
  ANALYTICS_CHANNELS,
  AnalyticsFilter,
  type AnalyticsFilterInput,
  AnalyticsQuery,
  filterFromQuery,
  NPS_CATEGORIES,
  type ParsedAnalyticsFilter,
} from './filters.ts';
export { compare, overview } from './metrics.ts';
export { CONFIDENCE_LEVELS, MIN_RELIABLE_N } from './statistics.ts';
