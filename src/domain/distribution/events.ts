// Events from other systems (POST /api/v1/events): a delivery, a closed case, a service visit. Each
// is stored with the contact it concerns (created or updated from the event, as a CRM push expects),
// and every enabled trigger rule of its type whose conditions hold schedules an invitation — or says
// why not — all in one transaction, replayable by idempotency key.
import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { type Actor, canManageDistribution, canViewDistribution, ensure, seesWholeWorkspace } from '../access/index.ts';
import { type RequestContext, recordAudit } from '../audit/index.ts';
import { applyContactPlan, type ContactInput, idempotent, planContacts, updateContact } from '../contacts/index.ts';
import { decodeCursor, toPage } from '../paging.ts';
import type { DistributionEventView, EventOutcomeView, Page, RecordedEventView } from '../views.ts';
import { isValidTimeZone, nextBusinessDayAt } from './calendar.ts';
import { loadWorkspaceRules } from './rules.ts';
import { insertEmailInvitations } from './schedule.ts';
import type { TriggerCondition, TriggerDelay } from './triggers.ts';

export type EventProperties = Record<string, string | number | boolean | null>;

export interface EventInput {
  type: string;
  /** By id (must exist), or by externalId or email (created when unknown); the other fields are upserted. */
  contact: ContactInput & { id?: string };
  /** ISO; default now; at most 5 minutes ahead of now. */
  occurredAt?: string;
  properties?: EventProperties;
  idempotencyKey?: string;
}

const FUTURE_TOLERANCE_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

/** Field problems of a contact write, renamed from `body.x` to `body.contact.x`. */
function underContact(error: unknown): never {
  if (error instanceof AppError && (error.code === 'validation_failed' || error.code === 'conflict') && error.details.errors) {
    const errors = error.details.errors.map((p) => ({ ...p, field: p.field.replace(/^body\./, 'body.contact.') }));
    throw new AppError(error.code, errors.map((p) => `${p.field}: ${p.message}`).join('; ') || error.message, { errors });
  }
  throw error;
}

/** The contact of the event: by id it must exist; by external id or email it is matched, or created. */
async function resolveContact(trx: Db, actor: Actor, input: EventInput, context: RequestContext): Promise<string> {
  const { id, ...fields } = input.contact;
  if (id !== undefined) {
    const row = await trx
      .selectFrom('contacts')
      .select('id')
      .where('workspace_id', '=', actor.workspaceId)
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!row) throw AppError.invalid('body.contact.id', 'names no contact of this workspace; give an externalId or email to create one');
    if (Object.keys(fields).length > 0) await updateContact(trx, actor, id, fields, context).catch(underContact);
    return id;
  }
  const plan = await planContacts(trx, actor, [fields], (_i, name) => `body.contact.${name}`);
  if (plan.problems.length > 0) {
    throw new AppError('validation_failed', plan.problems.map((p) => `${p.field}: ${p.message}`).join('; '), { errors: plan.problems });
  }
  await applyContactPlan(trx, actor.workspaceId, plan);
  const item = plan.items[0];
  if (!item) throw new Error('a planned contact without an outcome');
  if (item.outcome !== 'unchanged') {
    await recordAudit(
      trx,
      actor,
      {
        workspaceId: actor.workspaceId,
        action: item.outcome === 'created' ? 'contact.created' : 'contact.updated',
        targetType: 'contact',
        targetId: item.id,
        after: { via: 'event', eventType: input.type },
      },
      context,
    );
  }
  return item.id;
}

interface ContactFacts {
  segment: string | null;
  language: string | null;
  timeZone: string | null;
  unitPath: string;
  attributes: Record<string, unknown>;
}

const present = (value: unknown) => value !== undefined && value !== null && value !== '';
const same = (actual: unknown, expected: unknown) => present(actual) && String(actual) === String(expected);

