// Events over the API: 202 with what each rule did, idempotent repeats (200) and clashes (409),
// bad input named by field with nothing stored, the recent-events list, and the event's properties
// travelling through the invitation into the answer given on /s/{token}.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedApiKey, seedWorkspace, signIn, startTestApp, type TestApp, withApiKey } from '../../../test/support/app.ts';
import { npsDefinition } from '../../../test/support/survey-definition.ts';

let t: TestApp;
let owner: Awaited<ReturnType<typeof signIn>>;
let writeKey: ReturnType<typeof withApiKey>;
let ws: Awaited<ReturnType<typeof seedWorkspace>>;
let ruleId: string;

const fields = (response: { json(): { errors?: { field: string }[] } }) => response.json().errors?.map((e) => e.field);
const count = async (table: 'distribution_events' | 'survey_invitations' | 'contacts') =>
  Number(
    (
      await t.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('workspace_id', '=', ws.workspaceId)
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await startTestApp();
  ws = await seedWorkspace(t.database, 'Events Co', 'eva@events.test');
  owner = await signIn(t.app, 'eva@events.test');
  writeKey = withApiKey(t.app, await seedApiKey(t.database, ws.workspaceId, 'write'));
  const survey = (await owner.post('/api/v1/surveys', { name: 'Delivery', kind: 'transactional_nps', definition: npsDefinition() })).json();
  await owner.post(`/api/v1/surveys/${survey.id}/publish`, {});
  const rule = await owner.post('/api/v1/trigger-rules', {
    name: 'Delivered',
    eventType: 'order.delivered',
    surveyId: survey.id,
    delay: { kind: 'after', minutes: 0 },
  });
  ruleId = rule.json().id;
});
afterAll(() => t?.close());

describe('POST /api/v1/events', () => {
  it('answers 202 with the scheduled invitation, and 200 with the same answer for a repeat of its idempotency key', async () => {
    const body = {
      type: 'order.delivered',
      contact: { externalId: 'crm-1', email: 'kim@example.com', firstName: 'Kim' },
      properties: { order: 'A-17', technician: 'Ole', weight: 3.5, express: false, note: null },
      idempotencyKey: 'crm-event-1',
    };
    const first = await writeKey.post('/api/v1/events', body);
    expect(first.statusCode, first.body).toBe(202);
    const answer = first.json();
    expect(answer.invitations).toEqual([{ ruleId, invitationId: expect.any(String), scheduledAt: expect.any(String), skipReason: null }]);
    const [events, invitations] = [await count('distribution_events'), await count('survey_invitations')];
    const again = await writeKey.post('/api/v1/events', body);
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(answer);
    expect([await count('distribution_events'), await count('survey_invitations')]).toEqual([events, invitations]);
    const clash = await writeKey.post('/api/v1/events', { ...body, properties: { order: 'A-18' } });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('conflict');
  });

  it('names the field of bad input and stores nothing', async () => {
    const before = [await count('distribution_events'), await count('contacts'), await count('survey_invitations')];
    const cases: [Record<string, unknown>, string][] = [
      [{ type: 'Order Delivered', contact: { externalId: 'x-1' } }, 'body.type'],
      [{ type: 'order.delivered', contact: { firstName: 'Nobody' } }, 'body.contact'],
      [{ type: 'order.delivered', contact: { externalId: 'x-2', email: 'not an email' } }, 'body.contact.email'],
      [{ type: 'order.delivered', contact: { externalId: 'x-3', timeZone: 'Mars/Olympus' } }, 'body.contact.timeZone'],
      [{ type: 'order.delivered', contact: { externalId: 'x-4', attributes: { unknown_key: 1 } } }, 'body.contact.attributes.unknown_key'],
      [{ type: 'order.delivered', contact: { id: '3f0c6f5e-8a43-4b8e-9c1e-2b7f1f0e5d2a' } }, 'body.contact.id'],
      [{ type: 'order.delivered', contact: { externalId: 'x-5' }, properties: { nested: { a: 1 } } }, 'body.properties.nested'],
      [
        { type: 'order.delivered', contact: { externalId: 'x-6' }, properties: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])) },
        'body.properties',
      ],
      [{ type: 'order.delivered', contact: { externalId: 'x-7' }, occurredAt: 'yesterday' }, 'body.occurredAt'],
      [{ type: 'order.delivered', contact: { externalId: 'x-8' }, occurredAt: new Date(Date.now() + 3_600_000).toISOString() }, 'body.occurredAt'],
    ];
    for (const [body, field] of cases) {
      const response = await writeKey.post('/api/v1/events', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(fields(response), response.body).toContain(field);
    }
    expect([await count('distribution_events'), await count('contacts'), await count('survey_invitations')]).toEqual(before);
  });

  it('is refused to read keys', async () => {
    const readKey = withApiKey(t.app, await seedApiKey(t.database, ws.workspaceId, 'read'));
    expect((await readKey.post('/api/v1/events', { type: 'order.delivered', contact: { externalId: 'r-1' } })).statusCode).toBe(403);
  });
});

