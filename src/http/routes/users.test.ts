// Users and roles beyond the access matrix: who may grant and take away which role, the last
// owner, and that role changes and removals take effect on open sessions at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedUser, seedWorkspace, signIn, startTestApp, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

type Session = Awaited<ReturnType<typeof signIn>>;
let n = 0;

/** A workspace with one owner and one admin, both signed in. */
async function workspace() {
  const id = ++n;
  const seeded = await seedWorkspace(t.database, `Roles ${id}`, `owner${id}@roles.test`);
  const admin = await seedUser(t.database, seeded.workspaceId, `admin${id}@roles.test`, 'admin');
  return {
    ...seeded,
    adminMemberId: admin.memberId,
    owner: await signIn(t.app, `owner${id}@roles.test`),
    admin: await signIn(t.app, `admin${id}@roles.test`),
    user: (role: Parameters<typeof seedUser>[3], email = `${role}${id}.${++n}@roles.test`) => seedUser(t.database, seeded.workspaceId, email, role),
  };
}

const invite = (by: Session, unitId: string, role: string, email = `invitee${++n}@roles.test`) =>
  by.post('/api/v1/users/invitations', { email, name: 'Invitee', role, unitId });

describe('an admin', () => {
  let w: Awaited<ReturnType<typeof workspace>>;
  beforeAll(async () => {
    w = await workspace();
  });

  it('may invite and grant every role but owner', async () => {
    for (const role of ['admin', 'analyst', 'manager', 'frontline']) expect((await invite(w.admin, w.rootUnitId, role)).statusCode).toBe(201);
    const owner = await invite(w.admin, w.rootUnitId, 'owner');
    expect(owner.statusCode).toBe(403);
    expect(owner.json().detail).toMatch(/grant the role owner/);

    const frontline = await w.user('frontline');
    expect((await w.admin.patch(`/api/v1/users/${frontline.memberId}`, { role: 'admin' })).json().role).toBe('admin');
    expect((await w.admin.patch(`/api/v1/users/${frontline.memberId}`, { role: 'owner' })).statusCode).toBe(403);
    expect((await w.admin.patch(`/api/v1/users/${w.adminMemberId}`, { role: 'owner' })).statusCode).toBe(403);
  });

  it("may neither change nor remove an owner's access (403)", async () => {
    for (const role of ['admin', 'frontline', 'owner']) expect((await w.admin.patch(`/api/v1/users/${w.memberId}`, { role })).statusCode).toBe(403);
    expect((await w.admin.delete(`/api/v1/users/${w.memberId}`)).statusCode).toBe(403);
    expect((await w.owner.get('/api/v1/auth/me')).json().workspace.role).toBe('owner');
  });

  it("may not take over a pending owner invitation's member either (403)", async () => {
    const invited = await invite(w.owner, w.rootUnitId, 'owner');
    expect(invited.statusCode).toBe(201);
    expect((await w.admin.patch(`/api/v1/users/${invited.json().memberId}`, { role: 'frontline' })).statusCode).toBe(403);
    expect((await w.admin.delete(`/api/v1/users/${invited.json().memberId}`)).statusCode).toBe(403);
  });
});

describe('owners', () => {
  it('may grant the owner role; the last owner can be neither demoted nor removed (409)', async () => {
    const w = await workspace();
    const demote = await w.owner.patch(`/api/v1/users/${w.memberId}`, { role: 'admin' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().detail).toMatch(/at least one owner/);
    expect((await w.owner.delete(`/api/v1/users/${w.memberId}`)).statusCode).toBe(409);

    // A pending owner invitation does not count as a second owner.
    expect((await invite(w.owner, w.rootUnitId, 'owner')).statusCode).toBe(201);
    expect((await w.owner.patch(`/api/v1/users/${w.memberId}`, { role: 'admin' })).statusCode).toBe(409);

    const second = await w.user('frontline');
    expect((await w.owner.patch(`/api/v1/users/${second.memberId}`, { role: 'owner' })).json().role).toBe('owner');
    expect((await w.owner.patch(`/api/v1/users/${w.memberId}`, { role: 'admin' })).json().role).toBe('admin');
    // The former owner, now admin, cannot touch the remaining owner.
    expect((await w.owner.delete(`/api/v1/users/${second.memberId}`)).statusCode).toBe(403);
  });

  it('may remove another owner while one remains', async () => {
    const w = await workspace();
    const second = await w.user('owner');
    expect((await w.owner.delete(`/api/v1/users/${second.memberId}`)).statusCode).toBe(204);
    expect((await w.owner.delete(`/api/v1/users/${w.memberId}`)).statusCode).toBe(409);
  });
});

describe('changes take effect at once', () => {
  it('a demoted admin loses admin rights in the open session', async () => {
    const w = await workspace();
    expect((await w.admin.get('/api/v1/api-keys')).statusCode).toBe(200);
    expect((await w.owner.patch(`/api/v1/users/${w.adminMemberId}`, { role: 'analyst' })).statusCode).toBe(200);
    expect((await w.admin.get('/api/v1/api-keys')).statusCode).toBe(403);
    expect((await w.admin.get('/api/v1/units')).statusCode).toBe(200);
  });

  it('a removed user is signed out of the workspace and stays a member without login', async () => {
    const w = await workspace();
    expect((await w.owner.delete(`/api/v1/users/${w.adminMemberId}`)).statusCode).toBe(204);
    expect((await w.admin.get('/api/v1/units')).statusCode).toBe(401);
    const member = (await w.owner.get(`/api/v1/members/${w.adminMemberId}`)).json();
    expect(member).toMatchObject({ role: null, hasLogin: false });
    expect((await w.owner.get('/api/v1/users')).json().items.map((u: { memberId: string }) => u.memberId)).not.toContain(w.adminMemberId);
    expect((await w.owner.delete(`/api/v1/users/${w.adminMemberId}`)).statusCode).toBe(404);
  });
});

describe('invitations', () => {
  let w: Awaited<ReturnType<typeof workspace>>;
  beforeAll(async () => {
    w = await workspace();
  });

  it('refuses to invite someone who already signs in here (409), and reuses a member without login', async () => {
    const existing = await w.owner.get('/api/v1/users');
    const adminEmail = existing.json().items.find((u: { memberId: string }) => u.memberId === w.adminMemberId).email;
    const again = await invite(w.owner, w.rootUnitId, 'analyst', adminEmail.toUpperCase());
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toMatch(/already has a login/);

    const plain = (await w.owner.post('/api/v1/members', { name: 'Plain', email: 'plain@roles.test', unitId: w.rootUnitId })).json();
    const invited = await invite(w.owner, w.rootUnitId, 'manager', 'plain@roles.test');
    expect(invited.statusCode).toBe(201);
    expect(invited.json().memberId).toBe(plain.id);
    const listed = (await w.owner.get('/api/v1/users')).json().items.find((u: { memberId: string }) => u.memberId === plain.id);
    expect(listed).toMatchObject({ role: 'manager', status: 'invited', userId: null });
  });

  it('names invalid fields', async () => {
    const response = await w.owner.post('/api/v1/users/invitations', { email: 'nope', name: '', role: 'superuser', unitId: 'root' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['body.email', 'body.name', 'body.role', 'body.unitId']),
    );
    const role = await w.owner.patch(`/api/v1/users/${w.adminMemberId}`, { role: 'god' });
    expect(role.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.role']);
  });

  it('lists users without any secret', async () => {
    const body = (await w.owner.get('/api/v1/users')).body;
    expect(body).not.toMatch(/scrypt|password|hash/i);
  });
});
