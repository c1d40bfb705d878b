// Members beyond the access matrix: uniqueness, pagination and search, what a manager may do
// with the people of their subtree (and not with users), and input errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, seedApiKey, seedUser, seedWorkspace, signIn, startTestApp, type TestApp, withApiKey } from '../../../test/support/app.ts';
import { encodeCursor } from '../../domain/paging.ts';

let t: TestApp;
let owner: Awaited<ReturnType<typeof signIn>>;
let ws: Awaited<ReturnType<typeof seedWorkspace>>;
let other: Awaited<ReturnType<typeof seedWorkspace>>;
let nordics: string;
let denmark: string;
let germany: string;

beforeAll(async () => {
  t = await startTestApp();
  ws = await seedWorkspace(t.database, 'People Co', 'paula@people.test');
  other = await seedWorkspace(t.database, 'Other People', 'oscar@other.test');
  owner = await signIn(t.app, 'paula@people.test');
  const unit = async (name: string, parentId: string) => (await owner.post('/api/v1/units', { name, parentId })).json().id as string;
  nordics = await unit('Nordics', ws.rootUnitId);
  denmark = await unit('Denmark', nordics);
  germany = await unit('Germany', ws.rootUnitId);
});
afterAll(() => t?.close());

async function member(body: Record<string, unknown>, by: Client = owner) {
  const response = await by.post('/api/v1/members', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; name: string; unitId: string };
}

const fields = (response: { json(): { errors?: { field: string }[] } }) => response.json().errors?.map((e) => e.field);

describe('uniqueness', () => {
  it('allows one member per email in a workspace, case-insensitively (409 naming body.email), but the same email in another', async () => {
    await member({ name: 'Ulla', email: 'ulla@people.test', unitId: denmark });
    const twin = await owner.post('/api/v1/members', { name: 'Ulla again', email: 'ULLA@people.test', unitId: germany });
    expect(twin.statusCode).toBe(409);
    expect(twin.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(fields(twin)).toEqual(['body.email']);

    const moved = await member({ name: 'Ulrich', email: 'ulrich@people.test', unitId: denmark });
    const clash = await owner.patch(`/api/v1/members/${moved.id}`, { email: 'ulla@people.test' });
    expect(clash.statusCode).toBe(409);
    expect(fields(clash)).toEqual(['body.email']);

    const oscar = await signIn(t.app, 'oscar@other.test');
    expect((await oscar.post('/api/v1/members', { name: 'Ulla elsewhere', email: 'ulla@people.test', unitId: other.rootUnitId })).statusCode).toBe(201);
  });

  it('allows one member per external id (409 naming body.externalId, whatever the id says)', async () => {
    await member({ name: 'Xena', externalId: 'email-7', unitId: denmark });
    const twin = await owner.post('/api/v1/members', { name: 'Xaver', email: 'xaver@people.test', externalId: 'email-7', unitId: denmark });
    expect(twin.statusCode).toBe(409);
    expect(fields(twin)).toEqual(['body.externalId']);
  });
});

describe('listing', () => {
  let pageUnit: string;
  beforeAll(async () => {
    pageUnit = (await owner.post('/api/v1/units', { name: 'Paging', parentId: ws.rootUnitId })).json().id;
    for (const name of ['Ada', 'Bea', 'Cai', 'Dag', 'Eli', 'Fay', 'Gry']) await member({ name, email: `${name.toLowerCase()}@page.test`, unitId: pageUnit });
  });

  it('pages by cursor without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/members?unitId=${pageUnit}&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const response = await owner.get(url);
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      expect(body.items.length).toBeLessThanOrEqual(3);
      seen.push(...body.items.map((m: { name: string }) => m.name));
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(['Ada', 'Bea', 'Cai', 'Dag', 'Eli', 'Fay', 'Gry']);
  });

  it('refuses a cursor it did not issue with 400 naming query.cursor', async () => {
    for (const cursor of ['garbage', encodeCursor(['Ada']), encodeCursor(['Ada', 'not-a-uuid']), encodeCursor([1, 2])]) {
      const response = await owner.get(`/api/v1/members?cursor=${cursor}`);
      expect(response.statusCode, `${cursor}: ${response.body}`).toBe(400);
      expect(fields(response)).toEqual(['query.cursor']);
    }
  });

  it('searches name, email and external id case-insensitively, with % and _ taken literally', async () => {
    await member({ name: 'Percy 100%', externalId: 'ext_under', unitId: pageUnit });
    const names = async (q: string) =>
      (await owner.get(`/api/v1/members?limit=500&q=${encodeURIComponent(q)}`)).json().items.map((m: { name: string }) => m.name);
    expect(await names('bEa')).toEqual(['Bea']);
    expect(await names('gry@PAGE')).toEqual(['Gry']);
    expect(await names('EXT_UNDER')).toEqual(['Percy 100%']);
    expect(await names('100%')).toEqual(['Percy 100%']);
    expect(await names('%')).toEqual(['Percy 100%']);
    expect(await names('t_u')).toEqual(['Percy 100%']);
    expect(await names('a_a')).toEqual([]);
    const empty = await owner.get('/api/v1/members?q=');
    expect(empty.statusCode).toBe(400);
    expect(fields(empty)).toEqual(['query.q']);
  });

  it('filters by unit, optionally with its subtree', async () => {
    const dane = await member({ name: 'Dane', unitId: denmark });
    const nordic = await member({ name: 'Nordic', unitId: nordics });
    const only = (await owner.get(`/api/v1/members?limit=500&unitId=${nordics}`)).json().items.map((m: { id: string }) => m.id);
    expect(only).toContain(nordic.id);
    expect(only).not.toContain(dane.id);
    const subtree = (await owner.get(`/api/v1/members?limit=500&unitId=${nordics}&subtree=true`)).json().items.map((m: { id: string }) => m.id);
    expect(subtree).toEqual(expect.arrayContaining([nordic.id, dane.id]));
    expect((await owner.get(`/api/v1/members?unitId=${other.rootUnitId}`)).statusCode).toBe(404);
  });
});

