// Service-level due times in working hours, across weekends, holidays, time zones and both
// daylight-saving changes. Every expectation is a UTC instant, so a wrong offset cannot hide.
import { describe, expect, it } from 'vitest';
import { addBusinessHours, type BusinessCalendar, workingPeriods } from './business-hours.ts';

const COPENHAGEN: BusinessCalendar = {
  timeZone: 'Europe/Copenhagen',
  workdays: [1, 2, 3, 4, 5],
  startMinute: 8 * 60,
  endMinute: 16 * 60,
  // Danish public holidays around Christmas 2026.
  holidays: ['2026-12-24', '2026-12-25', '2026-12-31', '2027-01-01'],
};
const due = (start: string, hours: number, calendar = COPENHAGEN) => addBusinessHours(new Date(start), hours, calendar).toISOString();

describe('addBusinessHours', () => {
  it('counts only working hours of working days (8 hours a day here)', () => {
    // Monday 10:00 CET (+1) + 4 h → 14:00 the same day.
    expect(due('2026-11-23T09:00:00Z', 4)).toBe('2026-11-23T13:00:00.000Z');
    // Monday 14:00 + 4 h → 2 h on Monday, 2 h from Tuesday's opening: Tuesday 10:00.
    expect(due('2026-11-23T13:00:00Z', 4)).toBe('2026-11-24T09:00:00.000Z');
    // 24 working hours from Monday's opening are three whole working days: Wednesday 16:00.
    expect(due('2026-11-23T07:00:00Z', 24)).toBe('2026-11-25T15:00:00.000Z');
  });

  it('starts counting at opening when a case arrives at night, and keeps a due time at closing', () => {
    // Tuesday 03:00 + 8 h → the whole of Tuesday: 16:00.
    expect(due('2026-11-24T02:00:00Z', 8)).toBe('2026-11-24T15:00:00.000Z');
    // Tuesday 20:00 + 1 h → Wednesday 09:00.
    expect(due('2026-11-24T19:00:00Z', 1)).toBe('2026-11-25T08:00:00.000Z');
    // No time at all: the next working instant.
    expect(due('2026-11-28T12:00:00Z', 0)).toBe('2026-11-30T07:00:00.000Z');
  });

  it('skips the weekend, over the autumn daylight-saving change', () => {
    // Friday 23 October 2026, 15:00 CEST (+2) + 2 h → 1 h on Friday, then Monday 26 October
    // 09:00 CET (+1): the offset changed on Sunday, the opening hour did not.
    expect(due('2026-10-23T13:00:00Z', 2)).toBe('2026-10-26T08:00:00.000Z');
  });

  it('skips the weekend, over the spring daylight-saving change', () => {
    // Friday 27 March 2026, 15:00 CET (+1) + 2 h → Monday 30 March 09:00 CEST (+2).
    expect(due('2026-03-27T14:00:00Z', 2)).toBe('2026-03-30T07:00:00.000Z');
  });

  it('skips holidays', () => {
    // Wednesday 23 December 15:00 + 8 h: 1 h that day; 24th and 25th are holidays, then the
    // weekend; Monday 28th 08:00 + 7 h → 15:00 CET.
    expect(due('2026-12-23T14:00:00Z', 8)).toBe('2026-12-28T14:00:00.000Z');
    // New Year's Eve and Day are holidays too: Wednesday 30 December 15:00 + 2 h → Monday 4 January 09:00.
    expect(due('2026-12-30T14:00:00Z', 2)).toBe('2027-01-04T08:00:00.000Z');
  });

  it("counts in the workspace's own time zone", () => {
    const newYork: BusinessCalendar = { ...COPENHAGEN, timeZone: 'America/New_York', holidays: [] };
    // The same instant, Monday 23 November 14:00 UTC: 15:00 in Copenhagen (1 h left that day),
    // 09:00 in New York (the whole day ahead).
    expect(due('2026-11-23T14:00:00Z', 2)).toBe('2026-11-24T08:00:00.000Z');
    expect(due('2026-11-23T14:00:00Z', 2, newYork)).toBe('2026-11-23T16:00:00.000Z');
    // New York's own change (1 November 2026): Friday 30 October 15:00 EDT (−4) + 2 h → Monday
    // 2 November 09:00 EST (−5).
    expect(due('2026-10-30T19:00:00Z', 2, newYork)).toBe('2026-11-02T14:00:00.000Z');
  });

  it('takes working weekends and long days as configured', () => {
    const shop: BusinessCalendar = { timeZone: 'Europe/Stockholm', workdays: [2, 3, 4, 5, 6], startMinute: 10 * 60, endMinute: 19 * 60, holidays: [] };
    // Saturday 28 November 18:00 CET + 3 h → 1 h on Saturday; Sunday and Monday are closed; Tuesday 12:00.
    expect(due('2026-11-28T17:00:00Z', 3, shop)).toBe('2026-12-01T11:00:00.000Z');
  });

  it('refuses a calendar without working time, and negative hours', () => {
    expect(() => addBusinessHours(new Date(), 1, { ...COPENHAGEN, workdays: [] })).toThrow(/working days/);
    expect(() => addBusinessHours(new Date(), -1, COPENHAGEN)).toThrow(/from 0/);
  });
});

describe('workingPeriods', () => {
  const iso = (periods: { opens: Date; closes: Date }[]) => periods.map((p) => [p.opens.toISOString(), p.closes.toISOString()]);

  it('lists the working days between two instants, without weekends and holidays, in local hours', () => {
    // Wednesday 23 December 2026 to Monday 28th: Christmas Eve and Day are holidays, then the weekend.
    expect(iso(workingPeriods(COPENHAGEN, new Date('2026-12-23T12:00:00Z'), new Date('2026-12-28T20:00:00Z')))).toEqual([
      ['2026-12-23T07:00:00.000Z', '2026-12-23T15:00:00.000Z'],
      ['2026-12-28T07:00:00.000Z', '2026-12-28T15:00:00.000Z'],
    ]);
    // Across the autumn change: Friday at CEST (+2), Monday at CET (+1), 08:00–16:00 local both.
    expect(iso(workingPeriods(COPENHAGEN, new Date('2026-10-23T00:00:00Z'), new Date('2026-10-26T00:00:00Z')))).toEqual([
      ['2026-10-23T06:00:00.000Z', '2026-10-23T14:00:00.000Z'],
      ['2026-10-26T07:00:00.000Z', '2026-10-26T15:00:00.000Z'],
    ]);
  });

  it('agrees with addBusinessHours: a due time is where the working time since the start reaches the hours', () => {
    const periods = workingPeriods(COPENHAGEN, new Date('2026-12-20T00:00:00Z'), new Date('2027-01-20T00:00:00Z'));
    const start = new Date('2026-12-22T13:30:00Z');
    for (const hours of [1, 2.5, 8, 24, 40]) {
      let left = hours * 3_600_000;
      const due = periods.flatMap(({ opens, closes }) => {
        const from = Math.max(opens.getTime(), start.getTime());
        if (from >= closes.getTime() || left <= 0) return [];
        const used = Math.min(left, closes.getTime() - from);
        left -= used;
        return left === 0 ? [new Date(from + used)] : [];
      });
      expect(due).toEqual([addBusinessHours(start, hours, COPENHAGEN)]);
    }
  });
});
