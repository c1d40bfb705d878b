// How the case screens write a case's state for people: statuses, kinds, outcomes, the due time
// in words ("due in 3 h", "2 h overdue") and the "my cases today" grouping.
import type { CaseOutcomeView, CaseStatusView, CaseSummaryView } from '../domain/views.ts';

export const CASE_STATUS_LABELS: Record<CaseStatusView, string> = {
  new: 'New',
  in_progress: 'In progress',
  contacted: 'Contacted',
  resolved: 'Resolved',
  closed_without_contact: 'Closed without contact',
};

export const CASE_STATUS_BADGES: Record<CaseStatusView, string> = {
  new: 'badge badge-warning',
  in_progress: 'badge',
  contacted: 'badge',
  resolved: 'badge badge-success',
  closed_without_contact: 'badge',
};

export const CASE_KIND_LABELS = { follow_up: 'Follow-up', lead: 'Lead: thank and activate' } as const;

export const CASE_OUTCOME_LABELS: Record<CaseOutcomeView, string> = {
  recovered: 'Recovered',
  not_recovered: 'Not recovered',
  unknown: 'Unknown',
};

export const CATEGORY_LABEL = { promoter: 'Promoter', passive: 'Passive', detractor: 'Detractor' } as const;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A span as people say it: "25 min", "3 h", "2 days" (rounded; below a minute counts as 1 min). */
export function spanInWords(ms: number): string {
  const span = Math.abs(ms);
  if (span < HOUR) return `${Math.max(1, Math.round(span / MINUTE))} min`;
  if (span < 2 * DAY) return `${Math.round(span / HOUR)} h`;
  const days = Math.round(span / DAY);
  return `${days} days`;
}

/**
 * Where a case stands against its due time: "due in 3 h" or "2 h overdue" until first contact,
 * then whether that contact came in time; null for a case closed without contact (its status says it).
 */
export function dueInWords(item: Pick<CaseSummaryView, 'status' | 'dueAt' | 'firstContactAt'>, now: Date): string | null {
  if (item.firstContactAt) return Date.parse(item.firstContactAt) <= Date.parse(item.dueAt) ? 'contacted in time' : 'contacted late';
  if (item.status === 'closed_without_contact' || item.status === 'resolved') return null;
  const left = Date.parse(item.dueAt) - now.getTime();
  return left >= 0 ? `due in ${spanInWords(left)}` : `${spanInWords(left)} overdue`;
}

const localDay = (time: Date) => `${time.getFullYear()}-${time.getMonth()}-${time.getDate()}`;

export interface CaseGroup<T> {
  key: 'overdue' | 'today' | 'rest';
  title: string;
  items: T[];
}

/**
 * "My cases today" first: overdue, then due today (in the reader's local day), then the rest, each
 * in the order given (the API lists by due time). Empty groups are left out.
 */
export function groupCases<T extends Pick<CaseSummaryView, 'overdue' | 'dueAt' | 'status' | 'firstContactAt'>>(items: readonly T[], now: Date): CaseGroup<T>[] {
  const today = localDay(now);
  const groups: CaseGroup<T>[] = [
    { key: 'overdue', title: 'Overdue', items: [] },
    { key: 'today', title: 'Due today', items: [] },
    { key: 'rest', title: 'Other cases', items: [] },
  ];
  for (const item of items) {
    const open = item.status !== 'resolved' && item.status !== 'closed_without_contact' && item.firstContactAt === null;
    const group = item.overdue ? 0 : open && localDay(new Date(item.dueAt)) === today ? 1 : 2;
    groups[group]?.items.push(item);
  }
  return groups.filter((group) => group.items.length > 0);
}

/** A share (0–1) as a whole percentage, or a dash without data. */
export const shareInWords = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);

/** Hours as "3.5 h" (one decimal below 10 h), minutes below an hour, or a dash without data. */
export function hoursInWords(hours: number | null): string {
  if (hours === null) return '—';
  if (hours < 1 / 60) return 'under 1 min';
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  return `${hours < 10 ? Math.round(hours * 10) / 10 : Math.round(hours)} h`;
}
