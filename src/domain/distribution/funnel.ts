// The distribution funnel: what became of the email invitations of a period, per survey, wave,
// trigger rule or unit — waiting, in the outbox, sent, skipped (and why), bounced, cancelled, and of
// those sent how many were clicked, started and completed. Counted in one SQL query.
//
// Only channel 'email' counts. Personal links made through the API (channel 'link') are never
// sent by Anbefal, so they have no place between "scheduled" and "sent"; counting them would also
// make the response rate of the emails wrong.
import { type RawBuilder, sql } from 'kysely';
import type { Db, SkipReason } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { type Actor, canViewDistribution, ensure, seesWholeWorkspace } from '../access/index.ts';
import type { FunnelCountsView, FunnelGroupView, FunnelView, SkipReasonView, TypicalResponseRatesView } from '../views.ts';

export const FUNNEL_GROUPS = ['survey', 'wave', 'trigger', 'unit', 'none'] as const;
export type FunnelGroupBy = (typeof FUNNEL_GROUPS)[number];

// Every reason an invitation is not sent, in the order the funnel lists them; a Record so that a
// reason added to the schema (or to the view type) must be listed here too.
const LISTED: Record<SkipReason | SkipReasonView, true> = {
  recently_invited: true,
  recently_answered: true,
  account_limit: true,
  unsubscribed: true,
  no_email: true,
  email_invalid: true,
  no_consent: true,
  contact_deleted: true,
  survey_closed: true,
  duplicate: true,
};
export const SKIP_REASONS = Object.keys(LISTED) as SkipReason[];

/** Typical response rates of email surveys, for comparison (the product brief's glossary). */
export const TYPICAL_RESPONSE_RATES: TypicalResponseRatesView = {
  b2c: { average: 0.14, low: 0.03, high: 0.52 },
  b2b: { average: 0.23, low: 0.02, high: 0.68 },
  source: 'Typical email survey response rates: B2C average 14% (range 3–52%), B2B average 23% (range 2–68%).',
};

export const DEFAULT_FUNNEL_DAYS = 90;

export interface FunnelQuery {
  groupBy?: FunnelGroupBy;
  surveyId?: string;
  waveId?: string;
  triggerRuleId?: string;
  /** The contact's current unit or any unit below it. */
  unitId?: string;
  /** Invitations created from (inclusive) … to (exclusive); by default the last 90 days up to now. */
  from?: Date;
  to?: Date;
}

/** The group key and its name, per grouping. The unit is the contact's current unit. */
const GROUPING: Record<FunnelGroupBy, { id: RawBuilder<string | null>; name: RawBuilder<string | null>; join: RawBuilder<unknown> }> = {
  survey: { id: sql`i.survey_id`, name: sql`s.name`, join: sql`join surveys s on s.id = i.survey_id` },
  wave: { id: sql`i.wave_id`, name: sql`w.name`, join: sql`left join waves w on w.id = i.wave_id` },
  trigger: { id: sql`i.trigger_rule_id`, name: sql`r.name`, join: sql`left join trigger_rules r on r.id = i.trigger_rule_id` },
  unit: { id: sql`c.unit_id`, name: sql`u.name`, join: sql`` },
  none: { id: sql`null::uuid`, name: sql`null::text`, join: sql`` },
};

type CountRow = Record<string, number | string | null>;

const count = (condition: RawBuilder<unknown>, alias: string) => sql`(count(*) filter (where ${condition}))::int as ${sql.ref(alias)}`;

/** The funnel's steps after sending count only invitations the SMTP server accepted (sent_at), so
 * sent → clicked → started → completed never grows. A later reported bounce keeps sent_at. */
const COUNTS = sql.join(
  [
    sql`count(*)::int as invitations`,
    count(sql`i.status = 'scheduled'`, 'scheduled'),
    count(sql`i.status = 'queued'`, 'queued'),
    count(sql`i.sent_at is not null`, 'sent'),
    count(sql`i.status = 'skipped'`, 'skipped'),
    ...SKIP_REASONS.map((reason) => count(sql`i.status = 'skipped' and i.skip_reason = ${reason}`, `skipped_${reason}`)),
    count(sql`i.status = 'bounced'`, 'bounced'),
    count(sql`i.status = 'cancelled'`, 'cancelled'),
    count(sql`i.sent_at is not null and i.opened_at is not null`, 'clicked'),
    count(sql`i.sent_at is not null and i.responded_at is not null`, 'started'),
    count(sql`i.sent_at is not null and i.completed_at is not null`, 'completed'),
    count(sql`i.unsubscribed_at is not null`, 'unsubscribed'),
    count(sql`i.reminder_sent_at is not null`, 'reminded'),
  ],
  sql`, `,
);

