// Accounts beyond the access matrix: fields, uniqueness, owners and units, listing, soft delete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorkspace, signIn, startTestApp, type TestApp } from '../../../test/support/app.ts';

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
