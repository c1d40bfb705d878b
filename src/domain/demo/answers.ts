// 18 months of answers, generated set-based in SQL: `generate_series` numbers the answers in time
// order and every random choice is a hash of (seed, row number, draw), so ten million answers cost
// a handful of statements and the same seed gives the same answers. One statement per chunk
// writes the answered invitations, the responses and their answers together (data-modifying
// CTEs), so every reference points at a row of the same statement.
//
// The score of an answer: 7.7 + the contact's effect (country, branch, segment, product, a
// personal tendency) + the touchpoint's + a winter dip (bills and outages, deepest mid-January)
// + a slow improvement over the 18 months + noise (sd 2), rounded and clamped to 0–10.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import { DEMO_DAYS, type GenerationInput, orderedUuid, prepareGeneration, restoreRowTriggers, skipRowTriggers, surveyIndex } from './generation.ts';
import { createUnansweredInvitations } from './invitations.ts';
import { PHRASES } from './phrases.ts';
import { normalSql, uniformSql } from './random.ts';

/** Responses written per statement: bounded memory for the CTE, and a progress line each. */
const CHUNK = 250_000;
/** Up to this many answers keep their invitation; beyond it one in `stride` does (benchmark scale). */
const MAX_ANSWERED_INVITATIONS = 100_000;
/** Share of each category that writes a comment. */
const COMMENT_SHARE = { promoter: 0.4, passive: 0.35, detractor: 0.6 };
/** Days from 1970-01-01 to mid-January, where the winter dip is deepest. */
const MID_JANUARY = 14;

export interface AnswerPlan extends GenerationInput {
  responses: number;
  now: Date;
  progress: (message: string) => void;
}

