// Local time for sending: windows in the recipient's time zone and "next business day at 10:00".
// Luxon does the zone arithmetic, so daylight-saving changes move local hours, not UTC offsets by
// hand; a local time that does not exist (the hour skipped in spring) moves forward to one that does.
import { DateTime, IANAZone } from 'luxon';

export interface SendWindow {
  /** Minutes after local midnight; the window is [startMinute, endMinute). */
  startMinute: number;
  endMinute: number;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  weekdays: readonly number[];
}

export const isValidTimeZone = (zone: string): boolean => IANAZone.isValidZone(zone);

/** `minute` minutes after the local midnight of `day` (1440: the next midnight), moved forward out of a skipped hour. */
export const atMinute = (day: DateTime, minute: number): DateTime =>
  minute >= 1440 ? day.plus({ days: 1 }).startOf('day') : day.set({ hour: Math.floor(minute / 60), minute: minute % 60, second: 0, millisecond: 0 });

/** The first instant at or after `from` that lies inside the window in `timeZone`. */
export function nextWindowStart(from: Date, timeZone: string, window: SendWindow): Date {
  const local = DateTime.fromJSDate(from, { zone: timeZone });
  for (let offset = 0; offset <= 7; offset++) {
    const day = local.startOf('day').plus({ days: offset }).startOf('day');
    if (!window.weekdays.includes(day.weekday)) continue;
    const start = atMinute(day, window.startMinute);
    const end = atMinute(day, window.endMinute);
    if (local < start) return start.toJSDate();
    if (local < end) return from;
  }
  throw new Error('a send window needs at least one weekday');
}

export const isInWindow = (at: Date, timeZone: string, window: SendWindow): boolean => nextWindowStart(at, timeZone, window).getTime() === at.getTime();

/** "HH:MM", 00:00–23:59. */
export const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The first business day (one of `weekdays`) after the local day of `from`, at the local time `at` ("HH:MM"). */
export function nextBusinessDayAt(from: Date, timeZone: string, at: string, weekdays: readonly number[]): Date {
  const match = TIME_OF_DAY.exec(at);
  if (!match) throw new Error(`"${at}" is not a time of day (HH:MM)`);
  const minute = Number(match[1]) * 60 + Number(match[2]);
  const today = DateTime.fromJSDate(from, { zone: timeZone }).startOf('day');
  for (let offset = 1; offset <= 7; offset++) {
    const day = today.plus({ days: offset }).startOf('day');
    if (weekdays.includes(day.weekday)) return atMinute(day, minute).toJSDate();
  }
  throw new Error('business days need at least one weekday');
}
