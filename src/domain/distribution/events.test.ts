// Events and trigger rules with a controllable clock: which rules match (each condition operator),
// when the invitation is due (after minutes, next business day across a weekend and a daylight-saving
// change, in the contact's own zone), de-duplication, idempotency, the contact upsert, disabled rules
// and surveys that are not active.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorkspace, startTestApp, type TestApp } from '../../../test/support/app.ts';
import { npsDefinition } from '../../../test/support/survey-definition.ts';
import type { Db } from '../../db/index.ts';
import type { UserActor } from '../access/index.ts';
import { actorForUser } from '../auth/index.ts';
import { createAttributeDefinition, createContact } from '../contacts/index.ts';
import { createUnit } from '../organisation/index.ts';
import { createSurvey, publishSurvey, SurveyDefinition, setSurveyOpen } from '../surveys/index.ts';
import { conditionHolds, type EventInput, recordEvent } from './events.ts';
import { createTriggerRule, type TriggerCondition, type TriggerRuleInput, updateTriggerRule } from './triggers.ts';

let t: TestApp;
let db: Db;
let owner: UserActor;
let rootUnit: string;
let activeSurvey: string;
let n = 0;
const unique = (prefix: string) => `${prefix}.${++n}`;

beforeAll(async () => {
  t = await startTestApp();
  db = t.database.db;
  const ws = await seedWorkspace(t.database, 'Trigger Co', 'owner@trigger.test');
  const actor = await actorForUser(db, ws.ownerUserId, ws.workspaceId, 'test');
  if (!actor) throw new Error('no actor');
  owner = actor;
  rootUnit = ws.rootUnitId;
  activeSurvey = (await createSurvey(db, owner, { name: 'After delivery', kind: 'transactional_nps', definition: SurveyDefinition.parse(npsDefinition()) })).id;
  await publishSurvey(db, owner, activeSurvey);
  await db.insertInto('distribution_settings').values({ workspace_id: ws.workspaceId, time_zone: 'Europe/Copenhagen' }).execute();
  await createAttributeDefinition(db, owner, { key: 'tier', label: 'Tier', type: 'text' }, {});
});
afterAll(() => t?.close());

const rule = (input: Partial<TriggerRuleInput> & { eventType: string }) =>
  createTriggerRule(db, owner, {
    name: 'Rule',
    surveyId: activeSurvey,
    conditions: [],
    delay: { kind: 'after', minutes: 0 },
    dedupeDays: 30,
    enabled: true,
    ...input,
  });

const event = (input: Partial<EventInput> & { type: string }, now: Date) =>
  recordEvent(db, owner, { contact: { externalId: unique('crm') }, ...input }, now).then((r) => r.result);

