// The invitations nobody answered, so the response rate comes out near 30%: spread over the same
// 18 months (ending four days ago), each reminded once already so the reminder job leaves them
// alone, one in fifty bounced, a quarter opened.
import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import { type GenerationInput, orderedUuid, surveyIndex } from './generation.ts';
import { uniformSql } from './random.ts';

const CHUNK = 250_000;
const RESPONSE_RATE = 0.3;

export async function createUnansweredInvitations(
  db: Db,
  plan: GenerationInput,
  input: { contacts: number; run: string; prefix: string; answered: number; startEpoch: number; endEpoch: number },
): Promise<number> {
  const count = Math.round((input.answered * (1 - RESPONSE_RATE)) / RESPONSE_RATE);
  const { seed } = plan;
  const span = input.endEpoch - input.startEpoch;
  const u = (stream: number) => uniformSql(seed, 100 + stream, sql`g0.m`);
  let written = 0;
  for (let from = 1; from <= count; from += CHUNK) {
    const to = Math.min(count, from + CHUNK - 1);
    const { rows } = await sql<{ n: number }>`
      with g0 as (
        select m, ${input.startEpoch}::float8 + ${span}::float8 * (m - 1 + ${uniformSql(seed, 100, sql`m`)}) / ${count} as epoch
        from generate_series(${from}::int8, ${to}::int8) as m
      ),
      g as (
        select g0.m, to_timestamp(g0.epoch) as sent, floor((g0.epoch - ${input.startEpoch}::float8) / 86400)::int as day,
          1 + floor(${u(1)} * ${input.contacts})::int as k, ${u(2)} as wave_draw, ${u(3)} as survey_draw,
          ${u(4)} < 0.02 as bounced, ${u(5)} < 0.25 as opened
        from g0
      ),
      inserted as (
        insert into survey_invitations (id, workspace_id, survey_id, contact_id, token, language, expires_at, opened_at, created_at, channel, status,
          queued_at, sent_at, reminder_queued_at, reminder_sent_at, bounced_at, bounce_reason)
        select ${orderedUuid(input.prefix, sql`g.m`)}, ${plan.workspaceId}, s.id, c.id, md5(${input.run} || ':u' || g.m), c.language,
          g.sent + interval '30 days', case when g.opened and not g.bounced then g.sent + interval '2 hours' end, g.sent, 'email',
          case when g.bounced then 'bounced' else 'sent' end, g.sent, g.sent,
          case when not g.bounced then g.sent + interval '3 days' end, case when not g.bounced then g.sent + interval '3 days' end,
          case when g.bounced then g.sent end, case when g.bounced then '550 5.1.1 mailbox unavailable' end
        from g join demo_contacts c on c.k = g.k
        join demo_surveys s on s.idx = ${surveyIndex(plan.surveys, sql`g.day`, sql`g.wave_draw`, sql`g.survey_draw`)}
        returning 1
      )
      select count(*)::int as n from inserted`.execute(db);
    written += rows[0]?.n ?? 0;
  }
  return written;
}
