// Turning waves into scheduled invitations, and previewing what a wave would do. The filter is
// evaluated when planning (not when the wave is made), so contacts added later join a recurring
// wave by themselves. The send engine decides at sending time (quarantine, window, hourly rate);
// planning only decides who is due.
//
// Recurring waves spread the period evenly: a contact's slot is a stable hash of its id modulo
// everyDays (the first 32 bits of md5(id), the same on every server and for any kind of UUID), and
// on day d of the wave (whole days since starts_at) the contacts whose slot is d mod everyDays are
// invited. planned_through_day records the last planned day in the same transaction as the
// invitations, so a restart neither repeats nor skips a day, and the wave row is locked while it is
// planned, so two planners at once do not both plan it.
//
// Days missed while the wave was paused, its survey not active or the server down are caught up
// when planning resumes: each contact whose slot passed is invited once, now, rather than waiting
// up to a whole period; the send engine's hourly rate spreads the burst. A contact is not invited
// again by the same wave within half a period, so a catch-up is not followed by the contact's
// regular slot a few days later. (Not within everyDays - 1: a contact planned a day late, after a
// restart, would then miss its next regular slot and wait a second whole period.)
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, SkipReason } from '../../db/index.ts';
import { inTransaction } from '../../db/index.ts';
import { type Actor, canManageDistribution, ensure } from '../access/index.ts';
import { applyContactFilter, ContactFilter, type ResolvedContactFilter, resolveContactFilter } from '../contacts/index.ts';
import type { WavePreviewView } from '../views.ts';
import { checkEligibility } from './eligibility.ts';
import { loadWorkspaceRules, rulesForSurvey } from './rules.ts';
import { insertEmailInvitations } from './schedule.ts';
import { loadWaveSurvey } from './waves.ts';

const DAY = 86_400_000;
const CHUNK = 1000;
const SAMPLE = 20;

/** A contact's day within each period of a recurring wave (also computed in SQL: slotSql). */
export const waveSlot = (contactId: string, everyDays: number): number =>
  Number.parseInt(createHash('md5').update(contactId).digest('hex').slice(0, 8), 16) % everyDays;
const slotSql = (everyDays: number) => sql<number>`(('x' || substr(md5(c.id::text), 1, 8))::bit(32)::bigint % ${everyDays})`;

/** Whole days from the wave's start to `now`: day 0 is the first day. */
export const waveDay = (startsAt: Date, now: Date): number => Math.floor((now.getTime() - startsAt.getTime()) / DAY);

/** Live contacts of the workspace matching the filter, as `c` (joined with their unit as `u`). */
const matchingContacts = (db: Db, workspaceId: string, filter: ResolvedContactFilter) =>
  applyContactFilter(
    db
      .selectFrom('contacts as c')
      .innerJoin('units as u', 'u.id', 'c.unit_id')
      .select('c.id')
      .where('c.workspace_id', '=', workspaceId)
      .where('c.deleted_at', 'is', null),
    filter,
  );

/** Who the wave would invite now, and who not and why; writes nothing. */
export async function previewWave(db: Db, actor: Actor, input: { surveyId: string; filter: ContactFilter }, now: Date): Promise<WavePreviewView> {
  ensure(canManageDistribution(actor), 'preview waves');
  const survey = await loadWaveSurvey(db, actor, input.surveyId);
  const filter = await resolveContactFilter(db, actor, input.filter, (key) => `body.filter.attributes.${key}`);
  const rules = rulesForSurvey(await loadWorkspaceRules(db, actor.workspaceId), survey.distribution);
  let matching = 0;
  let wouldInvite = 0;
  const skipped: Partial<Record<SkipReason, number>> = {};
  const sample: { contactId: string; reason: SkipReason }[] = [];
  let after: string | undefined;
  for (;;) {
    let q = matchingContacts(db, actor.workspaceId, filter).orderBy('c.id').limit(CHUNK);
    if (after) q = q.where('c.id', '>', after);
    const ids = (await q.execute()).map((row) => row.id);
    if (ids.length === 0) break;
    const states = await checkEligibility(db, { workspaceId: actor.workspaceId, contactIds: ids, rules, now });
    matching += ids.length;
    for (const id of ids) {
      const reason = states.get(id)?.reason ?? null;
      if (reason === null) wouldInvite++;
      else {
        skipped[reason] = (skipped[reason] ?? 0) + 1;
        if (sample.length < SAMPLE) sample.push({ contactId: id, reason });
      }
    }
    after = ids.at(-1);
    if (ids.length < CHUNK) break;
  }
  const people = sample.length
    ? await db
        .selectFrom('contacts')
        .select(['id', 'first_name', 'last_name', 'email'])
        .where('workspace_id', '=', actor.workspaceId)
        .where(
          'id',
          'in',
          sample.map((s) => s.contactId),
        )
        .execute()
    : [];
  const byId = new Map(people.map((p) => [p.id, p]));
  return {
    surveyStatus: survey.status,
    matching,
    wouldInvite,
    skipped,
    sample: sample.map(({ contactId, reason }) => {
      const person = byId.get(contactId);
      const name = [person?.first_name, person?.last_name].filter(Boolean).join(' ');
      return { contactId, name: name || null, email: person?.email ?? null, reason };
    }),
  };
}

