// Attribute definitions: keys, types, and changes that would orphan stored values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedUser, seedWorkspace, signIn, startTestApp, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
let owner: Awaited<ReturnType<typeof signIn>>;
let ws: Awaited<ReturnType<typeof seedWorkspace>>;

beforeAll(async () => {
  t = await startTestApp();
  ws = await seedWorkspace(t.database, 'Attr Co', 'alma@attr.test');
  owner = await signIn(t.app, 'alma@attr.test');
});
afterAll(() => t?.close());

const fields = (response: { json(): { errors?: { field: string }[] } }) => response.json().errors?.map((e) => e.field);

async function define(body: Record<string, unknown>) {
  const response = await owner.post('/api/v1/attribute-definitions', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; key: string };
}

describe('attribute definitions', () => {
  it('are listed by key and unique per workspace (409 naming body.key)', async () => {
    await define({ key: 'tier', label: 'Tier', type: 'list', allowedValues: ['Gold', 'Silver'] });
    await define({ key: 'employees', label: 'Employees', type: 'number' });
    const twin = await owner.post('/api/v1/attribute-definitions', { key: 'tier', label: 'Again', type: 'text' });
    expect(twin.statusCode).toBe(409);
    expect(fields(twin)).toEqual(['body.key']);
    const list = (await owner.get('/api/v1/attribute-definitions')).json();
    expect(list.map((d: { key: string }) => d.key)).toEqual(['employees', 'tier']);
    expect(list[1]).toMatchObject({ label: 'Tier', type: 'list', allowedValues: ['Gold', 'Silver'] });
  });

  it('refuse bad keys and list rules, naming the field', async () => {
    expect(fields(await owner.post('/api/v1/attribute-definitions', { key: 'Not Valid', label: 'X', type: 'text' }))).toEqual(['body.key']);
    expect(fields(await owner.post('/api/v1/attribute-definitions', { key: 'colour', label: 'Colour', type: 'list' }))).toEqual(['body.allowedValues']);
    expect(fields(await owner.post('/api/v1/attribute-definitions', { key: 'colour', label: 'Colour', type: 'text', allowedValues: ['a'] }))).toEqual([
      'body.allowedValues',
    ]);
    expect(fields(await owner.post('/api/v1/attribute-definitions', { key: 'colour', label: 'Colour', type: 'colour' }))).toEqual(['body.type']);
  });

  it('refuse a type or allowed values that stored values do not fit (409), and allow those they fit', async () => {
    const code = await define({ key: 'code', label: 'Code', type: 'text' });
    await owner.post('/api/v1/contacts', { email: 'a@attr.test', attributes: { code: 'A1' } });
    await owner.post('/api/v1/contacts', { email: 'b@attr.test', attributes: { code: 'B2' } });
    const toNumber = await owner.patch(`/api/v1/attribute-definitions/${code.id}`, { type: 'number' });
    expect(toNumber.statusCode).toBe(409);
    expect(toNumber.json().detail).toMatch(/2 stored values of "code"/);
    expect(fields(toNumber)).toEqual(['body.type']);
    const narrow = await owner.patch(`/api/v1/attribute-definitions/${code.id}`, { type: 'list', allowedValues: ['A1'] });
    expect(narrow.statusCode).toBe(409);
    const fits = await owner.patch(`/api/v1/attribute-definitions/${code.id}`, { type: 'list', allowedValues: ['A1', 'B2', 'C3'], label: 'Code list' });
    expect(fits.statusCode, fits.body).toBe(200);
    expect(fits.json()).toMatchObject({ type: 'list', label: 'Code list', allowedValues: ['A1', 'B2', 'C3'] });
    const dropValue = await owner.patch(`/api/v1/attribute-definitions/${code.id}`, { allowedValues: ['A1', 'C3'] });
    expect(dropValue.statusCode).toBe(409);
    expect(fields(dropValue)).toEqual(['body.allowedValues']);
  });

  it('take their stored values with them when deleted, and the deletion is audited', async () => {
    const gone = await define({ key: 'legacy', label: 'Legacy', type: 'boolean' });
    const created = (await owner.post('/api/v1/contacts', { email: 'legacy@attr.test', attributes: { legacy: true } })).json();
    expect((await owner.delete(`/api/v1/attribute-definitions/${gone.id}`)).statusCode).toBe(204);
    expect((await owner.get(`/api/v1/contacts/${created.id}`)).json().attributes).toEqual({});
    expect((await owner.get(`/api/v1/attribute-definitions/${gone.id}`)).statusCode).toBe(404);
    const audit = (await owner.get('/api/v1/audit-log?action=attribute_definition.deleted')).json().items;
    expect(audit[0]).toMatchObject({ target: { id: gone.id }, after: { removedValues: { contacts: 1, accounts: 0 } } });
  });

  it('are read by everyone in the workspace and changed only by owner, admin and write keys', async () => {
    await seedUser(t.database, ws.workspaceId, 'ana@attr.test', 'analyst');
    const analyst = await signIn(t.app, 'ana@attr.test');
    expect((await analyst.get('/api/v1/attribute-definitions')).statusCode).toBe(200);
    expect((await analyst.post('/api/v1/attribute-definitions', { key: 'x', label: 'X', type: 'text' })).statusCode).toBe(403);
  });
});