export async function createDemoAnswers(db: Db, plan: AnswerPlan): Promise<{ responses: number; answers: number; invitations: number }> {
  const contacts = await prepareGeneration(db, plan);
  const skipped = await skipRowTriggers(db);
  if (!skipped) plan.progress('answers: written with foreign-key checks (the database user is not a superuser), which is slower');
  // The CTE of a chunk is read five times; kept in memory it does not spill to a temporary file.
  await sql`set local work_mem = '256MB'`.execute(db);
  const { seed, workspaceId } = plan;
  const end = plan.now.getTime() / 1000 - 3600;
  const startEpoch = end - DEMO_DAYS * 86_400 + 3600;
  const span = end - startEpoch;
  const stride = Math.max(1, Math.ceil(plan.responses / MAX_ANSWERED_INVITATIONS));
  const run = randomBytes(16).toString('hex');
  const [responsePrefix, invitationPrefix, unansweredPrefix] = [0, 1, 2].map(() => randomBytes(6).toString('hex')) as [string, string, string];
  const u = (stream: number) => uniformSql(seed, stream, sql`g0.j`);
  const phrase = (alias: string, part: 'lead' | 'detail' | 'close', draw: string) =>
    sql`join demo_phrases ${sql.table(alias)} on ${sql.ref(`${alias}.language`)} = g.language and ${sql.ref(`${alias}.category`)} = g.category
      and ${sql.ref(`${alias}.part`)} = ${part} and ${sql.ref(`${alias}.idx`)} = floor(${sql.ref(`g.${draw}`)} * ${sql.lit(PHRASES.en.promoter[part].length)})::int`;
  const rating = sql`least(5, greatest(1, round(1 + g.score * 0.4 + (array[0.2, -0.3, 0.1, 0])[least(q.n, 4)::int] + 0.7 * ${normalSql(seed, 40, sql`g.j * 8 + q.n`)})))`;
  const totals = { responses: 0, answers: 0, invitations: 0 };

  for (let from = 1; from <= plan.responses; from += CHUNK) {
    const to = Math.min(plan.responses, from + CHUNK - 1);
    const { rows } = await sql<{ invitations: number; responses: number; answers: number }>`
      with g0 as (
        select j, ${startEpoch}::float8 + ${span}::float8 * (j - 1 + ${uniformSql(seed, 0, sql`j`)}) / ${plan.responses} as epoch
        from generate_series(${from}::int8, ${to}::int8) as j
      ),
      g1 as (
        select g0.j, to_timestamp(g0.epoch) as at, floor((g0.epoch - ${startEpoch}::float8) / 86400)::int as day,
          1 + floor(${u(1)} * ${contacts})::int as k, ${u(2)} as wave_draw, ${u(3)} as survey_draw,
          case when ${u(4)} < 0.9 then 'email' else 'link' end as channel,
          greatest(0, cos(2 * pi() * (g0.epoch / 86400 - ${sql.lit(MID_JANUARY)}) / 365.2425)) as winter,
          (g0.epoch - ${startEpoch}::float8) / ${span}::float8 as progress,
          ${normalSql(seed, 5, sql`g0.j`)} as noise,
          ${u(9)} as comment_draw, ${u(10)} as lead_draw, ${u(11)} as detail_draw, ${u(12)} as close_draw, ${u(13)} as close_shown,
          ${u(14)} as may_contact_draw, ${u(15)} as yes_draw,
          (600 + ${u(16)} * 250000) * interval '1 second' as delay, (40 + ${u(17)} * 200) * interval '1 second' as duration
        from g0
      ),
      scored as (
        select g1.*, c.id as contact_id, c.unit_id, c.owner_member_id, c.account_id, c.segment, c.language,
          s.id as survey_id, s.version_id, s.touchpoint_id, s.rating_keys,
          least(10, greatest(0, round(7.7 + c.effect + s.effect - 0.8 * g1.winter + 0.5 * g1.progress + 2.0 * g1.noise)))::smallint as score,
          (g1.channel = 'email' and g1.j % ${stride} = 0) as invited
        from g1 join demo_contacts c on c.k = g1.k
        join demo_surveys s on s.idx = ${surveyIndex(plan.surveys, sql`g1.day`, sql`g1.wave_draw`, sql`g1.survey_draw`)}
      ),
      g as materialized (
        select scored.*, case when score >= 9 then 'promoter' when score >= 7 then 'passive' else 'detractor' end as category,
          ${orderedUuid(responsePrefix, sql`scored.j`)} as response_id,
          case when invited then ${orderedUuid(invitationPrefix, sql`scored.j`)} end as invitation_id,
          scored.at + scored.duration as done_at
        from scored
      ),
      invitations as (
        insert into survey_invitations (id, workspace_id, survey_id, contact_id, token, language, expires_at, opened_at, responded_at, completed_at,
          created_at, channel, status, queued_at, sent_at)
        select invitation_id, ${workspaceId}, survey_id, contact_id, md5(${run} || ':a' || j), language, at - delay + interval '30 days', at, at, done_at,
          at - delay, 'email', 'sent', at - delay, at - delay
        from g where invited
        returning 1
      ),
      responses as (
        insert into responses (id, workspace_id, survey_id, survey_version_id, invitation_id, contact_id, channel, language, score, category,
          score_source, score_recorded_at, touchpoint_id, unit_id, owner_member_id, account_id, segment, started_at, updated_at, completed_at)
        select response_id, ${workspaceId}, survey_id, version_id, invitation_id, contact_id, channel, language, score, category,
          'interactive', at, touchpoint_id, unit_id, owner_member_id, account_id, segment, at, done_at, done_at
        from g
        returning 1
      ),
      answers as (
        insert into response_answers (response_id, workspace_id, question_key, number_value, text_value, choice_values, answered_at)
        select response_id, ${workspaceId}::uuid, 'nps', score::numeric, null::text, null::text[], at from g
        union all
        select g.response_id, ${workspaceId}, 'why', null,
          lead.text || ' ' || detail.text || case when g.close_shown < 0.5 then ' ' || closing.text else '' end, null, g.done_at
        from g ${phrase('lead', 'lead', 'lead_draw')} ${phrase('detail', 'detail', 'detail_draw')} ${phrase('closing', 'close', 'close_draw')}
        where g.comment_draw < case g.category when 'promoter' then ${sql.lit(COMMENT_SHARE.promoter)} when 'passive' then ${sql.lit(COMMENT_SHARE.passive)}
          else ${sql.lit(COMMENT_SHARE.detractor)} end
        union all
        select response_id, ${workspaceId}, q.key, ${rating}, null, null, done_at
        from g cross join lateral unnest(g.rating_keys) with ordinality as q(key, n)
        where ${uniformSql(seed, 50, sql`g.j * 8 + q.n`)} < 0.85
        union all
        select response_id, ${workspaceId}, 'may_contact', null, null,
          array[case when g.yes_draw < (case g.category when 'detractor' then 0.55 else 0.2 end) then 'yes' else 'no' end], done_at
        from g where g.may_contact_draw < 0.7
        returning 1
      )
      select (select count(*) from invitations)::int as invitations, (select count(*) from responses)::int as responses,
        (select count(*) from answers)::int as answers`.execute(db);
    const row = rows[0] ?? { invitations: 0, responses: 0, answers: 0 };
    totals.invitations += row.invitations;
    totals.responses += row.responses;
    totals.answers += row.answers;
    plan.progress(`answers: ${totals.responses.toLocaleString('en')} of ${plan.responses.toLocaleString('en')}`);
  }
  totals.invitations += await createUnansweredInvitations(db, plan, {
    contacts,
    run,
    prefix: unansweredPrefix,
    answered: totals.invitations,
    startEpoch,
    endEpoch: end - 4 * 86_400,
  });
  if (skipped) {
    await restoreRowTriggers(db);
    // The rollup's triggers were skipped with the foreign keys: count the new workspace once.
    await sql`select response_daily_counts_rebuild(${workspaceId})`.execute(db);
    plan.progress('answers: daily rollup counted');
  }
  return totals;
}