const countRows = async (table: 'distribution_events' | 'survey_invitations' | 'contacts') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('conditions', () => {
  const facts = { segment: 'retail', language: 'da', timeZone: null, unitPath: '/root/nordics/denmark/', attributes: { tier: 'gold', since: '2020-05-01' } };
  const props = { technician: 'Ole', amount: 1200, express: true, note: null, deliveredOn: '2026-10-20' };
  const units = new Map([
    ['nordics', '/root/nordics/'],
    ['germany', '/root/germany/'],
  ]);
  const holds = (condition: TriggerCondition) => conditionHolds(condition, facts, props, units);

  it('equals and not_equals compare as text, on properties and contact fields', () => {
    expect(holds({ field: 'properties.technician', op: 'equals', value: 'Ole' })).toBe(true);
    expect(holds({ field: 'properties.amount', op: 'equals', value: 1200 })).toBe(true);
    expect(holds({ field: 'properties.express', op: 'equals', value: true })).toBe(true);
    expect(holds({ field: 'contact.segment', op: 'equals', value: 'b2b' })).toBe(false);
    expect(holds({ field: 'contact.language', op: 'not_equals', value: 'sv' })).toBe(true);
    expect(holds({ field: 'contact.attributes.tier', op: 'not_equals', value: 'gold' })).toBe(false);
    expect(holds({ field: 'properties.missing', op: 'not_equals', value: 'x' })).toBe(true);
  });

  it('in holds when any value equals', () => {
    expect(holds({ field: 'contact.segment', op: 'in', value: ['b2b', 'retail'] })).toBe(true);
    expect(holds({ field: 'properties.technician', op: 'in', value: ['Kim', 'Lis'] })).toBe(false);
  });

  it('exists and not_exists treat null and empty as absent', () => {
    expect(holds({ field: 'properties.technician', op: 'exists' })).toBe(true);
    expect(holds({ field: 'properties.note', op: 'exists' })).toBe(false);
    expect(holds({ field: 'properties.nothing', op: 'not_exists' })).toBe(true);
    expect(holds({ field: 'contact.attributes.tier', op: 'not_exists' })).toBe(false);
  });

  it('gt and lt compare numbers and ISO dates, and fail on what cannot be compared', () => {
    expect(holds({ field: 'properties.amount', op: 'gt', value: 1000 })).toBe(true);
    expect(holds({ field: 'properties.amount', op: 'lt', value: 1000 })).toBe(false);
    expect(holds({ field: 'properties.deliveredOn', op: 'gt', value: '2026-10-01' })).toBe(true);
    expect(holds({ field: 'contact.attributes.since', op: 'lt', value: '2021-01-01T00:00:00Z' })).toBe(true);
    expect(holds({ field: 'properties.technician', op: 'gt', value: 5 })).toBe(false);
    expect(holds({ field: 'properties.missing', op: 'lt', value: 5 })).toBe(false);
  });

  it('contact.unitId holds for the unit and every unit below it', () => {
    expect(holds({ field: 'contact.unitId', op: 'equals', value: 'nordics' })).toBe(true);
    expect(holds({ field: 'contact.unitId', op: 'equals', value: 'germany' })).toBe(false);
    expect(holds({ field: 'contact.unitId', op: 'not_equals', value: 'germany' })).toBe(true);
    expect(holds({ field: 'contact.unitId', op: 'in', value: ['germany', 'nordics'] })).toBe(true);
  });

  it('decide which rules an event triggers, with the contact as the event leaves it', async () => {
    const nordics = (await createUnit(db, owner, { name: 'Nordics', parentId: rootUnit }, {})).id;
    const denmark = (await createUnit(db, owner, { name: 'Denmark', parentId: nordics }, {})).id;
    const type = unique('visit');
    const inNordics = await rule({ eventType: type, conditions: [{ field: 'contact.unitId', op: 'equals', value: nordics }] });
    const gold = await rule({
      eventType: type,
      conditions: [
        { field: 'contact.attributes.tier', op: 'equals', value: 'gold' },
        { field: 'properties.amount', op: 'gt', value: 100 },
      ],
    });
    const now = new Date('2026-10-21T08:00:00Z');
    const first = await event({ type, contact: { externalId: unique('crm'), unitId: denmark, attributes: { tier: 'gold' } }, properties: { amount: 50 } }, now);
    expect(first.invitations.map((i) => i.ruleId)).toEqual([inNordics.id]);
    const second = await event({ type, contact: { externalId: unique('crm'), attributes: { tier: 'gold' } }, properties: { amount: 500 } }, now);
    expect(second.invitations.map((i) => i.ruleId)).toEqual([gold.id]);
  });
});

describe('when the invitation is due', () => {
  it('after N minutes from when the event occurred, or now when that has passed', async () => {
    const type = unique('delivered');
    await rule({ eventType: type, delay: { kind: 'after', minutes: 90 } });
    const now = new Date('2026-10-21T10:05:00Z');
    const fresh = await event({ type, occurredAt: '2026-10-21T10:00:00Z' }, now);
    expect(fresh.invitations[0]?.scheduledAt).toBe('2026-10-21T11:30:00.000Z');
    const late = await event({ type, occurredAt: '2026-10-20T06:00:00Z' }, now);
    expect(late.invitations[0]?.scheduledAt).toBe(now.toISOString());
  });

  it('next business day at 10:00 Copenhagen time, across a weekend and the end of summer time (2026-10-25)', async () => {
    const type = unique('case.closed');
    await rule({ eventType: type, delay: { kind: 'next_business_day', at: '10:00' } });
    // Friday 16:00 in Copenhagen (UTC+2) → Monday 10:00, by then UTC+1.
    const friday = await event({ type, occurredAt: '2026-10-23T14:00:00Z' }, new Date('2026-10-23T14:01:00Z'));
    expect(friday.invitations[0]?.scheduledAt).toBe('2026-10-26T09:00:00.000Z');
    // Thursday → Friday, still summer time.
    const thursday = await event({ type, occurredAt: '2026-10-22T07:00:00Z' }, new Date('2026-10-22T07:00:00Z'));
    expect(thursday.invitations[0]?.scheduledAt).toBe('2026-10-23T08:00:00.000Z');
  });

  it("in the contact's own time zone when it has one", async () => {
    const type = unique('case.closed');
    await rule({ eventType: type, delay: { kind: 'next_business_day', at: '10:00' } });
    // Friday 10:00 in New York (UTC−4 until 1 November) → Monday 10:00 there.
    const result = await event(
      { type, contact: { externalId: unique('crm'), timeZone: 'America/New_York' }, occurredAt: '2026-10-23T14:00:00Z' },
      new Date('2026-10-23T14:00:00Z'),
    );
    expect(result.invitations[0]?.scheduledAt).toBe('2026-10-26T14:00:00.000Z');
  });

  it('uses the workspace send-window weekdays as business days', async () => {
    await db
      .updateTable('distribution_settings')
      .set({ window_weekdays: [1, 2, 3, 4, 5, 6] })
      .where('workspace_id', '=', owner.workspaceId)
      .execute();
    const type = unique('case.closed');
    await rule({ eventType: type, delay: { kind: 'next_business_day', at: '09:30' } });
    const result = await event({ type, occurredAt: '2026-10-23T14:00:00Z' }, new Date('2026-10-23T14:00:00Z'));
    expect(result.invitations[0]?.scheduledAt).toBe('2026-10-24T07:30:00.000Z');
    await db
      .updateTable('distribution_settings')
      .set({ window_weekdays: [1, 2, 3, 4, 5] })
      .where('workspace_id', '=', owner.workspaceId)
      .execute();
  });
});

