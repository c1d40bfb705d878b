// Contacts beyond the access matrix: field rules, uniqueness, bulk upsert with idempotency,
// search and paging, soft delete and the GDPR export and erasure.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, seedApiKey, seedUser, seedWorkspace, signIn, startTestApp, type TestApp, withApiKey } from '../../../test/support/app.ts';

let t: TestApp;
let owner: Awaited<ReturnType<typeof signIn>>;
let key: Client;
let ws: Awaited<ReturnType<typeof seedWorkspace>>;
let nordics: string;
let denmark: string;
let germany: string;
let dana: { id: string };

beforeAll(async () => {
  t = await startTestApp();
  ws = await seedWorkspace(t.database, 'Contact Co', 'carla@contact.test');
  owner = await signIn(t.app, 'carla@contact.test');
  key = withApiKey(t.app, await seedApiKey(t.database, ws.workspaceId, 'write'));
  const unit = async (name: string, parentId: string, externalId?: string) =>
    (await owner.post('/api/v1/units', { name, parentId, externalId })).json().id as string;
  nordics = await unit('Nordics', ws.rootUnitId);
  denmark = await unit('Denmark', nordics, 'DK-01');
  germany = await unit('Germany', ws.rootUnitId);
  dana = (await owner.post('/api/v1/members', { name: 'Dana', email: 'dana@contact.test', externalId: 'EMP-7', unitId: denmark })).json();
  for (const body of [
    { key: 'region', label: 'Region', type: 'list', allowedValues: ['North', 'South'] },
    { key: 'seats', label: 'Seats', type: 'number' },
    { key: 'renewal', label: 'Renewal', type: 'date' },
    { key: 'vip', label: 'VIP', type: 'boolean' },
  ]) {
    const response = await owner.post('/api/v1/attribute-definitions', body);
    expect(response.statusCode, response.body).toBe(201);
  }
});
afterAll(() => t?.close());

async function contact(body: Record<string, unknown>, by: Client = owner) {
  const response = await by.post('/api/v1/contacts', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; unitId: string; [key: string]: unknown };
}

const fields = (response: { json(): { errors?: { field: string }[] } }) => response.json().errors?.map((e) => e.field);