const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);

function withRates(counts: Omit<FunnelCountsView, 'responseRate' | 'clickRate'>): FunnelCountsView {
  return { ...counts, responseRate: rate(counts.completed, counts.sent), clickRate: rate(counts.clicked, counts.sent) };
}

function countsOf(row: CountRow): Omit<FunnelCountsView, 'responseRate' | 'clickRate'> {
  const n = (key: string) => Number(row[key] ?? 0);
  return {
    invitations: n('invitations'),
    scheduled: n('scheduled'),
    queued: n('queued'),
    sent: n('sent'),
    skipped: n('skipped'),
    skippedByReason: Object.fromEntries(SKIP_REASONS.map((reason) => [reason, n(`skipped_${reason}`)])) as Record<SkipReasonView, number>,
    bounced: n('bounced'),
    cancelled: n('cancelled'),
    clicked: n('clicked'),
    started: n('started'),
    completed: n('completed'),
    unsubscribed: n('unsubscribed'),
    reminded: n('reminded'),
  };
}

function sum(groups: readonly Omit<FunnelCountsView, 'responseRate' | 'clickRate'>[]): Omit<FunnelCountsView, 'responseRate' | 'clickRate'> {
  const total = countsOf({});
  for (const group of groups) {
    for (const key of Object.keys(total) as (keyof typeof total)[]) {
      if (key !== 'skippedByReason') total[key] += group[key];
    }
    for (const reason of SKIP_REASONS) total.skippedByReason[reason] += group.skippedByReason[reason];
  }
  return total;
}

export async function distributionFunnel(db: Db, actor: Actor, query: FunnelQuery, now: Date): Promise<FunnelView> {
  ensure(canViewDistribution(actor), 'see the distribution funnel');
  const groupBy = query.groupBy ?? 'survey';
  const to = query.to ?? now;
  const from = query.from ?? new Date(to.getTime() - DEFAULT_FUNNEL_DAYS * 86_400_000);
  if (from.getTime() >= to.getTime()) throw AppError.invalid('query.from', `must be before to (${to.toISOString()})`);

  const filters: RawBuilder<unknown>[] = [
    sql`i.workspace_id = ${actor.workspaceId}`,
    sql`i.channel = 'email'`,
    sql`i.created_at >= ${from}`,
    sql`i.created_at < ${to}`,
  ];
  // Managers count only invitations to contacts placed in their subtree.
  if (actor.kind === 'user' && !seesWholeWorkspace(actor)) filters.push(sql`u.path like ${`${actor.unitPath}%`}`);
  if (query.surveyId) filters.push(sql`i.survey_id = ${query.surveyId}`);
  if (query.waveId) filters.push(sql`i.wave_id = ${query.waveId}`);
  if (query.triggerRuleId) filters.push(sql`i.trigger_rule_id = ${query.triggerRuleId}`);
  if (query.unitId) {
    filters.push(sql`u.path like (select f.path from units f where f.id = ${query.unitId} and f.workspace_id = ${actor.workspaceId}) || '%'`);
  }

  const grouping = GROUPING[groupBy];
  const { rows } = await sql<CountRow & { group_id: string | null; group_name: string | null }>`
    select ${grouping.id} as group_id, ${grouping.name} as group_name, ${COUNTS}
    from survey_invitations i
    join contacts c on c.id = i.contact_id
    join units u on u.id = c.unit_id
    ${grouping.join}
    where ${sql.join(filters, sql` and `)}
    group by 1, 2
    order by 2 nulls last, 1`.execute(db);

  const groups: FunnelGroupView[] = rows.map((row) => ({ id: row.group_id, name: row.group_name, ...withRates(countsOf(row)) }));
  return {
    groupBy,
    from: from.toISOString(),
    to: to.toISOString(),
    groups,
    totals: withRates(sum(groups)),
    typicalResponseRates: TYPICAL_RESPONSE_RATES,
  };
}