describe('a manager', () => {
  let manager: Client;
  let managerMemberId: string;
  let frontlineMemberId: string;
  beforeAll(async () => {
    managerMemberId = (await seedUser(t.database, ws.workspaceId, 'max@people.test', 'manager', nordics)).memberId;
    frontlineMemberId = (await seedUser(t.database, ws.workspaceId, 'fia@people.test', 'frontline', denmark)).memberId;
    manager = await signIn(t.app, 'max@people.test');
  });

  it('adds, changes, moves within the subtree and deletes members without login', async () => {
    const created = await member({ name: 'Temp', unitId: denmark }, manager);
    expect((await manager.patch(`/api/v1/members/${created.id}`, { name: 'Temp 2', unitId: nordics })).json()).toMatchObject({
      name: 'Temp 2',
      unitId: nordics,
    });
    expect((await manager.delete(`/api/v1/members/${created.id}`)).statusCode).toBe(204);
  });

  it('cannot move a member out of the subtree (404: the target unit is not visible)', async () => {
    const created = await member({ name: 'Stay', unitId: denmark }, manager);
    const response = await manager.patch(`/api/v1/members/${created.id}`, { unitId: germany });
    expect(response.statusCode).toBe(404);
    expect((await owner.get(`/api/v1/members/${created.id}`)).json().unitId).toBe(denmark);
  });

  it('cannot change or delete people with a login in the subtree, themselves included (403)', async () => {
    for (const id of [frontlineMemberId, managerMemberId]) {
      expect((await manager.patch(`/api/v1/members/${id}`, { name: 'Renamed' })).statusCode).toBe(403);
      expect((await manager.patch(`/api/v1/members/${id}`, { unitId: denmark })).statusCode).toBe(403);
      expect((await manager.delete(`/api/v1/members/${id}`)).statusCode).toBe(403);
    }
    expect((await owner.get(`/api/v1/members/${frontlineMemberId}`)).json()).toMatchObject({ name: 'fia', unitId: denmark, role: 'frontline' });
  });

  it('cannot change roles of the users it sees (403), nor of those it does not (404)', async () => {
    expect((await manager.patch(`/api/v1/users/${frontlineMemberId}`, { role: 'manager' })).statusCode).toBe(403);
    expect((await manager.delete(`/api/v1/users/${frontlineMemberId}`)).statusCode).toBe(403);
    expect((await manager.patch(`/api/v1/users/${ws.memberId}`, { role: 'frontline' })).statusCode).toBe(404);
  });
});