/** actual − expected as numbers (or instants, for ISO dates); null when they cannot be compared. */
function difference(actual: unknown, expected: unknown): number | null {
  if (typeof expected === 'number') {
    const n = typeof actual === 'number' ? actual : typeof actual === 'string' && actual.trim() !== '' ? Number(actual) : Number.NaN;
    return Number.isFinite(n) ? n - expected : null;
  }
  const a = typeof actual === 'string' ? Date.parse(actual) : Number.NaN;
  const e = typeof expected === 'string' ? Date.parse(expected) : Number.NaN;
  return Number.isNaN(a) || Number.isNaN(e) ? null : a - e;
}

/** Whether one condition holds; a unit condition holds for the unit and every unit below it. */
export function conditionHolds(condition: TriggerCondition, facts: ContactFacts, properties: EventProperties, unitPaths: Map<string, string>): boolean {
  const { field, op, value } = condition;
  const isUnit = field === 'contact.unitId';
  const actual = field.startsWith('properties.')
    ? properties[field.slice('properties.'.length)]
    : field.startsWith('contact.attributes.')
      ? facts.attributes[field.slice('contact.attributes.'.length)]
      : field === 'contact.segment'
        ? facts.segment
        : field === 'contact.language'
          ? facts.language
          : facts.unitPath;
  const equals = (expected: unknown) => {
    if (!isUnit) return same(actual, expected);
    const path = unitPaths.get(String(expected));
    return path !== undefined && facts.unitPath.startsWith(path);
  };
  switch (op) {
    case 'equals':
      return equals(value);
    case 'not_equals':
      return !equals(value);
    case 'in':
      return Array.isArray(value) && value.some(equals);
    case 'exists':
      return present(actual);
    case 'not_exists':
      return !present(actual);
    case 'gt':
    case 'lt': {
      const d = difference(actual, value);
      return d !== null && (op === 'gt' ? d > 0 : d < 0);
    }
  }
}

/** When a rule's invitation is due: its delay from when the event occurred, in the contact's zone; never before now. */
export function dueAt(delay: TriggerDelay, occurredAt: Date, now: Date, timeZone: string, weekdays: readonly number[]): Date {
  const at = delay.kind === 'after' ? new Date(occurredAt.getTime() + delay.minutes * 60_000) : nextBusinessDayAt(occurredAt, timeZone, delay.at, weekdays);
  return at < now ? now : at;
}

