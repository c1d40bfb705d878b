// Request and response schemas of the analytics views: trend, breakdown, comments and the wall,
// responses, exports and charts. Filters are the shared AnalyticsQuery, extended per view.
import { z } from 'zod';
import { analyticsQueryWith, BREAKDOWN_DIMENSIONS, BREAKDOWN_SORTS, type BreakdownDimension, TREND_INTERVALS } from '../../domain/analytics/index.ts';
import { Id, pageOf } from '../schemas.ts';
import { NpsMetrics } from './analytics-schemas.ts';

const Period = z.object({ from: z.iso.datetime(), to: z.iso.datetime() });
const Words = z.enum(['significant at 99%', 'significant at 95%', 'significant at 90%', 'not significant']);
const NpsDifference = z
  .object({
    difference: z.number().meta({ description: 'NPS of the first − NPS of the second, in points.' }),
    z: z.number(),
    pValue: z.number().meta({ description: 'Two-sided.' }),
    words: Words,
  })
  .meta({ id: 'NpsDifference' });
const Named = z.object({ id: z.string(), name: z.string() });
const Limit = (max: number, fallback: number) =>
  z.coerce.number().int().min(1, `must be between 1 and ${max}`).max(max, `must be between 1 and ${max}`).default(fallback);
const Cursor = z.string().max(500).optional().meta({ description: 'nextCursor of the previous page.' });
const Suppression = {
  suppressed: z.boolean().meta({ description: 'Answers of anonymous surveys below their minimum group size were left out.' }),
  suppressionReason: z.string().nullable(),
};

const confidence = z
  .enum(['90', '95', '99'], { message: 'must be 90, 95 or 99' })
  .default('95')
  .transform((value) => Number(value) as 90 | 95 | 99)
  .meta({ description: 'Confidence of the band, in percent. Default 95.' });
const interval = z
  .enum(TREND_INTERVALS, { message: `must be one of ${TREND_INTERVALS.join(', ')}` })
  .default('month')
  .meta({ description: "Bucket size, cut in the workspace's time zone; weeks start on Monday. Default month." });

export const TrendQuery = analyticsQueryWith({ interval, confidence });

const Size = {
  width: z.coerce.number().int().min(200, 'must be between 200 and 2000').max(2000, 'must be between 200 and 2000').default(800),
  height: z.coerce.number().int().min(150, 'must be between 150 and 1200').max(1200, 'must be between 150 and 1200').default(400),
};
export const TrendChartQuery = analyticsQueryWith({ interval, confidence, ...Size });
export const DistributionChartQuery = analyticsQueryWith(Size);

const DIMENSION = new RegExp(`^(${BREAKDOWN_DIMENSIONS.join('|')}|attr\\.[^\\s]{1,100})$`);
export const BreakdownQuery = analyticsQueryWith({
  dimension: z
    .string()
    .regex(DIMENSION, `must be one of ${BREAKDOWN_DIMENSIONS.join(', ')} or attr.<key> (a contact attribute)`)
    .transform((value) => value as BreakdownDimension),
  parentUnitId: Id.optional().meta({ description: 'dimension=unit: the unit whose children are the rows. Default: the top of what you see.' }),
  sort: z.enum(BREAKDOWN_SORTS, { message: 'must be n, score or label' }).optional().meta({ description: 'Default n (label for month).' }),
  direction: z.enum(['asc', 'desc'], { message: 'must be asc or desc' }).optional(),
  limit: Limit(500, 50).meta({ description: 'Rows before the rest is summed up as "other". Default 50.' }),
});

export const CommentsQuery = analyticsQueryWith({
  search: z
    .string()
    .max(500, 'must be at most 500 characters')
    .optional()
    .meta({ description: 'Words that must all occur (case-insensitive, any part of a word).' }),
  limit: Limit(200, 50),
  cursor: Cursor,
});
export const CommentsExportQuery = analyticsQueryWith({ search: z.string().max(500, 'must be at most 500 characters').optional() });
export const WallQuery = analyticsQueryWith({ limit: Limit(50, 20) });
export const ResponsesQuery = analyticsQueryWith({ limit: Limit(200, 50), cursor: Cursor });

