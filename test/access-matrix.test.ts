// The access matrix: every role and API-key scope (and anonymous) × every workspace endpoint ×
// a target in the actor's own subtree, in a sibling subtree, and in another workspace.
// The policy is the table `endpoints` below; each cell becomes one test.
//
// Workspace A:  root ─┬─ Nordics ── Denmark      manager placed in Nordics, frontline in Denmark,
//                     └─ Germany                 owner, admin and analyst at the root.
// Workspace B:  root ── Sweden                   never visible from A: always 404, never 403.
//
// Mutating cells create a fresh target first (as that workspace's owner, through the domain),
// so no cell depends on another or on their order.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.ts';
import type { Db, Role } from '../src/db/index.ts';
import type { UserActor } from '../src/domain/access/index.ts';
import { issueApiKey } from '../src/domain/api-keys/index.ts';
import { actorForUser, createSession } from '../src/domain/auth/index.ts';
import { createAccount, createAttributeDefinition, createContact } from '../src/domain/contacts/index.ts';
import { changeWaveStatus, createTriggerRule, createWave } from '../src/domain/distribution/index.ts';
import { createImport, saveImportMapping } from '../src/domain/imports/index.ts';
import { createWebhookEndpoint, emitWebhookEvent } from '../src/domain/integrations/index.ts';
import { createAlertRule } from '../src/domain/loop/index.ts';
import { createMember, createUnit, provisionUser } from '../src/domain/organisation/index.ts';
import {
  createSurvey,
  createTouchpoint,
  publishSurvey,
  SurveyDefinition,
  setSurveyOpen,
  surveyTranslationsWorkbook,
  XLSX_TYPE,
} from '../src/domain/surveys/index.ts';
import type { App } from '../src/http/types.ts';
import { seedAnswers, seedKindSurvey } from './support/analytics.ts';
import { seedApiKey, seedWorkspace, startTestApp, type TestApp } from './support/app.ts';
import { multipart } from './support/imports.ts';
import { npsDefinition } from './support/survey-definition.ts';

type ActorName = 'owner' | 'admin' | 'analyst' | 'manager' | 'frontline' | 'key-read' | 'key-write' | 'anonymous';
/** own: inside the actor's subtree (Denmark); other: Germany; foreign: workspace B; self: the actor's own unit or member row; none: the endpoint takes no target.
 * For contacts and accounts, own is in Denmark and owned by the frontline person; peer is in Denmark and owned by someone else.
 * linked: an account in Germany, owned by someone there, with a contact in Denmark owned by the frontline person. */
type Target = 'own' | 'peer' | 'other' | 'linked' | 'foreign' | 'self' | 'none';
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const ACTORS: ActorName[] = ['owner', 'admin', 'analyst', 'manager', 'frontline', 'key-read', 'key-write', 'anonymous'];

// ── The rules ────────────────────────────────────────────────────────────────────────────────
const among =
  (...names: ActorName[]) =>
  (actor: ActorName) =>
    names.includes(actor);
const everyone = () => true;
const seesWholeWorkspace = among('owner', 'admin', 'analyst', 'key-read', 'key-write');
const editsOrganisation = among('owner', 'admin', 'key-write');
const editsMembers = among('owner', 'admin', 'key-write', 'manager');
const managesAccess = among('owner', 'admin');
const readsLogs = among('owner', 'admin', 'key-read', 'key-write');
const editsContacts = among('owner', 'admin', 'key-write', 'manager');
const managesContactData = editsOrganisation;
const people = among('owner', 'admin', 'analyst', 'manager', 'frontline');

/**
 * How far a target is visible. 'unit': the own target is the unit Denmark itself, which the
 * frontline person (placed there) sees. 'inside': the own target is something inside Denmark
 * (a child unit, another member), which only whole-workspace actors and the manager see.
 * 'workspace': anything of the own workspace is visible to everyone (API keys).
 * 'owned': contacts and accounts, which frontline sees only when they own them (target own, not peer); an account
 * is also seen by whoever sees one of its contacts (target linked: the manager and the frontline person).
 */
type Sight = 'unit' | 'inside' | 'workspace' | 'owned';

function visible(actor: ActorName, target: Target, sight: Sight): boolean {
  if (target === 'foreign') return false;
  if (target === 'none' || target === 'self' || sight === 'workspace' || seesWholeWorkspace(actor)) return true;
  if (target === 'other') return false;
  if (target === 'linked') return actor === 'manager' || actor === 'frontline';
  return actor === 'manager' || (actor === 'frontline' && (sight === 'unit' || (sight === 'owned' && target === 'own')));
}

/** Visibility before permission: unseen → 404, seen but not allowed → 403. */
const expected = (actor: ActorName, target: Target, sight: Sight, may: Endpoint['may'], ok: number): number =>
  actor === 'anonymous' ? 401 : !visible(actor, target, sight) ? 404 : may(actor, target) ? ok : 403;

// ── The fixture ──────────────────────────────────────────────────────────────────────────────
let t: TestApp;
let db: Db;
let n = 0;
const unique = (prefix: string) => `${prefix}-${++n}`;

interface World {
  a: { workspaceId: string; root: string; nordics: string; denmark: string; germany: string; dana: string; gus: string; owner: UserActor };
  b: { workspaceId: string; root: string; sweden: string; member: string; owner: UserActor; markers: string[] };
  actors: Record<Exclude<ActorName, 'anonymous'>, { headers: Record<string, string>; unitId?: string; memberId?: string }>;
  paths: Map<string, string>;
  /** Existing contacts, accounts and attribute definitions per target, for reads. */
  contacts: Record<'own' | 'peer' | 'other' | 'foreign', string>;
  accounts: Record<'own' | 'peer' | 'other' | 'linked' | 'foreign', string>;
  definitions: Record<'own' | 'foreign', string>;
  /** Finished imports (with a report), for reads. */
  imports: Record<'own' | 'foreign', string>;
}
let w: World;

async function ownerActor(userId: string, workspaceId: string): Promise<UserActor> {
  const actor = await actorForUser(db, userId, workspaceId, 'matrix setup');
  if (!actor) throw new Error('owner has no actor');
  return actor;
}

const ctx = {};
const unitIn = async (owner: UserActor, parentId: string) => (await createUnit(db, owner, { name: unique('unit'), parentId }, ctx)).id;
const memberIn = async (owner: UserActor, unitId: string) => (await createMember(db, owner, { name: unique('member'), unitId }, ctx)).id;
const userIn = async (workspaceId: string, unitId: string, role: Role = 'frontline') =>
  (await provisionUser(db, { workspaceId, email: `${unique('user')}@matrix.test`, role, unitId })).memberId;

async function sessionHeaders(userId: string, workspaceId: string) {
  const session = await createSession(db, { userId, workspaceId, ttlHours: 1 });
  return { cookie: `anbefal_session=${session.token}`, 'x-csrf-token': session.csrfToken };
}

async function personIn(workspaceId: string, role: Role, unitId: string) {
  const { userId, memberId } = await provisionUser(db, { workspaceId, email: `${role}@alpha.test`, name: `Alpha ${role}`, role, unitId });
  return { headers: await sessionHeaders(userId, workspaceId), unitId, memberId };
}

function send(app: App, headers: Record<string, string>, method: Method, url: string, body?: unknown): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    payload: body === undefined ? undefined : JSON.stringify(body),
  });
}