export interface PlanResult {
  /** Waves that planned something (or finished). */
  waves: number;
  invitations: number;
  /** Waves that could not be planned (say a unit in the filter was deleted); retried next run. */
  failed: { waveId: string; error: string }[];
}

/** Plans every due wave of every workspace whose survey is active. */
export async function planWaves(db: Db, now: Date): Promise<PlanResult> {
  const today = sql<number>`floor(extract(epoch from (${now}::timestamptz - w.starts_at)) / 86400)`;
  const due = await db
    .selectFrom('waves as w')
    .innerJoin('surveys as s', 's.id', 'w.survey_id')
    .select('w.id')
    .where('w.status', 'in', ['scheduled', 'running'])
    .where('w.starts_at', '<=', now)
    .where('s.status', '=', 'active')
    .where((eb) => eb.or([eb('w.kind', '=', 'one_off'), eb('w.planned_through_day', 'is', null), eb('w.planned_through_day', '<', today)]))
    .orderBy('w.starts_at')
    .execute();
  const result: PlanResult = { waves: 0, invitations: 0, failed: [] };
  for (const { id } of due) {
    try {
      const planned = await planWave(db, id, now);
      if (planned !== null) {
        result.waves++;
        result.invitations += planned;
      }
    } catch (error) {
      result.failed.push({ waveId: id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return result;
}

/** Plans one wave in one transaction; null when another planner got there first (or it is no longer due). */
async function planWave(db: Db, waveId: string, now: Date): Promise<number | null> {
  return inTransaction(db, async (trx) => {
    // The lock makes a second planner wait, then see what the first one did.
    const wave = await trx.selectFrom('waves').selectAll().where('id', '=', waveId).forUpdate().executeTakeFirst();
    if (!wave || (wave.status !== 'scheduled' && wave.status !== 'running') || wave.starts_at > now) return null;
    const survey = await trx.selectFrom('surveys').select(['status', 'link_validity_days']).where('id', '=', wave.survey_id).executeTakeFirstOrThrow();
    if (survey.status !== 'active') return null;
    const actor: Actor = { kind: 'system', workspaceId: wave.workspace_id, label: `wave ${wave.name}` };
    const filter = await resolveContactFilter(trx, actor, ContactFilter.parse(wave.filter), (key) => `filter.attributes.${key}`);
    let q = matchingContacts(trx, wave.workspace_id, filter);

    const today = waveDay(wave.starts_at, now);
    if (wave.kind === 'recurring') {
      const every = wave.every_days as number;
      const from = (wave.planned_through_day ?? -1) + 1;
      if (from > today) return null;
      const slots = new Set<number>();
      for (let day = from; day <= today && slots.size < every; day++) slots.add(day % every);
      if (slots.size < every) q = q.where(slotSql(every), 'in', [...slots]);
      const since = new Date(now.getTime() - Math.floor(every / 2) * DAY);
      q = q.where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('survey_invitations as i')
              .select('i.id')
              .where('i.wave_id', '=', wave.id)
              .whereRef('i.contact_id', '=', 'c.id')
              .where('i.created_at', '>', since),
          ),
        ),
      );
    } else {
      q = q.where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('survey_invitations as i').select('i.id').where('i.wave_id', '=', wave.id).whereRef('i.contact_id', '=', 'c.id'))),
      );
    }

    let planned = 0;
    let after: string | undefined;
    for (;;) {
      const ids = (await (after ? q.where('c.id', '>', after) : q).orderBy('c.id').limit(CHUNK).execute()).map((row) => row.id);
      if (ids.length === 0) break;
      // Days already past are due now: planning never schedules into the past or the future.
      const invitationIds = await insertEmailInvitations(
        trx,
        wave.workspace_id,
        ids.map((contactId) => ({ surveyId: wave.survey_id, contactId, scheduledAt: now, linkValidityDays: survey.link_validity_days, waveId: wave.id })),
      );
      // Stamped with the planning clock (the job's is the wall clock, as the default), because the
      // check above reads created_at and tests drive that clock.
      await sql`update survey_invitations set created_at = ${now} where id in (${sql.join(invitationIds)})`.execute(trx);
      planned += ids.length;
      after = ids.at(-1);
      if (ids.length < CHUNK) break;
    }
    await trx
      .updateTable('waves')
      .set(wave.kind === 'recurring' ? { status: 'running', planned_through_day: today, updated_at: now } : { status: 'done', updated_at: now })
      .where('id', '=', wave.id)
      .execute();
    return planned;
  });
}
