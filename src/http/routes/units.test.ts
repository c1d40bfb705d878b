// The unit tree beyond the access matrix: moves rewrite the subtree, cycles and non-empty
// deletes are refused with a reason, and bad input is a 400 naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedUser, seedWorkspace, signIn, startTestApp, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
let owner: Awaited<ReturnType<typeof signIn>>;
let rootId: string;
let otherWorkspace: Awaited<ReturnType<typeof seedWorkspace>>;
let n = 0;

beforeAll(async () => {
  t = await startTestApp();
  const seeded = await seedWorkspace(t.database, 'Tree Co', 'tess@tree.test');
  rootId = seeded.rootUnitId;
  otherWorkspace = await seedWorkspace(t.database, 'Elsewhere', 'eve@elsewhere.test');
  owner = await signIn(t.app, 'tess@tree.test');
});
afterAll(() => t?.close());

async function unit(parentId: string, name = `Unit ${++n}`): Promise<string> {
  const response = await owner.post('/api/v1/units', { name, parentId });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

const pathOf = async (id: string) => (await t.database.db.selectFrom('units').select('path').where('id', '=', id).executeTakeFirstOrThrow()).path;

function expectProblem(
  response: { statusCode: number; headers: Record<string, unknown>; json(): { code: string; errors?: { field: string }[] } },
  status: number,
  field?: string,
) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  if (field) expect(response.json().errors?.map((e) => e.field)).toContain(field);
}

describe('moving a unit', () => {
  it('moves its whole subtree: paths, depths and what a manager of the new parent sees', async () => {
    const europe = await unit(rootId, 'Europe');
    const south = await unit(rootId, 'South');
    const spain = await unit(south, 'Spain');
    const madrid = await unit(spain, 'Madrid');
    const manager = await seedUser(t.database, (await owner.get('/api/v1/workspace')).json().id, 'mia@tree.test', 'manager', europe);
    const mia = await signIn(t.app, 'mia@tree.test');
    expect((await mia.get(`/api/v1/units/${madrid}`)).statusCode).toBe(404);

    const moved = await owner.patch(`/api/v1/units/${spain}`, { parentId: europe });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ id: spain, parentId: europe, depth: 2 });

    const europePath = await pathOf(europe);
    expect(await pathOf(spain)).toBe(`${europePath}${spain}/`);
    expect(await pathOf(madrid)).toBe(`${europePath}${spain}/${madrid}/`);
    expect((await owner.get(`/api/v1/units/${madrid}`)).json()).toMatchObject({ parentId: spain, depth: 3 });
    const south_ = (await owner.get('/api/v1/units')).json().items.filter((u: { parentId: string }) => u.parentId === south);
    expect(south_).toEqual([]);

    // The manager of Europe now sees Spain and Madrid; members there move with them.
    expect((await mia.get(`/api/v1/units/${madrid}`)).statusCode).toBe(200);
    const seen = (await mia.get('/api/v1/units')).json().items.map((u: { id: string }) => u.id);
    expect(seen).toEqual([europe, spain, madrid]);
    expect(manager.memberId).toEqual(expect.any(String));
  });

  it('lists parents before children after a move', async () => {
    const a = await unit(rootId);
    const b = await unit(rootId);
    const c = await unit(b);
    await owner.patch(`/api/v1/units/${b}`, { parentId: a });
    const order = (await owner.get('/api/v1/units')).json().items.map((u: { id: string }) => u.id);
    expect(order.indexOf(a)).toBeLessThan(order.indexOf(b));
    expect(order.indexOf(b)).toBeLessThan(order.indexOf(c));
  });

  it('lists each subtree right after its parent, siblings in alphabetical order', async () => {
    const parent = (await owner.post('/api/v1/units', { name: 'Sorted region', parentId: rootId })).json().id as string;
    for (const name of ['Odense', 'Aarhus', 'Copenhagen']) {
      const city = (await owner.post('/api/v1/units', { name, parentId: parent })).json().id as string;
      if (name === 'Aarhus') await owner.post('/api/v1/units', { name: 'Aarhus C', parentId: city });
    }
    const names = (await owner.get('/api/v1/units')).json().items.map((u: { name: string }) => u.name);
    const start = names.indexOf('Sorted region');
    expect(names.slice(start, start + 5)).toEqual(['Sorted region', 'Aarhus', 'Aarhus C', 'Copenhagen', 'Odense']);
  });

  it('refuses to move a unit under itself or its descendants (400 naming body.parentId), and the root at all', async () => {
    const top = await unit(rootId);
    const child = await unit(top);
    const grandchild = await unit(child);
    for (const parentId of [top, child, grandchild]) {
      const response = await owner.patch(`/api/v1/units/${top}`, { parentId });
      expectProblem(response, 400, 'body.parentId');
      expect(response.json().code).toBe('validation_failed');
    }
    expect(await pathOf(grandchild)).toBe(`${await pathOf(child)}${grandchild}/`);
    expectProblem(await owner.patch(`/api/v1/units/${rootId}`, { parentId: top }), 400, 'body.parentId');
  });

  it('does not move under a unit of another workspace (404)', async () => {
    const mine = await unit(rootId);
    expectProblem(await owner.patch(`/api/v1/units/${mine}`, { parentId: otherWorkspace.rootUnitId }), 404);
    expect(await pathOf(mine)).toBe(`${await pathOf(rootId)}${mine}/`);
  });
});

