// The distribution funnel: what became of the email invitations of a period, per survey, wave,
// trigger rule or unit.
import { z } from 'zod';
import { DEFAULT_FUNNEL_DAYS, distributionFunnel, FUNNEL_GROUPS, SKIP_REASONS } from '../../domain/distribution/index.ts';
import { requireActor } from '../plugins/auth.ts';
import { Id, problemResponses } from '../schemas.ts';
import type { App, Deps } from '../types.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isInstant = (value: string) => z.iso.date().safeParse(value).success || z.iso.datetime({ offset: true }).safeParse(value).success;

/** A date-time, or a whole day (UTC): as `from` the day's start, as `to` the next day's start, so the day counts. */
const instant = (day: 'start' | 'end') =>
  z
    .string()
    .refine(isInstant, { message: 'must be an ISO 8601 date such as 2026-03-31 or a date-time such as 2026-03-31T09:00:00Z' })
    .transform((value) => {
      if (!DAY.test(value)) return new Date(value);
      const start = new Date(`${value}T00:00:00Z`);
      return day === 'start' ? start : new Date(start.getTime() + 86_400_000);
    });

export const FunnelQuery = z.object({
  groupBy: z
    .enum(FUNNEL_GROUPS, { message: `must be one of ${FUNNEL_GROUPS.join(', ')}` })
    .default('survey')
    .meta({ description: "One row per survey, wave, trigger rule, or unit (the contact's current unit); none: one row for all." }),
  surveyId: Id.optional(),
  waveId: Id.optional(),
  triggerRuleId: Id.optional(),
  unitId: Id.optional().meta({ description: 'Contacts placed in this unit or any unit below it.' }),
  from: instant('start')
    .optional()
    .meta({ description: `Invitations created from this moment (a date means its start, UTC). Default: ${DEFAULT_FUNNEL_DAYS} days before \`to\`.` }),
  to: instant('end').optional().meta({ description: 'Invitations created before this moment (a date includes that whole day, UTC). Default: now.' }),
});

const Count = z.number().int();
const Rate = z.number().nullable();

const FunnelCounts = z
  .object({
    invitations: Count.meta({ description: 'Email invitations created in the period (personal links made through the API are not counted).' }),
    scheduled: Count.meta({ description: 'Waiting for their time or the send window.' }),
    queued: Count.meta({ description: 'In the outbox, not yet accepted by an SMTP server. Without SMTP configured they stay here: not delivered.' }),
    sent: Count.meta({ description: 'Accepted by the SMTP server, including any reported as bounced afterwards.' }),
    skipped: Count,
    skippedByReason: z.record(z.enum(SKIP_REASONS as [string, ...string[]]), Count),
    bounced: Count,
    cancelled: Count,
    clicked: Count.meta({ description: 'Sent, and the personal link was opened (a score link in the email counts).' }),
    started: Count.meta({ description: 'Sent, and an answer was started.' }),
    completed: Count.meta({ description: 'Sent, and the answer was completed.' }),
    unsubscribed: Count.meta({ description: "Unsubscribed through this invitation's link." }),
    reminded: Count.meta({ description: 'Its one reminder was sent.' }),
    responseRate: Rate.meta({ description: 'completed / sent; null when nothing was sent.' }),
    clickRate: Rate.meta({ description: 'clicked / sent; null when nothing was sent.' }),
  })
  .meta({ id: 'FunnelCounts' });

const TypicalRate = z.object({ average: z.number(), low: z.number(), high: z.number() });

const Funnel = z
  .object({
    groupBy: z.enum(FUNNEL_GROUPS),
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    groups: z.array(
      FunnelCounts.extend({
        id: Id.nullable().meta({ description: 'The survey, wave, trigger rule or unit; null for invitations outside any (such as not from a wave).' }),
        name: z.string().nullable(),
      }),
    ),
    totals: FunnelCounts,
    typicalResponseRates: z
      .object({ b2c: TypicalRate, b2b: TypicalRate, source: z.string() })
      .meta({ description: 'Typical email survey response rates (fractions), to compare the response rate with.' }),
  })
  .meta({ id: 'DistributionFunnel' });

export function distributionFunnelRoutes(app: App, deps: Deps) {
  app.get(
    '/api/v1/distribution/funnel',
    {
      schema: {
        tags: ['Distribution'],
        summary: 'What became of the email invitations of a period: scheduled, sent, skipped by reason, bounced, clicked, started, completed',
        description:
          'Owner, admin, analyst, API keys, and managers (who count only invitations to contacts placed in their subtree). ' +
          'Invitations are counted by when they were created; the steps after sending count only invitations an SMTP server accepted.',
        querystring: FunnelQuery,
        response: { 200: Funnel, ...problemResponses },
      },
    },
    async (request) => distributionFunnel(deps.database.db, requireActor(request), request.query, new Date()),
  );
}
