// The case API: who sees which cases (frontline their own, managers their subtree), working a
// case (notes, status rules, root cause, reassignment with its audit entry, case.updated), the
// threaded reply to the customer over real SMTP, and the KPIs moving as cases are worked.
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, signIn, startTestApp, type TestApp } from '../../../test/support/app.ts';
import { answerThroughPages, contactWithLink, type LoopWorld, seedLoopWorld } from '../../../test/support/loop.ts';

let t: TestApp;
let w: LoopWorld;
let smtp: SMTPServer;
const received: ParsedMail[] = [];
const ids = { own: '', branch: '', root: '' };
let freja: Client;
let bo: Client;
let rikke: Client;
let owner: Client;

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  if (!condition()) throw new Error('condition not met within 20 s');
};
const caseOf = async (responseId: string) =>
  (await t.database.db.selectFrom('cases').select('id').where('response_id', '=', responseId).where('kind', '=', 'follow_up').executeTakeFirstOrThrow()).id;
const listed = async (client: Client, query = '') => ((await client.get(`/api/v1/cases${query}`)).json().items as { id: string }[]).map((c) => c.id).sort();

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then((parsed) => {
        received.push(parsed);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  t = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, MAIL_FROM: 'Anbefal <no-reply@anbefal.test>' });
  w = await seedLoopWorld(t.database);
  await t.database.db
    .insertInto('distribution_settings')
    .values({ workspace_id: w.workspaceId, from_address: 'feedback@hygge.test', from_name: 'Hygge Bikes', sender_is_owner: true, updated_at: new Date() })
    .execute();
  const own = await contactWithLink(t.database, w, w.branchId, w.frontline.memberId);
  const branch = await contactWithLink(t.database, w, w.branchId, null);
  const root = await contactWithLink(t.database, w, w.rootUnitId, null);
  ids.own = await caseOf(await answerThroughPages(t.app, t.database, own.token, { recommend: '4', why: 'Waited two weeks' }));
  ids.branch = await caseOf(await answerThroughPages(t.app, t.database, branch.token, { recommend: '6' }));
  ids.root = await caseOf(await answerThroughPages(t.app, t.database, root.token, { recommend: '0' }));
  [freja, bo, rikke, owner] = await Promise.all([
    signIn(t.app, w.frontline.email),
    signIn(t.app, w.managers.branch.email),
    signIn(t.app, w.managers.region.email),
    signIn(t.app, w.ownerEmail),
  ]);
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('who sees which cases', () => {
  it('frontline sees the cases they own; managers their subtree; the owner everything', async () => {
    expect(await listed(freja)).toEqual([ids.own]);
    expect(await listed(freja, '?mine=true')).toEqual([ids.own]);
    expect((await freja.get(`/api/v1/cases/${ids.branch}`)).statusCode).toBe(404);
    expect(await listed(bo)).toEqual([ids.own, ids.branch].sort());
    expect(await listed(bo, '?mine=true')).toEqual([ids.branch]);
    expect(await listed(rikke)).toEqual([ids.own, ids.branch].sort());
    expect((await rikke.get(`/api/v1/cases/${ids.root}`)).statusCode).toBe(404);
    expect(await listed(owner)).toEqual([ids.own, ids.branch, ids.root].sort());
    expect(await listed(owner, `?unitId=${w.regionId}`)).toEqual([ids.own, ids.branch].sort());
    expect(await listed(owner, '?status=resolved,closed_without_contact')).toEqual([]);
    expect(await listed(owner, '?overdue=true')).toEqual([]);
    expect((await owner.get('/api/v1/cases?status=done')).statusCode).toBe(400);
  });

  it('pages by due time with a cursor', async () => {
    const first = (await owner.get('/api/v1/cases?limit=2')).json();
    expect(first.items).toHaveLength(2);
    const second = (await owner.get(`/api/v1/cases?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].map((c: { id: string }) => c.id).sort()).toEqual([ids.own, ids.branch, ids.root].sort());
  });

  it('shows the case with its answer, contact and timeline', async () => {
    const detail = (await freja.get(`/api/v1/cases/${ids.own}`)).json();
    expect(detail).toMatchObject({
      status: 'new',
      kind: 'follow_up',
      ownerName: 'Freja',
      unitName: 'Branch Aarhus',
      contactName: 'Karen Blixen',
      score: 4,
      category: 'detractor',
      comment: 'Waited two weeks',
      overdue: false,
    });
    expect(detail.answer.answers).toEqual(
      expect.arrayContaining([
        { questionKey: 'recommend', questionType: 'nps', questionText: 'How likely are you to recommend {company} to a friend or colleague?', value: 4 },
        { questionKey: 'why', questionType: 'text', questionText: 'Why did you give that score?', value: 'Waited two weeks' },
      ]),
    );
    expect(detail.contact).toMatchObject({ name: 'Karen Blixen' });
    expect(detail.timeline.map((e: { kind: string }) => e.kind)).toEqual(['created']);
  });
});

describe('working a case', () => {
  it('notes go on the timeline; resolving needs contact first; root causes come from the settings', async () => {
    const noted = await freja.post(`/api/v1/cases/${ids.own}/notes`, { text: 'Called, no answer. Trying again tomorrow.' });
    expect(noted.statusCode).toBe(201);
    expect(noted.json().timeline.at(-1)).toMatchObject({
      kind: 'note',
      actorLabel: expect.any(String),
      data: { text: 'Called, no answer. Trying again tomorrow.' },
    });
    expect(noted.json().firstContactAt).toBeNull();
    const early = await freja.patch(`/api/v1/cases/${ids.own}`, { status: 'resolved' });
    expect(early.statusCode).toBe(400);
    expect(early.json().errors[0]).toMatchObject({ field: 'body.status', message: expect.stringContaining('resolved after contact') });
    const wrongCause = await freja.patch(`/api/v1/cases/${ids.own}`, { rootCause: 'Bad weather' });
    expect(wrongCause.statusCode).toBe(400);
    expect(wrongCause.json().errors[0].message).toContain('Delivery');
    const changed = await freja.patch(`/api/v1/cases/${ids.own}`, { status: 'in_progress', rootCause: 'Delivery', tags: ['repair', 'repair', 'vip'] });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ status: 'in_progress', rootCause: 'Delivery', tags: ['repair', 'vip'] });
  });

  it('reassigning is for managers within their subtree (audited), not frontline', async () => {
    expect((await freja.patch(`/api/v1/cases/${ids.own}`, { ownerMemberId: w.managers.branch.memberId })).statusCode).toBe(403);
    const moved = await bo.patch(`/api/v1/cases/${ids.branch}`, { ownerMemberId: w.frontline.memberId, watcherMemberIds: [w.managers.branch.memberId] });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ ownerMemberId: w.frontline.memberId, watcherMemberIds: [w.managers.branch.memberId] });
    expect(await listed(freja)).toEqual([ids.own, ids.branch].sort());
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('target_id', '=', ids.branch).execute();
    expect(audit).toEqual([
      { action: 'case.reassigned', before: { ownerMemberId: w.managers.branch.memberId }, after: { ownerMemberId: w.frontline.memberId } },
    ]);
    // A manager cannot hand a case to someone outside their subtree.
    const outside = await bo.patch(`/api/v1/cases/${ids.branch}`, { ownerMemberId: w.lead.memberId });
    expect(outside.statusCode).toBe(400);
  });

  it('replies to the customer as the owner, threaded, and counts as first contact', async () => {
    const customer = (await freja.get(`/api/v1/cases/${ids.own}`)).json().contact;
    const first = await freja.post(`/api/v1/cases/${ids.own}/replies`, { text: 'Dear Karen, thank you for telling us. May I call you tomorrow?' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ status: 'contacted', firstContactAt: expect.any(String) });
    const second = await freja.post(`/api/v1/cases/${ids.own}/replies`, { text: 'Following up as promised.' });
    expect(second.statusCode).toBe(201);
    await until(() => received.filter((m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === customer.email).length === 2);
    const [one, two] = received.filter((m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === customer.email) as [ParsedMail, ParsedMail];
    const ordered = one.messageId?.includes('reply-1') ? [one, two] : [two, one];
    const [reply1, reply2] = ordered as [ParsedMail, ParsedMail];
    expect(reply1.messageId).toBe(`<case-${ids.own}-reply-1@anbefal.test>`);
    expect(reply1.inReplyTo).toBeUndefined();
    expect(reply1.subject).toMatch(/^Your feedback to Hygge/);
    expect(reply1.from?.value[0]).toEqual({ name: 'Freja via Hygge Bikes', address: 'feedback@hygge.test' });
    expect(reply1.replyTo?.value[0]?.address).toBe(w.frontline.email);
    expect(reply1.text?.trim()).toBe('Dear Karen, thank you for telling us. May I call you tomorrow?');
    expect(reply2.messageId).toBe(`<case-${ids.own}-reply-2@anbefal.test>`);
    expect(reply2.inReplyTo).toBe(reply1.messageId);
    expect(reply2.references).toBe(reply1.messageId);
    expect(reply2.subject).toBe(`Re: ${reply1.subject}`);
    const timeline = second.json().timeline.map((e: { kind: string; data: { n?: number } }) => [e.kind, e.data.n ?? null]);
    expect(timeline.filter(([kind]: [string]) => kind === 'reply')).toEqual([
      ['reply', 1],
      ['reply', 2],
    ]);
  });

  it('a contact without an email address cannot be replied to; a call logged as a note is first contact', async () => {
    await t.database.db
      .updateTable('contacts')
      .set({ email: null })
      .where('id', '=', (await owner.get(`/api/v1/cases/${ids.root}`)).json().contactId)
      .execute();
    const refused = await owner.post(`/api/v1/cases/${ids.root}/replies`, { text: 'Hello' });
    expect(refused.statusCode).toBe(409);
    const called = await owner.post(`/api/v1/cases/${ids.root}/notes`, { text: 'Spoke for ten minutes.', call: true });
    expect(called.json()).toMatchObject({ status: 'contacted', firstContactAt: expect.any(String) });
  });
});

describe('KPIs', () => {
  it('move as cases are contacted and resolved, within the actor’s scope', async () => {
    const before = (await owner.get('/api/v1/case-kpis')).json();
    expect(before.total).toMatchObject({ cases: 3, detractorCases: 3, open: 3, resolved: 0, recoveryRate: null });
    // Two contacted (the reply, the call) within their SLA; the third is not due yet, so undecided.
    expect(before.total).toMatchObject({ detractorCasesDecided: 2, detractorContactedWithinSla: 2, withinSlaShare: 1 });
    expect(before.total.medianHoursToFirstContact).toBeGreaterThanOrEqual(0);

    expect((await freja.patch(`/api/v1/cases/${ids.own}`, { status: 'resolved', outcome: 'recovered' })).statusCode).toBe(200);
    expect((await owner.patch(`/api/v1/cases/${ids.root}`, { status: 'resolved', outcome: 'not_recovered' })).statusCode).toBe(200);
    const after = (await owner.get('/api/v1/case-kpis')).json();
    expect(after.total).toMatchObject({ open: 1, resolved: 2, recovered: 1, notRecovered: 1, recoveryRate: 0.5 });
    expect(after.byOwner.find((k: { id: string }) => k.id === w.frontline.memberId)).toMatchObject({ name: 'Freja', cases: 2, resolved: 1, recoveryRate: 1 });
    expect(after.byUnit.find((k: { id: string }) => k.id === w.branchId)).toMatchObject({ name: 'Branch Aarhus', cases: 2 });

    const mine = (await freja.get('/api/v1/case-kpis')).json();
    expect(mine.total).toMatchObject({ cases: 2, recovered: 1, open: 1 });
    expect(mine.byUnit.map((k: { id: string }) => k.id)).toEqual([w.branchId]);
    const empty = (await owner.get('/api/v1/case-kpis?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z')).json();
    expect(empty.total).toMatchObject({ cases: 0, withinSlaShare: null, medianHoursToFirstContact: null });
  });
});

describe('watchers', () => {
  it('see and work the cases they watch, until they are removed', async () => {
    expect((await freja.get(`/api/v1/cases/${ids.root}`)).statusCode).toBe(404);
    expect((await owner.patch(`/api/v1/cases/${ids.root}`, { watcherMemberIds: [w.frontline.memberId] })).statusCode).toBe(200);
    expect(await listed(freja)).toContain(ids.root);
    expect((await freja.post(`/api/v1/cases/${ids.root}/notes`, { text: 'I know this customer.' })).statusCode).toBe(201);
    expect((await owner.patch(`/api/v1/cases/${ids.root}`, { watcherMemberIds: [] })).statusCode).toBe(200);
    expect((await freja.get(`/api/v1/cases/${ids.root}`)).statusCode).toBe(404);
  });
});