describe('deleting a unit', () => {
  it('refuses while it has child units or members (409 saying what to do), and deletes it once empty', async () => {
    const parent = await unit(rootId, 'Full');
    const child = await unit(parent);
    const withChild = await owner.delete(`/api/v1/units/${parent}`);
    expectProblem(withChild, 409);
    expect(withChild.json().detail).toMatch(/1 child units and 0 members; move or delete them first/);

    expect((await owner.delete(`/api/v1/units/${child}`)).statusCode).toBe(204);
    const member = (await owner.post('/api/v1/members', { name: 'Stays', unitId: parent })).json();
    const withMember = await owner.delete(`/api/v1/units/${parent}`);
    expectProblem(withMember, 409);
    expect(withMember.json().detail).toMatch(/0 child units and 1 members/);

    expect((await owner.delete(`/api/v1/members/${member.id}`)).statusCode).toBe(204);
    expect((await owner.delete(`/api/v1/units/${parent}`)).statusCode).toBe(204);
    expectProblem(await owner.get(`/api/v1/units/${parent}`), 404);
  });

  it('never deletes the root (409)', async () => {
    const response = await owner.delete(`/api/v1/units/${rootId}`);
    expectProblem(response, 409);
    expect(response.json().detail).toMatch(/root unit cannot be deleted/);
  });
});

describe('unit input', () => {
  it('refuses a second sibling with the same name, and a repeated external id, with 409', async () => {
    const parent = await unit(rootId);
    await unit(parent, 'Copenhagen');
    const twin = await owner.post('/api/v1/units', { name: 'copenhagen', parentId: parent });
    expectProblem(twin, 409, 'body.name');
    // Same name under another parent is fine.
    expect((await owner.post('/api/v1/units', { name: 'Copenhagen', parentId: rootId })).statusCode).toBe(201);

    const first = await owner.post('/api/v1/units', { name: 'With id', parentId: parent, externalId: 'HR-1' });
    expect(first.statusCode).toBe(201);
    expectProblem(await owner.post('/api/v1/units', { name: 'Other id', parentId: parent, externalId: 'HR-1' }), 409, 'body.externalId');
    const renamed = await owner.patch(`/api/v1/units/${first.json().id}`, { name: 'Copenhagen' });
    expectProblem(renamed, 409, 'body.name');
  });

  it('names each invalid field of a body as problem+json', async () => {
    const empty = await owner.post('/api/v1/units', {});
    expectProblem(empty, 400, 'body.name');
    expect(empty.json().errors.map((e: { field: string }) => e.field)).toContain('body.parentId');
    expectProblem(await owner.post('/api/v1/units', { name: '   ', parentId: rootId }), 400, 'body.name');
    expectProblem(await owner.post('/api/v1/units', { name: 'x'.repeat(201), parentId: rootId }), 400, 'body.name');
    expectProblem(await owner.post('/api/v1/units', { name: 'Bad parent', parentId: 'root' }), 400, 'body.parentId');
    expectProblem(await owner.patch(`/api/v1/units/${rootId}`, { managerMemberId: 'someone' }), 400, 'body.managerMemberId');
  });

  it('refuses a manager from another workspace (400 naming body.managerMemberId)', async () => {
    const mine = await unit(rootId);
    expectProblem(await owner.patch(`/api/v1/units/${mine}`, { managerMemberId: otherWorkspace.memberId }), 400, 'body.managerMemberId');
    const ownMember = (await owner.post('/api/v1/members', { name: 'Boss', unitId: mine })).json();
    expect((await owner.patch(`/api/v1/units/${mine}`, { managerMemberId: ownMember.id })).json()).toMatchObject({
      managerMemberId: ownMember.id,
      memberCount: 1,
    });
  });

  it('answers a malformed JSON body with 400, not 500', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/units',
      headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrfToken, 'content-type': 'application/json' },
      payload: '{"name": "Broken", ',
    });
    expectProblem(response, 400, 'body');
    expect(response.json().code).toBe('validation_failed');
  });

  it('answers a malformed id in the path with 400 naming params.id', async () => {
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const response = await owner.request(method, '/api/v1/units/not-a-uuid', method === 'PATCH' ? { name: 'x' } : undefined);
      expectProblem(response, 400, 'params.id');
    }
  });

  it('answers a well-formed id that does not exist with 404', async () => {
    expectProblem(await owner.get('/api/v1/units/3f0c6f5e-8a43-4b8e-9c1e-2b7f1f0e5d2a'), 404);
  });
});