describe('a contact', () => {
  it('is stored normalised: email lowercased, phone in E.164 (Danish by default), language and time zone canonical', async () => {
    const created = await contact({
      email: ' Anna.Berg@Example.COM ',
      phone: '20 30 40 50',
      firstName: 'Anna',
      lastName: 'Berg',
      language: 'SV-se',
      timeZone: 'europe/stockholm',
      attributes: { region: 'North', seats: '12', renewal: '2027-01-31', vip: 'true' },
    });
    expect(created).toMatchObject({
      email: 'anna.berg@example.com',
      phone: '+4520304050',
      language: 'sv-SE',
      timeZone: 'Europe/Stockholm',
      attributes: { region: 'North', seats: 12, renewal: '2027-01-31', vip: true },
      consent: 'unknown',
      unitId: ws.rootUnitId,
      erasedAt: null,
    });
    expect((await owner.get(`/api/v1/contacts/${created.id}`)).json()).toEqual(created);
  });

  it("takes its owner's unit when only an owner is given, by member id, email or external id", async () => {
    for (const ref of [{ ownerMemberId: dana.id }, { ownerEmail: 'DANA@contact.test' }, { ownerExternalId: 'EMP-7' }]) {
      expect(await contact(ref)).toMatchObject({ ownerMemberId: dana.id, unitId: denmark });
    }
    expect(await contact({ ownerMemberId: dana.id, unitExternalId: 'DK-01' })).toMatchObject({ unitId: denmark });
    expect(await contact({ ownerMemberId: dana.id, unitId: germany })).toMatchObject({ ownerMemberId: dana.id, unitId: germany });
    // Neither unit nor owner: the creator's unit, or the root for an API key.
    expect(await contact({ email: 'by-key@example.com' }, key)).toMatchObject({ unitId: ws.rootUnitId, ownerMemberId: null });
  });

  it('names every bad field and what is allowed', async () => {
    const response = await owner.post('/api/v1/contacts', {
      email: 'not-an-email',
      phone: '12',
      language: 'not a language',
      timeZone: 'Mars/Olympus',
      ownerEmail: 'nobody@contact.test',
      attributes: { region: 'West', seats: 'many', renewal: '2027-02-30', vip: 'maybe', colour: 'red' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const errors = response.json().errors as { field: string; message: string }[];
    expect(errors.map((e) => e.field).sort()).toEqual(
      [
        'body.email',
        'body.phone',
        'body.language',
        'body.timeZone',
        'body.ownerEmail',
        'body.attributes.region',
        'body.attributes.seats',
        'body.attributes.renewal',
        'body.attributes.vip',
        'body.attributes.colour',
      ].sort(),
    );
    const message = (field: string) => errors.find((e) => e.field === field)?.message;
    expect(message('body.attributes.region')).toMatch(/one of: North, South/);
    expect(message('body.attributes.colour')).toMatch(/defined: region, renewal, seats, vip/);
    expect(message('body.timeZone')).toMatch(/Europe\/Copenhagen/);
  });

  it('is unique by email (case-insensitive) and external id: 409 naming the field', async () => {
    await contact({ email: 'unique@example.com', externalId: 'CRM-1' });
    const email = await owner.post('/api/v1/contacts', { email: 'UNIQUE@example.com' });
    expect(email.statusCode).toBe(409);
    expect(fields(email)).toEqual(['body.email']);
    const external = await owner.post('/api/v1/contacts', { externalId: 'CRM-1' });
    expect(external.statusCode).toBe(409);
    expect(fields(external)).toEqual(['body.externalId']);
    const other = await contact({ email: 'other@example.com' });
    const clash = await owner.patch(`/api/v1/contacts/${other.id}`, { email: 'unique@example.com' });
    expect(fields(clash)).toEqual(['body.email']);
  });

  it('changes only what a PATCH names, null clears, attributes merge', async () => {
    const created = await contact({ email: 'patch@example.com', firstName: 'Pat', attributes: { region: 'North', seats: 3 } });
    const patched = (await owner.patch(`/api/v1/contacts/${created.id}`, { firstName: null, lastName: 'Ch', attributes: { seats: null, vip: false } })).json();
    expect(patched).toMatchObject({ email: 'patch@example.com', firstName: null, lastName: 'Ch', attributes: { region: 'North', vip: false } });
    expect(patched.attributes).not.toHaveProperty('seats');
  });

  it('disappears from lists and reads when deleted, and its email may be used again', async () => {
    const created = await contact({ email: 'gone@example.com' });
    expect((await owner.delete(`/api/v1/contacts/${created.id}`)).statusCode).toBe(204);
    expect((await owner.get(`/api/v1/contacts/${created.id}`)).statusCode).toBe(404);
    expect((await owner.get('/api/v1/contacts?q=gone@example')).json().items).toEqual([]);
    await contact({ email: 'gone@example.com' });
  });
});

describe('search', () => {
  let tagged: string[];
  beforeAll(async () => {
    tagged = [];
    for (let i = 0; i < 7; i++) {
      tagged.push((await contact({ email: `page${i}@search.test`, segment: 'paging', language: i % 2 ? 'da' : 'en', attributes: { seats: i } })).id);
    }
  });

  it('pages by cursor without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await owner.get(`/api/v1/contacts?segment=paging&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.statusCode, response.body).toBe(200);
      seen.push(...response.json().items.map((c: { id: string }) => c.id));
      cursor = response.json().nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(tagged);
    expect(fields(await owner.get('/api/v1/contacts?cursor=garbage'))).toEqual(['query.cursor']);
  });

  it('filters by attribute in its type, language, consent, updatedSince and text', async () => {
    const ids = async (query: string) => (await owner.get(`/api/v1/contacts?limit=500&${query}`)).json().items.map((c: { id: string }) => c.id);
    expect(await ids('attr.seats=3')).toEqual([tagged[3]]);
    expect(await ids('segment=paging&language=da')).toEqual([tagged[1], tagged[3], tagged[5]]);
    expect(await ids('q=PAGE4@')).toEqual([tagged[4]]);
    expect((await ids('segment=paging&consent=unknown')).length).toBe(7);
    expect(await ids(`segment=paging&updatedSince=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([]);
    expect(fields(await owner.get('/api/v1/contacts?attr.seats=many'))).toEqual(['query.attr.seats']);
    expect(fields(await owner.get('/api/v1/contacts?attr.unknown=1'))).toEqual(['query.attr.unknown']);
    expect(fields(await owner.get('/api/v1/contacts?colour=red'))).toEqual(['query.colour']);
  });

  it('names the unit, owner and live account of each listed contact', async () => {
    const account = (await owner.post('/api/v1/accounts', { name: 'Listed AS' })).json();
    const named = await contact({ ownerMemberId: dana.id, accountId: account.id, segment: 'named' });
    const bare = await contact({ segment: 'named' });
    const items = async () => (await owner.get('/api/v1/contacts?segment=named')).json().items;
    expect(await items()).toMatchObject([
      { id: named.id, unitName: 'Denmark', ownerName: 'Dana', accountId: account.id, accountName: 'Listed AS' },
      { id: bare.id, unitName: 'Contact Co', ownerName: null, accountId: null, accountName: null },
    ]);
    // A deleted account keeps its id on the contact until it changes, but has no name to show.
    expect((await owner.delete(`/api/v1/accounts/${account.id}`)).statusCode).toBe(204);
    expect((await items())[0]).toMatchObject({ accountId: account.id, accountName: null });
  });

  it('filters by unit with its subtree, and by owner', async () => {
    const own = await contact({ ownerMemberId: dana.id, segment: 'units' });
    const ids = async (query: string) => (await owner.get(`/api/v1/contacts?limit=500&segment=units&${query}`)).json().items.map((c: { id: string }) => c.id);
    expect(await ids(`unitId=${nordics}`)).toEqual([]);
    expect(await ids(`unitId=${nordics}&subtree=true`)).toEqual([own.id]);
    expect(await ids(`ownerMemberId=${dana.id}`)).toEqual([own.id]);
  });
});

describe('scope', () => {
  it('a manager sees and edits the contacts of their subtree; frontline sees only their own and changes nothing', async () => {
    await seedUser(t.database, ws.workspaceId, 'max@contact.test', 'manager', nordics);
    const fia = await seedUser(t.database, ws.workspaceId, 'fia@contact.test', 'frontline', denmark);
    const manager = await signIn(t.app, 'max@contact.test');
    const frontline = await signIn(t.app, 'fia@contact.test');
    const mine = await contact({ ownerMemberId: fia.memberId, segment: 'scope' });
    const danas = await contact({ ownerMemberId: dana.id, segment: 'scope' });
    const german = await contact({ unitId: germany, segment: 'scope' });
    const ids = async (c: Client) => (await c.get('/api/v1/contacts?segment=scope&limit=500')).json().items.map((x: { id: string }) => x.id);
    expect(await ids(manager)).toEqual([mine.id, danas.id]);
    expect(await ids(frontline)).toEqual([mine.id]);
    expect((await frontline.get(`/api/v1/contacts/${danas.id}`)).statusCode).toBe(404);
    expect((await frontline.patch(`/api/v1/contacts/${mine.id}`, { firstName: 'X' })).statusCode).toBe(403);
    expect((await manager.patch(`/api/v1/contacts/${danas.id}`, { firstName: 'Dane' })).statusCode).toBe(200);
    expect((await manager.get(`/api/v1/contacts/${german.id}`)).statusCode).toBe(404);
    // A manager cannot move a contact out of the subtree, nor give it an owner they cannot see.
    expect((await manager.patch(`/api/v1/contacts/${danas.id}`, { unitId: germany })).statusCode).toBe(404);
    expect(fields(await manager.patch(`/api/v1/contacts/${danas.id}`, { ownerMemberId: ws.memberId }))).toEqual(['body.ownerMemberId']);
    expect((await manager.post('/api/v1/contacts/batch', { contacts: [{ email: 'm@example.com' }] })).statusCode).toBe(403);
  });
});

describe('bulk upsert', () => {
  let send: (contacts: unknown[], idempotencyKey?: string) => Promise<LightMyRequestResponse>;
  beforeAll(async () => {
    const apiKey = await seedApiKey(t.database, ws.workspaceId, 'write');
    send = (contacts, idempotencyKey) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/contacts/batch',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}`, ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
        payload: JSON.stringify({ contacts }),
      });
  });

  it('creates 10,000 contacts in one call, and a second identical call changes nothing', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      externalId: `BULK-${i}`,
      email: `bulk${i}@bulk.test`,
      firstName: `First${i}`,
      language: 'da',
      ownerExternalId: i % 10 === 0 ? 'EMP-7' : undefined,
      attributes: { seats: i },
    }));
    const first = await send(rows);
    expect(first.statusCode, first.body.slice(0, 500)).toBe(200);
    expect(first.json()).toMatchObject({ created: 10_000, updated: 0, unchanged: 0 });
    expect(first.json().items).toHaveLength(10_000);
    const again = await send(rows);
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 10_000 });
    expect(again.json().items.map((i: { id: string }) => i.id)).toEqual(first.json().items.map((i: { id: string }) => i.id));

    const changed = rows.map((row, i) => (i % 4 === 0 ? { ...row, lastName: 'Changed' } : row));
    expect((await send(changed)).json()).toMatchObject({ created: 0, updated: 2_500, unchanged: 7_500 });
    const ninth = (await owner.get(`/api/v1/contacts?q=bulk8@bulk.test&limit=5`)).json().items;
    expect(ninth).toHaveLength(1);
    expect(ninth[0]).toMatchObject({ externalId: 'BULK-8', lastName: 'Changed' });
    const owned = (await owner.get(`/api/v1/contacts?q=BULK-10@&limit=5`)).json();
    expect(owned.items).toEqual([]);
    expect((await owner.get(`/api/v1/contacts?q=bulk10@bulk&limit=5`)).json().items[0]).toMatchObject({ ownerMemberId: dana.id, unitId: denmark });
  });

  it('matches by externalId first, then by email (adopting the externalId)', async () => {
    const byEmail = await contact({ email: 'match@bulk.test' });
    const byId = await contact({ externalId: 'MATCH-1', email: 'old@bulk.test' });
    const response = await send([
      { email: 'MATCH@bulk.test', externalId: 'MATCH-2', firstName: 'Mo' },
      { externalId: 'MATCH-1', email: 'new@bulk.test' },
      { email: 'fresh@bulk.test' },
    ]);
    expect(response.json()).toMatchObject({ created: 1, updated: 2, unchanged: 0 });
    expect(response.json().items.slice(0, 2)).toEqual([
      { index: 0, id: byEmail.id, outcome: 'updated' },
      { index: 1, id: byId.id, outcome: 'updated' },
    ]);
    expect((await owner.get(`/api/v1/contacts/${byEmail.id}`)).json()).toMatchObject({ externalId: 'MATCH-2', firstName: 'Mo' });
    expect((await owner.get(`/api/v1/contacts/${byId.id}`)).json()).toMatchObject({ email: 'new@bulk.test' });
  });

  it('saves nothing when any row is bad, and names each row and field', async () => {
    await contact({ externalId: 'TAKEN-1', email: 'taken1@bulk.test' });
    await contact({ externalId: 'TAKEN-2', email: 'taken2@bulk.test' });
    const response = await send([
      { externalId: 'OK-1', email: 'ok1@bulk.test' },
      { externalId: 'BAD-1', email: 'nope' },
      { externalId: 'OK-1', email: 'ok-dup@bulk.test' },
      { firstName: 'No key' },
      { externalId: 'TAKEN-1', email: 'taken2@bulk.test' },
      { email: 'x@bulk.test', ownerEmail: 'ghost@contact.test', attributes: { region: 'West' } },
    ]);
    expect(response.statusCode).toBe(400);
    expect(fields(response)).toEqual([
      'body.contacts.1.email',
      'body.contacts.2.externalId',
      'body.contacts.3.externalId',
      'body.contacts.4.email',
      'body.contacts.5.attributes.region',
      'body.contacts.5.ownerEmail',
    ]);
    expect(response.json().errors[1].message).toMatch(/repeats row 0/);
    expect((await owner.get('/api/v1/contacts?q=ok1@bulk')).json().items).toEqual([]);
    const tooMany = await send(Array.from({ length: 10_001 }, (_, i) => ({ externalId: `X${i}` })));
    expect(tooMany.statusCode).toBe(400);
    expect(fields(tooMany)).toEqual(['body.contacts']);
  });

  it('replays an answer for the same Idempotency-Key and body, and refuses the key for another body (409)', async () => {
    const rows = [{ externalId: 'IDEM-1', email: 'idem@bulk.test', firstName: 'Ida' }];
    const first = await send(rows, 'key-123');
    expect(first.json()).toMatchObject({ created: 1 });
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    await owner.patch(`/api/v1/contacts/${first.json().items[0].id}`, { firstName: 'Changed meanwhile' });
    const replay = await send(rows, 'key-123');
    expect(replay.statusCode).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(first.json());
    // Not applied again: the change made in between stays.
    expect((await owner.get(`/api/v1/contacts/${first.json().items[0].id}`)).json().firstName).toBe('Changed meanwhile');
    const conflict = await send([{ ...rows[0], firstName: 'Other' }], 'key-123');
    expect(conflict.statusCode).toBe(409);
    expect(fields(conflict)).toEqual(['headers.idempotency-key']);
    // Without a key the same body is simply applied again.
    expect((await send(rows)).json()).toMatchObject({ updated: 1 });
  });
});

