// Accounts beyond the access matrix: fields, uniqueness, owners and units, listing with names,
// soft delete, bulk upsert, and who may read the account of a contact they see.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, seedApiKey, seedUser, seedWorkspace, signIn, startTestApp, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
let owner: Awaited<ReturnType<typeof signIn>>;
let ws: Awaited<ReturnType<typeof seedWorkspace>>;
let sales: string;
let sam: { id: string };

beforeAll(async () => {
  t = await startTestApp();
  ws = await seedWorkspace(t.database, 'Account Co', 'ada@account.test');
  owner = await signIn(t.app, 'ada@account.test');
  sales = (await owner.post('/api/v1/units', { name: 'Sales', parentId: ws.rootUnitId, externalId: 'SALES' })).json().id;
  sam = (await owner.post('/api/v1/members', { name: 'Sam', email: 'sam@account.test', externalId: 'EMP-1', unitId: sales })).json();
  await owner.post('/api/v1/attribute-definitions', { key: 'industry', label: 'Industry', type: 'list', allowedValues: ['Retail', 'Energy'] });
});
afterAll(() => t?.close());

const fields = (response: { json(): { errors?: { field: string }[] } }) => response.json().errors?.map((e) => e.field);

describe('accounts', () => {
  it("are created with revenue and attributes, placed in their owner's unit", async () => {
    const response = await owner.post('/api/v1/accounts', {
      name: 'Nordlys A/S',
      externalId: 'ACC-1',
      segment: 'Enterprise',
      revenue: 4200000,
      ownerExternalId: 'EMP-1',
      attributes: { industry: 'Energy' },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ name: 'Nordlys A/S', revenue: 4200000, ownerMemberId: sam.id, unitId: sales, attributes: { industry: 'Energy' } });
  });

  it('name every bad field, and are unique by external id (409)', async () => {
    const bad = await owner.post('/api/v1/accounts', { name: '', revenue: 'lots', unitExternalId: 'NOPE', attributes: { industry: 'Mining' } });
    expect(bad.statusCode).toBe(400);
    expect(fields(bad)).toEqual(expect.arrayContaining(['body.name', 'body.revenue']));
    const refs = await owner.post('/api/v1/accounts', {
      name: 'Refs',
      unitExternalId: 'NOPE',
      ownerEmail: 'ghost@account.test',
      attributes: { industry: 'Mining' },
    });
    expect(fields(refs)).toEqual(['body.attributes.industry', 'body.ownerEmail', 'body.unitExternalId']);
    const twin = await owner.post('/api/v1/accounts', { name: 'Twin', externalId: 'ACC-1' });
    expect(twin.statusCode).toBe(409);
    expect(fields(twin)).toEqual(['body.externalId']);
  });

  it('are changed, listed with filters, and hidden once deleted', async () => {
    const created = (await owner.post('/api/v1/accounts', { name: 'Bygma', segment: 'SMB' })).json();
    expect(created.unitId).toBe(ws.rootUnitId);
    const changed = (await owner.patch(`/api/v1/accounts/${created.id}`, { revenue: 10.5, unitId: sales })).json();
    expect(changed).toMatchObject({ name: 'Bygma', revenue: 10.5, unitId: sales, segment: 'SMB' });
    const names = async (query: string) => (await owner.get(`/api/v1/accounts?${query}`)).json().items.map((a: { name: string }) => a.name);
    expect(await names('segment=SMB')).toEqual(['Bygma']);
    expect(await names('q=nord')).toEqual(['Nordlys A/S']);
    expect(await names(`unitId=${sales}&limit=1`)).toHaveLength(1);
    expect(await names(`ownerMemberId=${sam.id}`)).toEqual(['Nordlys A/S']);
    expect((await owner.delete(`/api/v1/accounts/${created.id}`)).statusCode).toBe(204);
    expect((await owner.get(`/api/v1/accounts/${created.id}`)).statusCode).toBe(404);
    expect(await names('segment=SMB')).toEqual([]);
  });
});

