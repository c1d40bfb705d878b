// The digest's calendar: which week a workspace's members hear about, and when. A week is an ISO
// week (Monday 00:00 to the next Monday 00:00) in the time zone of the workspace's loop calendar.
// The digest about last week goes out from Monday 06:00 local time; a process that was down then
// still sends it on Tuesday, but not later: by Wednesday the news is stale and the next week near.
import { DateTime } from 'luxon';

/** Local hour on Monday from which last week's digest is due. */
export const SEND_FROM_HOUR = 6;
/** Days after Monday 00:00 until which a missed digest is still sent (to the end of Tuesday). */
const LATEST_DAYS = 2;

export interface DigestWeek {
  /** The Monday of the week reported, as a local date (the claim key). */
  week: string;
  /** The week reported: [from, to). */
  from: Date;
  to: Date;
  /** The week before it, for the change: [previousFrom, from). */
  previousFrom: Date;
  /** The local dates of its Monday and Sunday, for people. */
  firstDay: DateTime;
  lastDay: DateTime;
}

/** The week whose digest is due at `now` in `zone`, or null outside Monday 06:00 – Tuesday 24:00. */
export function dueWeek(now: Date, zone: string): DigestWeek | null {
  const local = DateTime.fromJSDate(now, { zone });
  if (!local.isValid) return dueWeek(now, 'UTC');
  const monday = local.startOf('week');
  if (local < monday.set({ hour: SEND_FROM_HOUR }) || local >= monday.plus({ days: LATEST_DAYS })) return null;
  const first = monday.minus({ weeks: 1 });
  return {
    week: first.toISODate() as string,
    from: first.toJSDate(),
    to: monday.toJSDate(),
    previousFrom: first.minus({ weeks: 1 }).toJSDate(),
    firstDay: first,
    lastDay: monday.minus({ days: 1 }),
  };
}
