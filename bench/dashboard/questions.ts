// The shapes every answerer returns, so the bench can check that all of them counted the same.

export interface Counts {
  n: number;
  promoters: number;
  detractors: number;
}

/** Counts per group key (a week's Monday as YYYY-MM-DD, or a unit id). */
export type Grouped = Record<string, Counts>;

/** Without the group of answers that have no unit: Anbefal's breakdown by unit leaves them out. */
export function withoutNone(grouped: Grouped): Grouped {
  const { '-': _none, ...rest } = grouped;
  return rest;
}

export const emptyCounts = (): Counts => ({ n: 0, promoters: 0, detractors: 0 });

export function addAnswer(counts: Counts, category: string | null): void {
  if (category === null) return;
  counts.n += 1;
  if (category === 'promoter') counts.promoters += 1;
  if (category === 'detractor') counts.detractors += 1;
}

/** A stable text of an answer, for comparing answerers; groups without NPS answers are left out. */
export function fingerprint(answer: Counts | Grouped): string {
  if ('n' in answer && typeof answer.n === 'number') return JSON.stringify(answer);
  const entries = Object.entries(answer as Grouped)
    .filter(([, counts]) => counts.n > 0)
    .sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify(entries);
}

/** Monday (UTC) of the week of a moment, as YYYY-MM-DD. */
export function weekOf(moment: Date): string {
  const day = Math.floor(moment.getTime() / 86_400_000);
  // 1970-01-01 was a Thursday: (day + 3) mod 7 is the days since Monday.
  const monday = day - ((day + 3) % 7);
  return new Date(monday * 86_400_000).toISOString().slice(0, 10);
}