describe('the account list', () => {
  it('names the unit and owner of each account, and only those the reader may see', async () => {
    const nordics = (await owner.post('/api/v1/units', { name: 'Nordics', parentId: ws.rootUnitId })).json().id;
    const south = (await owner.post('/api/v1/units', { name: 'South', parentId: ws.rootUnitId })).json().id;
    await seedUser(t.database, ws.workspaceId, 'mia@account.test', 'manager', nordics);
    const outsider = (await owner.post('/api/v1/members', { name: 'Otto Outside', unitId: south })).json();
    await owner.post('/api/v1/accounts', { name: 'Named AS', segment: 'names', ownerMemberId: sam.id });
    await owner.post('/api/v1/accounts', { name: 'Owned outside AS', segment: 'names', unitId: nordics, ownerMemberId: outsider.id });
    const list = (await owner.get('/api/v1/accounts?segment=names')).json().items;
    expect(list.map((a: { name: string; unitName: string; ownerName: string | null }) => [a.name, a.unitName, a.ownerName])).toEqual([
      ['Named AS', 'Sales', 'Sam'],
      ['Owned outside AS', 'Nordics', 'Otto Outside'],
    ]);
    // The manager of Nordics sees the account placed there, but not the name of its owner in South.
    const manager = await signIn(t.app, 'mia@account.test');
    const seen = (await manager.get('/api/v1/accounts?segment=names')).json().items;
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ name: 'Owned outside AS', unitName: 'Nordics', ownerMemberId: outsider.id, ownerName: null });
  });
});

describe('the account of a contact', () => {
  it('is readable, not changeable, by a frontline owner and a manager who see one of its contacts', async () => {
    const east = (await owner.post('/api/v1/units', { name: 'East', parentId: ws.rootUnitId })).json().id;
    const west = (await owner.post('/api/v1/units', { name: 'West', parentId: ws.rootUnitId })).json().id;
    await seedUser(t.database, ws.workspaceId, 'mo@account.test', 'manager', east);
    const fay = await seedUser(t.database, ws.workspaceId, 'fay@account.test', 'frontline', east);
    const manager = await signIn(t.app, 'mo@account.test');
    const frontline = await signIn(t.app, 'fay@account.test');
    const account = (await owner.post('/api/v1/accounts', { name: 'Western Co', segment: 'linked', unitId: west })).json();
    const other = (await owner.post('/api/v1/accounts', { name: 'Other Western Co', segment: 'linked', unitId: west })).json();
    for (const reader of [manager, frontline]) expect((await reader.get(`/api/v1/accounts/${account.id}`)).statusCode).toBe(404);

    const contact = (await owner.post('/api/v1/contacts', { email: 'linked@account.test', accountId: account.id, ownerMemberId: fay.memberId })).json();
    expect(contact.unitId).toBe(east);
    for (const reader of [manager, frontline]) {
      expect((await reader.get(`/api/v1/accounts/${account.id}`)).json()).toMatchObject({ name: 'Western Co' });
      expect((await reader.get('/api/v1/accounts?segment=linked')).json().items.map((a: { id: string }) => a.id)).toEqual([account.id]);
      expect((await reader.get(`/api/v1/accounts/${other.id}`)).statusCode).toBe(404);
      expect((await reader.patch(`/api/v1/accounts/${account.id}`, { segment: 'mine now' })).statusCode).toBe(403);
      expect((await reader.delete(`/api/v1/accounts/${account.id}`)).statusCode).toBe(403);
      // The contact list names the account.
      const listed = (await reader.get('/api/v1/contacts?q=linked@account')).json().items;
      expect(listed).toMatchObject([{ id: contact.id, accountName: 'Western Co', unitName: 'East', ownerName: 'fay' }]);
    }

    // Once the contact is deleted (or moves away), the account is out of sight again.
    expect((await owner.delete(`/api/v1/contacts/${contact.id}`)).statusCode).toBe(204);
    for (const reader of [manager, frontline]) expect((await reader.get(`/api/v1/accounts/${account.id}`)).statusCode).toBe(404);
  });
});