const TrendBucket = z.object({
  start: z.string().meta({ description: "The bucket's first day in the workspace's time zone (YYYY-MM-DD)." }),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  suppressed: z.boolean(),
  suppressionReason: z.string().nullable(),
  nps: NpsMetrics.nullable(),
  band: z.object({ low: z.number(), high: z.number() }).nullable(),
  change: NpsDifference.extend({ since: z.string(), significant: z.boolean() }).nullable(),
});

export const AnalyticsTrend = z
  .object({
    period: Period,
    interval: z.enum(TREND_INTERVALS),
    timeZone: z.string(),
    confidence: z.union([z.literal(90), z.literal(95), z.literal(99)]),
    buckets: z.array(TrendBucket),
    previousPeriod: z.object({
      from: z.iso.datetime(),
      to: z.iso.datetime(),
      nps: NpsMetrics.nullable(),
      suppressed: z.boolean(),
      difference: NpsDifference.nullable().meta({ description: 'The period against the one before it.' }),
      note: z.string().nullable(),
    }),
    total: NpsMetrics.nullable(),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'AnalyticsTrend' });

export const AnalyticsBreakdown = z
  .object({
    period: Period,
    dimension: z.string(),
    parent: Named.nullable(),
    total: NpsMetrics.nullable(),
    totalSuppressed: z.boolean(),
    rows: z.array(
      z.object({
        key: z.string().nullable(),
        label: z.string(),
        kind: z.enum(['group', 'direct', 'other']),
        hasChildren: z.boolean(),
        suppressed: z.boolean(),
        suppressionReason: z.string().nullable(),
        nps: NpsMetrics.nullable(),
        differenceToTotal: z.number().nullable(),
        againstRest: NpsDifference.nullable().meta({ description: 'z-test of the group against the total without it.' }),
      }),
    ),
    groups: z.number().int(),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'AnalyticsBreakdown' });

const Category = z.enum(['promoter', 'passive', 'detractor']).nullable();

const Comment = z.object({
  responseId: z.uuid(),
  survey: Named,
  score: z.number().int().nullable(),
  category: Category,
  answeredAt: z.iso.datetime(),
  language: z.string(),
  contact: Named.nullable(),
  unit: Named.nullable(),
  text: z.string(),
  highlights: z.array(z.object({ start: z.number().int(), end: z.number().int() })),
});
export const CommentPage = pageOf(Comment).extend(Suppression).meta({ id: 'AnalyticsCommentPage' });

export const WallComments = z
  .object({
    items: z.array(
      z.object({
        responseId: z.uuid(),
        score: z.number().int(),
        answeredAt: z.iso.datetime(),
        text: z.string(),
        name: z.string().nullable().meta({ description: 'First name and last initial; null for anonymous surveys.' }),
        unit: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'WallComments' });

const ResponseItem = z.object({
  id: z.uuid(),
  survey: Named,
  score: z.number().int().nullable(),
  category: Category,
  startedAt: z.iso.datetime(),
  completedAt: z.iso.datetime().nullable(),
  channel: z.string(),
  language: z.string(),
  contact: Named.nullable(),
  unit: Named.nullable(),
  owner: Named.nullable(),
  account: Named.nullable(),
  segment: z.string().nullable(),
  comment: z.string().nullable(),
});
export const ResponsePage = pageOf(ResponseItem).extend(Suppression).meta({ id: 'AnalyticsResponsePage' });

export const ResponseDetail = ResponseItem.omit({ contact: true, comment: true })
  .extend({
    surveyVersion: z.number().int(),
    anonymous: z.boolean(),
    touchpoint: Named.nullable(),
    contact: z.object({ id: z.uuid(), name: z.string(), email: z.string().nullable(), externalId: z.string().nullable() }).nullable(),
    answers: z.array(
      z.object({
        questionKey: z.string(),
        question: z.string().nullable(),
        type: z.string().nullable(),
        number: z.number().nullable(),
        text: z.string().nullable(),
        choices: z.array(z.object({ key: z.string(), label: z.string() })).nullable(),
        answeredAt: z.iso.datetime(),
      }),
    ),
    properties: z.record(z.string(), z.unknown()),
    invitation: z.object({ id: z.uuid(), sentAt: z.iso.datetime().nullable(), openedAt: z.iso.datetime().nullable() }).nullable(),
    event: z.object({ id: z.uuid(), type: z.string(), occurredAt: z.iso.datetime(), properties: z.record(z.string(), z.unknown()) }).nullable(),
  })
  .meta({ id: 'AnalyticsResponseDetail' });