describe('GET /api/v1/events', () => {
  it('lists recent events newest first, a page at a time, filtered by type, with what each rule did', async () => {
    for (const type of ['list.one', 'list.two', 'list.one']) await writeKey.post('/api/v1/events', { type, contact: { externalId: 'crm-list' } });
    const page = await owner.get('/api/v1/events?type=list.one&limit=1');
    expect(page.statusCode, page.body).toBe(200);
    const first = page.json();
    expect(first.items).toHaveLength(1);
    expect(first.items[0]).toMatchObject({ type: 'list.one', contactLabel: 'crm-list', outcome: [] });
    const next = (await owner.get(`/api/v1/events?type=list.one&limit=1&cursor=${first.nextCursor}`)).json();
    expect(next.items).toHaveLength(1);
    expect(next.items[0].id).not.toBe(first.items[0].id);
    expect(next.nextCursor).toBeNull();

    const delivered = (await owner.get('/api/v1/events?type=order.delivered')).json().items[0];
    expect(delivered).toMatchObject({ contactLabel: 'Kim', outcome: [{ ruleId, ruleName: 'Delivered', invitationStatus: 'scheduled', skipReason: null }] });
    expect((await owner.get('/api/v1/events?cursor=nonsense')).statusCode).toBe(400);
  });
});

describe('event properties', () => {
  it('travel with the invitation into the answer given through its link', async () => {
    const made = (
      await writeKey.post('/api/v1/events', { type: 'order.delivered', contact: { email: 'lene@example.com' }, properties: { order: 'C-3', technician: 'Ib' } })
    ).json();
    const invitation = await t.database.db
      .selectFrom('survey_invitations')
      .select(['token'])
      .where('id', '=', made.invitations[0].invitationId)
      .executeTakeFirstOrThrow();
    const page = await t.app.inject({ method: 'GET', url: `/s/${invitation.token}` });
    expect(page.statusCode, page.body).toBe(200);
    const hidden = Object.fromEntries([...page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));
    const cookies = page.cookies.map((c: { name: string; value: string }) => `${c.name}=${c.value}`).join('; ');
    const saved = await t.app.inject({
      method: 'POST',
      url: `/s/${invitation.token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookies ? { cookie: cookies } : {}) },
      payload: new URLSearchParams({ ...hidden, nps: '9' }).toString(),
    });
    expect(saved.statusCode, saved.body).toBe(303);
    const response = await t.database.db
      .selectFrom('responses')
      .select(['properties', 'score', 'contact_id'])
      .where('invitation_id', '=', made.invitations[0].invitationId)
      .executeTakeFirstOrThrow();
    expect(response).toEqual({ properties: { order: 'C-3', technician: 'Ib' }, score: 9, contact_id: made.contactId });
  });
});
