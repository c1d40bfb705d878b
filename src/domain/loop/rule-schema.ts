// An alert rule is a JSON document: conditions that must all hold for an answer, and actions to
// take when they do. One zod schema checks both, so new condition types (sentiment, theme) are one
// more member of the union, with no migration.
import { z } from 'zod';
import { urlProblem } from '../integrations/transport.ts';
import { LANGUAGES } from '../surveys/definition.ts';
import { CASE_KINDS } from '../views.ts';

const Key = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be a question key: lower-case letters, digits and _, starting with a letter');
const Words = z
  .array(z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'))
  .min(1, 'must name at least one keyword')
  .max(100, 'must be at most 100 keywords');
const Values = z.array(z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters')).min(1, 'must name at least one value').max(100);
const Score = z.number().int('must be a whole number').min(0, 'must be from 0 to 10').max(10, 'must be from 0 to 10');

export const AlertCondition = z
  .discriminatedUnion('type', [
    z
      .object({
        type: z.literal('category'),
        categories: z
          .array(z.enum(['detractor', 'passive', 'promoter']))
          .min(1)
          .max(3),
      })
      .strict(),
    z.object({ type: z.literal('score'), min: Score, max: Score }).strict(),
    z
      .object({
        type: z.literal('answer'),
        questionKey: Key,
        /** Choice keys (yes/no: yes, no) or exact texts; any one matches. */
        values: Values.optional(),
        /** An inclusive range for numeric answers. */
        min: z.number().optional(),
        max: z.number().optional(),
      })
      .strict(),
    z.object({ type: z.literal('contact_request'), questionKeys: z.array(Key).min(1).max(20) }).strict(),
    z
      .object({
        type: z.literal('keywords'),
        /** Keywords (or phrases) per language, matched after stemming against the answer's language. */
        keywords: z.partialRecord(z.enum(LANGUAGES), Words),
        /** Only these text questions; every text answer by default. */
        questionKeys: z.array(Key).min(1).max(20).optional(),
      })
      .strict(),
    z.object({ type: z.literal('segment'), values: Values }).strict(),
    z.object({ type: z.literal('attribute'), key: z.string().min(1).max(60), values: Values }).strict(),
    z.object({ type: z.literal('touchpoint'), touchpointKeys: z.array(Key).min(1).max(100) }).strict(),
    z
      .object({
        type: z.literal('survey'),
        surveyIds: z
          .array(z.uuid({ message: 'must be a survey id' }))
          .min(1)
          .max(100),
      })
      .strict(),
  ])
  .superRefine((condition, ctx) => {
    if (condition.type === 'score' && condition.min > condition.max) ctx.addIssue({ code: 'custom', path: ['max'], message: 'must not be below min' });
    if (condition.type === 'answer' && condition.values === undefined && condition.min === undefined && condition.max === undefined)
      ctx.addIssue({ code: 'custom', path: ['values'], message: 'an answer condition needs values, min or max' });
    if (condition.type === 'keywords' && Object.keys(condition.keywords).length === 0)
      ctx.addIssue({ code: 'custom', path: ['keywords'], message: 'must have keywords for at least one language (en, da, sv, nb, de, fi)' });
  })
  .meta({ id: 'AlertCondition', description: 'One condition; a rule matches an answer when all its conditions hold.' });
export type AlertCondition = z.infer<typeof AlertCondition>;

const HookUrl = z
  .string()
  .trim()
  .max(2000, 'must be at most 2000 characters')
  .superRefine((value, ctx) => {
    const problem = urlProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const AlertAction = z
  .discriminatedUnion('type', [
    z
      .object({
        type: z.literal('create_case'),
        kind: z.enum(CASE_KINDS),
        /** Working hours until the case is due; the workspace's default SLA when absent. */
        slaHours: z.number().gt(0, 'must be above 0').max(2000, 'must be at most 2000').optional(),
      })
      .strict(),
    z
      .object({
        type: z.literal('email'),
        /** The case's owner (or, without a case, who would own it). */
        toOwner: z.boolean(),
        addresses: z.array(z.email({ message: 'must be an email address' }).max(320)).max(20),
      })
      .strict(),
    z.object({ type: z.literal('slack'), url: HookUrl.meta({ description: 'A Slack incoming-webhook URL.' }) }).strict(),
    z.object({ type: z.literal('teams'), url: HookUrl.meta({ description: 'A Microsoft Teams incoming-webhook (workflow) URL.' }) }).strict(),
    z.object({ type: z.literal('webhook'), url: HookUrl.meta({ description: 'Any URL; receives the alert as JSON.' }) }).strict(),
  ])
  .meta({ id: 'AlertAction' });
export type AlertAction = z.infer<typeof AlertAction>;

const RuleFields = {
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  enabled: z.boolean().optional(),
  conditions: z.array(AlertCondition).min(1, 'must have at least one condition').max(20),
  actions: z
    .array(AlertAction)
    .min(1, 'must have at least one action')
    .max(20)
    .refine((actions) => actions.filter((a) => a.type === 'create_case').length <= 1, 'may create at most one case'),
};

export const AlertRuleCreate = z.object(RuleFields).strict().meta({ id: 'AlertRuleCreate' });
export type AlertRuleCreate = z.infer<typeof AlertRuleCreate>;
export const AlertRulePatch = z.object(RuleFields).partial().strict().meta({ id: 'AlertRulePatch' });
export type AlertRulePatch = z.infer<typeof AlertRulePatch>;

/** The rules every workspace starts with. */
export const DEFAULT_RULES: ReadonlyArray<{ defaultKey: 'detractor_alarm' | 'contact_request' | 'promoter_lead'; create: AlertRuleCreate }> = [
  {
    defaultKey: 'detractor_alarm',
    create: {
      name: 'Detractor alarm',
      conditions: [{ type: 'category', categories: ['detractor'] }],
      actions: [
        { type: 'create_case', kind: 'follow_up' },
        { type: 'email', toOwner: true, addresses: [] },
      ],
    },
  },
  {
    defaultKey: 'contact_request',
    create: {
      name: 'Contact request',
      conditions: [{ type: 'contact_request', questionKeys: ['may_contact'] }],
      actions: [{ type: 'create_case', kind: 'follow_up' }],
    },
  },
  {
    defaultKey: 'promoter_lead',
    create: {
      name: 'Promoter lead: thank and activate',
      conditions: [{ type: 'category', categories: ['promoter'] }],
      actions: [{ type: 'create_case', kind: 'lead' }],
    },
  },
];