describe('frontline', () => {
  it('sees itself and may change nothing, itself included (403)', async () => {
    const { memberId } = await seedUser(t.database, ws.workspaceId, 'finn@people.test', 'frontline', denmark);
    const finn = await signIn(t.app, 'finn@people.test');
    expect((await finn.get(`/api/v1/members/${memberId}`)).statusCode).toBe(200);
    expect((await finn.patch(`/api/v1/members/${memberId}`, { name: 'Finn the Great' })).statusCode).toBe(403);
    expect((await finn.delete(`/api/v1/members/${memberId}`)).statusCode).toBe(403);
    expect((await finn.patch(`/api/v1/users/${memberId}`, { role: 'admin' })).statusCode).toBe(403);
    expect((await finn.patch(`/api/v1/units/${denmark}`, { name: 'Finnmark' })).statusCode).toBe(403);
    expect((await finn.post('/api/v1/members', { name: 'Friend', unitId: denmark })).statusCode).toBe(403);
  });
});

describe('member input', () => {
  it('refuses to delete a member who signs in (409 saying to remove the access first)', async () => {
    const { memberId } = await seedUser(t.database, ws.workspaceId, 'lisa@people.test', 'analyst', denmark);
    const response = await owner.delete(`/api/v1/members/${memberId}`);
    expect(response.statusCode).toBe(409);
    expect(response.json().detail).toMatch(/remove their access under Users first/);
  });

  it('names each invalid field as problem+json', async () => {
    const bad = await owner.post('/api/v1/members', { name: '', email: 'not-an-email', unitId: 'nowhere' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(fields(bad)).toEqual(expect.arrayContaining(['body.name', 'body.email', 'body.unitId']));
    expect(fields(await owner.patch(`/api/v1/members/${ws.memberId}`, { externalId: '' }))).toEqual(['body.externalId']);
    expect(fields(await owner.get('/api/v1/members?limit=0'))).toEqual(['query.limit']);
    expect(fields(await owner.get('/api/v1/members/42'))).toEqual(['params.id']);
  });

  it('answers a malformed JSON body with 400, not 500', async () => {
    const response = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/members/${ws.memberId}`,
      headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrfToken, 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('validation_failed');
  });

  it('does not place a member in a unit of another workspace (404)', async () => {
    const created = await member({ name: 'Local', unitId: denmark });
    expect((await owner.post('/api/v1/members', { name: 'Abroad', unitId: other.rootUnitId })).statusCode).toBe(404);
    expect((await owner.patch(`/api/v1/members/${created.id}`, { unitId: other.rootUnitId })).statusCode).toBe(404);
  });
});

describe('moving people who sign in', () => {
  it('is an access change: owner and admin may, a write API key may not (it may move members without login)', async () => {
    const user = await seedUser(t.database, ws.workspaceId, 'mover@people.test', 'manager', denmark);
    const plain = await member({ name: 'No Login', unitId: denmark });
    const key = withApiKey(t.app, await seedApiKey(t.database, ws.workspaceId, 'write'));

    const byKey = await key.patch(`/api/v1/members/${user.memberId}`, { unitId: germany });
    expect(byKey.statusCode).toBe(403);
    expect(byKey.json().detail).toMatch(/sign in/);
    expect((await key.patch(`/api/v1/members/${plain.id}`, { unitId: germany })).statusCode).toBe(200);
    expect((await key.patch(`/api/v1/members/${user.memberId}`, { name: 'Renamed Manager' })).statusCode).toBe(200);

    const moved = await owner.patch(`/api/v1/members/${user.memberId}`, { unitId: germany });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().unitId).toBe(germany);
  });
});
