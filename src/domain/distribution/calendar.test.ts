// Send windows and "next business day" in the recipient's zone, across daylight-saving changes:
// every expectation is a UTC instant, so a wrong offset cannot hide behind local formatting.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isInWindow, isValidTimeZone, nextBusinessDayAt, nextWindowStart, type SendWindow } from './calendar.ts';

const OFFICE: SendWindow = { startMinute: 9 * 60, endMinute: 17 * 60, weekdays: [1, 2, 3, 4, 5] };
const at = (iso: string) => new Date(iso);
const next = (from: string, zone: string, window: SendWindow = OFFICE) => nextWindowStart(at(from), zone, window).toISOString();

describe('nextWindowStart', () => {
  it('opens at 09:00 local on the Monday after each daylight-saving change', () => {
    // Copenhagen: CET (+1) until 29 March 2026, CEST (+2) until 25 October 2026.
    expect(next('2026-03-27T07:30:00Z', 'Europe/Copenhagen')).toBe('2026-03-27T08:00:00.000Z');
    expect(next('2026-03-30T06:30:00Z', 'Europe/Copenhagen')).toBe('2026-03-30T07:00:00.000Z');
    expect(next('2026-10-23T06:30:00Z', 'Europe/Copenhagen')).toBe('2026-10-23T07:00:00.000Z');
    expect(next('2026-10-26T07:30:00Z', 'Europe/Copenhagen')).toBe('2026-10-26T08:00:00.000Z');
    // New York: EST (−5) until 8 March 2026, EDT (−4) until 1 November 2026.
    expect(next('2026-03-06T13:30:00Z', 'America/New_York')).toBe('2026-03-06T14:00:00.000Z');
    expect(next('2026-03-09T12:30:00Z', 'America/New_York')).toBe('2026-03-09T13:00:00.000Z');
    expect(next('2026-10-30T12:30:00Z', 'America/New_York')).toBe('2026-10-30T13:00:00.000Z');
    expect(next('2026-11-02T13:30:00Z', 'America/New_York')).toBe('2026-11-02T14:00:00.000Z');
    // Sydney (southern hemisphere): AEDT (+11) ends 5 April 2026, starts again 4 October 2026.
    expect(next('2026-04-05T22:30:00Z', 'Australia/Sydney')).toBe('2026-04-05T23:00:00.000Z');
    expect(next('2026-10-04T21:30:00Z', 'Australia/Sydney')).toBe('2026-10-04T22:00:00.000Z');
    // Tokyo has no daylight saving: always +9.
    expect(next('2026-03-29T23:30:00Z', 'Asia/Tokyo')).toBe('2026-03-30T00:00:00.000Z');
  });

  it('keeps an instant inside the window as it is', () => {
    expect(next('2026-03-30T07:00:00Z', 'Europe/Copenhagen')).toBe('2026-03-30T07:00:00.000Z');
    expect(next('2026-03-30T14:59:59Z', 'Europe/Copenhagen')).toBe('2026-03-30T14:59:59.000Z');
    // 17:00 local is the end of the window, not in it.
    expect(next('2026-03-30T15:00:00Z', 'Europe/Copenhagen')).toBe('2026-03-31T07:00:00.000Z');
  });

  it('moves Friday evening to Monday morning and skips the weekend', () => {
    expect(next('2026-03-27T17:00:00Z', 'Europe/Copenhagen')).toBe('2026-03-30T07:00:00.000Z');
    expect(next('2026-03-28T10:00:00Z', 'Europe/Copenhagen')).toBe('2026-03-30T07:00:00.000Z');
    expect(next('2026-03-29T10:00:00Z', 'Europe/Copenhagen')).toBe('2026-03-30T07:00:00.000Z');
    // Friday 22:00 in New York is already Saturday in Tokyo: both wait for their own Monday.
    expect(next('2026-06-06T02:00:00Z', 'America/New_York')).toBe('2026-06-08T13:00:00.000Z');
    expect(next('2026-06-06T02:00:00Z', 'Asia/Tokyo')).toBe('2026-06-08T00:00:00.000Z');
  });

  it('treats the same instant differently per recipient zone', () => {
    // Monday 2026-06-08 08:00 UTC: 10:00 in Copenhagen (open), 17:00 in Tokyo (closed).
    expect(isInWindow(at('2026-06-08T08:00:00Z'), 'Europe/Copenhagen', OFFICE)).toBe(true);
    expect(isInWindow(at('2026-06-08T08:00:00Z'), 'Asia/Tokyo', OFFICE)).toBe(false);
    expect(next('2026-06-08T08:00:00Z', 'Asia/Tokyo')).toBe('2026-06-09T00:00:00.000Z');
  });

  it('supports a window that ends at midnight (24:00)', () => {
    const evening: SendWindow = { startMinute: 20 * 60, endMinute: 24 * 60, weekdays: [1, 2, 3, 4, 5, 6, 7] };
    // 23:59 local is inside; 00:10 waits for 20:00 the same day.
    expect(next('2026-06-08T21:59:00Z', 'Europe/Copenhagen', evening)).toBe('2026-06-08T21:59:00.000Z');
    expect(next('2026-06-08T22:10:00Z', 'Europe/Copenhagen', evening)).toBe('2026-06-09T18:00:00.000Z');
    // On the night the clocks go back, 24:00 is still the next local midnight.
    expect(isInWindow(at('2026-10-24T21:30:00Z'), 'Europe/Copenhagen', evening)).toBe(true);
    expect(isInWindow(at('2026-10-24T22:00:00Z'), 'Europe/Copenhagen', evening)).toBe(false);
  });

  it('moves a start in the skipped hour forward to a time that exists', () => {
    // 29 March 2026 in Copenhagen jumps from 02:00 CET to 03:00 CEST; 02:30 does not exist.
    const night: SendWindow = { startMinute: 150, endMinute: 1440, weekdays: [1, 2, 3, 4, 5, 6, 7] };
    const start = nextWindowStart(at('2026-03-29T00:00:00Z'), 'Europe/Copenhagen', night);
    expect(start.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(DateTime.fromJSDate(start, { zone: 'Europe/Copenhagen' }).toFormat('HH:mm ZZ')).toBe('03:30 +02:00');
    // A window around the gap: 01:30 CET is inside, and so is 03:00 CEST, one real minute after 01:59 CET.
    const around: SendWindow = { startMinute: 60, endMinute: 240, weekdays: [7] };
    expect(isInWindow(at('2026-03-29T00:30:00Z'), 'Europe/Copenhagen', around)).toBe(true);
    expect(isInWindow(at('2026-03-29T01:00:00Z'), 'Europe/Copenhagen', around)).toBe(true);
    expect(isInWindow(at('2026-03-29T02:00:00Z'), 'Europe/Copenhagen', around)).toBe(false);
  });

  it('returns an instant inside the window, never earlier than the one asked about, all year in four zones', () => {
    const zones = ['Europe/Copenhagen', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney'];
    const windows: SendWindow[] = [OFFICE, { startMinute: 600, endMinute: 1440, weekdays: [3, 6] }];
    const yearStart = at('2026-01-01T00:00:00Z').getTime();
    // Every 1009 minutes through the year (the samples drift through the minutes of the day and the
    // weekdays), and every 37 minutes around the four 2026 changes of these zones.
    const samples: number[] = [];
    for (let t = yearStart; t < yearStart + 366 * 86_400_000; t += 1009 * 60_000) samples.push(t);
    for (const change of ['2026-03-08', '2026-03-29', '2026-10-25', '2026-11-01', '2026-04-05', '2026-10-04']) {
      const day = at(`${change}T00:00:00Z`).getTime();
      for (let t = day - 86_400_000; t < day + 86_400_000; t += 37 * 60_000) samples.push(t);
    }
    for (const t of samples) {
      const from = new Date(t);
      for (const zone of zones) {
        for (const window of windows) {
          const start = nextWindowStart(from, zone, window);
          expect(start.getTime()).toBeGreaterThanOrEqual(t);
          expect(start.getTime() - t).toBeLessThanOrEqual(8 * 86_400_000);
          const local = DateTime.fromJSDate(start, { zone });
          const minute = local.hour * 60 + local.minute;
          if (!(window.weekdays.includes(local.weekday) && minute >= window.startMinute && minute < window.endMinute)) {
            expect.fail(`${from.toISOString()} in ${zone}: ${local.toISO()} is outside ${JSON.stringify(window)}`);
          }
        }
      }
    }
  });
});

describe('nextBusinessDayAt', () => {
  it('takes the next weekday at the local time, across the change of offset', () => {
    // Friday afternoon before the spring change → Monday 10:00 CEST.
    expect(nextBusinessDayAt(at('2026-03-27T15:00:00Z'), 'Europe/Copenhagen', '10:00', [1, 2, 3, 4, 5]).toISOString()).toBe('2026-03-30T08:00:00.000Z');
    // Friday before the autumn change in New York → Monday 10:00 EST.
    expect(nextBusinessDayAt(at('2026-10-30T20:00:00Z'), 'America/New_York', '10:00', [1, 2, 3, 4, 5]).toISOString()).toBe('2026-11-02T15:00:00.000Z');
    // Tuesday 23:30 UTC is already Wednesday in Tokyo: the next business day there is Thursday.
    expect(nextBusinessDayAt(at('2026-06-09T23:30:00Z'), 'Asia/Tokyo', '10:00', [1, 2, 3, 4, 5]).toISOString()).toBe('2026-06-11T01:00:00.000Z');
    // Only Mondays: from a Monday, the next one.
    expect(nextBusinessDayAt(at('2026-06-08T05:00:00Z'), 'Australia/Sydney', '09:15', [1]).toISOString()).toBe('2026-06-14T23:15:00.000Z');
  });

  it('refuses a time that is not HH:MM', () => {
    expect(() => nextBusinessDayAt(at('2026-06-08T05:00:00Z'), 'UTC', '24:00', [1])).toThrow(/HH:MM/);
    expect(() => nextBusinessDayAt(at('2026-06-08T05:00:00Z'), 'UTC', '9:00', [1])).toThrow(/HH:MM/);
  });
});

describe('isValidTimeZone', () => {
  it('knows IANA zones and nothing else', () => {
    expect(isValidTimeZone('Europe/Copenhagen')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