async function applyRules(trx: Db, actor: Actor, input: EventInput, contactId: string, occurredAt: Date, now: Date): Promise<RecordedEventView> {
  const properties = input.properties ?? {};
  // Serialises events of one contact, so two at once cannot both pass the de-duplication check.
  await trx.selectFrom('contacts').select('id').where('id', '=', contactId).forUpdate().execute();
  const contact = await trx
    .selectFrom('contacts as c')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .select(['c.segment', 'c.language', 'c.time_zone', 'c.attributes', 'u.path'])
    .where('c.id', '=', contactId)
    .executeTakeFirstOrThrow();
  const facts: ContactFacts = {
    segment: contact.segment,
    language: contact.language,
    timeZone: contact.time_zone,
    unitPath: contact.path,
    attributes: contact.attributes ?? {},
  };
  const event = await trx
    .insertInto('distribution_events')
    .values({
      workspace_id: actor.workspaceId,
      type: input.type,
      contact_id: contactId,
      occurred_at: occurredAt,
      properties: JSON.stringify(properties),
      idempotency_key: input.idempotencyKey ?? null,
      received_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  const rules = await trx
    .selectFrom('trigger_rules as r')
    .innerJoin('surveys as s', 's.id', 'r.survey_id')
    .select(['r.id', 'r.conditions', 'r.delay', 'r.dedupe_days', 'r.survey_id', 's.status as survey_status', 's.link_validity_days'])
    .where('r.workspace_id', '=', actor.workspaceId)
    .where('r.event_type', '=', input.type)
    .where('r.enabled', '=', true)
    .orderBy('r.created_at')
    .orderBy('r.id')
    .execute();
  const unitIds = rules.flatMap((rule) =>
    (rule.conditions as TriggerCondition[])
      .filter((c) => c.field === 'contact.unitId')
      .flatMap((c) => (Array.isArray(c.value) ? c.value : [c.value]).map(String)),
  );
  const unitPaths = new Map<string, string>();
  if (unitIds.length > 0) {
    const units = await trx
      .selectFrom('units')
      .select(['id', 'path'])
      .where('workspace_id', '=', actor.workspaceId)
      .where(sql<boolean>`id::text = any(${unitIds})`)
      .execute();
    for (const unit of units) unitPaths.set(unit.id, unit.path);
  }
  const matching = rules.filter((rule) => (rule.conditions as TriggerCondition[]).every((c) => conditionHolds(c, facts, properties, unitPaths)));

  const workspaceRules = matching.length > 0 ? await loadWorkspaceRules(trx, actor.workspaceId) : null;
  const timeZone = facts.timeZone && isValidTimeZone(facts.timeZone) ? facts.timeZone : (workspaceRules?.timeZone ?? 'UTC');
  const invitations: EventOutcomeView[] = [];
  for (const rule of matching) {
    if (rule.survey_status !== 'active') {
      invitations.push({ ruleId: rule.id, invitationId: null, scheduledAt: null, skipReason: 'survey_closed' });
      continue;
    }
    // "Asked" by this rule within the window: invitations not skipped or cancelled, counted from their event's arrival.
    const duplicate =
      rule.dedupe_days > 0 &&
      (await trx
        .selectFrom('survey_invitations as i')
        .innerJoin('distribution_events as e', 'e.id', 'i.event_id')
        .select('i.id')
        .where('i.workspace_id', '=', actor.workspaceId)
        .where('i.trigger_rule_id', '=', rule.id)
        .where('i.contact_id', '=', contactId)
        .where('i.status', 'not in', ['skipped', 'cancelled'])
        .where('e.received_at', '>', new Date(now.getTime() - rule.dedupe_days * DAY_MS))
        .executeTakeFirst()) !== undefined;
    const scheduledAt = dueAt(rule.delay as TriggerDelay, occurredAt, now, timeZone, workspaceRules?.window.weekdays ?? [1, 2, 3, 4, 5]);
    const [invitationId] = await insertEmailInvitations(trx, actor.workspaceId, [
      {
        surveyId: rule.survey_id,
        contactId,
        scheduledAt,
        linkValidityDays: rule.link_validity_days,
        language: facts.language,
        properties,
        triggerRuleId: rule.id,
        eventId: event.id,
        skipReason: duplicate ? 'duplicate' : undefined,
      },
    ]);
    invitations.push({
      ruleId: rule.id,
      invitationId: invitationId ?? null,
      scheduledAt: duplicate ? null : scheduledAt.toISOString(),
      skipReason: duplicate ? 'duplicate' : null,
    });
  }
  await trx
    .updateTable('distribution_events')
    .set({ outcome: JSON.stringify(invitations) })
    .where('id', '=', event.id)
    .execute();
  return { eventId: event.id, contactId, invitations };
}

/**
 * Records an event and applies the trigger rules of its type. With an idempotency key, a repeat of
 * the same body within 24 hours answers the first answer (replayed) and changes nothing; another
 * body with the key is a 409, as is the key after 24 hours (its event exists; keys are never reused).
 */
export async function recordEvent(
  db: Db,
  actor: Actor,
  input: EventInput,
  now: Date,
  context: RequestContext = {},
): Promise<{ result: RecordedEventView; replayed: boolean }> {
  ensure(canManageDistribution(actor), 'record events');
  const occurredAt = input.occurredAt === undefined ? now : new Date(input.occurredAt);
  if (occurredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    throw AppError.invalid('body.occurredAt', `must not be more than 5 minutes in the future (the server's time is ${now.toISOString()})`);
  }
  return idempotent(db, actor.workspaceId, input.idempotencyKey, `events\n${JSON.stringify(input)}`, async (trx) => {
    const contactId = await resolveContact(trx, actor, input, context);
    return applyRules(trx, actor, input, contactId, occurredAt, now);
  }).catch((error: unknown) => {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code === '23505' && constraint === 'distribution_events_key') {
      throw new AppError(
        'conflict',
        'This idempotencyKey belongs to an event recorded more than 24 hours ago; a key is never used for a second event. Use a new key.',
        {
          errors: [{ field: 'body.idempotencyKey', message: 'was already used for another event' }],
        },
      );
    }
    if (code === '23505' && (constraint === 'contacts_email_key' || constraint === 'contacts_external_id_key')) {
      throw new AppError('conflict', 'Another contact of this workspace already has this email or external id.', {
        errors: [{ field: `body.contact.${constraint === 'contacts_email_key' ? 'email' : 'externalId'}`, message: 'must be unique within the workspace' }],
      });
    }
    throw error;
  });
}

export interface ListEventsQuery {
  limit: number;
  cursor?: string;
  type?: string;
}

/** Recent events, newest first; a manager sees the events of contacts in their subtree. */
export async function listEvents(db: Db, actor: Actor, query: ListEventsQuery): Promise<Page<DistributionEventView>> {
  ensure(canViewDistribution(actor), 'see events');
  let q = db
    .selectFrom('distribution_events as e')
    .leftJoin('contacts as c', 'c.id', 'e.contact_id')
    .leftJoin('units as u', 'u.id', 'c.unit_id')
    .select([
      'e.id',
      'e.type',
      'e.contact_id',
      'e.occurred_at',
      'e.received_at',
      'e.properties',
      'e.outcome',
      sql<
        string | null
      >`case when c.erased_at is null then coalesce(nullif(trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')), ''), c.email, c.external_id) end`.as(
        'contact_label',
      ),
      sql<string>`to_char(e.received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('cursor_at'),
    ])
    .where('e.workspace_id', '=', actor.workspaceId)
    .orderBy('e.received_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(query.limit + 1);
  if (!seesWholeWorkspace(actor) && actor.kind === 'user') q = q.where('u.path', 'like', `${actor.unitPath}%`);
  if (query.type) q = q.where('e.type', '=', query.type);
  const after = decodeCursor(query.cursor, ['timestamp', 'uuid']);
  if (after) {
    const [at, id] = after as [string, string];
    q = q.where(sql<boolean>`(e.received_at, e.id) < (${at}::timestamptz, ${id}::uuid)`);
  }
  const rows = await q.execute();
  const outcomes = rows.flatMap((row) => row.outcome as EventOutcomeView[]);
  const ruleIds = [...new Set(outcomes.map((o) => o.ruleId))];
  const invitationIds = [...new Set(outcomes.map((o) => o.invitationId).filter((id): id is string => id !== null))];
  const [rules, invitations] = await Promise.all([
    ruleIds.length
      ? db.selectFrom('trigger_rules').select(['id', 'name']).where('workspace_id', '=', actor.workspaceId).where('id', 'in', ruleIds).execute()
      : [],
    invitationIds.length
      ? db.selectFrom('survey_invitations').select(['id', 'status']).where('workspace_id', '=', actor.workspaceId).where('id', 'in', invitationIds).execute()
      : [],
  ]);
  const ruleNames = new Map(rules.map((r) => [r.id, r.name]));
  const statuses = new Map(invitations.map((i) => [i.id, i.status as string]));
  return toPage(
    rows,
    query.limit,
    (row) => [row.cursor_at, row.id],
    (row) => ({
      id: row.id,
      type: row.type,
      contactId: row.contact_id,
      contactLabel: row.contact_id ? row.contact_label : null,
      occurredAt: row.occurred_at.toISOString(),
      receivedAt: row.received_at.toISOString(),
      properties: row.properties as EventProperties,
      outcome: (row.outcome as EventOutcomeView[]).map((o) => ({
        ...o,
        ruleName: ruleNames.get(o.ruleId) ?? null,
        invitationStatus: o.invitationId ? (statuses.get(o.invitationId) ?? null) : null,
      })),
    }),
  );
}
