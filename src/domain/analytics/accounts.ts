// Account NPS for B2B: several people answer for one customer company, so each account counts once
// (its own NPS over its respondents), and optionally in proportion to its revenue. One SQL query:
// an aggregate per account (the account snapshot on the answer), then one over the accounts.
import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { Actor } from '../access/index.ts';
import type { AccountNpsView } from '../views.ts';
import type { ParsedAnalyticsFilter } from './filters.ts';
import { prepareQuery, where } from './metrics.ts';

interface Row {
  accounts: number;
  answers: number;
  equal_nps: number | null;
  accounts_with_revenue: number;
  revenue_nps: number | null;
}

export async function accountNps(db: Db, actor: Actor, filter: ParsedAnalyticsFilter, now: Date): Promise<AccountNpsView> {
  const { periodView, conditions } = await prepareQuery(db, actor, filter, now);
  // Anonymous answers keep no account, so no small anonymous group can enter here.
  const { rows } = await sql<Row>`
    with per_account as (
      select r.account_id,
             count(*) as n,
             (count(*) filter (where r.category = 'promoter') - count(*) filter (where r.category = 'detractor'))::float8 / count(*) as nps
      from responses r join surveys s on s.id = r.survey_id
      where ${where(conditions)} and r.account_id is not null and r.category is not null
      group by r.account_id
    )
    select count(*)::int as accounts,
           coalesce(sum(pa.n), 0)::int as answers,
           (avg(pa.nps) * 100)::float8 as equal_nps,
           (count(*) filter (where a.revenue > 0))::int as accounts_with_revenue,
           (sum(pa.nps * a.revenue) filter (where a.revenue > 0) / nullif(sum(a.revenue) filter (where a.revenue > 0), 0) * 100)::float8 as revenue_nps
    from per_account pa
    left join accounts a on a.id = pa.account_id and a.workspace_id = ${actor.workspaceId}`.execute(db);
  const row = rows[0] ?? { accounts: 0, answers: 0, equal_nps: null, accounts_with_revenue: 0, revenue_nps: null };
  return {
    period: periodView,
    accounts: row.accounts,
    answers: row.answers,
    nps: row.equal_nps === null ? null : Number(row.equal_nps),
    revenueWeighted: {
      nps: row.revenue_nps === null ? null : Number(row.revenue_nps),
      accounts: row.accounts_with_revenue,
      accountsWithoutRevenue: row.accounts - row.accounts_with_revenue,
    },
  };
}
