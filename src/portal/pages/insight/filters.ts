// The filters of every insight view live in the address bar under the API's own parameter names,
// so a view is shared by copying its URL and the API is called with the same parameters. Only the
// period has a portal-only shorthand: `days` (the last N days) when no explicit from/to is given.
import { useSearchParams } from 'react-router-dom';
import type { Query } from '../../api.ts';

export const PERIOD_DAYS = [7, 30, 90, 365] as const;
export const DEFAULT_DAYS = 90;
export const CONFIDENCE_LEVELS = ['90', '95', '99'] as const;
export type Confidence = (typeof CONFIDENCE_LEVELS)[number];

/** Parameters passed to the API as they stand in the URL. Repeated ones are lists. */
const SINGLE = ['unitId', 'includeSubunits', 'unitBasis', 'ownerMemberId', 'segment', 'category', 'hasComment'] as const;
const REPEATED = ['surveyIds', 'touchpointIds', 'channels', 'languages', 'attribute'] as const;

/** A view's own parameters (the trend's interval, the breakdown's dimension…): kept when the filters are cleared. */
const VIEW_PARAMS = ['days', 'from', 'to', 'confidence', 'interval', 'dimension', 'parentUnitId', 'search'] as const;

const DAY = 86_400_000;

export interface InsightFilter {
  /** The API query of the chosen period and filters. */
  query: Query;
  /** The same filters over the period of equal length just before. */
  previousQuery: Query;
  from: Date;
  to: Date;
  days: number | null;
  confidence: Confidence;
  /** How many filters besides the period are set (shown on the filter button). */
  active: number;
  params: URLSearchParams;
  /** Sets (or, with null or '', removes) parameters; the rest stay. */
  set(changes: Record<string, string | readonly string[] | null>): void;
  clear(): void;
}

/** As the API reads from/to: a date is a whole UTC day (`to` includes it); a date-time is that
 * instant (`to` excluded), as the weekly digest links a week in the workspace's time zone. */
const instantOf = (value: string, end: 'start' | 'end') =>
  value.includes('T') ? new Date(value).getTime() : new Date(`${value}T00:00:00Z`).getTime() + (end === 'end' ? DAY : 0);

/** The start of today's next day in UTC, so "the last 30 days" includes all of today. */
const endOfToday = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY);

export function useInsightFilter(now = new Date()): InsightFilter {
  const [params, setParams] = useSearchParams();
  const fromParam = params.get('from');
  const toParam = params.get('to');
  const daysParam = Number(params.get('days'));
  const days = !fromParam && !toParam ? ((PERIOD_DAYS as readonly number[]).includes(daysParam) ? daysParam : DEFAULT_DAYS) : null;
  const to = toParam ? instantOf(toParam, 'end') : endOfToday(now).getTime();
  const from = fromParam ? instantOf(fromParam, 'start') : to - (days ?? DEFAULT_DAYS) * DAY;
  const confidenceParam = params.get('confidence');
  const confidence = (CONFIDENCE_LEVELS as readonly string[]).includes(confidenceParam ?? '') ? (confidenceParam as Confidence) : '95';

  const rest: Query = {};
  let active = 0;
  for (const key of SINGLE) {
    const value = params.get(key);
    if (value) {
      rest[key] = value;
      if (key !== 'includeSubunits' && key !== 'unitBasis') active += 1;
    }
  }
  for (const key of REPEATED) {
    const values = params.getAll(key).filter(Boolean);
    if (values.length > 0) {
      rest[key] = values;
      active += 1;
    }
  }
  const span = to - from;
  const iso = (time: number) => new Date(time).toISOString();

  return {
    query: { ...rest, from: iso(from), to: iso(to) },
    previousQuery: { ...rest, from: iso(from - span), to: iso(from) },
    from: new Date(from),
    to: new Date(to),
    days,
    confidence,
    active,
    params,
    set(changes) {
      const next = new URLSearchParams(params);
      for (const [key, value] of Object.entries(changes)) {
        next.delete(key);
        if (Array.isArray(value)) for (const item of value) next.append(key, item);
        else if (typeof value === 'string' && value !== '') next.set(key, value);
      }
      setParams(next, { replace: true });
    },
    clear() {
      const next = new URLSearchParams();
      for (const key of VIEW_PARAMS) {
        const value = params.get(key);
        if (value) next.set(key, value);
      }
      setParams(next, { replace: true });
    },
  };
}

/**
 * A query as the JSON filter of a POST body (compare): there, contact attributes are an object
 * (`attributes: { region: 'north' }`) instead of the URL's repeated `attribute=region:north`.
 */
export function asFilterBody({ attribute, ...rest }: Query): Record<string, unknown> {
  if (!Array.isArray(attribute) || attribute.length === 0) return rest;
  const pairs = attribute.map((pair) => [pair.slice(0, pair.indexOf(':')), pair.slice(pair.indexOf(':') + 1)]);
  return { ...rest, attributes: Object.fromEntries(pairs) };
}
