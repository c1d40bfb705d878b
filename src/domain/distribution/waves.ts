// Waves: invitations to the contacts a filter matches. A one-off wave invites them once at its
// start; a recurring wave (a relationship programme) invites each once every `everyDays`, spread
// evenly over the period (wave-planning.ts plans them). A wave may be made for a draft survey, to
// prepare it; planning waits until the survey is active (published), and the preview says so.
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db, InvitationStatus, Survey } from '../../db/index.ts';
import { inTransaction } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { type Actor, canManageDistribution, canViewDistribution, ensure, ensureVisible, seesWholeWorkspace } from '../access/index.ts';
import { type RequestContext, recordAudit } from '../audit/index.ts';
import { ContactFilter, resolveContactFilter } from '../contacts/index.ts';
import { decodeCursor, toPage } from '../paging.ts';
import type { ContactFilterView, InvitationStatusName, Page, WaveView } from '../views.ts';

const DAY = 86_400_000;
const Name = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const StartsAt = z.iso.datetime({ offset: true }).meta({ description: 'When the wave starts; a time in the past starts it at once.' });

export const WaveInput = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('one_off'), surveyId: z.uuid(), name: Name, filter: ContactFilter, startsAt: StartsAt }).strict(),
    z
      .object({
        kind: z.literal('recurring'),
        surveyId: z.uuid(),
        name: Name,
        filter: ContactFilter,
        startsAt: StartsAt,
        everyDays: z.number().int().min(7, 'must be between 7 and 1095').max(1095, 'must be between 7 and 1095'),
      })
      .strict(),
  ])
  .meta({ id: 'NewWave' });
export type WaveInput = z.infer<typeof WaveInput>;

export const WavePatch = z
  .object({ name: Name.optional(), filter: ContactFilter.optional(), startsAt: StartsAt.optional() })
  .strict()
  .meta({ id: 'WavePatch', description: 'The name may change at any time; the filter and the start only while the wave has not started.' });
export type WavePatch = z.infer<typeof WavePatch>;

const STATUSES: readonly InvitationStatusName[] = ['created', 'scheduled', 'queued', 'sent', 'skipped', 'bounced', 'cancelled'];

type WaveRow = {
  id: string;
  survey_id: string;
  survey_name: string;
  survey_status: Survey['status'];
  name: string;
  kind: 'one_off' | 'recurring';
  status: WaveView['status'];
  filter: Record<string, unknown>;
  starts_at: Date;
  every_days: number | null;
  planned_through_day: number | null;
  created_at: Date;
  updated_at: Date;
};

function selectWaves(db: Db, workspaceId: string) {
  return db
    .selectFrom('waves as w')
    .innerJoin('surveys as s', 's.id', 'w.survey_id')
    .select([
      'w.id',
      'w.survey_id',
      's.name as survey_name',
      's.status as survey_status',
      'w.name',
      'w.kind',
      'w.status',
      'w.filter',
      'w.starts_at',
      'w.every_days',
      'w.planned_through_day',
      'w.created_at',
      'w.updated_at',
    ])
    .where('w.workspace_id', '=', workspaceId);
}

const addDays = (at: Date, days: number) => new Date(at.getTime() + days * DAY);

function runTimes(row: WaveRow): { nextRunAt: Date | null; lastRunAt: Date | null } {
  if (row.kind === 'one_off') {
    return { nextRunAt: row.status === 'scheduled' ? row.starts_at : null, lastRunAt: row.status === 'done' ? row.updated_at : null };
  }
  const planned = row.planned_through_day;
  return {
    nextRunAt: row.status === 'scheduled' || row.status === 'running' ? addDays(row.starts_at, planned === null ? 0 : planned + 1) : null,
    lastRunAt: planned === null ? null : addDays(row.starts_at, planned),
  };
}

type Counts = WaveView['invitations'];
const noCounts = (): Counts => ({ ...(Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<InvitationStatusName, number>), total: 0 });

/** Invitations per wave and status; a manager counts only those to contacts of their subtree. */
async function countInvitations(db: Db, actor: Actor, waveIds: string[]): Promise<Map<string, Counts>> {
  const counts = new Map<string, Counts>(waveIds.map((id) => [id, noCounts()]));
  if (waveIds.length === 0) return counts;
  let q = db
    .selectFrom('survey_invitations as i')
    .select(['i.wave_id', 'i.status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('i.workspace_id', '=', actor.workspaceId)
    .where('i.wave_id', 'in', waveIds)
    .groupBy(['i.wave_id', 'i.status']);
  if (!seesWholeWorkspace(actor) && actor.kind === 'user') {
    const path = `${actor.unitPath}%`;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('contacts as c')
          .innerJoin('units as u', 'u.id', 'c.unit_id')
          .select('c.id')
          .whereRef('c.id', '=', 'i.contact_id')
          .where('u.path', 'like', path),
      ),
    );
  }
  for (const row of await q.execute()) {
    const entry = counts.get(row.wave_id as string);
    if (!entry) continue;
    entry[row.status as InvitationStatus] = Number(row.n);
    entry.total += Number(row.n);
  }
  return counts;
}

