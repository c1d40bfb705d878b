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
    if (calendar.workdays.includes(date.weekday) && !holidays.has(date.toISODate() ?? '')) {
      const opens = atMinute(date, calendar.startMinute);
      const closes = atMinute(date, calendar.endMinute);
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
