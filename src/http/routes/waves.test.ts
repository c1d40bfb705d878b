// Waves over the API: the preview (counts, reasons, a sample, and nothing written), creating one-off
// and recurring waves with their checks, reading them with counts, and changing them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedUser, seedWorkspace, signIn, startTestApp, type TestApp } from '../../../test/support/app.ts';
import { seedInvitation, seedSurvey } from '../../../test/support/surveys.ts';
import { planWaves } from '../../domain/distribution/index.ts';

let t: TestApp;
let owner: Awaited<ReturnType<typeof signIn>>;
let ws: Awaited<ReturnType<typeof seedWorkspace>>;
let surveyId: string;

const fields = (response: { json(): { errors?: { field: string }[] } }) => response.json().errors?.map((e) => e.field);

async function contact(body: Record<string, unknown>): Promise<string> {
  const response = await owner.post('/api/v1/contacts', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

const rowCounts = async () => {
  const db = t.database.db;
  const count = async (table: 'waves' | 'survey_invitations' | 'audit_log') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { waves: await count('waves'), invitations: await count('survey_invitations'), audit: await count('audit_log') };
};

beforeAll(async () => {
  t = await startTestApp();
  ws = await seedWorkspace(t.database, 'Wave API Co', 'wes@waves.test');
  owner = await signIn(t.app, 'wes@waves.test');
  surveyId = (await seedSurvey(t.database, ws.workspaceId, { name: 'Relationship' })).surveyId;
}, 60_000);
afterAll(() => t?.close());

describe('wave preview', () => {
  it('counts who would be invited and who is skipped why, with a sample, and writes nothing', async () => {
    for (const name of ['Ada', 'Bo', 'Cy']) await contact({ firstName: name, email: `${name.toLowerCase()}@vip.test`, segment: 'vip' });
    const optedOut = await contact({ firstName: 'Olga', lastName: 'Out', email: 'olga@vip.test', segment: 'vip' });
    await t.database.db.updateTable('contacts').set({ opted_out_at: new Date() }).where('id', '=', optedOut).execute();
    await contact({ firstName: 'Nils', segment: 'vip' });
    await contact({ firstName: 'Wilma', email: 'wilma@vip.test', segment: 'vip', consent: 'withdrawn' });
    const asked = await contact({ firstName: 'Rita', email: 'rita@vip.test', segment: 'vip' });
    await seedInvitation(t.database, { workspaceId: ws.workspaceId, surveyId, contactId: asked });
    await contact({ firstName: 'Other', email: 'other@plain.test', segment: 'plain' });

    const before = await rowCounts();
    const response = await owner.post('/api/v1/waves/preview', { surveyId, filter: { segment: 'vip' } });
    expect(response.statusCode, response.body).toBe(200);
    const preview = response.json();
    expect(preview).toMatchObject({
      surveyStatus: 'active',
      matching: 7,
      wouldInvite: 3,
      skipped: { unsubscribed: 1, no_email: 1, no_consent: 1, recently_invited: 1 },
    });
    expect(preview.sample).toHaveLength(4);
    expect(preview.sample).toContainEqual({ contactId: optedOut, name: 'Olga Out', email: 'olga@vip.test', reason: 'unsubscribed' });
    expect(preview.sample.find((s: { reason: string }) => s.reason === 'no_email')).toMatchObject({ name: 'Nils', email: null });
    expect(await rowCounts()).toEqual(before);
  });

  it("compares attributes in their defined type and names a filter's bad fields", async () => {
    expect((await owner.post('/api/v1/attribute-definitions', { key: 'tier', label: 'Tier', type: 'number' })).statusCode).toBe(201);
    await contact({ firstName: 'Tina', email: 'tina@tier.test', attributes: { tier: 2 } });
    await contact({ firstName: 'Tom', email: 'tom@tier.test', attributes: { tier: 3 } });
    const tiered = await owner.post('/api/v1/waves/preview', { surveyId, filter: { attributes: { tier: '2' } } });
    expect(tiered.json()).toMatchObject({ matching: 1, wouldInvite: 1 });

    expect(fields(await owner.post('/api/v1/waves/preview', { surveyId, filter: { attributes: { nope: 'x' } } }))).toEqual(['body.filter.attributes.nope']);
    expect(fields(await owner.post('/api/v1/waves/preview', { surveyId, filter: { attributes: { tier: 'many' } } }))).toEqual(['body.filter.attributes.tier']);
    expect(fields(await owner.post('/api/v1/waves/preview', { surveyId, filter: { colour: 'red' } }))?.[0]).toMatch(/^body\.filter/);
    expect((await owner.post('/api/v1/waves/preview', { surveyId, filter: { unitId: '3f0c6f5e-8a43-4b8e-9c1e-2b7f1f0e5d2a' } })).statusCode).toBe(404);
  });
});

describe('waves', () => {
  it('are in the API document with their schemas', async () => {
    const document = (await owner.get('/api/v1/openapi.json')).json();
    for (const path of [
      '/api/v1/waves',
      '/api/v1/waves/preview',
      '/api/v1/waves/{id}',
      '/api/v1/waves/{id}/pause',
      '/api/v1/waves/{id}/resume',
      '/api/v1/waves/{id}/cancel',
    ]) {
      expect(document.paths[path], path).toBeDefined();
    }
    expect(Object.keys(document.components.schemas)).toEqual(expect.arrayContaining(['ContactFilter', 'Wave', 'NewWave', 'WavePatch', 'WavePreview']));
  });

  it('are created, listed and read with their invitations by status, and audited', async () => {
    const startsAt = new Date(Date.now() + 3_600_000).toISOString();
    const created = await owner.post('/api/v1/waves', { kind: 'one_off', surveyId, name: 'VIP spring', filter: { segment: 'vip' }, startsAt });
    expect(created.statusCode, created.body).toBe(201);
    const wave = created.json();
    expect(wave).toMatchObject({
      kind: 'one_off',
      status: 'scheduled',
      surveyName: 'Relationship',
      everyDays: null,
      nextRunAt: startsAt,
      lastRunAt: null,
      invitations: { total: 0 },
    });

    const recurring = await owner.post('/api/v1/waves', {
      kind: 'recurring',
      surveyId,
      name: 'Yearly',
      filter: { segment: 'vip' },
      startsAt,
      everyDays: 365,
    });
    expect(recurring.statusCode, recurring.body).toBe(201);
    const list = (await owner.get('/api/v1/waves')).json();
    expect(list.items.map((w: { name: string }) => w.name)).toEqual(['Yearly', 'VIP spring']);
    expect((await owner.get('/api/v1/waves?status=scheduled&limit=1')).json().nextCursor).not.toBeNull();

    // Planned an hour later: the three who may be invited and the four who may not all get an
    // invitation; the send engine decides and records the skips when it is time.
    await planWaves(t.database.db, new Date(Date.now() + 3_600_000 + 60_000));
    const done = (await owner.get(`/api/v1/waves/${wave.id}`)).json();
    expect(done).toMatchObject({ status: 'done', nextRunAt: null, invitations: { scheduled: 7, total: 7 } });

    const audit = await t.database.db.selectFrom('audit_log').select('action').where('target_id', '=', wave.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['wave.created']);

    // A manager reads waves, but counts only the invitations to contacts of their subtree.
    const nordics = (await owner.post('/api/v1/units', { name: 'Nordics', parentId: ws.rootUnitId })).json();
    await seedUser(t.database, ws.workspaceId, 'mona@waves.test', 'manager', nordics.id);
    const manager = await signIn(t.app, 'mona@waves.test');
    expect((await manager.get(`/api/v1/waves/${wave.id}`)).json().invitations.total).toBe(0);
    expect((await manager.post('/api/v1/waves/preview', { surveyId, filter: {} })).statusCode).toBe(403);
  });

  it('check their input: the kind, the period, the survey', async () => {
    const startsAt = new Date().toISOString();
    const base = { surveyId, name: 'Checked', filter: {}, startsAt };
    expect(fields(await owner.post('/api/v1/waves', { ...base, kind: 'recurring', everyDays: 3 }))).toEqual(['body.everyDays']);
    expect(fields(await owner.post('/api/v1/waves', { ...base, kind: 'recurring' }))).toEqual(['body.everyDays']);
    expect((await owner.post('/api/v1/waves', { ...base, kind: 'weekly' })).statusCode).toBe(400);
    expect(fields(await owner.post('/api/v1/waves', { ...base, kind: 'one_off', startsAt: 'tomorrow' }))).toEqual(['body.startsAt']);
    expect((await owner.post('/api/v1/waves', { ...base, kind: 'one_off', surveyId: '3f0c6f5e-8a43-4b8e-9c1e-2b7f1f0e5d2a' })).statusCode).toBe(404);

    const closed = await seedSurvey(t.database, ws.workspaceId);
    await t.database.db.updateTable('surveys').set({ status: 'closed' }).where('id', '=', closed.surveyId).execute();
    const refused = await owner.post('/api/v1/waves', { ...base, kind: 'one_off', surveyId: closed.surveyId });
    expect(refused.statusCode).toBe(409);
    expect(fields(refused)).toEqual(['body.surveyId']);

    const draft = await seedSurvey(t.database, ws.workspaceId);
    await t.database.db.updateTable('surveys').set({ status: 'draft' }).where('id', '=', draft.surveyId).execute();
    const waiting = await owner.post('/api/v1/waves', { ...base, kind: 'one_off', surveyId: draft.surveyId });
    expect(waiting.statusCode).toBe(201);
    expect(waiting.json().surveyStatus).toBe('draft');
    const preview = await owner.post('/api/v1/waves/preview', { surveyId: draft.surveyId, filter: {} });
    expect(preview.json().surveyStatus).toBe('draft');
  });

  it('change name, filter and start before they start; pause, resume and cancel', async () => {
    const startsAt = new Date(Date.now() + 86_400_000).toISOString();
    const wave = (await owner.post('/api/v1/waves', { kind: 'recurring', surveyId, name: 'Pulse', filter: {}, startsAt, everyDays: 30 })).json();
    const patched = await owner.patch(`/api/v1/waves/${wave.id}`, { name: 'Pulse (VIP)', filter: { segment: 'vip', subtree: true, unitId: ws.rootUnitId } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ name: 'Pulse (VIP)', filter: { segment: 'vip', subtree: true, unitId: ws.rootUnitId } });

    expect((await owner.post(`/api/v1/waves/${wave.id}/resume`)).statusCode).toBe(409);
    const paused = await owner.post(`/api/v1/waves/${wave.id}/pause`);
    expect(paused.json()).toMatchObject({ status: 'paused', nextRunAt: null });
    const filterWhilePaused = await owner.patch(`/api/v1/waves/${wave.id}`, { filter: {} });
    expect(filterWhilePaused.statusCode).toBe(409);
    expect(fields(filterWhilePaused)).toEqual(['body.filter']);
    expect((await owner.post(`/api/v1/waves/${wave.id}/resume`)).json().status).toBe('scheduled');

    await planWaves(t.database.db, new Date(Date.now() + 31 * 86_400_000));
    const running = (await owner.get(`/api/v1/waves/${wave.id}`)).json();
    expect(running.status).toBe('running');
    expect(running.invitations.scheduled).toBe(7);
    expect(fields(await owner.patch(`/api/v1/waves/${wave.id}`, { startsAt }))).toEqual(['body.startsAt']);
    expect((await owner.patch(`/api/v1/waves/${wave.id}`, { name: 'Pulse (renamed)' })).json().name).toBe('Pulse (renamed)');

    const cancelled = await owner.post(`/api/v1/waves/${wave.id}/cancel`);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', invitations: { scheduled: 0, cancelled: 7 } });
    expect((await owner.post(`/api/v1/waves/${wave.id}/cancel`)).statusCode).toBe(200);
    expect((await owner.post(`/api/v1/waves/${wave.id}/pause`)).statusCode).toBe(409);
    expect((await owner.patch(`/api/v1/waves/${wave.id}`, { name: 'Again' })).statusCode).toBe(409);

    const audit = await t.database.db.selectFrom('audit_log').select('action').where('target_id', '=', wave.id).orderBy('created_at').execute();
    expect(audit.map((a) => a.action)).toEqual(['wave.created', 'wave.updated', 'wave.paused', 'wave.resumed', 'wave.updated', 'wave.cancelled']);
  });
});