beforeAll(async () => {
  t = await startTestApp();
  db = t.database.db;

  const seededA = await seedWorkspace(t.database, 'Workspace Alpha', 'owner@alpha.test');
  const ownerA = await ownerActor(seededA.ownerUserId, seededA.workspaceId);
  const nordics = (await createUnit(db, ownerA, { name: 'Nordics', parentId: seededA.rootUnitId }, ctx)).id;
  const denmark = (await createUnit(db, ownerA, { name: 'Denmark', parentId: nordics }, ctx)).id;
  const germany = (await createUnit(db, ownerA, { name: 'Germany', parentId: seededA.rootUnitId }, ctx)).id;
  const dana = (await createMember(db, ownerA, { name: 'Dana in Denmark', unitId: denmark }, ctx)).id;
  const gus = (await createMember(db, ownerA, { name: 'Gus in Germany', unitId: germany }, ctx)).id;

  const seededB = await seedWorkspace(t.database, 'Workspace Bravo', 'owner@bravo.test');
  const ownerB = await ownerActor(seededB.ownerUserId, seededB.workspaceId);
  const sweden = (await createUnit(db, ownerB, { name: 'Bravo Sweden', parentId: seededB.rootUnitId }, ctx)).id;
  const bMember = (await createMember(db, ownerB, { name: 'Bravo Member', email: 'member@bravo.test', unitId: sweden }, ctx)).id;
  const bKey = await issueApiKey(
    db,
    { workspaceId: seededB.workspaceId, name: 'Bravo key', scope: 'read', createdBy: null },
    { kind: 'system', label: 'test' },
  );

  const ownerHeaders = await sessionHeaders(seededA.ownerUserId, seededA.workspaceId);
  const actors: World['actors'] = {
    owner: { headers: ownerHeaders, unitId: seededA.rootUnitId, memberId: seededA.memberId },
    admin: await personIn(seededA.workspaceId, 'admin', seededA.rootUnitId),
    analyst: await personIn(seededA.workspaceId, 'analyst', seededA.rootUnitId),
    manager: await personIn(seededA.workspaceId, 'manager', nordics),
    frontline: await personIn(seededA.workspaceId, 'frontline', denmark),
    'key-read': { headers: { authorization: `Bearer ${await seedApiKey(t.database, seededA.workspaceId, 'read')}` } },
    'key-write': { headers: { authorization: `Bearer ${await seedApiKey(t.database, seededA.workspaceId, 'write')}` } },
  };

  // Both workspaces have emails in their outbox and entries in their audit log.
  for (const [headers, unitId, email] of [
    [ownerHeaders, denmark, 'invitee@alpha.test'],
    [await sessionHeaders(seededB.ownerUserId, seededB.workspaceId), sweden, 'invitee@bravo.test'],
  ] as const) {
    const invited = await send(t.app, headers, 'POST', '/api/v1/users/invitations', { email, name: 'Invitee', role: 'analyst', unitId });
    if (invited.statusCode !== 201) throw new Error(invited.body);
  }

  const units = await db.selectFrom('units').select(['id', 'path']).execute();
  const placed = { own: [denmark, actors.frontline.memberId], peer: [denmark, dana], other: [germany, gus] } as const;
  const contacts = { foreign: (await createContact(db, ownerB, { unitId: sweden, ownerMemberId: bMember }, ctx)).id } as World['contacts'];
  const accounts = { foreign: (await createAccount(db, ownerB, { name: 'Bravo Account', unitId: sweden }, ctx)).id } as World['accounts'];
  for (const [target, [unitId, ownerMemberId]] of Object.entries(placed) as ['own' | 'peer' | 'other', readonly [string, string | undefined]][]) {
    contacts[target] = (await createContact(db, ownerA, { unitId, ownerMemberId }, ctx)).id;
    accounts[target] = (await createAccount(db, ownerA, { name: `${target} account`, unitId, ownerMemberId }, ctx)).id;
  }
  accounts.linked = (await createAccount(db, ownerA, { name: 'linked account', unitId: germany, ownerMemberId: gus }, ctx)).id;
  await createContact(db, ownerA, { unitId: denmark, ownerMemberId: actors.frontline.memberId, accountId: accounts.linked }, ctx);
  const definitions = {
    own: (await createAttributeDefinition(db, ownerA, { key: 'alpha_region', label: 'Region', type: 'text' }, ctx)).id,
    foreign: (await createAttributeDefinition(db, ownerB, { key: 'bravo_region', label: 'Region', type: 'text' }, ctx)).id,
  };
  w = {
    a: { workspaceId: seededA.workspaceId, root: seededA.rootUnitId, nordics, denmark, germany, dana, gus, owner: ownerA },
    b: {
      workspaceId: seededB.workspaceId,
      root: seededB.rootUnitId,
      sweden,
      member: bMember,
      owner: ownerB,
      // Anything that would betray workspace B in an answer to an actor of A.
      markers: [seededB.workspaceId, seededB.rootUnitId, sweden, bMember, bKey.id, bKey.prefix, 'Bravo', 'bravo.test', contacts.foreign, accounts.foreign],
    },
    actors,
    paths: new Map(units.map((u) => [u.id, u.path])),
    contacts,
    accounts,
    definitions,
    imports: { own: '', foreign: '' },
  };
  w.imports = { own: await freshImport('own'), foreign: await freshImport('foreign') };
  w.b.markers.push(w.imports.foreign);
}, 120_000);

afterAll(() => t?.close());

// ── Scope checks for successful reads ────────────────────────────────────────────────────────
type Scope = (actor: ActorName, body: unknown) => Promise<void>;

const idsOf = (body: unknown) => ((body as { items: { id?: string; memberId?: string }[] }).items ?? []).map((item) => item.id ?? item.memberId ?? '');

type Table = 'units' | 'members' | 'api_keys' | 'outbox' | 'contacts' | 'accounts';

async function rowsIn(table: Table, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom(table).select(['id', 'workspace_id']).where('id', 'in', ids).execute();
}

/** Every listed row belongs to workspace A. */
const ofWorkspaceA =
  (table: Table): Scope =>
  async (_actor, body) => {
    const ids = idsOf(body);
    const rows = await rowsIn(table, ids);
    expect(rows).toHaveLength(ids.length);
    for (const row of rows) expect(row.workspace_id).toBe(w.a.workspaceId);
  };

const unitsScope: Scope = async (actor, body) => {
  await ofWorkspaceA('units')(actor, body);
  const ids = idsOf(body);
  if (actor === 'frontline') expect(ids).toEqual([w.a.denmark]);
  else if (actor === 'manager') {
    const nordicsPath = w.paths.get(w.a.nordics) as string;
    const paths = (await db.selectFrom('units').select('path').where('id', 'in', ids).execute()).map((u) => u.path);
    expect(paths.every((p) => p.startsWith(nordicsPath))).toBe(true);
    expect(ids).toEqual(expect.arrayContaining([w.a.nordics, w.a.denmark]));
    expect(ids).not.toContain(w.a.germany);
  } else expect(ids).toEqual(expect.arrayContaining([w.a.root, w.a.nordics, w.a.denmark, w.a.germany]));
};

const membersScope: Scope = async (actor, body) => {
  await ofWorkspaceA('members')(actor, body);
  const ids = idsOf(body);
  if (actor === 'frontline') expect(ids).toEqual([w.actors.frontline.memberId]);
  else if (actor === 'manager') {
    const nordicsPath = w.paths.get(w.a.nordics) as string;
    const paths = (await db.selectFrom('members as m').innerJoin('units as u', 'u.id', 'm.unit_id').select('u.path').where('m.id', 'in', ids).execute()).map(
      (u) => u.path,
    );
    expect(paths.every((p) => p.startsWith(nordicsPath))).toBe(true);
    expect(ids).toEqual(expect.arrayContaining([w.a.dana, w.actors.manager.memberId, w.actors.frontline.memberId]));
    expect(ids).not.toContain(w.a.gus);
  } else expect(ids).toEqual(expect.arrayContaining([w.a.dana, w.a.gus]));
};

/** Contacts and accounts: frontline sees what they own, a manager their subtree, the rest everything. */
const ownedScope =
  (table: 'contacts' | 'accounts'): Scope =>
  async (actor, body) => {
    await ofWorkspaceA(table)(actor, body);
    const ids = idsOf(body);
    const fixture = table === 'contacts' ? w.contacts : w.accounts;
    // Accounts also show to whoever sees one of their contacts.
    const linked = table === 'accounts' ? [w.accounts.linked] : [];
    if (actor === 'frontline') {
      const owners = await db.selectFrom(table).select(['id', 'owner_member_id']).where('id', 'in', ids).execute();
      expect(owners.every((row) => row.owner_member_id === w.actors.frontline.memberId || linked.includes(row.id))).toBe(true);
      expect(ids).toEqual(expect.arrayContaining([fixture.own, ...linked]));
      expect(ids).not.toContain(fixture.peer);
    } else if (actor === 'manager') {
      expect(ids).toEqual(expect.arrayContaining([fixture.own, fixture.peer, ...linked]));
      expect(ids).not.toContain(fixture.other);
    } else expect(ids).toEqual(expect.arrayContaining([fixture.own, fixture.peer, fixture.other, ...linked]));
  };

