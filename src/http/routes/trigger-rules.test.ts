// Trigger rules over the API: create, list, read, change, delete; bad input named by field; who may.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedApiKey, seedUser, seedWorkspace, signIn, startTestApp, type TestApp, withApiKey } from '../../../test/support/app.ts';
import { npsDefinition } from '../../../test/support/survey-definition.ts';

let t: TestApp;
let owner: Awaited<ReturnType<typeof signIn>>;
let ws: Awaited<ReturnType<typeof seedWorkspace>>;
let surveyId: string;

const fields = (response: { json(): { errors?: { field: string }[] } }) => response.json().errors?.map((e) => e.field);

beforeAll(async () => {
  t = await startTestApp();
  ws = await seedWorkspace(t.database, 'Rules Co', 'rita@rules.test');
  owner = await signIn(t.app, 'rita@rules.test');
  // A draft survey: rules may name it before it is published.
  surveyId = (await owner.post('/api/v1/surveys', { name: 'After the visit', kind: 'transactional_nps', definition: npsDefinition() })).json().id;
});
afterAll(() => t?.close());

const valid = () => ({
  name: 'Service visit done',
  eventType: 'service.visit_completed',
  surveyId,
  conditions: [
    { field: 'properties.technician', op: 'exists' },
    { field: 'contact.segment', op: 'in', value: ['b2b', 'retail'] },
  ],
  delay: { kind: 'next_business_day', at: '10:00' },
  dedupeDays: 60,
});

describe('trigger rules', () => {
  it('are created, listed, read, changed and deleted, each change in the audit log', async () => {
    const created = await owner.post('/api/v1/trigger-rules', valid());
    expect(created.statusCode, created.body).toBe(201);
    const rule = created.json();
    expect(rule).toMatchObject({ ...valid(), surveyName: 'After the visit', surveyStatus: 'draft', enabled: true });
    expect((await owner.get('/api/v1/trigger-rules')).json().map((r: { id: string }) => r.id)).toContain(rule.id);
    expect((await owner.get(`/api/v1/trigger-rules/${rule.id}`)).json()).toEqual(rule);

    const changed = await owner.patch(`/api/v1/trigger-rules/${rule.id}`, { enabled: false, delay: { kind: 'after', minutes: 120 }, conditions: [] });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ enabled: false, delay: { kind: 'after', minutes: 120 }, conditions: [], name: 'Service visit done' });
    // What a change leaves out stays as it was.
    const renamed = await owner.patch(`/api/v1/trigger-rules/${rule.id}`, { name: 'Visit done' });
    expect(renamed.json()).toMatchObject({ name: 'Visit done', enabled: false, dedupeDays: 60, delay: { kind: 'after', minutes: 120 } });
    const switched = await owner.patch(`/api/v1/trigger-rules/${rule.id}`, { enabled: true });
    expect(switched.json()).toMatchObject({ name: 'Visit done', enabled: true, dedupeDays: 60 });

    expect((await owner.delete(`/api/v1/trigger-rules/${rule.id}`)).statusCode).toBe(204);
    expect((await owner.get(`/api/v1/trigger-rules/${rule.id}`)).statusCode).toBe(404);
    const audit = (await owner.get('/api/v1/audit-log?targetType=trigger_rule'))
      .json()
      .items.filter((e: { target: { id: string } }) => e.target.id === rule.id);
    expect(audit.map((e: { action: string }) => e.action).sort()).toEqual([
      'trigger_rule.created',
      'trigger_rule.deleted',
      'trigger_rule.updated',
      'trigger_rule.updated',
      'trigger_rule.updated',
    ]);
  });

  it('name the field of bad input and store nothing', async () => {
    const before = (await owner.get('/api/v1/trigger-rules')).json().length;
    const cases: [Record<string, unknown>, string][] = [
      [{ ...valid(), conditions: [valid().conditions[0], { field: 'contact.segment', op: 'like', value: 'b' }] }, 'body.conditions.1.op'],
      [{ ...valid(), conditions: [{ field: 'contact.email', op: 'exists' }] }, 'body.conditions.0.field'],
      [{ ...valid(), conditions: [{ field: 'properties.amount', op: 'gt', value: 'lots' }] }, 'body.conditions.0.value'],
      [{ ...valid(), conditions: [{ field: 'properties.amount', op: 'in', value: 4 }] }, 'body.conditions.0.value'],
      [{ ...valid(), conditions: [{ field: 'contact.unitId', op: 'equals', value: '3f0c6f5e-8a43-4b8e-9c1e-2b7f1f0e5d2a' }] }, 'body.conditions.0.value'],
      [{ ...valid(), eventType: 'Order Delivered' }, 'body.eventType'],
      [{ ...valid(), delay: { kind: 'after', minutes: 50_000 } }, 'body.delay.minutes'],
      [{ ...valid(), delay: { kind: 'next_business_day', at: '25:00' } }, 'body.delay.at'],
      [{ ...valid(), dedupeDays: 731 }, 'body.dedupeDays'],
      [{ ...valid(), surveyId: '3f0c6f5e-8a43-4b8e-9c1e-2b7f1f0e5d2a' }, 'body.surveyId'],
    ];
    for (const [body, field] of cases) {
      const response = await owner.post('/api/v1/trigger-rules', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(fields(response)).toContain(field);
    }
    expect((await owner.get('/api/v1/trigger-rules')).json()).toHaveLength(before);
  });

  it('a survey of another workspace is not one to name', async () => {
    await seedWorkspace(t.database, 'Other Co', 'olga@other.test');
    const other = await signIn(t.app, 'olga@other.test');
    const response = await other.post('/api/v1/trigger-rules', valid());
    expect(response.statusCode).toBe(400);
    expect(fields(response)).toEqual(['body.surveyId']);
  });

  it('are read by analysts and read keys, changed only by owner, admin and write keys', async () => {
    await seedUser(t.database, ws.workspaceId, 'ana@rules.test', 'analyst');
    const analyst = await signIn(t.app, 'ana@rules.test');
    const readKey = withApiKey(t.app, await seedApiKey(t.database, ws.workspaceId, 'read'));
    const writeKey = withApiKey(t.app, await seedApiKey(t.database, ws.workspaceId, 'write'));
    expect((await analyst.get('/api/v1/trigger-rules')).statusCode).toBe(200);
    expect((await readKey.get('/api/v1/trigger-rules')).statusCode).toBe(200);
    expect((await analyst.post('/api/v1/trigger-rules', valid())).statusCode).toBe(403);
    expect((await readKey.post('/api/v1/trigger-rules', valid())).statusCode).toBe(403);
    expect((await writeKey.post('/api/v1/trigger-rules', valid())).statusCode).toBe(201);
  });
});
