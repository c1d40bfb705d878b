// Distribution: getting invitations to contacts at the right time, and honouring their wish not to get any.
export { type BounceInput, type BounceKind, type BounceReport, type RecordedBounce, recordBounce, reportBounce } from './bounces.ts';
export { isInWindow, isValidTimeZone, nextBusinessDayAt, nextWindowStart, type SendWindow, TIME_OF_DAY } from './calendar.ts';
export { type ContactEligibility, checkEligibility } from './eligibility.ts';
export { conditionHolds, dueAt, type EventInput, type EventProperties, type ListEventsQuery, listEvents, recordEvent } from './events.ts';
export {
  DEFAULT_FUNNEL_DAYS,
  distributionFunnel,
  FUNNEL_GROUPS,
  type FunnelGroupBy,
  type FunnelQuery,
  SKIP_REASONS,
  TYPICAL_RESPONSE_RATES,
} from './funnel.ts';
export { loadWorkspaceRules, rulesForSurvey, type SendingRules, SurveyDistribution } from './rules.ts';
export { insertEmailInvitations, type NewEmailInvitation } from './schedule.ts';
export { openSecret, sealSecret } from './secret-box.ts';
export { runSendTick, runSendTickNow, type SendTickOptions, type SendTickResult } from './send.ts';
export { DistributionSettingsInput, getDistributionSettings, SmtpSecurity, type SmtpTestResult, testSmtp, updateDistributionSettings } from './settings.ts';
export {
  createTriggerRule,
  deleteTriggerRule,
  EVENT_TYPE,
  EventType,
  getTriggerRule,
  listTriggerRules,
  TriggerCondition,
  TriggerDelay,
  TriggerRuleInput,
  TriggerRulePatch,
  updateTriggerRule,
} from './triggers.ts';
export { findUnsubscribeTarget, type UnsubscribeTarget, type UnsubscribeVia, unsubscribe } from './unsubscribe.ts';
export { type PlanResult, planWaves, previewWave, waveDay, waveSlot } from './wave-planning.ts';
export { changeWaveStatus, createWave, getWave, type ListWavesQuery, listWaves, updateWave, type WaveAction, WaveInput, WavePatch } from './waves.ts';
