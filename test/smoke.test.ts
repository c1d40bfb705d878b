import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, seedWorkspace, signIn, startTestApp, type TestApp } from './support/app.ts';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('signs in and lists units', async () => {
    await seedWorkspace(t.database, 'Acme', 'ann@acme.test');
    const ann = await signIn(t.app, 'ann@acme.test');
    const units = await ann.get('/api/v1/units');
    expect(units.statusCode).toBe(200);
    expect(units.json().items).toHaveLength(1);
    const created = await ann.post('/api/v1/units', { name: 'Denmark', parentId: units.json().items[0].id });
    expect(created.statusCode, created.body).toBe(201);
    const health = await anonymous(t.app).get('/healthz');
    expect(health.json().status).toBe('ok');
  });
});
