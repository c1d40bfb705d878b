// Answers through the real respondent pages become cases: the defaults every workspace has, the
// owner fallbacks (contact owner → unit manager → programme lead), one case per answer however
// often it is evaluated, and the case.created webhook written with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestApp, type TestApp } from '../../../test/support/app.ts';
import { answerThroughPages, contactWithLink, type LoopWorld, seedLoopWorld } from '../../../test/support/loop.ts';
import { inTransaction } from '../../db/index.ts';
import { addBusinessHours } from './business-hours.ts';
import { evaluateAlertRules } from './evaluate.ts';
import { loadLoopRules } from './settings.ts';

let t: TestApp;
let w: LoopWorld;

beforeAll(async () => {
  t = await startTestApp({ ANBEFAL_SECRET_KEY: 'loop-evaluate-secret-key-0123456789abcdef' });
  w = await seedLoopWorld(t.database);
});
afterAll(() => t?.close());

const casesOf = (responseId: string) => t.database.db.selectFrom('cases').selectAll().where('response_id', '=', responseId).execute();
const eventsOf = (caseId: string) => t.database.db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('id').execute();

describe('default alert rules', () => {
  it('every new workspace starts with the detractor alarm, contact request and promoter lead', async () => {
    const owner = await signIn(t.app, w.ownerEmail);
    const rules = (await owner.get('/api/v1/alert-rules')).json().items;
    expect(rules.map((r: { defaultKey: string }) => r.defaultKey).sort()).toEqual(['contact_request', 'detractor_alarm', 'promoter_lead']);
    const detractor = rules.find((r: { defaultKey: string }) => r.defaultKey === 'detractor_alarm');
    expect(detractor.conditions).toEqual([{ type: 'category', categories: ['detractor'] }]);
    expect(detractor.actions).toEqual([
      { type: 'create_case', kind: 'follow_up' },
      { type: 'email', toOwner: true, addresses: [] },
    ]);
  });
});

