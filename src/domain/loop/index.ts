// The closed loop: alert rules turn answers into cases for a person, due in working hours of the
// workspace calendar, worked through a timeline, escalated when overdue, measured by KPIs.
// How it fits together: README.md beside this file.
export { addBusinessHours, type BusinessCalendar, type WorkingPeriod, workingPeriods } from './business-hours.ts';
export { addCaseNote, CaseNote, CasePatch, updateCase } from './case-changes.ts';
export { type CaseListQuery, caseScopeSql, getCase, listCases } from './cases.ts';
export { sendDailyDigests } from './digest.ts';
export { escalateOverdueCases, escalationDueAt } from './escalation.ts';
export { type AlertFacts, type EvaluationResult, evaluateAlertRules } from './evaluate.ts';
export { type CaseKpiQuery, caseKpis } from './kpis.ts';
export { type AnswerFacts, conditionHolds, ruleMatches } from './match.ts';
export { deliverAlertNotifications } from './notify.ts';
export { alertEmail, slackMessage, teamsMessage } from './payloads.ts';
export { CaseReply, replyMessageId, replyToCustomer } from './replies.ts';
export { AlertAction, AlertCondition, AlertRuleCreate, AlertRulePatch, DEFAULT_RULES } from './rule-schema.ts';
export { createAlertRule, deleteAlertRule, getAlertRule, listAlertRules, seedDefaultAlertRules, updateAlertRule } from './rules.ts';
export { countryHolidays, getLoopSettings, LoopSettingsUpdate, loadLoopRules, updateLoopSettings } from './settings.ts';
export { evaluateUnfinishedAnswers, UNFINISHED_IDLE_MS, type UnfinishedResult } from './unfinished.ts';