describe('bulk upsert', () => {
  let send: (accounts: unknown[], idempotencyKey?: string, by?: string) => Promise<LightMyRequestResponse>;
  let apiKey: string;
  beforeAll(async () => {
    apiKey = await seedApiKey(t.database, ws.workspaceId, 'write');
    send = (accounts, idempotencyKey, by = `Bearer ${apiKey}`) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/accounts/batch',
        headers: { 'content-type': 'application/json', authorization: by, ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
        payload: JSON.stringify({ accounts }),
      });
  });

  it('creates 10,000 accounts in one call, a second identical call changes nothing, and changes are matched by externalId', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      externalId: `BULK-${i}`,
      name: `Bulk ${i} AS`,
      segment: 'bulk',
      revenue: i * 1000,
      ownerExternalId: i % 10 === 0 ? 'EMP-1' : undefined,
      attributes: i % 2 ? { industry: 'Retail' } : undefined,
    }));
    const first = await send(rows);
    expect(first.statusCode, first.body.slice(0, 500)).toBe(200);
    expect(first.json()).toMatchObject({ created: 10_000, updated: 0, unchanged: 0 });
    expect(first.json().items[7]).toMatchObject({ index: 7, outcome: 'created' });
    const again = await send(rows);
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 10_000 });
    expect(again.json().items.map((i: { id: string }) => i.id)).toEqual(first.json().items.map((i: { id: string }) => i.id));

    // Only what a row names changes: no name needed to update.
    const changed = rows.map((row, i) => (i % 4 === 0 ? { externalId: row.externalId, segment: 'bulk-changed' } : row));
    expect((await send(changed)).json()).toMatchObject({ created: 0, updated: 2_500, unchanged: 7_500 });
    const tenth = (await owner.get(`/api/v1/accounts/${first.json().items[10].id}`)).json();
    expect(tenth).toMatchObject({ name: 'Bulk 10 AS', segment: 'bulk', revenue: 10_000, ownerMemberId: sam.id, unitId: sales });
    expect((await owner.get(`/api/v1/accounts/${first.json().items[8].id}`)).json()).toMatchObject({ name: 'Bulk 8 AS', segment: 'bulk-changed' });
    expect((await owner.get(`/api/v1/accounts/${first.json().items[9].id}`)).json().attributes).toEqual({ industry: 'Retail' });

    const audit = (await owner.get('/api/v1/audit-log?limit=500')).json().items.filter((e: { action: string }) => e.action === 'account.batch_upserted');
    expect(audit.map((e: { after: unknown }) => e.after)).toEqual(
      expect.arrayContaining([
        { created: 10_000, updated: 0, unchanged: 0 },
        { created: 0, updated: 2_500, unchanged: 7_500 },
      ]),
    );
  });

  it('saves nothing when any row is bad, and names each row and field', async () => {
    const response = await send([
      { externalId: 'OK-1', name: 'Fine AS' },
      { externalId: 'BAD-1', name: 'Bad', attributes: { industry: 'Mining' } },
      { externalId: 'OK-1', name: 'Twin AS' },
      { name: 'No key AS' },
      { externalId: 'NEW-1' },
      { externalId: 'REF-1', name: 'Refs', ownerEmail: 'ghost@account.test', unitExternalId: 'NOPE' },
      { externalId: 'REV-1', name: 'Rev', revenue: 'lots' },
    ]);
    expect(response.statusCode).toBe(400);
    expect(fields(response)).toEqual(['body.accounts.6.revenue']);
    const semantic = await send([
      { externalId: 'OK-1', name: 'Fine AS' },
      { externalId: 'BAD-1', name: 'Bad', attributes: { industry: 'Mining' } },
      { externalId: 'OK-1', name: 'Twin AS' },
      { name: 'No key AS' },
      { externalId: 'NEW-1' },
      { externalId: 'REF-1', name: 'Refs', ownerEmail: 'ghost@account.test', unitExternalId: 'NOPE' },
    ]);
    expect(semantic.statusCode).toBe(400);
    expect(fields(semantic)).toEqual([
      'body.accounts.1.attributes.industry',
      'body.accounts.2.externalId',
      'body.accounts.3.externalId',
      'body.accounts.4.name',
      'body.accounts.5.ownerEmail',
      'body.accounts.5.unitExternalId',
    ]);
    expect(semantic.json().errors[1].message).toMatch(/repeats row 0/);
    expect((await owner.get('/api/v1/accounts?q=OK-1')).json().items).toEqual([]);
    const tooMany = await send(Array.from({ length: 10_001 }, (_, i) => ({ externalId: `X${i}` })));
    expect(tooMany.statusCode).toBe(400);
    expect(fields(tooMany)).toEqual(['body.accounts']);
  });

  it('replays an answer for the same Idempotency-Key and body, and refuses the key for another body (409)', async () => {
    const rows = [{ externalId: 'IDEM-1', name: 'Idem AS' }];
    const first = await send(rows, 'acc-key-1');
    expect(first.json()).toMatchObject({ created: 1 });
    await owner.patch(`/api/v1/accounts/${first.json().items[0].id}`, { name: 'Changed meanwhile' });
    const replay = await send(rows, 'acc-key-1');
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(first.json());
    expect((await owner.get(`/api/v1/accounts/${first.json().items[0].id}`)).json().name).toBe('Changed meanwhile');
    const conflict = await send([{ externalId: 'IDEM-1', name: 'Other' }], 'acc-key-1');
    expect(conflict.statusCode).toBe(409);
    expect(fields(conflict)).toEqual(['headers.idempotency-key']);
    expect((await send(rows)).json()).toMatchObject({ updated: 1 });
  });

  it('lets a manager write the accounts of their subtree only, as single writes do', async () => {
    const north = (await owner.post('/api/v1/units', { name: 'North', parentId: ws.rootUnitId })).json().id;
    await seedUser(t.database, ws.workspaceId, 'nils@account.test', 'manager', north);
    const manager: Client = await signIn(t.app, 'nils@account.test');
    await send([{ externalId: 'SALES-ACC', name: 'Sales account', unitId: sales }]);
    const refused = await manager.post('/api/v1/accounts/batch', {
      accounts: [
        { externalId: 'NORTH-1', name: 'North AS' },
        { externalId: 'SALES-ACC', segment: 'taken over' },
        { externalId: 'NORTH-2', name: 'Moved', unitId: sales },
      ],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toEqual([
      { field: 'body.accounts.1.externalId', message: 'belongs to an account you may not change' },
      { field: 'body.accounts.2.unitId', message: 'names no unit you may see in this workspace' },
    ]);
    const done = await manager.post('/api/v1/accounts/batch', { accounts: [{ externalId: 'NORTH-1', name: 'North AS' }] });
    expect(done.statusCode, done.body).toBe(200);
    expect((await manager.get(`/api/v1/accounts/${done.json().items[0].id}`)).json()).toMatchObject({ unitId: north });
    await seedUser(t.database, ws.workspaceId, 'frida@account.test', 'frontline', north);
    const refusedFrontline = await (await signIn(t.app, 'frida@account.test')).post('/api/v1/accounts/batch', { accounts: [{ externalId: 'F-1', name: 'F' }] });
    expect(refusedFrontline.statusCode).toBe(403);
  });
});

describe('the OpenAPI document', () => {
  it('describes the list items with names and the account batch', async () => {
    const doc = (await owner.get('/api/v1/openapi.json')).json();
    const schemas = doc.components.schemas;
    expect(Object.keys(schemas.ContactListItem.properties)).toEqual(expect.arrayContaining(['unitName', 'ownerName', 'accountName', 'email']));
    expect(Object.keys(schemas.AccountListItem.properties)).toEqual(expect.arrayContaining(['unitName', 'ownerName', 'revenue']));
    expect(schemas).toHaveProperty('AccountBatchResult');
    expect(doc.paths['/api/v1/accounts/batch'].post.summary).toMatch(/10000 accounts/);
  });
});
