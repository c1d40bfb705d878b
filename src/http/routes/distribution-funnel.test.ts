// GET /api/v1/distribution/funnel: counts per group as the domain makes them, scoped to the caller
// (a manager's subtree; frontline not at all), and 400s that name the field for malformed queries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedApiKey, seedUser, seedWorkspace, signIn, startTestApp, type TestApp, withApiKey } from '../../../test/support/app.ts';
import { seedInvitationStates, seedWave } from '../../../test/support/funnel.ts';
import { seedSurvey } from '../../../test/support/surveys.ts';
import { actorForUser } from '../../domain/auth/index.ts';
import { createUnit } from '../../domain/organisation/index.ts';

let t: TestApp;
let owner: Awaited<ReturnType<typeof signIn>>;
const ids = { pulse: '', wave: '', nordics: '', germany: '' };
let readKey = '';

const fields = (response: { json(): { errors?: { field: string }[] } }) => response.json().errors?.map((e) => e.field);

beforeAll(async () => {
  t = await startTestApp();
  const ws = await seedWorkspace(t.database, 'Funnel Routes', 'olga@funnel-routes.test');
  const ownerActor = await actorForUser(t.database.db, ws.ownerUserId, ws.workspaceId, 'test');
  if (!ownerActor) throw new Error('no owner actor');
  ids.nordics = (await createUnit(t.database.db, ownerActor, { name: 'Nordics', parentId: ws.rootUnitId }, {})).id;
  ids.germany = (await createUnit(t.database.db, ownerActor, { name: 'Germany', parentId: ws.rootUnitId }, {})).id;
  await seedUser(t.database, ws.workspaceId, 'max@funnel-routes.test', 'manager', ids.nordics);
  await seedUser(t.database, ws.workspaceId, 'fay@funnel-routes.test', 'frontline', ids.nordics);
  await seedUser(t.database, ws.workspaceId, 'ann@funnel-routes.test', 'analyst', ws.rootUnitId);
  owner = await signIn(t.app, 'olga@funnel-routes.test');
  ids.pulse = (await seedSurvey(t.database, ws.workspaceId, { name: 'Customer pulse' })).surveyId;
  ids.wave = await seedWave(t.database, ws.workspaceId, ids.pulse, 'Spring wave');
  const at = new Date(Date.now() - 86_400_000);
  const seed = { workspaceId: ws.workspaceId, surveyId: ids.pulse, waveId: ids.wave, at };
  await seedInvitationStates(t.database, { ...seed, unitId: ids.nordics }, ['sent', 'clicked', 'completed', 'queued', { skipped: 'no_email' }]);
  await seedInvitationStates(t.database, { ...seed, unitId: ids.germany }, ['sent', 'bounced']);
  readKey = await seedApiKey(t.database, ws.workspaceId, 'read');
}, 60_000);
afterAll(() => t?.close());

describe('GET /api/v1/distribution/funnel', () => {
  it('answers the counts per group with rates and the typical ranges', async () => {
    const response = await owner.get('/api/v1/distribution/funnel?groupBy=unit');
    expect(response.statusCode, response.body).toBe(200);
    const funnel = response.json();
    expect(funnel.groupBy).toBe('unit');
    expect(funnel.groups).toEqual([
      expect.objectContaining({ id: ids.germany, name: 'Germany', invitations: 2, sent: 1, bounced: 1, completed: 0, responseRate: 0 }),
      expect.objectContaining({
        id: ids.nordics,
        name: 'Nordics',
        invitations: 5,
        sent: 3,
        queued: 1,
        clicked: 2,
        started: 1,
        completed: 1,
        skipped: 1,
        responseRate: 1 / 3,
        clickRate: 2 / 3,
      }),
    ]);
    expect(funnel.groups[1].skippedByReason).toMatchObject({ no_email: 1, recently_invited: 0 });
    expect(funnel.totals).toMatchObject({ invitations: 7, sent: 4, completed: 1, responseRate: 1 / 4 });
    expect(funnel.typicalResponseRates.b2b).toEqual({ average: 0.23, low: 0.02, high: 0.68 });

    const byWave = (await owner.get(`/api/v1/distribution/funnel?groupBy=wave&surveyId=${ids.pulse}&unitId=${ids.germany}`)).json();
    expect(byWave.groups).toEqual([expect.objectContaining({ id: ids.wave, name: 'Spring wave', invitations: 2 })]);
  });

  it('takes whole days as the period: from the first day’s start to the end of the last', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const funnel = (await owner.get(`/api/v1/distribution/funnel?groupBy=none&from=${yesterday}&to=${today}`)).json();
    expect(funnel.from).toBe(`${yesterday}T00:00:00.000Z`);
    expect(funnel.to).toBe(`${new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)}T00:00:00.000Z`);
    expect(funnel.totals.invitations).toBe(7);
    const before = (await owner.get(`/api/v1/distribution/funnel?to=${new Date(Date.now() - 2 * 86_400_000).toISOString()}`)).json();
    expect(before.totals.invitations).toBe(0);
    expect(before.totals.responseRate).toBeNull();
  });

  it('counts for a manager only their subtree; analysts and keys see all; frontline is refused', async () => {
    const manager = await signIn(t.app, 'max@funnel-routes.test');
    const managed = (await manager.get('/api/v1/distribution/funnel?groupBy=unit')).json();
    expect(managed.groups.map((g: { name: string }) => g.name)).toEqual(['Nordics']);
    expect(managed.totals.invitations).toBe(5);
    const analyst = await signIn(t.app, 'ann@funnel-routes.test');
    expect((await analyst.get('/api/v1/distribution/funnel')).json().totals.invitations).toBe(7);
    const key = withApiKey(t.app, readKey);
    expect((await key.get('/api/v1/distribution/funnel')).json().totals.invitations).toBe(7);
    const frontline = await signIn(t.app, 'fay@funnel-routes.test');
    expect((await frontline.get('/api/v1/distribution/funnel')).statusCode).toBe(403);
  });

  it('rejects a bad grouping, a bad date, a bad id and a period that ends before it starts, naming the field', async () => {
    const bad = async (query: string) => {
      const response = await owner.get(`/api/v1/distribution/funnel?${query}`);
      expect(response.statusCode, response.body).toBe(400);
      return { fields: fields(response), detail: response.json().detail as string };
    };
    expect(await bad('groupBy=account')).toEqual({
      fields: ['query.groupBy'],
      detail: expect.stringContaining('must be one of survey, wave, trigger, unit, none'),
    });
    expect(await bad('from=31-03-2026')).toEqual({ fields: ['query.from'], detail: expect.stringContaining('ISO 8601') });
    expect((await bad('to=2026-02-30T25:00:00Z')).fields).toEqual(['query.to']);
    expect((await bad('surveyId=nope')).fields).toEqual(['query.surveyId']);
    expect(await bad('from=2026-03-02&to=2026-03-01')).toEqual({ fields: ['query.from'], detail: expect.stringContaining('must be before to') });
  });

  it('is in the OpenAPI document', async () => {
    const document = (await owner.get('/api/v1/openapi.json')).json();
    expect(document.paths['/api/v1/distribution/funnel'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['groupBy', 'surveyId', 'waveId', 'triggerRuleId', 'unitId', 'from', 'to']),
    );
    expect(document.components.schemas.DistributionFunnel).toBeDefined();
  });
});
