// Request and response schemas of the closed-loop routes. Input schemas live in the domain (they
// check direct calls too); the views are described here.
import { z } from 'zod';
import { AlertAction, AlertCondition } from '../../domain/loop/index.ts';
import { CASE_KINDS, CASE_OUTCOMES, CASE_STATUSES } from '../../domain/views.ts';
import { Id, PageQuery } from '../schemas.ts';

export { AlertRuleCreate, AlertRulePatch, CaseNote, CasePatch, CaseReply, LoopSettingsUpdate } from '../../domain/loop/index.ts';

export const LoopSettings = z
  .object({
    timeZone: z.string(),
    workdays: z.array(z.number().int()),
    startMinute: z.number().int(),
    endMinute: z.number().int(),
    holidays: z.array(z.string()),
    holidayCountry: z.string().nullable(),
    defaultSlaHours: z.number(),
    programmeLeadMemberId: Id.nullable(),
    programmeLeadName: z.string().nullable(),
    rootCauses: z.array(z.string()),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'LoopSettings' });

export const AlertRule = z
  .object({
    id: Id,
    name: z.string(),
    enabled: z.boolean(),
    conditions: z.array(AlertCondition),
    actions: z.array(AlertAction),
    defaultKey: z.enum(['detractor_alarm', 'contact_request', 'promoter_lead']).nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'AlertRule' });

const Category = z.enum(['detractor', 'passive', 'promoter']);

export const CaseSummary = z
  .object({
    id: Id,
    kind: z.enum(CASE_KINDS),
    title: z.string(),
    status: z.enum(CASE_STATUSES),
    ruleId: Id.nullable(),
    responseId: Id,
    ownerMemberId: Id.nullable(),
    ownerName: z.string().nullable(),
    unitId: Id,
    unitName: z.string().nullable(),
    contactId: Id.nullable(),
    contactName: z.string().nullable(),
    surveyId: Id,
    surveyName: z.string(),
    score: z.number().int().nullable(),
    category: Category.nullable(),
    comment: z.string().nullable(),
    slaHours: z.number(),
    dueAt: z.iso.datetime(),
    overdue: z.boolean(),
    firstContactAt: z.iso.datetime().nullable(),
    closedAt: z.iso.datetime().nullable(),
    rootCause: z.string().nullable(),
    outcome: z.enum(CASE_OUTCOMES).nullable(),
    tags: z.array(z.string()),
    watcherMemberIds: z.array(Id),
    escalationLevel: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'CaseSummary' });

export const CaseDetail = CaseSummary.extend({
  answer: z.object({
    language: z.string(),
    completedAt: z.iso.datetime().nullable(),
    touchpointId: Id.nullable(),
    answers: z.array(
      z.object({
        questionKey: z.string(),
        questionType: z.string(),
        questionText: z.string(),
        value: z.union([z.number(), z.string(), z.array(z.string())]),
      }),
    ),
  }),
  contact: z
    .object({
      id: Id,
      name: z.string().nullable(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      language: z.string().nullable(),
      segment: z.string().nullable(),
      accountName: z.string().nullable(),
    })
    .nullable(),
  watchers: z.array(z.object({ id: Id, name: z.string() })),
  timeline: z.array(
    z.object({
      id: z.string(),
      kind: z.string().meta({ description: 'created, rule_matched, note, call, status, owner, root_cause, outcome, tags, watchers, reply, escalated' }),
      actorMemberId: Id.nullable(),
      actorLabel: z.string(),
      data: z.record(z.string(), z.unknown()),
      createdAt: z.iso.datetime(),
    }),
  ),
}).meta({ id: 'CaseDetail' });

const flag = z
  .enum(['true', 'false'], { message: 'must be true or false' })
  .transform((value) => value === 'true')
  .optional();

export const CaseListQuery = PageQuery.extend({
  status: z
    .string()
    .max(200)
    .transform((value, ctx) => {
      const statuses = value.split(',').map((s) => s.trim());
      const unknown = statuses.filter((s) => !(CASE_STATUSES as readonly string[]).includes(s));
      if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: `must be statuses separated by commas, from ${CASE_STATUSES.join(', ')}` });
      return statuses as (typeof CASE_STATUSES)[number][];
    })
    .optional()
    .meta({ description: 'Comma-separated statuses, e.g. new,in_progress,contacted.' }),
  kind: z.enum(CASE_KINDS).optional(),
  ownerMemberId: Id.optional(),
  mine: flag.meta({ description: 'Only cases you own.' }),
  overdue: flag.meta({ description: 'Only open cases past their due time without first contact.' }),
  dueToday: flag.meta({ description: "Only cases due today in the loop settings' time zone." }),
  unitId: Id.optional().meta({ description: "Cases of this unit's subtree." }),
  contactId: Id.optional(),
});

export const CaseKpiQuery = z.object({
  from: z.iso.datetime({ message: 'must be a date-time such as 2026-01-01T00:00:00Z' }).optional(),
  to: z.iso.datetime({ message: 'must be a date-time such as 2026-04-01T00:00:00Z' }).optional(),
});

const Kpi = z
  .object({
    id: Id.nullable(),
    name: z.string().nullable(),
    cases: z.number().int(),
    detractorCases: z.number().int(),
    detractorCasesDecided: z.number().int(),
    detractorContactedWithinSla: z.number().int(),
    withinSlaShare: z.number().nullable(),
    medianHoursToFirstContact: z.number().nullable(),
    open: z.number().int(),
    overdue: z.number().int(),
    resolved: z.number().int(),
    recovered: z.number().int(),
    notRecovered: z.number().int(),
    recoveryRate: z.number().nullable(),
  })
  .meta({ id: 'CaseKpi' });

export const CaseKpis = z
  .object({
    period: z.object({ from: z.iso.datetime(), to: z.iso.datetime() }),
    total: Kpi,
    byUnit: z.array(Kpi),
    byOwner: z.array(Kpi),
  })
  .meta({ id: 'CaseKpis' });
