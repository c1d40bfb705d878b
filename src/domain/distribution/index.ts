// Distribution: getting invitations to contacts at the right time, and honouring their wish not to get any.
export { isInWindow, isValidTimeZone, nextBusinessDayAt, nextWindowStart, type SendWindow, TIME_OF_DAY } from './calendar.ts';
export { type ContactEligibility, checkEligibility } from './eligibility.ts';
export { loadWorkspaceRules, rulesForSurvey, type SendingRules, SurveyDistribution } from './rules.ts';
export { insertEmailInvitations, type NewEmailInvitation } from './schedule.ts';
export { findUnsubscribeTarget, type UnsubscribeTarget, type UnsubscribeVia, unsubscribe } from './unsubscribe.ts';
