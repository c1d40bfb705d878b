// Alert rules and loop settings over the API: CRUD with audit entries, field-named problems, and
// the defaults written by migration 0009 for workspaces that existed before it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, seedWorkspace, signIn, startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createPgDatabase, onPostgres } from '../../../test/support/database.ts';
import { type Database, migrate, openDatabase } from '../../db/index.ts';
import { DEFAULT_RULES } from '../../domain/loop/index.ts';

let t: TestApp;
let owner: Client;
let workspaceId: string;

beforeAll(async () => {
  t = await startTestApp();
  workspaceId = (await seedWorkspace(t.database, 'Hygge Loop', 'owner@loop.test')).workspaceId;
  owner = await signIn(t.app, 'owner@loop.test');
});
afterAll(() => t?.close());

const auditOf = (targetId: string) => t.database.db.selectFrom('audit_log').select('action').where('target_id', '=', targetId).orderBy('id').execute();

describe('alert rules', () => {
  it('are created, changed and deleted with audit entries; their cases would stay', async () => {
    const created = await owner.post('/api/v1/alert-rules', {
      name: 'VIP detractors to Slack',
      conditions: [
        { type: 'category', categories: ['detractor'] },
        { type: 'segment', values: ['vip'] },
      ],
      actions: [
        { type: 'create_case', kind: 'follow_up', slaHours: 4 },
        { type: 'slack', url: 'https://hooks.slack.com/services/T000/B000/secret123' },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expect(created.json()).toMatchObject({ enabled: true, defaultKey: null, name: 'VIP detractors to Slack' });
    const changed = await owner.patch(`/api/v1/alert-rules/${id}`, { enabled: false, name: 'VIP detractors' });
    expect(changed.json()).toMatchObject({ enabled: false, name: 'VIP detractors', conditions: created.json().conditions });
    expect((await owner.get(`/api/v1/alert-rules/${id}`)).json().name).toBe('VIP detractors');
    expect((await owner.delete(`/api/v1/alert-rules/${id}`)).statusCode).toBe(204);
    expect((await owner.get(`/api/v1/alert-rules/${id}`)).statusCode).toBe(404);
    expect((await auditOf(id)).map((a) => a.action)).toEqual(['alert_rule.created', 'alert_rule.updated', 'alert_rule.deleted']);
  });

  it('refuse documents that cannot be evaluated, naming the field', async () => {
    const bad = await owner.post('/api/v1/alert-rules', {
      name: 'Broken',
      conditions: [{ type: 'sentiment', below: -0.5 }],
      actions: [{ type: 'teams', url: 'ftp://example.com/hook' }],
    });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['body.conditions.0.type', 'body.actions.0.url']));
  });
});

describe('loop settings', () => {
  it('start with defaults and change with an audit entry', async () => {
    const defaults = (await owner.get('/api/v1/loop-settings')).json();
    expect(defaults).toMatchObject({
      timeZone: 'Europe/Copenhagen',
      workdays: [1, 2, 3, 4, 5],
      startMinute: 480,
      endMinute: 960,
      defaultSlaHours: 24,
      holidayCountry: null,
      programmeLeadMemberId: null,
    });
    expect(defaults.rootCauses).toContain('Delivery');
    const changed = await owner.put('/api/v1/loop-settings', {
      timeZone: 'Europe/Stockholm',
      holidayCountry: 'SE',
      holidays: ['2026-06-19', '2026-06-19'],
      rootCauses: ['Price', 'Staff'],
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({
      timeZone: 'Europe/Stockholm',
      holidayCountry: 'SE',
      holidays: ['2026-06-19'],
      rootCauses: ['Price', 'Staff'],
      defaultSlaHours: 24,
    });
    expect((await auditOf(workspaceId)).map((a) => a.action)).toContain('loop_settings.updated');
  });

  it('refuse an unknown zone or country, hours that end before they start, and a lead from elsewhere', async () => {
    const problems = async (body: unknown) => ((await owner.put('/api/v1/loop-settings', body)).json().errors as { field: string; message: string }[]) ?? [];
    expect(await problems({ timeZone: 'Mars/Olympus' })).toEqual([expect.objectContaining({ field: 'body.timeZone' })]);
    expect(await problems({ holidayCountry: 'XX' })).toEqual([expect.objectContaining({ field: 'body.holidayCountry' })]);
    expect(await problems({ holidayCountry: 'DE-XX' })).toEqual([expect.objectContaining({ field: 'body.holidayCountry' })]);
    expect((await owner.put('/api/v1/loop-settings', { holidayCountry: 'DE-BY' })).json().holidayCountry).toBe('DE-BY');
    expect(await problems({ startMinute: 900, endMinute: 600 })).toEqual([
      expect.objectContaining({ field: 'body.endMinute', message: expect.stringContaining('after startMinute') }),
    ]);
    expect(await problems({ programmeLeadMemberId: '3f0c6f5e-8a43-4b8e-9c1e-2b7f1f0e5d2a' })).toEqual([
      expect.objectContaining({ field: 'body.programmeLeadMemberId' }),
    ]);
    expect(await problems({ defaultSlaHours: 0 })).toEqual([expect.objectContaining({ field: 'body.defaultSlaHours' })]);
  });
});

describe('migration 0009', () => {
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    if (onPostgres) {
      const created = await createPgDatabase();
      database = await openDatabase({ kind: 'postgres', url: created.url, poolSize: 2 });
      drop = async () => {
        await database.close();
        await created.drop();
      };
    } else {
      database = await openDatabase({ kind: 'pglite-memory' });
      drop = () => database.close();
    }
  });
  afterAll(() => drop?.());

  it('gives workspaces that existed before it the default rules, in the order new workspaces get them', async () => {
    await migrate(database, 8);
    const existing = await database.db.insertInto('workspaces').values({ name: 'Before the loop' }).returning('id').executeTakeFirstOrThrow();
    await migrate(database);
    const rules = await database.db
      .selectFrom('alert_rules')
      .select(['name', 'conditions', 'actions', 'default_key', 'enabled'])
      .where('workspace_id', '=', existing.id)
      .orderBy('created_at')
      .execute();
    expect(rules).toEqual(
      DEFAULT_RULES.map((rule) => ({
        name: rule.create.name,
        conditions: rule.create.conditions,
        actions: rule.create.actions,
        default_key: rule.defaultKey,
        enabled: true,
      })),
    );
  });
});