/** Cases: frontline sees the cases they own (or watch), a manager those of units in their subtree, the rest all of workspace A. */
const casesScope: Scope = async (actor, body) => {
  const ids = idsOf(body);
  if (ids.length === 0) return;
  const rows = await db
    .selectFrom('cases as c')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .select(['c.workspace_id', 'c.owner_member_id', 'c.watcher_member_ids', 'u.path'])
    .where('c.id', 'in', ids)
    .execute();
  expect(rows).toHaveLength(ids.length);
  for (const row of rows) {
    expect(row.workspace_id).toBe(w.a.workspaceId);
    if (actor === 'frontline')
      expect(row.owner_member_id === w.actors.frontline.memberId || row.watcher_member_ids.includes(w.actors.frontline.memberId as string)).toBe(true);
    if (actor === 'manager') expect(row.path.startsWith(w.paths.get(w.a.nordics) as string)).toBe(true);
  }
};

const workspaceScope: Scope = async (_actor, body) => {
  expect((body as { id: string }).id).toBe(w.a.workspaceId);
};

// ── The table: one row per endpoint ──────────────────────────────────────────────────────────
interface Endpoint {
  /** How a reader names it. */
  name: string;
  targets: Target[];
  sight: Sight;
  may: (actor: ActorName, target: Target) => boolean;
  ok: number;
  /** The request for one cell; creates a fresh target where the cell changes something. */
  request(
    target: Target,
    actor: ActorName,
  ): Promise<{ method: Method; url: string; body?: unknown; form?: { payload: Buffer; headers: Record<string, string> } }>;
  scope?: Scope;
}

const TRI: Target[] = ['own', 'other', 'foreign'];
const ONE_PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const NONE: Target[] = ['none'];

/** The existing unit for a target (reads, and parents for creation). */
const unitFor = (target: Target, actor: ActorName) =>
  target === 'own' ? w.a.denmark : target === 'other' ? w.a.germany : target === 'foreign' ? w.b.sweden : (w.actors[actor as 'owner'].unitId as string);
/** A fresh unit below the target's unit, created by that workspace's owner. */
const freshUnit = (target: Target) => (target === 'foreign' ? unitIn(w.b.owner, w.b.sweden) : unitIn(w.a.owner, unitFor(target, 'owner')));
const freshMember = (target: Target) => (target === 'foreign' ? memberIn(w.b.owner, w.b.sweden) : memberIn(w.a.owner, unitFor(target, 'owner')));
const freshUser = (target: Target) => (target === 'foreign' ? userIn(w.b.workspaceId, w.b.sweden) : userIn(w.a.workspaceId, unitFor(target, 'owner')));
/** A fresh contact or account per target, placed (and owned) as the fixture's. */
const placement = (target: Target) =>
  target === 'own'
    ? { unitId: w.a.denmark, ownerMemberId: w.actors.frontline.memberId }
    : target === 'peer'
      ? { unitId: w.a.denmark, ownerMemberId: w.a.dana }
      : target === 'other'
        ? { unitId: w.a.germany, ownerMemberId: w.a.gus }
        : { unitId: w.b.sweden, ownerMemberId: w.b.member };
const ownerOf = (target: Target) => (target === 'foreign' ? w.b.owner : w.a.owner);
const freshContact = async (target: Target) => (await createContact(db, ownerOf(target), placement(target), ctx)).id;
async function freshAccount(target: Target) {
  if (target !== 'linked') return (await createAccount(db, ownerOf(target), { name: unique('account'), ...placement(target) }, ctx)).id;
  const id = (await createAccount(db, w.a.owner, { name: unique('account'), ...placement('other') }, ctx)).id;
  await createContact(db, w.a.owner, { ...placement('own'), accountId: id }, ctx);
  return id;
}
/** Webhook endpoints only need a config to seal their secret; their URL is refused (loopback) if ever sent to. */
const webhookConfig = parseConfig({ NODE_ENV: 'test', ANBEFAL_SECRET_KEY: 'access-matrix-secret-key-0123456789abcdef' });
const freshWebhookEndpoint = async (target: Target) =>
  (await createWebhookEndpoint(db, ownerOf(target), { url: 'http://127.0.0.1:9/hook', eventTypes: ['case.created'] }, webhookConfig, ctx)).id;
async function freshWebhookDelivery(target: Target) {
  const endpointId = await freshWebhookEndpoint(target);
  await emitWebhookEvent(db, ownerOf(target).workspaceId, 'case.created', { id: unique('case') }, new Date());
  const delivery = await db.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', endpointId).executeTakeFirstOrThrow();
  return `${endpointId}/deliveries/${delivery.id}`;
}
const freshDefinition = async (target: Target) =>
  (await createAttributeDefinition(db, ownerOf(target), { key: unique('attr').replace('-', '_'), label: 'Fresh', type: 'text' }, ctx)).id;
const existing = (target: Target) => target as 'own' | 'peer' | 'other' | 'foreign';
/** A finished import of a one-line file, as the owner of the target's workspace. */
async function freshImport(target: Target) {
  const file = (async function* () {
    yield Buffer.from('email\nmatrix@alpha.test\n');
  })();
  const { row } = await createImport(db, ownerOf(target), {
    fileName: 'matrix.csv',
    file,
    options: async () => ({ policy: 'skip_bad_rows', unknownOwners: 'report', dryRun: true }),
  });
  await db.updateTable('imports').set({ status: 'succeeded', report_csv: 'row,column,field,value,problem,allowed\r\n' }).where('id', '=', row.id).execute();
  return row.id;
}
const freshMapping = async (target: Target) =>
  (await saveImportMapping(db, ownerOf(target), { name: unique('mapping'), mapping: { version: 1, columns: { Email: 'email' } } })).id;
/** A fresh survey in the target's workspace: a draft, published (active), or closed. */
async function freshSurvey(target: Target, state: 'draft' | 'active' | 'closed' = 'draft') {
  const owner = ownerOf(target);
  const survey = await createSurvey(db, owner, { name: unique('survey'), kind: 'relationship_nps', definition: SurveyDefinition.parse(npsDefinition()) }, ctx);
  if (state !== 'draft') await publishSurvey(db, owner, survey.id, ctx);
  if (state === 'closed') await setSurveyOpen(db, owner, survey.id, false, ctx);
  return survey.id;
}
/** A fresh trigger rule on a fresh survey of the target's workspace. */
const freshRule = async (target: Target) =>
  (
    await createTriggerRule(db, ownerOf(target), {
      name: unique('rule'),
      eventType: 'matrix.event',
      surveyId: await freshSurvey(target),
      conditions: [],
      delay: { kind: 'after', minutes: 0 },
      dedupeDays: 30,
      enabled: true,
    })
  ).id;
/** A fresh one-off wave (next week) on a fresh active survey of the target's workspace; paused when asked. */
async function freshWave(target: Target, paused = false) {
  const owner = ownerOf(target);
  const startsAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
  const wave = await createWave(db, owner, { kind: 'one_off', surveyId: await freshSurvey(target, 'active'), name: unique('wave'), filter: {}, startsAt });
  if (paused) await changeWaveStatus(db, owner, wave.id, 'pause');
  return wave.id;
}
/** A fresh alert rule in the target's workspace. */
const freshAlertRule = async (target: Target) =>
  (
    await createAlertRule(db, ownerOf(target), {
      name: unique('alert'),
      conditions: [{ type: 'score', min: 0, max: 2 }],
      actions: [{ type: 'create_case', kind: 'follow_up' }],
    })
  ).id;