function waveView(row: WaveRow, invitations: Counts): WaveView {
  const { nextRunAt, lastRunAt } = runTimes(row);
  return {
    id: row.id,
    surveyId: row.survey_id,
    surveyName: row.survey_name,
    surveyStatus: row.survey_status,
    name: row.name,
    kind: row.kind,
    status: row.status,
    filter: row.filter as ContactFilterView,
    startsAt: row.starts_at.toISOString(),
    everyDays: row.every_days,
    nextRunAt: nextRunAt?.toISOString() ?? null,
    lastRunAt: lastRunAt?.toISOString() ?? null,
    invitations,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

async function loadWave(db: Db, actor: Actor, id: string, lock = false): Promise<WaveRow> {
  let q = selectWaves(db, actor.workspaceId).where('w.id', '=', id);
  if (lock) q = q.forUpdate('w');
  const row = await q.executeTakeFirst();
  ensureVisible(row !== undefined, `The wave ${id}`);
  return row as WaveRow;
}

async function viewOf(db: Db, actor: Actor, id: string): Promise<WaveView> {
  const row = await loadWave(db, actor, id);
  return waveView(row, (await countInvitations(db, actor, [id])).get(id) ?? noCounts());
}

export interface ListWavesQuery {
  limit: number;
  cursor?: string;
  surveyId?: string;
  status?: WaveView['status'];
}

/** Waves, newest first. */
export async function listWaves(db: Db, actor: Actor, query: ListWavesQuery): Promise<Page<WaveView>> {
  ensure(canViewDistribution(actor), 'see waves');
  let q = selectWaves(db, actor.workspaceId)
    .select(sql<string>`to_char(w.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('cursor_at'))
    .orderBy('w.created_at', 'desc')
    .orderBy('w.id', 'desc')
    .limit(query.limit + 1);
  if (query.surveyId) q = q.where('w.survey_id', '=', query.surveyId);
  if (query.status) q = q.where('w.status', '=', query.status);
  const after = decodeCursor(query.cursor, ['timestamp', 'uuid']);
  if (after) {
    const [at, id] = after as [string, string];
    q = q.where(sql<boolean>`(w.created_at, w.id) < (${at}::timestamptz, ${id}::uuid)`);
  }
  const rows = (await q.execute()) as (WaveRow & { cursor_at: string })[];
  const counts = await countInvitations(
    db,
    actor,
    rows.slice(0, query.limit).map((row) => row.id),
  );
  return toPage(
    rows,
    query.limit,
    (row) => [row.cursor_at, row.id],
    (row) => waveView(row, counts.get(row.id) ?? noCounts()),
  );
}

export async function getWave(db: Db, actor: Actor, id: string): Promise<WaveView> {
  const row = await loadWave(db, actor, id);
  ensure(canViewDistribution(actor), 'see waves');
  return waveView(row, (await countInvitations(db, actor, [id])).get(id) ?? noCounts());
}

/** A survey of the workspace that a wave may invite to: any but a closed one. */
export async function loadWaveSurvey(db: Db, actor: Actor, surveyId: string): Promise<Survey> {
  const survey = await db.selectFrom('surveys').selectAll().where('workspace_id', '=', actor.workspaceId).where('id', '=', surveyId).executeTakeFirst();
  ensureVisible(survey !== undefined, `The survey ${surveyId}`);
  return survey as Survey;
}

function ensureOpen(survey: Survey) {
  if (survey.status === 'closed') {
    throw new AppError('conflict', `The survey "${survey.name}" is closed; reopen it before inviting contacts to it.`, {
      errors: [{ field: 'body.surveyId', message: 'is a closed survey' }],
    });
  }
}

const checkFilter = (db: Db, actor: Actor, filter: ContactFilter) => resolveContactFilter(db, actor, filter, (key) => `body.filter.attributes.${key}`);

export async function createWave(db: Db, actor: Actor, input: WaveInput, context: RequestContext = {}): Promise<WaveView> {
  ensure(canManageDistribution(actor), 'create waves');
  return inTransaction(db, async (trx) => {
    const survey = await loadWaveSurvey(trx, actor, input.surveyId);
    ensureOpen(survey);
    await checkFilter(trx, actor, input.filter);
    const row = await trx
      .insertInto('waves')
      .values({
        workspace_id: actor.workspaceId,
        survey_id: survey.id,
        name: input.name,
        kind: input.kind,
        filter: JSON.stringify(input.filter),
        starts_at: new Date(input.startsAt),
        every_days: input.kind === 'recurring' ? input.everyDays : null,
        created_by: actor.kind === 'user' ? actor.userId : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { workspaceId: actor.workspaceId, action: 'wave.created', targetType: 'wave', targetId: row.id, after: input }, context);
    return viewOf(trx, actor, row.id);
  });
}

const notScheduled = (wave: WaveRow, field: string) =>
  new AppError('conflict', `The wave "${wave.name}" has ${wave.status === 'paused' ? 'been paused' : 'started'}; its ${field} can no longer change.`, {
    errors: [{ field: `body.${field}`, message: 'can only change before the wave starts' }],
  });

export async function updateWave(db: Db, actor: Actor, id: string, patch: WavePatch, context: RequestContext = {}): Promise<WaveView> {
  return inTransaction(db, async (trx) => {
    const wave = await loadWave(trx, actor, id, true);
    ensure(canManageDistribution(actor), 'change waves');
    if (wave.status === 'cancelled') throw new AppError('conflict', `The wave "${wave.name}" was cancelled; create a new one instead.`);
    if (patch.filter !== undefined && wave.status !== 'scheduled') throw notScheduled(wave, 'filter');
    if (patch.startsAt !== undefined && wave.status !== 'scheduled') throw notScheduled(wave, 'startsAt');
    if (patch.filter) await checkFilter(trx, actor, patch.filter);
    await trx
      .updateTable('waves')
      .set({
        name: patch.name,
        filter: patch.filter === undefined ? undefined : JSON.stringify(patch.filter),
        starts_at: patch.startsAt === undefined ? undefined : new Date(patch.startsAt),
        updated_at: new Date(),
      })
      .where('id', '=', wave.id)
      .execute();
    await recordAudit(
      trx,
      actor,
      {
        workspaceId: actor.workspaceId,
        action: 'wave.updated',
        targetType: 'wave',
        targetId: wave.id,
        before: { name: wave.name, filter: wave.filter, startsAt: wave.starts_at.toISOString() },
        after: patch,
      },
      context,
    );
    return viewOf(trx, actor, wave.id);
  });
}

export type WaveAction = 'pause' | 'resume' | 'cancel';

/** The status an action leads to, or null when the wave's status does not allow it. */
function nextStatus(wave: WaveRow, action: WaveAction): WaveView['status'] | null {
  if (action === 'cancel') return 'cancelled';
  if (action === 'pause') return wave.status === 'scheduled' || wave.status === 'running' ? 'paused' : null;
  if (wave.status !== 'paused') return null;
  // A one-off wave is paused only before it runs; a recurring one is running once it planned a day.
  return wave.planned_through_day === null ? 'scheduled' : 'running';
}

/**
 * pause: planning stops (invitations already scheduled still go out; cancel stops those too).
 * resume: planning goes on, and a recurring wave catches up the days it missed (see wave-planning.ts).
 * cancel: for good; its invitations still waiting to be sent are cancelled. Cancelling twice is a no-op.
 */
export async function changeWaveStatus(db: Db, actor: Actor, id: string, action: WaveAction, context: RequestContext = {}): Promise<WaveView> {
  return inTransaction(db, async (trx) => {
    const wave = await loadWave(trx, actor, id, true);
    ensure(canManageDistribution(actor), `${action} waves`);
    if (action === 'cancel' && wave.status === 'cancelled') return viewOf(trx, actor, wave.id);
    const next = nextStatus(wave, action);
    if (next === null) {
      throw new AppError(
        'conflict',
        `The wave "${wave.name}" is ${wave.status}; only a ${action === 'pause' ? 'scheduled or running' : 'paused'} wave can be ${action}d.`,
      );
    }
    await trx.updateTable('waves').set({ status: next, updated_at: new Date() }).where('id', '=', wave.id).execute();
    let cancelledInvitations = 0;
    if (action === 'cancel') {
      const result = await trx
        .updateTable('survey_invitations')
        .set({ status: 'cancelled' })
        .where('workspace_id', '=', actor.workspaceId)
        .where('wave_id', '=', wave.id)
        .where('status', '=', 'scheduled')
        .executeTakeFirst();
      cancelledInvitations = Number(result.numUpdatedRows);
    }
    await recordAudit(
      trx,
      actor,
      {
        workspaceId: actor.workspaceId,
        action: `wave.${action === 'cancel' ? 'cancelled' : `${action}d`}`,
        targetType: 'wave',
        targetId: wave.id,
        before: { status: wave.status },
        after: action === 'cancel' ? { status: next, cancelledInvitations } : { status: next },
      },
      context,
    );
    return viewOf(trx, actor, wave.id);
  });
}
