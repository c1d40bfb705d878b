// Working time for service levels: "first contact within 24 hours" on a case counts the
// workspace's working hours on its working days, not the night, the weekend or a holiday, in the
// workspace's time zone. Luxon does the zone arithmetic, so a daylight-saving change moves local
// hours and the working day keeps its local opening and closing times.
import { DateTime } from 'luxon';
import { atMinute } from '../distribution/calendar.ts';

export interface BusinessCalendar {
  timeZone: string;
  /** ISO weekdays that are working days, 1 = Monday … 7 = Sunday. */
  workdays: readonly number[];
  /** Working hours: [startMinute, endMinute) after local midnight. */
  startMinute: number;
  endMinute: number;
  /** Local dates (YYYY-MM-DD) that are not working days, such as public holidays. */
  holidays: readonly string[];
}

/** Ten years of days: no calendar with at least one working day needs more to find one. */
const MAX_DAYS = 3660;

/** A working day's opening and closing, or undefined for a day off (weekend, holiday). */
function workingPeriodOn(date: DateTime, calendar: BusinessCalendar, holidays: ReadonlySet<string>): { opens: DateTime; closes: DateTime } | undefined {
  if (!calendar.workdays.includes(date.weekday) || holidays.has(date.toISODate() ?? '')) return undefined;
  return { opens: atMinute(date, calendar.startMinute), closes: atMinute(date, calendar.endMinute) };
}

/**
 * The instant `hours` working hours after `start`. Time before opening, after closing, on other
 * days and on holidays does not count; a due time that falls exactly at closing stays there.
 */
export function addBusinessHours(start: Date, hours: number, calendar: BusinessCalendar): Date {
  if (!Number.isFinite(hours) || hours < 0) throw new Error(`working hours must be a number of hours from 0, not ${hours}`);
  if (calendar.workdays.length === 0 || calendar.startMinute >= calendar.endMinute) throw new Error('a business calendar needs working days and working hours');
  const holidays = new Set(calendar.holidays);
  let remainingMinutes = hours * 60;
  let cursor = DateTime.fromJSDate(start, { zone: calendar.timeZone });
  for (let day = 0; day < MAX_DAYS; day++) {
    const date = cursor.startOf('day');
    const period = workingPeriodOn(date, calendar, holidays);
    if (period) {
      const { opens, closes } = period;
      const from = DateTime.max(cursor, opens);
      if (from < closes) {
        const available = closes.diff(from, 'minutes').minutes;
        if (remainingMinutes <= available) return from.plus({ minutes: remainingMinutes }).toJSDate();
        remainingMinutes -= available;
      }
    }
    cursor = date.plus({ days: 1 }).startOf('day');
  }
  throw new Error('no working day in ten years: every working day is a holiday');
}

export interface WorkingPeriod {
  opens: Date;
  closes: Date;
}

/**
 * The working periods of every local day from `from`'s to `to`'s, in order: what a set-based
 * computation needs to do addBusinessHours' arithmetic in SQL (the demo's cases), since a due time
 * is the instant where the working minutes since the periods' start reach a sum.
 */
export function workingPeriods(calendar: BusinessCalendar, from: Date, to: Date): WorkingPeriod[] {
  const holidays = new Set(calendar.holidays);
  const last = DateTime.fromJSDate(to, { zone: calendar.timeZone }).startOf('day');
  const periods: WorkingPeriod[] = [];
  for (let date = DateTime.fromJSDate(from, { zone: calendar.timeZone }).startOf('day'); date <= last; date = date.plus({ days: 1 }).startOf('day')) {
    const period = workingPeriodOn(date, calendar, holidays);
    if (period) periods.push({ opens: period.opens.toJSDate(), closes: period.closes.toJSDate() });
  }
  return periods;
}
