// The weekly insight digest: each manager and frontline member hears every Monday about last week
// (their NPS with its margin and change, comments, open cases), unless they opted out.
// How it fits together: README.md beside this file.

export {
  type DigestSubscription,
  EmailPreferencesUpdate,
  findDigestSubscription,
  getEmailPreferences,
  type PreferenceVia,
  unsubscribeFromDigest,
  updateEmailPreferences,
} from './preferences.ts';
export { type DigestRunResult, digestUnsubscribeUrl, sendWeeklyDigests } from './send.ts';
export { dueWeek, SEND_FROM_HOUR } from './week.ts';