describe('a detractor answer through the respondent pages', () => {
  it("opens exactly one case for the contact's owner, due in 24 working hours, with its timeline, webhook and owner email", async () => {
    const owner = await signIn(t.app, w.ownerEmail);
    expect((await owner.put('/api/v1/integration-settings', { webhooksAllowPrivate: true })).statusCode).toBe(200);
    const endpoint = await owner.post('/api/v1/webhook-endpoints', { url: 'http://127.0.0.1:9/hook', eventTypes: ['case.created'] });
    expect(endpoint.statusCode).toBe(201);
    const { contactId, token } = await contactWithLink(t.database, w, w.branchId, w.frontline.memberId);
    const responseId = await answerThroughPages(t.app, t.database, token, { recommend: '3', why: 'Slow repairs', may_contact: 'no' });

    const cases = await casesOf(responseId);
    expect(cases).toHaveLength(1);
    const [opened] = cases as [(typeof cases)[number]];
    expect(opened).toMatchObject({
      kind: 'follow_up',
      status: 'new',
      title: 'Detractor alarm',
      owner_member_id: w.frontline.memberId,
      contact_id: contactId,
      unit_id: w.branchId,
      sla_hours: 24,
    });
    const rules = await loadLoopRules(t.database.db, w.workspaceId, opened.created_at);
    expect(opened.due_at.toISOString()).toBe(addBusinessHours(opened.created_at, 24, rules.calendar).toISOString());
    expect((await eventsOf(opened.id)).map((e) => e.kind)).toEqual(['created']);

    const deliveries = await t.database.db
      .selectFrom('webhook_deliveries')
      .select(['event_type', 'payload'])
      .where('endpoint_id', '=', endpoint.json().id)
      .execute();
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]?.payload).toMatchObject({ type: 'case.created', data: { caseId: opened.id, ownerMemberId: w.frontline.memberId, status: 'new' } });

    const notifications = await t.database.db
      .selectFrom('alert_notifications')
      .select(['channel', 'target', 'case_id'])
      .where('response_id', '=', responseId)
      .execute();
    expect(notifications).toEqual([{ channel: 'email', target: w.frontline.email, case_id: opened.id }]);

    // Evaluating the same answer again (a retried job, a replay) adds nothing.
    const again = await inTransaction(t.database.db, (trx) => evaluateAlertRules(trx, responseId, new Date()));
    expect(again.casesOpened).toBe(0);
    expect(again.notifications).toBe(0);
    expect(await casesOf(responseId)).toHaveLength(1);
    expect(await eventsOf(opened.id)).toHaveLength(1);
  });

  it("falls back to the unit's manager, then up the tree, then to the programme lead", async () => {
    const inBranch = await contactWithLink(t.database, w, w.branchId, null);
    const branchCase = await casesOf(await answerThroughPages(t.app, t.database, inBranch.token, { recommend: '2' }));
    expect(branchCase.map((c) => c.owner_member_id)).toEqual([w.managers.branch.memberId]);

    // The root has no manager: without a programme lead the case has no owner; with one, the lead owns it.
    const atRoot = await contactWithLink(t.database, w, w.rootUnitId, null);
    expect((await casesOf(await answerThroughPages(t.app, t.database, atRoot.token, { recommend: '1' }))).map((c) => c.owner_member_id)).toEqual([null]);
    const owner = await signIn(t.app, w.ownerEmail);
    expect((await owner.put('/api/v1/loop-settings', { programmeLeadMemberId: w.lead.memberId })).statusCode).toBe(200);
    const atRootAgain = await contactWithLink(t.database, w, w.rootUnitId, null);
    expect((await casesOf(await answerThroughPages(t.app, t.database, atRootAgain.token, { recommend: '0' }))).map((c) => c.owner_member_id)).toEqual([
      w.lead.memberId,
    ]);
  });

  it('a detractor who asks to be contacted gets one case, with the contact request on its timeline', async () => {
    const { token } = await contactWithLink(t.database, w, w.branchId, w.frontline.memberId);
    const responseId = await answerThroughPages(t.app, t.database, token, { recommend: '5', why: 'Rude staff', may_contact: 'yes' });
    const [only, ...rest] = await casesOf(responseId);
    expect(rest).toHaveLength(0);
    const events = await eventsOf(only?.id as string);
    expect(events.map((e) => [e.kind, (e.data as { ruleName: string }).ruleName])).toEqual([
      ['created', 'Detractor alarm'],
      ['rule_matched', 'Contact request'],
    ]);
  });

  it('a passive asking to be contacted gets a follow-up case; a promoter a "thank and activate" lead', async () => {
    const passive = await contactWithLink(t.database, w, w.branchId, w.frontline.memberId);
    const passiveCases = await casesOf(await answerThroughPages(t.app, t.database, passive.token, { recommend: '7', may_contact: 'yes' }));
    expect(passiveCases.map((c) => [c.kind, c.title])).toEqual([['follow_up', 'Contact request']]);
    const promoter = await contactWithLink(t.database, w, w.branchId, w.frontline.memberId);
    const promoterCases = await casesOf(await answerThroughPages(t.app, t.database, promoter.token, { recommend: '10', why: 'Lovely' }));
    expect(promoterCases.map((c) => [c.kind, c.title, c.owner_member_id])).toEqual([['lead', 'Promoter lead: thank and activate', w.frontline.memberId]]);
    const quiet = await contactWithLink(t.database, w, w.branchId, w.frontline.memberId);
    expect(await casesOf(await answerThroughPages(t.app, t.database, quiet.token, { recommend: '8', may_contact: 'no' }))).toEqual([]);
  });

  it('a disabled rule does nothing, and a keyword rule matches Danish inflections', async () => {
    const owner = await signIn(t.app, w.ownerEmail);
    const rules = (await owner.get('/api/v1/alert-rules')).json().items as { id: string; defaultKey: string | null }[];
    const promoterLead = rules.find((r) => r.defaultKey === 'promoter_lead')?.id as string;
    expect((await owner.patch(`/api/v1/alert-rules/${promoterLead}`, { enabled: false })).statusCode).toBe(200);
    const keyword = await owner.post('/api/v1/alert-rules', {
      name: 'Churn risk',
      conditions: [{ type: 'keywords', keywords: { da: ['opsige'], en: ['cancel'] } }],
      actions: [{ type: 'email', toOwner: false, addresses: ['retention@hygge.test'] }],
    });
    expect(keyword.statusCode).toBe(201);
    const danish = await contactWithLink(t.database, w, w.branchId, w.frontline.memberId, 'da');
    const responseId = await answerThroughPages(t.app, t.database, danish.token, { recommend: '10', why: 'Fint, men jeg opsiger nok snart' });
    expect(await casesOf(responseId)).toEqual([]);
    const notifications = await t.database.db
      .selectFrom('alert_notifications')
      .select(['channel', 'target', 'rule_id'])
      .where('response_id', '=', responseId)
      .execute();
    expect(notifications).toEqual([{ channel: 'email', target: 'retention@hygge.test', rule_id: keyword.json().id }]);
    expect((await owner.patch(`/api/v1/alert-rules/${promoterLead}`, { enabled: true })).statusCode).toBe(200);
  });
});