describe('what an event makes', () => {
  it('keeps the properties, event and rule with the invitation, in the contact language', async () => {
    const type = unique('delivered');
    const made = await rule({ eventType: type });
    const result = await event({ type, contact: { externalId: unique('crm'), language: 'da' }, properties: { order: 'A-17', technician: 'Ole' } }, new Date());
    const invitation = await db
      .selectFrom('survey_invitations')
      .selectAll()
      .where('id', '=', result.invitations[0]?.invitationId as string)
      .executeTakeFirstOrThrow();
    expect(invitation).toMatchObject({
      status: 'scheduled',
      channel: 'email',
      trigger_rule_id: made.id,
      event_id: result.eventId,
      contact_id: result.contactId,
      language: 'da',
      properties: { order: 'A-17', technician: 'Ole' },
    });
    const stored = await db.selectFrom('distribution_events').selectAll().where('id', '=', result.eventId).executeTakeFirstOrThrow();
    expect(stored.outcome).toEqual(result.invitations);
  });

  it('de-duplicates per rule and contact within dedupeDays, counted from when the events arrived', async () => {
    const type = unique('delivered');
    const thirty = await rule({ eventType: type, dedupeDays: 30 });
    const never = await rule({ eventType: type, dedupeDays: 0 });
    const contact = { externalId: unique('crm') };
    const day = 86_400_000;
    const start = new Date('2026-09-01T08:00:00Z');
    const first = await event({ type, contact }, start);
    const again = await event({ type, contact }, new Date(start.getTime() + 10 * day));
    const later = await event({ type, contact }, new Date(start.getTime() + 31 * day));
    const byRule = (result: typeof first, id: string) => result.invitations.find((i) => i.ruleId === id);
    expect(byRule(first, thirty.id)).toMatchObject({ skipReason: null });
    expect(byRule(again, thirty.id)).toMatchObject({ skipReason: 'duplicate', scheduledAt: null });
    expect(byRule(later, thirty.id)).toMatchObject({ skipReason: null });
    for (const result of [first, again, later]) expect(byRule(result, never.id)).toMatchObject({ skipReason: null });
    const skipped = await db
      .selectFrom('survey_invitations')
      .select(['status', 'skip_reason'])
      .where('id', '=', byRule(again, thirty.id)?.invitationId as string)
      .executeTakeFirstOrThrow();
    expect(skipped).toEqual({ status: 'skipped', skip_reason: 'duplicate' });
  });

  it('ignores disabled rules', async () => {
    const type = unique('delivered');
    const made = await rule({ eventType: type });
    await updateTriggerRule(db, owner, made.id, { enabled: false });
    const result = await event({ type }, new Date());
    expect(result.invitations).toEqual([]);
  });

  it('says survey_closed for a survey that is a draft or closed, and makes no invitation', async () => {
    const type = unique('delivered');
    const draft = (await createSurvey(db, owner, { name: unique('Draft'), kind: 'transactional_nps', definition: SurveyDefinition.parse(npsDefinition()) })).id;
    const closed = (await createSurvey(db, owner, { name: unique('Closed'), kind: 'transactional_nps', definition: SurveyDefinition.parse(npsDefinition()) }))
      .id;
    await publishSurvey(db, owner, closed);
    await setSurveyOpen(db, owner, closed, false);
    await rule({ eventType: type, surveyId: draft });
    await rule({ eventType: type, surveyId: closed });
    const invitations = await countRows('survey_invitations');
    const result = await event({ type }, new Date());
    expect(result.invitations.map((i) => i.skipReason)).toEqual(['survey_closed', 'survey_closed']);
    expect(result.invitations.every((i) => i.invitationId === null)).toBe(true);
    expect(await countRows('survey_invitations')).toBe(invitations);
  });

  it('replays a repeated idempotency key with the same body and refuses another body', async () => {
    const type = unique('delivered');
    await rule({ eventType: type });
    const body = { type, contact: { externalId: unique('crm') }, properties: { order: 'B-2' }, idempotencyKey: unique('key') };
    const [events, invitations] = [await countRows('distribution_events'), await countRows('survey_invitations')];
    const first = await recordEvent(db, owner, body, new Date());
    const second = await recordEvent(db, owner, body, new Date());
    expect(first.replayed).toBe(false);
    expect(second).toEqual({ result: first.result, replayed: true });
    expect(await countRows('distribution_events')).toBe(events + 1);
    expect(await countRows('survey_invitations')).toBe(invitations + 1);
    await expect(recordEvent(db, owner, { ...body, properties: { order: 'B-3' } }, new Date())).rejects.toMatchObject({ code: 'conflict' });
  });

  it('refuses an event more than five minutes in the future', async () => {
    const now = new Date('2026-10-21T10:00:00Z');
    await expect(event({ type: 'delivered', occurredAt: '2026-10-21T10:06:00Z' }, now)).rejects.toMatchObject({
      code: 'validation_failed',
      details: { errors: [{ field: 'body.occurredAt' }] },
    });
    await expect(event({ type: unique('delivered'), occurredAt: '2026-10-21T10:04:00Z' }, now)).resolves.toMatchObject({ invitations: [] });
  });
});

