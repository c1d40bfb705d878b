// Response schemas of the analytics endpoints (the request schemas are the domain's AnalyticsFilter
// and its URL form AnalyticsQuery).
import { z } from 'zod';
import { AnalyticsFilter } from '../../domain/analytics/index.ts';

/** Who counts what, for the descriptions of every analytics endpoint. */
export const ANALYTICS_SCOPE =
  'Every role and API key; owners, admins, analysts and keys count the whole workspace, managers the answers given in their subtree ' +
  '(unit at answering time), frontline the answers of the contacts they owned. Anonymous surveys below their minimum group size answer suppressed.';

const Percent = z.number().meta({ description: 'Percent, 0–100, unrounded.' });

export const NpsMetrics = z
  .object({
    n: z.number().int(),
    promoters: z.number().int(),
    passives: z.number().int(),
    detractors: z.number().int(),
    promoterPercent: Percent,
    passivePercent: Percent,
    detractorPercent: Percent,
    score: z.number().meta({ description: '% promoters − % detractors, −100…100, unrounded.' }),
    marginOfError: z
      .object({ 90: z.number(), 95: z.number(), 99: z.number() })
      .meta({ description: 'Adjusted-Wald margin of error in NPS points at 90, 95 and 99% confidence (docs/METRICS.md).' }),
    distribution: z.array(z.number().int()).length(11).meta({ description: 'Answers per score 0…10.' }),
    lowN: z.boolean().meta({ description: 'Fewer NPS answers than the minimum for a reliable score (30).' }),
  })
  .meta({ id: 'NpsMetrics' });

const ResponseRate = z
  .object({
    sent: z.number().int().nullable(),
    completed: z.number().int().nullable(),
    rate: z.number().nullable().meta({ description: 'completed / sent email invitations sent in the period, a fraction.' }),
    note: z.string().nullable(),
  })
  .meta({ id: 'ResponseRate' });

export const AnalyticsOverview = z
  .object({
    period: z.object({ from: z.iso.datetime(), to: z.iso.datetime() }),
    suppressed: z.boolean().meta({ description: 'An anonymous survey (eNPS) has fewer answers here than its minimum group size: no numbers are given.' }),
    suppressionReason: z.string().nullable(),
    answers: z.number().int().nullable().meta({ description: 'Answers with a score (NPS, CSAT or CES) matching the filter.' }),
    nps: NpsMetrics.nullable(),
    csat: z.object({ n: z.number().int(), satisfiedPercent: Percent, mean: z.number() }).nullable(),
    ces: z.object({ n: z.number().int(), mean: z.number() }).nullable(),
    responseRate: ResponseRate.nullable(),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'AnalyticsOverview' });

export const CompareBody = z.object({ a: AnalyticsFilter, b: AnalyticsFilter }).meta({ id: 'AnalyticsCompareRequest' });

export const AnalyticsComparison = z
  .object({
    a: AnalyticsOverview,
    b: AnalyticsOverview,
    difference: z
      .object({
        difference: z.number().meta({ description: 'NPS of a − NPS of b, in points.' }),
        z: z.number(),
        pValue: z.number().meta({ description: 'Two-sided.' }),
        words: z.enum(['significant at 99%', 'significant at 95%', 'significant at 90%', 'not significant']),
      })
      .nullable(),
    note: z.string().nullable(),
  })
  .meta({ id: 'AnalyticsComparison' });

export const AccountNps = z
  .object({
    period: z.object({ from: z.iso.datetime(), to: z.iso.datetime() }),
    accounts: z.number().int().meta({ description: 'Accounts with NPS answers matching the filter (the account at answering time).' }),
    answers: z.number().int(),
    nps: z.number().nullable().meta({ description: "Mean of the accounts' NPS: each account counts once, however many of its people answered." }),
    revenueWeighted: z.object({
      nps: z.number().nullable().meta({ description: "The accounts' NPS weighted by their revenue today." }),
      accounts: z.number().int(),
      accountsWithoutRevenue: z.number().int().meta({ description: 'Left out of the revenue-weighted NPS: no positive revenue.' }),
    }),
  })
  .meta({ id: 'AccountNps' });
