// How the insight views write scores: NPS as a signed whole number with a true minus sign, margins
// as ± points, shares as whole percentages.

const MINUS = '\u2212';

/** 25 → "+25", −3.4 → "−3", 0 → "0". */
export function formatNps(score: number): string {
  const rounded = Math.round(score);
  if (rounded === 0) return '0';
  return rounded > 0 ? `+${rounded}` : `${MINUS}${Math.abs(rounded)}`;
}

/** A change in points, always signed: "+4", "−2", "±0". */
export function formatChange(points: number): string {
  const rounded = Math.round(points);
  return rounded === 0 ? '±0' : formatNps(rounded);
}

export const formatMargin = (points: number) => `±${Math.round(points)}`;

export const formatPercent = (value: number) => `${Math.round(value)}%`;

export const CATEGORY_LABELS = { promoter: 'Promoters', passive: 'Passives', detractor: 'Detractors' } as const;

/** The NPS category of a 0–10 score. */
export const categoryOf = (score: number) => (score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor');

const dayOf = (day: string) => new Date(`${day}T00:00:00`);
const shortDate = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const monthYear = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric' });

/** A trend bucket by its first day (YYYY-MM-DD): "3 Mar 2026", "Week of 2 Mar 2026", "Mar 2026", "Q1 2026". */
export function formatBucket(start: string, interval: 'day' | 'week' | 'month' | 'quarter'): string {
  const date = dayOf(start);
  if (interval === 'day') return shortDate.format(date);
  if (interval === 'week') return `Week of ${shortDate.format(date)}`;
  if (interval === 'month') return monthYear.format(date);
  return `Q${Math.floor(date.getMonth() / 3) + 1} ${date.getFullYear()}`;
}