describe('the contact of an event', () => {
  it('is created from an unknown external id with its attributes, then updated by email', async () => {
    const externalId = unique('crm');
    const created = await event(
      {
        type: unique('signed'),
        contact: {
          externalId,
          email: 'Nina@Example.com',
          firstName: 'Nina',
          language: 'da',
          timeZone: 'Europe/Copenhagen',
          segment: 'b2b',
          attributes: { tier: 'gold' },
        },
      },
      new Date(),
    );
    const row = await db.selectFrom('contacts').selectAll().where('id', '=', created.contactId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      external_id: externalId,
      email: 'nina@example.com',
      first_name: 'Nina',
      language: 'da',
      segment: 'b2b',
      attributes: { tier: 'gold' },
    });
    const updated = await event(
      { type: unique('signed'), contact: { email: 'nina@example.com', lastName: 'Holm', attributes: { tier: 'silver' } } },
      new Date(),
    );
    expect(updated.contactId).toBe(created.contactId);
    const after = await db.selectFrom('contacts').selectAll().where('id', '=', created.contactId).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ first_name: 'Nina', last_name: 'Holm', attributes: { tier: 'silver' } });
  });

  it('by id must exist, and is updated from the other fields', async () => {
    const contact = await createContact(db, owner, { email: 'per@example.com' }, {});
    const result = await event({ type: unique('signed'), contact: { id: contact.id, segment: 'vip' } }, new Date());
    expect(result.contactId).toBe(contact.id);
    expect((await db.selectFrom('contacts').select('segment').where('id', '=', contact.id).executeTakeFirstOrThrow()).segment).toBe('vip');
    const events = await countRows('distribution_events');
    await expect(event({ type: 'signed', contact: { id: '3f0c6f5e-8a43-4b8e-9c1e-2b7f1f0e5d2a' } }, new Date())).rejects.toMatchObject({
      details: { errors: [{ field: 'body.contact.id' }] },
    });
    await expect(event({ type: 'signed', contact: { id: contact.id, language: 'klingon!' } }, new Date())).rejects.toMatchObject({
      details: { errors: [{ field: 'body.contact.language' }] },
    });
    expect(await countRows('distribution_events')).toBe(events);
  });
});
