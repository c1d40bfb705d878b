// The digest's calendar: due from Monday 06:00 to the end of Tuesday in the workspace's zone,
// reporting the ISO week before in local time, across a daylight-saving change.
import { describe, expect, it } from 'vitest';
import { dueWeek } from './week.ts';

const iso = (date: Date | undefined) => date?.toISOString();

describe('dueWeek', () => {
  it('is due in Copenhagen from Monday 06:00 (05:00 UTC in winter) until Tuesday ends, for the week before', () => {
    expect(dueWeek(new Date('2026-03-02T04:59:59Z'), 'Europe/Copenhagen')).toBeNull();
    const week = dueWeek(new Date('2026-03-02T05:00:00Z'), 'Europe/Copenhagen');
    expect(week?.week).toBe('2026-02-23');
    expect([iso(week?.previousFrom), iso(week?.from), iso(week?.to)]).toEqual([
      '2026-02-15T23:00:00.000Z',
      '2026-02-22T23:00:00.000Z',
      '2026-03-01T23:00:00.000Z',
    ]);
    expect(week?.lastDay.toISODate()).toBe('2026-03-01');
    expect(dueWeek(new Date('2026-03-03T22:59:59Z'), 'Europe/Copenhagen')?.week).toBe('2026-02-23');
    // Wednesday: a missed week is skipped rather than sent stale.
    expect(dueWeek(new Date('2026-03-03T23:00:00Z'), 'Europe/Copenhagen')).toBeNull();
    expect(dueWeek(new Date('2026-03-01T20:00:00Z'), 'Europe/Copenhagen')).toBeNull();
  });

  it('reports a week of 167 hours when summer time starts on its Sunday', () => {
    const week = dueWeek(new Date('2026-03-30T06:00:00Z'), 'Europe/Copenhagen');
    expect(week?.week).toBe('2026-03-23');
    expect([iso(week?.from), iso(week?.to)]).toEqual(['2026-03-22T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
    // 06:00 summer time is 04:00 UTC.
    expect(dueWeek(new Date('2026-03-30T03:59:00Z'), 'Europe/Copenhagen')).toBeNull();
    expect(dueWeek(new Date('2026-03-30T04:00:00Z'), 'Europe/Copenhagen')?.week).toBe('2026-03-23');
  });

  it('follows the zone it is given, and falls back to UTC for a zone it cannot read', () => {
    expect(dueWeek(new Date('2026-03-02T10:59:00Z'), 'America/New_York')).toBeNull();
    expect(dueWeek(new Date('2026-03-02T11:00:00Z'), 'America/New_York')?.week).toBe('2026-02-23');
    expect(iso(dueWeek(new Date('2026-03-02T06:00:00Z'), 'Mars/Olympus')?.from)).toBe('2026-02-23T00:00:00.000Z');
  });
});