describe('GDPR', () => {
  it('exports everything stored about a contact, with its account and owner, and audits it', async () => {
    const account = (await owner.post('/api/v1/accounts', { name: 'Acme A/S', externalId: 'ACC-1', revenue: 1250000.5 })).json();
    const created = await contact({ email: 'export@example.com', firstName: 'Ex', accountId: account.id, ownerMemberId: dana.id, attributes: { vip: true } });
    const response = await owner.get(`/api/v1/contacts/${created.id}/export`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      format: 'anbefal.contact-export.v1',
      contact: { ...created, deletedAt: null },
      account: { id: account.id, name: 'Acme A/S', revenue: 1250000.5 },
      owner: { id: dana.id, name: 'Dana', email: 'dana@contact.test' },
    });
    const audit = (await owner.get('/api/v1/audit-log?action=contact.exported')).json().items;
    expect(audit[0]).toMatchObject({ target: { type: 'contact', id: created.id } });
  });

  it('erases the personal data for good: no read, list, search, export or audit entry reveals it', async () => {
    const created = await contact({
      email: 'erase.me@example.com',
      phone: '+46701234567',
      firstName: 'Eraseme',
      lastName: 'Person',
      externalId: 'ERASE-1',
      language: 'sv',
      segment: 'gdpr',
      unitId: denmark,
      attributes: { seats: 987654 },
    });
    await owner.patch(`/api/v1/contacts/${created.id}`, { lastName: 'Personsson' });
    const erased = await owner.post(`/api/v1/contacts/${created.id}/erase`);
    expect(erased.statusCode, erased.body).toBe(200);
    expect(erased.json()).toMatchObject({
      id: created.id,
      email: null,
      phone: null,
      firstName: null,
      lastName: null,
      externalId: null,
      attributes: {},
      unitId: denmark,
      segment: 'gdpr',
      language: 'sv',
    });
    expect(erased.json().erasedAt).not.toBeNull();
    const personal = ['erase.me', '46701234567', 'Eraseme', 'Personsson', 'ERASE-1', '987654'];
    const bodies = [
      (await owner.get(`/api/v1/contacts/${created.id}`)).body,
      (await owner.get('/api/v1/contacts?segment=gdpr')).body,
      (await owner.get(`/api/v1/contacts/${created.id}/export`)).body,
      (await owner.get('/api/v1/audit-log?limit=500')).body,
    ];
    for (const body of bodies) for (const value of personal) expect(body).not.toContain(value);
    expect((await owner.get('/api/v1/contacts?q=erase.me')).json().items).toEqual([]);
    const audit = (await owner.get('/api/v1/audit-log?action=contact.erased')).json().items;
    expect(audit[0]).toMatchObject({ target: { type: 'contact', id: created.id } });
    expect((await owner.patch(`/api/v1/contacts/${created.id}`, { email: 'back@example.com' })).statusCode).toBe(409);
  });

  it('reaches soft-deleted contacts too', async () => {
    const created = await contact({ email: 'deleted.then.erased@example.com' });
    await owner.delete(`/api/v1/contacts/${created.id}`);
    expect((await owner.get(`/api/v1/contacts/${created.id}/export`)).json().contact.deletedAt).not.toBeNull();
    expect((await owner.post(`/api/v1/contacts/${created.id}/erase`)).json().email).toBeNull();
  });
});
