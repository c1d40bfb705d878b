// API keys beyond the access matrix and the lifecycle in auth.test.ts: listing, validation,
// idempotent revocation, and what each scope may do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorkspace, signIn, startTestApp, type TestApp, withApiKey } from '../../../test/support/app.ts';

let t: TestApp;
let owner: Awaited<ReturnType<typeof signIn>>;
let rootUnitId: string;
beforeAll(async () => {
  t = await startTestApp();
  rootUnitId = (await seedWorkspace(t.database, 'Keys Co', 'kim@keys.test')).rootUnitId;
  owner = await signIn(t.app, 'kim@keys.test');
});
afterAll(() => t?.close());

const create = async (name: string, scope: 'read' | 'write') => {
  const response = await owner.post('/api/v1/api-keys', { name, scope });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; key: string; prefix: string; scope: string };
};

describe('API keys', () => {
  it('are listed newest first with name, prefix and scope, never the key', async () => {
    const first = await create('First', 'read');
    const second = await create('Second', 'write');
    const response = await owner.get('/api/v1/api-keys');
    const items = response.json().items as { id: string; name: string; prefix: string; scope: string }[];
    expect(items.map((k) => k.id).slice(0, 2)).toEqual([second.id, first.id]);
    expect(items[0]).toMatchObject({ name: 'Second', prefix: second.prefix, scope: 'write', revokedAt: null });
    expect(items[0]).not.toHaveProperty('key');
    expect(response.body).not.toContain(first.key);
    expect(response.body).not.toContain(second.key);
  });

  it('name the invalid fields of a creation', async () => {
    const response = await owner.post('/api/v1/api-keys', { name: '', scope: 'admin' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['body.name', 'body.scope']));
  });

  it('revoke idempotently: the first revocation time stays', async () => {
    const key = await create('Twice', 'read');
    const first = (await owner.delete(`/api/v1/api-keys/${key.id}`)).json();
    const second = await owner.delete(`/api/v1/api-keys/${key.id}`);
    expect(second.statusCode).toBe(200);
    expect(second.json().revokedAt).toBe(first.revokedAt);
    expect((await owner.delete('/api/v1/api-keys/3f0c6f5e-8a43-4b8e-9c1e-2b7f1f0e5d2a')).statusCode).toBe(404);
    expect((await owner.delete('/api/v1/api-keys/anb_123')).json().errors[0].field).toBe('params.id');
  });

  it('read scope reads (including the audit log and outbox) and changes nothing', async () => {
    const reader = withApiKey(t.app, (await create('Reader', 'read')).key);
    for (const url of ['/api/v1/units', '/api/v1/members', '/api/v1/users', '/api/v1/workspace', '/api/v1/audit-log', '/api/v1/outbox']) {
      expect((await reader.get(url)).statusCode, url).toBe(200);
    }
    expect((await reader.post('/api/v1/units', { name: 'No', parentId: rootUnitId })).statusCode).toBe(403);
    expect((await reader.post('/api/v1/members', { name: 'No', unitId: rootUnitId })).statusCode).toBe(403);
    expect((await reader.patch('/api/v1/workspace', { name: 'No' })).statusCode).toBe(403);
  });

  it('write scope changes units, members and the workspace name, without a CSRF token', async () => {
    const writer = withApiKey(t.app, (await create('Writer', 'write')).key);
    const unit = await writer.post('/api/v1/units', { name: 'By writer', parentId: rootUnitId });
    expect(unit.statusCode).toBe(201);
    expect((await writer.post('/api/v1/members', { name: 'Hired', unitId: unit.json().id })).statusCode).toBe(201);
    expect((await writer.patch('/api/v1/workspace', { name: 'Keys Co' })).statusCode).toBe(200);
    const users = await writer.get('/api/v1/users');
    const ownerMemberId = users.json().items[0].memberId;
    expect((await writer.patch(`/api/v1/users/${ownerMemberId}`, { role: 'frontline' })).statusCode).toBe(403);
    expect((await writer.delete(`/api/v1/users/${ownerMemberId}`)).statusCode).toBe(403);
  });

  it('take precedence over a session cookie sent along (the key decides, no CSRF needed)', async () => {
    const reader = (await create('Precedence', 'read')).key;
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/units',
      headers: { authorization: `Bearer ${reader}`, cookie: owner.cookie, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'Mixed', parentId: rootUnitId }),
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('forbidden');
  });
});
