// The statistics of NPS, on a handful of counts the database has already aggregated: the score,
// its margin of error (adjusted Wald) and the z-test between two groups. Sources in docs/METRICS.md.
import { errorFunction } from 'simple-statistics';

/** Below this many NPS answers a number is shown with a warning: the margin of error is wide. */
export const MIN_RELIABLE_N = 30;

export const CONFIDENCE_LEVELS = [90, 95, 99] as const;
export type ConfidenceLevel = (typeof CONFIDENCE_LEVELS)[number];

/** Two-sided standard normal quantiles z(1 − α/2). Exact constants rather than simple-statistics'
 * probit, whose inverse-error-function approximation gives 1.9572 for 95% (0.14% narrow margins);
 * statistics.test.ts checks each against the normal CDF. */
export const Z_TWO_SIDED: Record<ConfidenceLevel, number> = {
  90: 1.6448536269514722,
  95: 1.959963984540054,
  99: 2.5758293035489004,
};

/** Standard normal CDF Φ(z) = ½(1 + erf(z/√2)); simple-statistics' erf is accurate to ~1e-7
 * (its cumulativeStdNormalProbability reads a table rounded to two decimals of z). */
export const normalCdf = (z: number): number => 0.5 * (1 + errorFunction(z / Math.SQRT2));

export interface NpsCounts {
  n: number;
  promoters: number;
  detractors: number;
}

/** NPS = % promoters − % detractors, −100…100; null without answers. */
export const netPromoterScore = ({ n, promoters, detractors }: NpsCounts): number | null => (n === 0 ? null : ((promoters - detractors) / n) * 100);

/** Variance of one answer's value (+1 promoter, 0 passive, −1 detractor): p + d − (p − d)². */
export const npsVariance = (p: number, d: number): number => p + d - (p - d) ** 2;

/** Margin of error in NPS points by the adjusted-Wald method (Rocks 2016): add 3 pseudo-answers,
 * ¾ promoter, 1½ passive, ¾ detractor, then z·√(variance / (n + 3)). */
export function adjustedWaldMargin({ n, promoters, detractors }: NpsCounts, level: ConfidenceLevel): number | null {
  if (n === 0) return null;
  const adjustedN = n + 3;
  const p = (promoters + 0.75) / adjustedN;
  const d = (detractors + 0.75) / adjustedN;
  return Z_TWO_SIDED[level] * Math.sqrt(npsVariance(p, d) / adjustedN) * 100;
}

export type SignificanceWords = 'significant at 99%' | 'significant at 95%' | 'significant at 90%' | 'not significant';

export interface NpsDifferenceTest {
  /** NPS of a minus NPS of b, in points. */
  difference: number;
  z: number;
  /** Two-sided. */
  pValue: number;
  words: SignificanceWords;
}

export function significanceWords(pValue: number): SignificanceWords {
  if (pValue < 0.01) return 'significant at 99%';
  if (pValue < 0.05) return 'significant at 95%';
  if (pValue < 0.1) return 'significant at 90%';
  return 'not significant';
}

/** z = (NPS_a − NPS_b) / √(var_a/n_a + var_b/n_b), on proportions. When both groups answered all
 * alike (variance 0, e.g. all promoters), the adjusted-Wald proportions stand in so the test stays
 * defined. Null when a group has no answers. */
export function testNpsDifference(a: NpsCounts, b: NpsCounts): NpsDifferenceTest | null {
  if (a.n === 0 || b.n === 0) return null;
  const npsA = (a.promoters - a.detractors) / a.n;
  const npsB = (b.promoters - b.detractors) / b.n;
  const raw = (g: NpsCounts) => npsVariance(g.promoters / g.n, g.detractors / g.n) / g.n;
  const adjusted = (g: NpsCounts) => npsVariance((g.promoters + 0.75) / (g.n + 3), (g.detractors + 0.75) / (g.n + 3)) / (g.n + 3);
  let standardError = Math.sqrt(raw(a) + raw(b));
  if (standardError === 0) standardError = Math.sqrt(adjusted(a) + adjusted(b));
  const z = (npsA - npsB) / standardError;
  const pValue = Math.min(1, 2 * (1 - normalCdf(Math.abs(z))));
  return { difference: (npsA - npsB) * 100, z, pValue, words: significanceWords(pValue) };
}