/** A fresh open case on a detractor answer of a fresh contact (with an email), placed and owned as the target's contacts. */
async function freshCase(target: Target) {
  const { unitId, ownerMemberId } = placement(target);
  const contactId = (await createContact(db, ownerOf(target), { ...placement(target), email: `${unique('case')}@matrix.test` }, ctx)).id;
  const surveyId = await freshSurvey(target, 'active');
  const survey = await db.selectFrom('surveys').select(['workspace_id', 'current_version_id']).where('id', '=', surveyId).executeTakeFirstOrThrow();
  const now = new Date();
  const response = await db
    .insertInto('responses')
    .values({
      workspace_id: survey.workspace_id,
      survey_id: surveyId,
      survey_version_id: survey.current_version_id as string,
      contact_id: contactId,
      channel: 'email',
      language: 'en',
      score: 3,
      category: 'detractor',
      unit_id: unitId,
      owner_member_id: ownerMemberId,
      completed_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const opened = await db
    .insertInto('cases')
    .values({
      workspace_id: survey.workspace_id,
      response_id: response.id,
      contact_id: contactId,
      unit_id: unitId,
      kind: 'follow_up',
      title: 'Matrix case',
      owner_member_id: ownerMemberId,
      sla_hours: 24,
      due_at: new Date(now.getTime() + 86_400_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return opened.id;
}
/** Working a case: owner, admin, write keys; managers and frontline on the cases they see. */
const worksCases = among('owner', 'admin', 'key-write', 'manager', 'frontline');
const freshTouchpoint = async (target: Target) => (await createTouchpoint(db, ownerOf(target), { key: unique('tp').replace('-', '_'), name: 'Fresh' }, ctx)).id;
/** A fresh answer in the target's workspace, with the snapshot of the target's placement. */
async function freshResponse(target: Target) {
  const workspaceId = target === 'foreign' ? w.b.workspaceId : w.a.workspaceId;
  const survey = await seedKindSurvey(t.database, workspaceId, { name: unique('answered') });
  const { unitId, ownerMemberId } = placement(target);
  const [id] = await seedAnswers(t.database, { workspaceId, surveyId: survey.surveyId, versionId: survey.versionId, unitId, ownerMemberId }, [9]);
  return id as string;
}
const SURVEY: Target[] = ['own', 'foreign'];
const OWNED: Target[] = ['own', 'peer', 'other', 'foreign'];
const ACCOUNTS: Target[] = [...OWNED, 'linked'];
/** Seeing an account through one of its contacts is read-only. */
const editsAccount = (actor: ActorName, target: Target) => editsContacts(actor) && !(target === 'linked' && actor === 'manager');

const freshKey = async (target: Target) =>
  (
    await issueApiKey(
      db,
      { workspaceId: target === 'foreign' ? w.b.workspaceId : w.a.workspaceId, name: unique('key'), scope: 'read', createdBy: null },
      { kind: 'system', label: 'test' },
    )
  ).id;

const endpoints: Endpoint[] = [
  // Units: everyone reads what they see; owner, admin and write keys change the tree.
  {
    name: 'GET /units',
    targets: NONE,
    sight: 'unit',
    may: everyone,
    ok: 200,
    request: async () => ({ method: 'GET', url: '/api/v1/units' }),
    scope: unitsScope,
  },
  {
    name: 'GET /units/:id',
    targets: [...TRI, 'self'],
    sight: 'unit',
    may: everyone,
    ok: 200,
    request: async (target, actor) => ({ method: 'GET', url: `/api/v1/units/${unitFor(target, actor)}` }),
  },
  {
    name: 'POST /units',
    targets: TRI,
    sight: 'unit',
    may: editsOrganisation,
    ok: 201,
    request: async (target, actor) => ({ method: 'POST', url: '/api/v1/units', body: { name: unique('new unit'), parentId: unitFor(target, actor) } }),
  },
  {
    name: 'PATCH /units/:id',
    targets: TRI,
    sight: 'inside',
    may: editsOrganisation,
    ok: 200,
    request: async (target) => ({ method: 'PATCH', url: `/api/v1/units/${await freshUnit(target)}`, body: { name: unique('renamed') } }),
  },
  {
    name: 'DELETE /units/:id',
    targets: TRI,
    sight: 'inside',
    may: editsOrganisation,
    ok: 204,
    request: async (target) => ({ method: 'DELETE', url: `/api/v1/units/${await freshUnit(target)}` }),
  },

  // Members: managers look after the people of their subtree; frontline sees only themselves.
  {
    name: 'GET /members',
    targets: NONE,
    sight: 'inside',
    may: everyone,
    ok: 200,
    request: async () => ({ method: 'GET', url: '/api/v1/members?limit=500' }),
    scope: membersScope,
  },
  {
    name: 'GET /members/:id',
    targets: [...TRI, 'self'],
    sight: 'inside',
    may: everyone,
    ok: 200,
    request: async (target, actor) => ({
      method: 'GET',
      url: `/api/v1/members/${target === 'own' ? w.a.dana : target === 'other' ? w.a.gus : target === 'foreign' ? w.b.member : w.actors[actor as 'owner'].memberId}`,
    }),
  },
  {
    name: 'POST /members',
    targets: TRI,
    sight: 'unit',
    may: editsMembers,
    ok: 201,
    request: async (target, actor) => ({ method: 'POST', url: '/api/v1/members', body: { name: unique('new member'), unitId: unitFor(target, actor) } }),
  },
  {
    name: 'PATCH /members/:id',
    targets: TRI,
    sight: 'inside',
    may: editsMembers,
    ok: 200,
    request: async (target) => ({ method: 'PATCH', url: `/api/v1/members/${await freshMember(target)}`, body: { name: unique('renamed') } }),
  },
  {
    name: 'DELETE /members/:id',
    targets: TRI,
    sight: 'inside',
    may: editsMembers,
    ok: 204,
    request: async (target) => ({ method: 'DELETE', url: `/api/v1/members/${await freshMember(target)}` }),
  },

  // Users, roles and invitations: owner and admin only; keys never.
  {
    name: 'GET /users',
    targets: NONE,
    sight: 'workspace',
    may: seesWholeWorkspace,
    ok: 200,
    request: async () => ({ method: 'GET', url: '/api/v1/users' }),
    scope: ofWorkspaceA('members'),
  },
  {
    name: 'POST /users/invitations',
    targets: TRI,
    sight: 'unit',
    may: managesAccess,
    ok: 201,
    request: async (target, actor) => ({
      method: 'POST',
      url: '/api/v1/users/invitations',
      body: { email: `${unique('invited')}@matrix.test`, name: 'Invited', role: 'frontline', unitId: unitFor(target, actor) },
    }),
  },
  {
    name: 'PATCH /users/:id',
    targets: TRI,
    sight: 'inside',
    may: managesAccess,
    ok: 200,
    request: async (target) => ({ method: 'PATCH', url: `/api/v1/users/${await freshUser(target)}`, body: { role: 'analyst' } }),
  },
  {
    name: 'DELETE /users/:id',
    targets: TRI,
    sight: 'inside',
    may: managesAccess,
    ok: 204,
    request: async (target) => ({ method: 'DELETE', url: `/api/v1/users/${await freshUser(target)}` }),
  },

  // API keys: owner and admin; a key cannot mint or revoke keys.
  {
    name: 'GET /api-keys',
    targets: NONE,
    sight: 'workspace',
    may: managesAccess,
    ok: 200,
    request: async () => ({ method: 'GET', url: '/api/v1/api-keys' }),
    scope: ofWorkspaceA('api_keys'),
  },
  {
    name: 'POST /api-keys',
    targets: NONE,
    sight: 'workspace',
    may: managesAccess,
    ok: 201,
    request: async () => ({ method: 'POST', url: '/api/v1/api-keys', body: { name: unique('key'), scope: 'read' } }),
  },
  {
    name: 'DELETE /api-keys/:id',
    targets: ['own', 'foreign'],
    sight: 'workspace',
    may: managesAccess,
    ok: 200,
    request: async (target) => ({ method: 'DELETE', url: `/api/v1/api-keys/${await freshKey(target)}` }),
  },

  // Audit log and outbox: owner, admin and keys (for integration).
  {
    name: 'GET /audit-log',
    targets: NONE,
    sight: 'workspace',
    may: readsLogs,
    ok: 200,
    request: async () => ({ method: 'GET', url: '/api/v1/audit-log?limit=500' }),
  },
  {
    name: 'GET /outbox',
    targets: NONE,
    sight: 'workspace',
    may: readsLogs,
    ok: 200,
    request: async () => ({ method: 'GET', url: '/api/v1/outbox?limit=500' }),
    scope: ofWorkspaceA('outbox'),
  },
  // The distribution funnel: whole-workspace readers and managers (who count only their subtree).
  {
    name: 'GET /distribution/funnel',
    targets: NONE,
    sight: 'workspace',
    may: among('owner', 'admin', 'analyst', 'manager', 'key-read', 'key-write'),
    ok: 200,
    request: async () => ({ method: 'GET', url: '/api/v1/distribution/funnel?groupBy=unit' }),
  },
  // Analytics: every role and key, counting only their scope; a unit filter follows unit visibility.
  {
    name: 'GET /analytics/overview',
    targets: TRI,
    sight: 'unit',
    may: everyone,
    ok: 200,
    request: async (target) => ({ method: 'GET', url: `/api/v1/analytics/overview?unitId=${unitFor(target, 'owner')}` }),
  },
  {
    name: 'GET /analytics/account-nps',
    targets: TRI,
    sight: 'unit',
    may: everyone,
    ok: 200,
    request: async (target) => ({ method: 'GET', url: `/api/v1/analytics/account-nps?unitId=${unitFor(target, 'owner')}` }),
  },
  {
    name: 'POST /analytics/compare',
    targets: TRI,
    sight: 'unit',
    may: everyone,
    ok: 200,
    request: async (target) => ({ method: 'POST', url: '/api/v1/analytics/compare', body: { a: {}, b: { unitId: unitFor(target, 'owner') } } }),
  },
  ...[
    'trend',
    'charts/trend.svg',
    'charts/distribution.svg',
    'charts/trend.png',
    'charts/distribution.png',
    'comments',
    'comments.csv',
    'wall',
    'responses',
    'responses.csv',
    'responses.xlsx',
  ].map(
    (view): Endpoint => ({
      name: `GET /analytics/${view}`,
      targets: TRI,
      sight: 'unit',
      may: everyone,
      ok: 200,
      request: async (target) => ({ method: 'GET', url: `/api/v1/analytics/${view}?unitId=${unitFor(target, 'owner')}` }),
    }),
  ),
  {
    name: 'GET /analytics/breakdown',
    targets: TRI,
    sight: 'unit',
    may: everyone,
    ok: 200,
    request: async (target) => ({ method: 'GET', url: `/api/v1/analytics/breakdown?dimension=unit&parentUnitId=${unitFor(target, 'owner')}` }),
  },
  // A response is seen as its snapshot says: frontline the answers of their own customers, a manager those given in their subtree.
  {
    name: 'GET /analytics/responses/:id',
    targets: OWNED,
    sight: 'owned',
    may: everyone,
    ok: 200,
    request: async (target) => ({ method: 'GET', url: `/api/v1/analytics/responses/${await freshResponse(target)}` }),
  },
  // The send tick on demand: whoever manages distribution.
  {
    name: 'POST /distribution/run',
    targets: NONE,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 200,
    request: async () => ({ method: 'POST', url: '/api/v1/distribution/run', body: {} }),
  },

  // Contacts: frontline sees the contacts they own and changes none; a manager sees and changes
  // those of their subtree; bulk upserts, GDPR export and erasure are for owner, admin and write keys.
  {
    name: 'GET /contacts',
    targets: NONE,
    sight: 'owned',
    may: everyone,
    ok: 200,
    request: async () => ({ method: 'GET', url: '/api/v1/contacts?limit=500' }),
    scope: ownedScope('contacts'),
  },
  {
    name: 'GET /contacts/:id',
    targets: OWNED,
    sight: 'owned',
    may: everyone,
    ok: 200,
    request: async (target) => ({ method: 'GET', url: `/api/v1/contacts/${w.contacts[existing(target)]}` }),
  },
  {
    name: 'GET /contacts/:id/surveys',
    targets: OWNED,
    sight: 'owned',
    may: everyone,
    ok: 200,
    request: async (target) => ({ method: 'GET', url: `/api/v1/contacts/${w.contacts[existing(target)]}/surveys` }),
  },
  {
    name: 'POST /contacts',
    targets: TRI,
    sight: 'unit',
    may: editsContacts,
    ok: 201,
    request: async (target, actor) => ({
      method: 'POST',
      url: '/api/v1/contacts',
      body: { unitId: unitFor(target, actor), email: `${unique('c')}@matrix.test` },
    }),
  },
  {
    name: 'PATCH /contacts/:id',
    targets: OWNED,
    sight: 'owned',
    may: editsContacts,
    ok: 200,
    request: async (target) => ({ method: 'PATCH', url: `/api/v1/contacts/${await freshContact(target)}`, body: { firstName: unique('renamed') } }),
  },
  {
    name: 'DELETE /contacts/:id',
    targets: OWNED,
    sight: 'owned',
    may: editsContacts,
    ok: 204,
    request: async (target) => ({ method: 'DELETE', url: `/api/v1/contacts/${await freshContact(target)}` }),
  },
  {
    name: 'POST /contacts/batch',
    targets: NONE,
    sight: 'workspace',
    may: managesContactData,
    ok: 200,
    request: async () => ({ method: 'POST', url: '/api/v1/contacts/batch', body: { contacts: [{ externalId: unique('batch') }] } }),
  },
  {
    name: 'GET /contacts/:id/export',
    targets: OWNED,
    sight: 'owned',
    may: managesContactData,
    ok: 200,
    request: async (target) => ({ method: 'GET', url: `/api/v1/contacts/${w.contacts[existing(target)]}/export` }),
  },
  {
    name: 'POST /contacts/:id/erase',
    targets: OWNED,
    sight: 'owned',
    may: managesContactData,
    ok: 200,
    request: async (target) => ({ method: 'POST', url: `/api/v1/contacts/${await freshContact(target)}/erase` }),
  },

  // Accounts: scoped and changed like contacts.
  {
    name: 'GET /accounts',
    targets: NONE,
    sight: 'owned',
    may: everyone,
    ok: 200,
    request: async () => ({ method: 'GET', url: '/api/v1/accounts?limit=500' }),
    scope: ownedScope('accounts'),
  },
  {
    name: 'GET /accounts/:id',
    targets: ACCOUNTS,
    sight: 'owned',
    may: everyone,
    ok: 200,
    request: async (target) => ({ method: 'GET', url: `/api/v1/accounts/${w.accounts[target as keyof World['accounts']]}` }),
  },
  {
    name: 'POST /accounts',
    targets: TRI,
    sight: 'unit',
    may: editsContacts,
    ok: 201,
    request: async (target, actor) => ({ method: 'POST', url: '/api/v1/accounts', body: { name: unique('account'), unitId: unitFor(target, actor) } }),
  },
  {
    name: 'PATCH /accounts/:id',
    targets: ACCOUNTS,
    sight: 'owned',
    may: editsAccount,
    ok: 200,
    request: async (target) => ({ method: 'PATCH', url: `/api/v1/accounts/${await freshAccount(target)}`, body: { segment: unique('segment') } }),
  },
  {
    name: 'DELETE /accounts/:id',
    targets: ACCOUNTS,
    sight: 'owned',
    may: editsAccount,
    ok: 204,
    request: async (target) => ({ method: 'DELETE', url: `/api/v1/accounts/${await freshAccount(target)}` }),
  },
  {
    name: 'POST /accounts/batch',
    targets: NONE,
    sight: 'workspace',
    may: editsContacts,
    ok: 200,
    request: async () => ({ method: 'POST', url: '/api/v1/accounts/batch', body: { accounts: [{ externalId: unique('batch'), name: unique('account') }] } }),
  },

  // Attribute definitions: everyone in the workspace reads them; owner, admin and write keys change them.
  {
    name: 'GET /attribute-definitions',
    targets: NONE,
    sight: 'workspace',
    may: everyone,
    ok: 200,
    request: async () => ({ method: 'GET', url: '/api/v1/attribute-definitions' }),
  },
  {
    name: 'GET /attribute-definitions/:id',
    targets: ['own', 'foreign'],
    sight: 'workspace',
    may: everyone,
    ok: 200,
    request: async (target) => ({ method: 'GET', url: `/api/v1/attribute-definitions/${w.definitions[target as 'own' | 'foreign']}` }),
  },
  {
    name: 'POST /attribute-definitions',
    targets: NONE,
    sight: 'workspace',
    may: managesContactData,
    ok: 201,
    request: async () => ({ method: 'POST', url: '/api/v1/attribute-definitions', body: { key: unique('key').replace('-', '_'), label: 'New', type: 'text' } }),
  },
  {
    name: 'PATCH /attribute-definitions/:id',
    targets: ['own', 'foreign'],
    sight: 'workspace',
    may: managesContactData,
    ok: 200,
    request: async (target) => ({ method: 'PATCH', url: `/api/v1/attribute-definitions/${await freshDefinition(target)}`, body: { label: unique('label') } }),
  },
  {
    name: 'DELETE /attribute-definitions/:id',
    targets: ['own', 'foreign'],
    sight: 'workspace',
    may: managesContactData,
    ok: 204,
    request: async (target) => ({ method: 'DELETE', url: `/api/v1/attribute-definitions/${await freshDefinition(target)}` }),
  },

  // Contact imports and saved mappings: owner, admin and write keys only (reports hold values from the files).
  {
    name: 'POST /imports',
    targets: NONE,
    sight: 'workspace',
    may: managesContactData,
    ok: 202,
    request: async () => ({
      method: 'POST',
      url: '/api/v1/imports',
      form: multipart([
        { name: 'dryRun', value: 'true' },
        { name: 'file', filename: 'matrix.csv', content: 'email\nmatrix@alpha.test\n' },
      ]),
    }),
  },
  {
    name: 'GET /imports',
    targets: NONE,
    sight: 'workspace',
    may: managesContactData,
    ok: 200,
    request: async () => ({ method: 'GET', url: '/api/v1/imports' }),
  },
  {
    name: 'GET /imports/:id',
    targets: ['own', 'foreign'],
    sight: 'workspace',
    may: managesContactData,
    ok: 200,
    request: async (target) => ({ method: 'GET', url: `/api/v1/imports/${w.imports[target as 'own' | 'foreign']}` }),
  },
  {
    name: 'GET /imports/:id/report.csv',
    targets: ['own', 'foreign'],
    sight: 'workspace',
    may: managesContactData,
    ok: 200,
    request: async (target) => ({ method: 'GET', url: `/api/v1/imports/${w.imports[target as 'own' | 'foreign']}/report.csv` }),
  },
  {
    name: 'POST /imports/:id/run',
    targets: ['own', 'foreign'],
    sight: 'workspace',
    may: managesContactData,
    ok: 202,
    request: async (target) => ({ method: 'POST', url: `/api/v1/imports/${await freshImport(target)}/run`, body: { dryRun: true } }),
  },
  {
    name: 'GET /import-mappings',
    targets: NONE,
    sight: 'workspace',
    may: managesContactData,
    ok: 200,
    request: async () => ({ method: 'GET', url: '/api/v1/import-mappings' }),
  },
  {
    name: 'POST /import-mappings',
    targets: NONE,
    sight: 'workspace',
    may: managesContactData,
    ok: 201,
    request: async () => ({
      method: 'POST',
      url: '/api/v1/import-mappings',
      body: { name: unique('mapping'), mapping: { version: 1, columns: { Email: 'email' } } },
    }),
  },
  {
    name: 'DELETE /import-mappings/:id',
    targets: ['own', 'foreign'],
    sight: 'workspace',
    may: managesContactData,
    ok: 204,
    request: async (target) => ({ method: 'DELETE', url: `/api/v1/import-mappings/${await freshMapping(target)}` }),
  },

  // The workspace itself: everyone reads it; owner, admin and write keys rename it.
  {
    name: 'GET /workspace',
    targets: NONE,
    sight: 'workspace',
    may: everyone,
    ok: 200,
    request: async () => ({ method: 'GET', url: '/api/v1/workspace' }),
    scope: workspaceScope,
  },
  {
    name: 'PATCH /workspace',
    targets: NONE,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 200,
    request: async () => ({ method: 'PATCH', url: '/api/v1/workspace', body: { name: 'Workspace Alpha' } }),
    scope: workspaceScope,
  },

  // Branding of respondent pages: everyone reads it; owner, admin and write keys change it.
  {
    name: 'GET /workspace/branding',
    targets: NONE,
    sight: 'workspace',
    may: everyone,
    ok: 200,
    request: async () => ({ method: 'GET', url: '/api/v1/workspace/branding' }),
  },
  {
    name: 'PUT /workspace/branding',
    targets: NONE,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 200,
    request: async () => ({ method: 'PUT', url: '/api/v1/workspace/branding', body: { colour: '#1a5fb4' } }),
  },
  {
    name: 'PUT /workspace/branding/logo',
    targets: NONE,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 200,
    request: async () => ({
      method: 'PUT',
      url: '/api/v1/workspace/branding/logo',
      form: { payload: ONE_PIXEL_PNG, headers: { 'content-type': 'image/png' } },
    }),
  },
  {
    name: 'DELETE /workspace/branding/logo',
    targets: NONE,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 200,
    request: async () => ({ method: 'DELETE', url: '/api/v1/workspace/branding/logo' }),
  },
  {
    name: 'GET /surveys',
    targets: NONE,
    sight: 'workspace',
    may: everyone,
    ok: 200,
    request: async () => ({ method: 'GET', url: '/api/v1/surveys' }),
  },
  {
    name: 'POST /surveys',
    targets: NONE,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 201,
    request: async () => ({ method: 'POST', url: '/api/v1/surveys', body: { name: unique('survey'), kind: 'relationship_nps', definition: npsDefinition() } }),
  },
  {
    name: 'GET /survey-templates',
    targets: NONE,
    sight: 'workspace',
    may: everyone,
    ok: 200,
    request: async () => ({ method: 'GET', url: '/api/v1/survey-templates' }),
  },
  {
    name: 'GET /surveys/:id',
    targets: SURVEY,
    sight: 'workspace',
    may: everyone,
    ok: 200,
    request: async (target) => ({ method: 'GET', url: `/api/v1/surveys/${await freshSurvey(target)}` }),
  },
  {
    name: 'PATCH /surveys/:id',
    targets: SURVEY,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 200,
    request: async (target) => ({ method: 'PATCH', url: `/api/v1/surveys/${await freshSurvey(target)}`, body: { publicLinkEnabled: true } }),
  },
  {
    name: 'DELETE /surveys/:id',
    targets: SURVEY,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 204,
    request: async (target) => ({ method: 'DELETE', url: `/api/v1/surveys/${await freshSurvey(target)}` }),
  },
  {
    name: 'PUT /surveys/:id/draft',
    targets: SURVEY,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 200,
    request: async (target) => ({
      method: 'PUT',
      url: `/api/v1/surveys/${await freshSurvey(target)}/draft`,
      body: { definition: npsDefinition(), revision: 1 },
    }),
  },
  {
    name: 'POST /surveys/:id/publish',
    targets: SURVEY,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 200,
    request: async (target) => ({ method: 'POST', url: `/api/v1/surveys/${await freshSurvey(target)}/publish` }),
  },
  {
    name: 'POST /surveys/:id/close',
    targets: SURVEY,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 200,
    request: async (target) => ({ method: 'POST', url: `/api/v1/surveys/${await freshSurvey(target, 'active')}/close` }),
  },
  {
    name: 'POST /surveys/:id/reopen',
    targets: SURVEY,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 200,
    request: async (target) => ({ method: 'POST', url: `/api/v1/surveys/${await freshSurvey(target, 'closed')}/reopen` }),
  },
  {
    name: 'GET /surveys/:id/versions',
    targets: SURVEY,
    sight: 'workspace',
    may: everyone,
    ok: 200,
    request: async (target) => ({ method: 'GET', url: `/api/v1/surveys/${await freshSurvey(target, 'active')}/versions` }),
  },
  {
    name: 'GET /surveys/:id/versions/:version',
    targets: SURVEY,
    sight: 'workspace',
    may: everyone,
    ok: 200,
    request: async (target) => ({ method: 'GET', url: `/api/v1/surveys/${await freshSurvey(target, 'active')}/versions/1` }),
  },
  {
    name: 'GET /surveys/:id/preview',
    targets: SURVEY,
    sight: 'workspace',
    may: everyone,
    ok: 200,
    request: async (target) => ({ method: 'GET', url: `/api/v1/surveys/${await freshSurvey(target)}/preview?language=en&page=1` }),
  },
  {
    name: 'POST /surveys/:id/links',
    targets: SURVEY,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 201,
    request: async (target) => ({
      method: 'POST',
      url: `/api/v1/surveys/${await freshSurvey(target, 'active')}/links`,
      body: { contactId: w.contacts[existing(target)] },
    }),
  },
  // Translation workbooks: everyone exports; owner, admin and write keys import into the draft.
  {
    name: 'GET /surveys/:id/translations.xlsx',
    targets: SURVEY,
    sight: 'workspace',
    may: everyone,
    ok: 200,
    request: async (target) => ({ method: 'GET', url: `/api/v1/surveys/${await freshSurvey(target)}/translations.xlsx` }),
  },
  {
    name: 'PUT /surveys/:id/translations.xlsx',
    targets: SURVEY,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 200,
    request: async (target) => {
      const id = await freshSurvey(target);
      const { file } = await surveyTranslationsWorkbook(db, ownerOf(target), id);
      return { method: 'PUT', url: `/api/v1/surveys/${id}/translations.xlsx`, form: { payload: file, headers: { 'content-type': XLSX_TYPE } } };
    },
  },
  {
    name: 'GET /touchpoints',
    targets: NONE,
    sight: 'workspace',
    may: everyone,
    ok: 200,
    request: async () => ({ method: 'GET', url: '/api/v1/touchpoints' }),
  },
  {
    name: 'POST /touchpoints',
    targets: NONE,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 201,
    request: async () => ({ method: 'POST', url: '/api/v1/touchpoints', body: { key: unique('tp').replace('-', '_'), name: 'Touchpoint' } }),
  },
  {
    name: 'PATCH /touchpoints/:id',
    targets: SURVEY,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 200,
    request: async (target) => ({ method: 'PATCH', url: `/api/v1/touchpoints/${await freshTouchpoint(target)}`, body: { name: 'Renamed' } }),
  },
  {
    name: 'DELETE /touchpoints/:id',
    targets: SURVEY,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 204,
    request: async (target) => ({ method: 'DELETE', url: `/api/v1/touchpoints/${await freshTouchpoint(target)}` }),
  },

  // Sending settings: whole-workspace readers and managers read them (the SMTP block only for
  // those who change it); owner, admin and write keys change and test them.
  {
    name: 'GET /distribution/settings',
    targets: NONE,
    sight: 'workspace',
    may: among('owner', 'admin', 'analyst', 'manager', 'key-read', 'key-write'),
    ok: 200,
    request: async () => ({ method: 'GET', url: '/api/v1/distribution/settings' }),
  },
  {
    name: 'PUT /distribution/settings',
    targets: NONE,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 200,
    request: async () => ({ method: 'PUT', url: '/api/v1/distribution/settings', body: { maxPerHour: 500 } }),
  },
  {
    name: 'POST /distribution/settings/smtp-test',
    targets: NONE,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 200,
    request: async () => ({ method: 'POST', url: '/api/v1/distribution/settings/smtp-test', body: {} }),
  },
  // Webhooks and integration settings: owner, admin and write keys manage them; read keys read them.
  {
    name: 'GET /webhook-endpoints',
    targets: NONE,
    sight: 'workspace',
    may: readsLogs,
    ok: 200,
    request: async () => ({ method: 'GET', url: '/api/v1/webhook-endpoints' }),
  },
  {
    name: 'POST /webhook-endpoints',
    targets: NONE,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 201,
    request: async () => ({ method: 'POST', url: '/api/v1/webhook-endpoints', body: { url: 'https://example.com/hook', eventTypes: ['case.created'] } }),
  },
  {
    name: 'GET /webhook-endpoints/:id',
    targets: SURVEY,
    sight: 'workspace',
    may: readsLogs,
    ok: 200,
    request: async (target) => ({ method: 'GET', url: `/api/v1/webhook-endpoints/${await freshWebhookEndpoint(target)}` }),
  },
  {
    name: 'PATCH /webhook-endpoints/:id',
    targets: SURVEY,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 200,
    request: async (target) => ({ method: 'PATCH', url: `/api/v1/webhook-endpoints/${await freshWebhookEndpoint(target)}`, body: { enabled: false } }),
  },
  {
    name: 'DELETE /webhook-endpoints/:id',
    targets: SURVEY,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 204,
    request: async (target) => ({ method: 'DELETE', url: `/api/v1/webhook-endpoints/${await freshWebhookEndpoint(target)}` }),
  },
  {
    name: 'GET /webhook-endpoints/:id/deliveries',
    targets: SURVEY,
    sight: 'workspace',
    may: readsLogs,
    ok: 200,
    request: async (target) => ({ method: 'GET', url: `/api/v1/webhook-endpoints/${await freshWebhookEndpoint(target)}/deliveries` }),
  },
  {
    name: 'POST /webhook-endpoints/:id/deliveries/:deliveryId/replay',
    targets: SURVEY,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 200,
    request: async (target) => ({ method: 'POST', url: `/api/v1/webhook-endpoints/${await freshWebhookDelivery(target)}/replay`, body: {} }),
  },
  {
    name: 'GET /integration-settings',
    targets: NONE,
    sight: 'workspace',
    may: readsLogs,
    ok: 200,
    request: async () => ({ method: 'GET', url: '/api/v1/integration-settings' }),
  },
  {
    name: 'PUT /integration-settings',
    targets: NONE,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 200,
    request: async () => ({ method: 'PUT', url: '/api/v1/integration-settings', body: { webhooksAllowPrivate: false } }),
  },
  // Bounces reported by other systems: whoever manages distribution.
  {
    name: 'POST /bounces',
    targets: NONE,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 201,
    request: async () => ({ method: 'POST', url: '/api/v1/bounces', body: { email: `${unique('bounce')}@example.com`, kind: 'temporary' } }),
  },
  // Trigger rules and events: distribution viewers read them; owner, admin and write keys change
  // rules and post events.
  {
    name: 'GET /trigger-rules',
    targets: NONE,
    sight: 'workspace',
    may: among('owner', 'admin', 'analyst', 'manager', 'key-read', 'key-write'),
    ok: 200,
    request: async () => ({ method: 'GET', url: '/api/v1/trigger-rules' }),
  },
  {
    name: 'POST /trigger-rules',
    targets: NONE,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 201,
    request: async () => ({
      method: 'POST',
      url: '/api/v1/trigger-rules',
      body: { name: unique('rule'), eventType: 'matrix.event', surveyId: await freshSurvey('own'), delay: { kind: 'after', minutes: 0 } },
    }),
  },
  {
    name: 'GET /trigger-rules/:id',
    targets: SURVEY,
    sight: 'workspace',
    may: among('owner', 'admin', 'analyst', 'manager', 'key-read', 'key-write'),
    ok: 200,
    request: async (target) => ({ method: 'GET', url: `/api/v1/trigger-rules/${await freshRule(target)}` }),
  },
  {
    name: 'PATCH /trigger-rules/:id',
    targets: SURVEY,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 200,
    request: async (target) => ({ method: 'PATCH', url: `/api/v1/trigger-rules/${await freshRule(target)}`, body: { enabled: false } }),
  },
  {
    name: 'DELETE /trigger-rules/:id',
    targets: SURVEY,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 204,
    request: async (target) => ({ method: 'DELETE', url: `/api/v1/trigger-rules/${await freshRule(target)}` }),
  },
  {
    name: 'POST /events',
    targets: NONE,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 202,
    request: async () => ({ method: 'POST', url: '/api/v1/events', body: { type: 'matrix.event', contact: { externalId: unique('event-contact') } } }),
  },
  {
    name: 'GET /events',
    targets: NONE,
    sight: 'workspace',
    may: among('owner', 'admin', 'analyst', 'manager', 'key-read', 'key-write'),
    ok: 200,
    request: async () => ({ method: 'GET', url: '/api/v1/events?limit=500' }),
  },
  // Waves: distribution viewers read them; owner, admin and write keys create, preview and change them.
  {
    name: 'GET /waves',
    targets: NONE,
    sight: 'workspace',
    may: among('owner', 'admin', 'analyst', 'manager', 'key-read', 'key-write'),
    ok: 200,
    request: async () => ({ method: 'GET', url: '/api/v1/waves' }),
  },
  {
    name: 'POST /waves',
    targets: NONE,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 201,
    request: async () => ({
      method: 'POST',
      url: '/api/v1/waves',
      body: { kind: 'recurring', surveyId: await freshSurvey('own'), name: unique('wave'), filter: {}, startsAt: new Date().toISOString(), everyDays: 365 },
    }),
  },
  {
    name: 'POST /waves/preview',
    targets: NONE,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 200,
    request: async () => ({
      method: 'POST',
      url: '/api/v1/waves/preview',
      body: { surveyId: await freshSurvey('own', 'active'), filter: { unitId: w.a.denmark } },
    }),
  },
  {
    name: 'GET /waves/:id',
    targets: SURVEY,
    sight: 'workspace',
    may: among('owner', 'admin', 'analyst', 'manager', 'key-read', 'key-write'),
    ok: 200,
    request: async (target) => ({ method: 'GET', url: `/api/v1/waves/${await freshWave(target)}` }),
  },
  {
    name: 'PATCH /waves/:id',
    targets: SURVEY,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 200,
    request: async (target) => ({ method: 'PATCH', url: `/api/v1/waves/${await freshWave(target)}`, body: { name: unique('renamed') } }),
  },
  ...(['pause', 'resume', 'cancel'] as const).map(
    (action): Endpoint => ({
      name: `POST /waves/:id/${action}`,
      targets: SURVEY,
      sight: 'workspace',
      may: editsOrganisation,
      ok: 200,
      request: async (target) => ({ method: 'POST', url: `/api/v1/waves/${await freshWave(target, action === 'resume')}/${action}`, body: {} }),
    }),
  ),
  // The closed loop: alert rules are read by whole-workspace readers and managers and changed by
  // owner, admin and write keys; loop settings are read by all; cases are seen as contacts are
  // (frontline: their own) and worked by everyone who sees them except analysts and read keys.
  {
    name: 'GET /alert-rules',
    targets: NONE,
    sight: 'workspace',
    may: among('owner', 'admin', 'analyst', 'manager', 'key-read', 'key-write'),
    ok: 200,
    request: async () => ({ method: 'GET', url: '/api/v1/alert-rules' }),
  },
  {
    name: 'POST /alert-rules',
    targets: NONE,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 201,
    request: async () => ({
      method: 'POST',
      url: '/api/v1/alert-rules',
      body: { name: unique('alert'), conditions: [{ type: 'category', categories: ['detractor'] }], actions: [{ type: 'create_case', kind: 'follow_up' }] },
    }),
  },
  {
    name: 'GET /alert-rules/:id',
    targets: SURVEY,
    sight: 'workspace',
    may: among('owner', 'admin', 'analyst', 'manager', 'key-read', 'key-write'),
    ok: 200,
    request: async (target) => ({ method: 'GET', url: `/api/v1/alert-rules/${await freshAlertRule(target)}` }),
  },
  {
    name: 'PATCH /alert-rules/:id',
    targets: SURVEY,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 200,
    request: async (target) => ({ method: 'PATCH', url: `/api/v1/alert-rules/${await freshAlertRule(target)}`, body: { enabled: false } }),
  },
  {
    name: 'DELETE /alert-rules/:id',
    targets: SURVEY,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 204,
    request: async (target) => ({ method: 'DELETE', url: `/api/v1/alert-rules/${await freshAlertRule(target)}` }),
  },
  {
    name: 'GET /loop-settings',
    targets: NONE,
    sight: 'workspace',
    may: everyone,
    ok: 200,
    request: async () => ({ method: 'GET', url: '/api/v1/loop-settings' }),
  },
  {
    name: 'PUT /loop-settings',
    targets: NONE,
    sight: 'workspace',
    may: editsOrganisation,
    ok: 200,
    request: async () => ({ method: 'PUT', url: '/api/v1/loop-settings', body: { defaultSlaHours: 24 } }),
  },
  {
    name: 'GET /cases',
    targets: NONE,
    sight: 'workspace',
    may: everyone,
    ok: 200,
    request: async () => ({ method: 'GET', url: '/api/v1/cases?limit=500' }),
    scope: casesScope,
  },
  {
    name: 'GET /cases/:id',
    targets: OWNED,
    sight: 'owned',
    may: everyone,
    ok: 200,
    request: async (target) => ({ method: 'GET', url: `/api/v1/cases/${await freshCase(target)}` }),
  },
  {
    name: 'PATCH /cases/:id',
    targets: OWNED,
    sight: 'owned',
    may: worksCases,
    ok: 200,
    request: async (target) => ({ method: 'PATCH', url: `/api/v1/cases/${await freshCase(target)}`, body: { status: 'in_progress', tags: ['matrix'] } }),
  },
  {
    name: 'PATCH /cases/:id (reassign)',
    targets: OWNED,
    sight: 'owned',
    may: among('owner', 'admin', 'key-write', 'manager'),
    ok: 200,
    request: async (target) => ({ method: 'PATCH', url: `/api/v1/cases/${await freshCase(target)}`, body: { ownerMemberId: w.actors.manager.memberId } }),
  },
  {
    name: 'POST /cases/:id/notes',
    targets: OWNED,
    sight: 'owned',
    may: worksCases,
    ok: 201,
    request: async (target) => ({ method: 'POST', url: `/api/v1/cases/${await freshCase(target)}/notes`, body: { text: 'Matrix note' } }),
  },
  {
    name: 'POST /cases/:id/replies',
    targets: OWNED,
    sight: 'owned',
    may: worksCases,
    ok: 201,
    request: async (target) => ({ method: 'POST', url: `/api/v1/cases/${await freshCase(target)}/replies`, body: { text: 'Thank you for your answer.' } }),
  },
  {
    name: 'GET /case-kpis',
    targets: NONE,
    sight: 'workspace',
    may: everyone,
    ok: 200,
    request: async () => ({ method: 'GET', url: '/api/v1/case-kpis' }),
  },
  // A person's own email preferences: every person, never an API key (keys are not people).
  {
    name: 'GET /me/email-preferences',
    targets: NONE,
    sight: 'workspace',
    may: people,
    ok: 200,
    request: async () => ({ method: 'GET', url: '/api/v1/me/email-preferences' }),
  },
  {
    name: 'PUT /me/email-preferences',
    targets: NONE,
    sight: 'workspace',
    may: people,
    ok: 200,
    request: async () => ({ method: 'PUT', url: '/api/v1/me/email-preferences', body: { weeklyDigest: true } }),
  },
];

// ── One test per cell ────────────────────────────────────────────────────────────────────────
const cells = endpoints.flatMap((endpoint) =>
  ACTORS.flatMap((actor) =>
    endpoint.targets
      .filter((target) => !(target === 'self' && (actor === 'anonymous' || actor.startsWith('key-'))))
      .map((target) => ({ endpoint, actor, target, status: expected(actor, target, endpoint.sight, endpoint.may, endpoint.ok) })),
  ),
);

describe('access matrix', () => {
  it.each(cells.map((cell) => [cell.endpoint.name, cell.actor, cell.target, cell.status, cell] as const))(
    '%s as %s on target %s → %i',
    async (_name, actor, target, status, { endpoint }) => {
      const { method, url, body, form } = await endpoint.request(target, actor);
      const headers = actor === 'anonymous' ? {} : w.actors[actor].headers;
      const response = form
        ? await t.app.inject({ method, url, headers: { ...headers, ...form.headers }, payload: form.payload })
        : await send(t.app, headers, method, url, body);
      expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(status);
      if (status >= 400) {
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        return;
      }
      // Nothing of workspace B ever leaks into an answer to an actor of workspace A.
      for (const marker of w.b.markers) expect(response.body).not.toContain(marker);
      if (endpoint.scope) await endpoint.scope(actor, response.json());
    },
  );

  it('covers every role and key scope on every endpoint', () => {
    expect(new Set(cells.map((c) => c.actor))).toEqual(new Set(ACTORS));
    expect(cells.length).toBeGreaterThan(endpoints.length * ACTORS.length);
  });
});
