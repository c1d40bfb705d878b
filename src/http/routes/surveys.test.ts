// Surveys over the API: drafts, publishing into versions, answers staying with their version,
// settings, close/reopen, links, touchpoints, and who may do what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedApiKey, seedUser, seedWorkspace, signIn, startTestApp, type TestApp, withApiKey } from '../../../test/support/app.ts';
import { npsDefinition } from '../../../test/support/survey-definition.ts';

let t: TestApp;
let owner: Awaited<ReturnType<typeof signIn>>;
let ws: Awaited<ReturnType<typeof seedWorkspace>>;

const definition = npsDefinition;

const fields = (response: { json(): { errors?: { field: string }[] } }) => response.json().errors?.map((e) => e.field);

beforeAll(async () => {
  t = await startTestApp();
  ws = await seedWorkspace(t.database, 'Survey Co', 'sara@survey.test');
  owner = await signIn(t.app, 'sara@survey.test');
});
afterAll(() => t?.close());

async function create(name: string, body: Record<string, unknown> = {}) {
  const response = await owner.post('/api/v1/surveys', { name, kind: 'relationship_nps', definition: definition(), ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

describe('surveys', () => {
  it('are created as drafts with a random public slug, and names are unique per workspace', async () => {
    const survey = await create('Relationship 2026');
    expect(survey).toMatchObject({
      status: 'draft',
      kind: 'relationship_nps',
      anonymous: false,
      currentVersion: null,
      draftRevision: 1,
      problems: [],
      untranslated: [],
    });
    expect(survey.slug).toMatch(/^[a-z2-9]{16}$/);
    const twin = await owner.post('/api/v1/surveys', { name: 'relationship 2026', kind: 'csat', definition: definition() });
    expect(twin.statusCode).toBe(409);
    expect(fields(twin)).toEqual(['body.name']);
    const enps = await create('Pulse', { kind: 'enps' });
    expect(enps.anonymous).toBe(true);
  });

  it('start from a template in the chosen languages, creating the touchpoints it names', async () => {
    const templates = (await owner.get('/api/v1/survey-templates')).json();
    expect(templates.map((t: { id: string }) => t.id)).toContain('transactional-nps-delivery');
    const response = await owner.post('/api/v1/surveys', { name: 'After delivery', template: 'transactional-nps-delivery', languages: ['da', 'sv'] });
    expect(response.statusCode, response.body).toBe(201);
    const survey = response.json();
    expect(survey).toMatchObject({ kind: 'transactional_nps', anonymous: false, problems: [], untranslated: [] });
    expect(survey.draft).toMatchObject({ languages: ['da', 'sv'], defaultLanguage: 'da' });
    expect(Object.keys(survey.draft.pages[0].questions[0].text)).toEqual(['da', 'sv']);
    const touchpoints = (await owner.get('/api/v1/touchpoints')).json();
    expect(touchpoints.map((tp: { key: string }) => tp.key)).toContain('delivery');
    expect((await owner.post(`/api/v1/surveys/${survey.id}/publish`, {})).statusCode).toBe(200);

    const enps = (await owner.post('/api/v1/surveys', { name: 'Pulse from template', template: 'enps' })).json();
    expect(enps).toMatchObject({ kind: 'enps', anonymous: true });
    expect(enps.draft.languages).toHaveLength(6);

    expect(fields(await owner.post('/api/v1/surveys', { name: 'X', template: 'nope' }))).toEqual(['body.template']);
    expect(fields(await owner.post('/api/v1/surveys', { name: 'X', template: 'csat', kind: 'ces' }))).toEqual(['body.kind']);
    expect(fields(await owner.post('/api/v1/surveys', { name: 'X' }))).toEqual(['body.definition']);
    expect(fields(await owner.post('/api/v1/surveys', { name: 'X', definition: definition() }))).toEqual(['body.kind']);
  });

  it('reject a malformed definition naming the field', async () => {
    const bad = definition();
    (bad.pages[0]?.questions[0] as Record<string, unknown>).type = 'slider';
    const response = await owner.post('/api/v1/surveys', { name: 'Bad', kind: 'relationship_nps', definition: bad });
    expect(response.statusCode).toBe(400);
    expect(fields(response)?.[0]).toMatch(/^body\.definition\.pages\.0\.questions\.0/);
  });

  it('publish drafts into versions; editing the draft never changes a published version', async () => {
    const survey = await create('Versioned');
    const v1 = await owner.post(`/api/v1/surveys/${survey.id}/publish`, {});
    expect(v1.statusCode, v1.body).toBe(200);
    expect(v1.json()).toMatchObject({ status: 'active', currentVersion: 1, hasUnpublishedChanges: false });

    const changed = definition();
    changed.pages[1]?.questions.push({ key: 'contact', type: 'yes_no', text: { en: 'May we contact you?', da: 'Må vi kontakte dig?' } } as never);
    const saved = await owner.put(`/api/v1/surveys/${survey.id}/draft`, { definition: changed, revision: 1 });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ draftRevision: 2, hasUnpublishedChanges: true, currentVersion: 1 });

    const stale = await owner.put(`/api/v1/surveys/${survey.id}/draft`, { definition: definition(), revision: 1 });
    expect(stale.statusCode).toBe(409);
    expect(fields(stale)).toEqual(['body.revision']);

    const version1 = (await owner.get(`/api/v1/surveys/${survey.id}/versions/1`)).json();
    expect(version1.definition.pages[1].questions.map((q: { key: string }) => q.key)).toEqual(['why']);

    // An answer given to version 1 stays attached to version 1 after version 2 is published.
    const v1Row = await t.database.db.selectFrom('survey_versions').select('id').where('survey_id', '=', survey.id).executeTakeFirstOrThrow();
    const answer = await t.database.db
      .insertInto('responses')
      .values({
        workspace_id: ws.workspaceId,
        survey_id: survey.id,
        survey_version_id: v1Row.id,
        channel: 'link',
        language: 'en',
        score: 9,
        category: 'promoter',
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const v2 = await owner.post(`/api/v1/surveys/${survey.id}/publish`, {});
    expect(v2.json()).toMatchObject({ currentVersion: 2, hasUnpublishedChanges: false, responseCount: 1 });
    const versions = (await owner.get(`/api/v1/surveys/${survey.id}/versions`)).json();
    expect(versions.map((v: { version: number; responseCount: number }) => [v.version, v.responseCount])).toEqual([
      [2, 0],
      [1, 1],
    ]);
    expect(versions[0].publishedBy).toMatchObject({ name: 'sara' });
    const stored = await t.database.db.selectFrom('responses').select('survey_version_id').where('id', '=', answer.id).executeTakeFirstOrThrow();
    expect(stored.survey_version_id).toBe(v1Row.id);
    expect((await owner.get(`/api/v1/surveys/${survey.id}/versions/3`)).statusCode).toBe(404);

    // With answers, anonymity is fixed and the survey cannot be deleted, only closed.
    expect((await owner.patch(`/api/v1/surveys/${survey.id}`, { anonymous: true })).statusCode).toBe(409);
    expect((await owner.delete(`/api/v1/surveys/${survey.id}`)).statusCode).toBe(409);
    const closed = await owner.post(`/api/v1/surveys/${survey.id}/close`, {});
    expect(closed.json()).toMatchObject({ status: 'closed' });
    expect((await owner.post(`/api/v1/surveys/${survey.id}/reopen`, {})).json()).toMatchObject({ status: 'active', closedAt: null });
  });

  it('refuse to publish an incomplete draft, listing every problem', async () => {
    const survey = await create('Incomplete', { definition: definition(['en', 'da', 'sv']) });
    expect(survey.untranslated).toHaveLength(5);
    const response = await owner.post(`/api/v1/surveys/${survey.id}/publish`, {});
    expect(response.statusCode).toBe(400);
    expect(fields(response)).toContain('draft.texts.question.nps.text');
    expect(response.json().detail).toMatch(/5 problems/);
    expect((await owner.get(`/api/v1/surveys/${survey.id}`)).json()).toMatchObject({ status: 'draft', currentVersion: null });
  });

  it('change settings, list with filters, and delete an unanswered survey', async () => {
    const survey = await create('Settings');
    const touchpoint = (await owner.post('/api/v1/touchpoints', { key: 'billing', name: 'Billing' })).json();
    const patched = await owner.patch(`/api/v1/surveys/${survey.id}`, {
      publicLinkEnabled: true,
      kioskEnabled: true,
      touchpointId: touchpoint.id,
      linkValidityDays: 14,
      minGroupSize: 8,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ publicLinkEnabled: true, kioskEnabled: true, touchpointId: touchpoint.id, linkValidityDays: 14, minGroupSize: 8 });
    expect(fields(await owner.patch(`/api/v1/surveys/${survey.id}`, { touchpointId: '00000000-0000-4000-8000-000000000000' }))).toEqual(['body.touchpointId']);
    expect(fields(await owner.patch(`/api/v1/surveys/${survey.id}`, { linkValidityDays: 0 }))).toEqual(['body.linkValidityDays']);

    const drafts = (await owner.get('/api/v1/surveys?status=draft&limit=2')).json();
    expect(drafts.items).toHaveLength(2);
    const rest = (await owner.get(`/api/v1/surveys?status=draft&limit=2&cursor=${drafts.nextCursor}`)).json();
    const names = [...drafts.items, ...rest.items].map((s: { name: string }) => s.name);
    expect(names).toContain('Settings');
    expect(names).not.toContain('Versioned');

    expect((await owner.delete(`/api/v1/touchpoints/${touchpoint.id}`)).statusCode).toBe(409);
    expect((await owner.delete(`/api/v1/surveys/${survey.id}`)).statusCode).toBe(204);
    expect((await owner.get(`/api/v1/surveys/${survey.id}`)).statusCode).toBe(404);
    expect((await owner.delete(`/api/v1/touchpoints/${touchpoint.id}`)).statusCode).toBe(204);
  });

  it('make personal links with 128-bit tokens for contacts who have not opted out', async () => {
    const survey = await create('Links');
    const contact = (await owner.post('/api/v1/contacts', { email: 'kim@customer.test', externalId: 'CRM-1' })).json();
    const draftOnly = await owner.post(`/api/v1/surveys/${survey.id}/links`, { contactId: contact.id });
    expect(draftOnly.statusCode).toBe(409);
    await owner.post(`/api/v1/surveys/${survey.id}/publish`, {});
    const link = await owner.post(`/api/v1/surveys/${survey.id}/links`, { contactExternalId: 'CRM-1', language: 'da', properties: { order: 'A-17' } });
    expect(link.statusCode, link.body).toBe(201);
    const { token, url, expiresAt } = link.json();
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(url).toMatch(new RegExp(`/s/${token}$`));
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    const stored = await t.database.db.selectFrom('survey_invitations').selectAll().where('token', '=', token).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ contact_id: contact.id, language: 'da', properties: { order: 'A-17' } });

    expect(fields(await owner.post(`/api/v1/surveys/${survey.id}/links`, {}))).toEqual(['body.contactId']);
    expect(fields(await owner.post(`/api/v1/surveys/${survey.id}/links`, { contactExternalId: 'nobody' }))).toEqual(['body.contactExternalId']);
    await owner.patch(`/api/v1/contacts/${contact.id}`, { consent: 'withdrawn', optedOut: true });
    await t.database.db.updateTable('contacts').set({ opted_out_at: new Date() }).where('id', '=', contact.id).execute();
    expect((await owner.post(`/api/v1/surveys/${survey.id}/links`, { contactId: contact.id })).statusCode).toBe(409);
  });

  it('are read by every role but changed only by owner, admin and write keys', async () => {
    const survey = await create('Roles');
    await seedUser(t.database, ws.workspaceId, 'fred@survey.test', 'frontline');
    const frontline = await signIn(t.app, 'fred@survey.test');
    expect((await frontline.get(`/api/v1/surveys/${survey.id}`)).statusCode).toBe(200);
    expect((await frontline.put(`/api/v1/surveys/${survey.id}/draft`, { definition: definition(), revision: 1 })).statusCode).toBe(403);
    const readKey = withApiKey(t.app, await seedApiKey(t.database, ws.workspaceId, 'read'));
    expect((await readKey.get('/api/v1/surveys')).statusCode).toBe(200);
    expect((await readKey.post(`/api/v1/surveys/${survey.id}/publish`, {})).statusCode).toBe(403);
    const writeKey = withApiKey(t.app, await seedApiKey(t.database, ws.workspaceId, 'write'));
    expect((await writeKey.post(`/api/v1/surveys/${survey.id}/publish`, {})).statusCode).toBe(200);

    const other = await seedWorkspace(t.database, 'Other Co', 'olga@other.test');
    const outsider = await signIn(t.app, 'olga@other.test');
    expect(other.workspaceId).not.toBe(ws.workspaceId);
    expect((await outsider.get(`/api/v1/surveys/${survey.id}`)).statusCode).toBe(404);
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('target_id', '=', survey.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['survey.created', 'survey.published']);
  });
});

describe('touchpoints', () => {
  it('keep their key, order by position, and refuse duplicates', async () => {
    const service = (await owner.post('/api/v1/touchpoints', { key: 'service_visit', name: 'Service visit', position: 2 })).json();
    await owner.post('/api/v1/touchpoints', { key: 'order', name: 'Order', position: 1 });
    const twin = await owner.post('/api/v1/touchpoints', { key: 'order', name: 'Again' });
    expect(twin.statusCode).toBe(409);
    expect(fields(await owner.post('/api/v1/touchpoints', { key: 'Bad Key', name: 'X' }))).toEqual(['body.key']);
    const renamed = await owner.patch(`/api/v1/touchpoints/${service.id}`, { name: 'Service call', position: 0 });
    expect(renamed.json()).toMatchObject({ key: 'service_visit', name: 'Service call' });
    const list = (await owner.get('/api/v1/touchpoints')).json();
    const keys = list.map((tp: { key: string }) => tp.key);
    expect(keys.indexOf('service_visit')).toBeLessThan(keys.indexOf('order'));
  });
});
