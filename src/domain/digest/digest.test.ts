// The weekly digest end to end: a week of answers around a Copenhagen week's edges, cases from the
// real alert rules, the digest run at chosen clocks, and the emails read back from a real SMTP
// server (smtp-server + mailparser). Checks the numbers of a manager and a frontline member, the
// scopes (a frontline member never sees a colleague's customers, an eNPS group below its minimum
// is never shown), Monday 06:00 local time, once per member and week even when runs overlap,
// opted-out members, and the email's one-click unsubscribe (a GET changes nothing).
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repeat, seedAnswers, seedKindSurvey } from '../../../test/support/analytics.ts';
import { seedUser, signIn, startTestApp, type TestApp } from '../../../test/support/app.ts';
import { type LoopWorld, seedLoopWorld } from '../../../test/support/loop.ts';
import { seedContact } from '../../../test/support/surveys.ts';
import { inTransaction } from '../../db/index.ts';
import { createMailQueue } from '../../mail/index.ts';
import { evaluateAlertRules } from '../loop/index.ts';
import { sendWeeklyDigests } from './send.ts';

const PUBLIC_URL = 'https://nps.hygge.test';
const mail = createMailQueue({ delivers: true, messageIdDomain: 'nps.hygge.test' });

// The week reported: Monday 23 February to Sunday 1 March 2026 in Copenhagen (CET, UTC+1).
const MONDAY_0559 = new Date('2026-03-02T04:59:00Z');
const MONDAY_0600 = new Date('2026-03-02T05:00:00Z');

let t: TestApp;
let w: LoopWorld;
let smtp: SMTPServer;
const received: ParsedMail[] = [];
let ole: { memberId: string; email: string };
let versionId: string;

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  if (!condition()) throw new Error('condition not met within 20 s');
};
const mailTo = (email: string) => received.filter((m) => (m.to && !Array.isArray(m.to) ? m.to.value[0]?.address : undefined) === email);
const digestRows = () => t.database.db.selectFrom('outbox').select(['to_address']).where('kind', '=', 'insight_digest').execute();

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
  t = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, MAIL_FROM: 'Anbefal <nps@hygge.test>' });
  w = await seedLoopWorld(t.database, 'dig');
  const db = t.database.db;
  ole = { email: 'ole-dig@hygge.test', memberId: (await seedUser(t.database, w.workspaceId, 'ole-dig@hygge.test', 'frontline', w.branchId)).memberId };
  await db.updateTable('members').set({ name: 'Ole' }).where('id', '=', ole.memberId).execute();
  const root = await db.selectFrom('units').select('path').where('id', '=', w.rootUnitId).executeTakeFirstOrThrow();
  const south = crypto.randomUUID();
  await db
    .insertInto('units')
    .values({ id: south, workspace_id: w.workspaceId, parent_id: w.rootUnitId, name: 'Region South', path: `${root.path}${south}/` })
    .execute();
  versionId = (await db.selectFrom('surveys').select('current_version_id').where('id', '=', w.surveyId).executeTakeFirstOrThrow()).current_version_id as string;
  const astrid = await seedContact(t.database, w.workspaceId, w.branchId, { firstName: 'Astrid' });
  await db.updateTable('contacts').set({ owner_member_id: w.frontline.memberId, last_name: 'Holm' }).where('id', '=', astrid).execute();

  const survey = { workspaceId: w.workspaceId, surveyId: w.surveyId, versionId };
  const freja = { ...survey, unitId: w.branchId, ownerMemberId: w.frontline.memberId, contactId: astrid };
  // Freja's customers, the week reported: 6 promoters and 2 passives on Wednesday, 2 detractors on Monday…
  await seedAnswers(
    t.database,
    {
      ...freja,
      at: new Date('2026-02-25T10:00:00Z'),
      comment: (_i, score) => (score === 9 ? 'Quick and friendly' : score === 10 ? 'Lovely service from Freja' : undefined),
    },
    repeat({ 10: 5, 9: 1, 8: 2 }),
  );
  const detractors = await seedAnswers(t.database, { ...freja, at: new Date('2026-02-23T10:00:00Z'), comment: 'Slow <b>delivery</b> & "rude" driver' }, [3, 3]);
  // … a promoter at 23:30 on Sunday (in the week) and a detractor at 00:30 on Monday (already this week).
  await seedAnswers(t.database, { ...freja, at: new Date('2026-03-01T22:30:00Z'), comment: 'Late Sunday praise' }, [10]);
  const monday = await seedAnswers(t.database, { ...freja, at: new Date('2026-03-01T23:30:00Z'), comment: 'Monday morning complaint' }, [0]);
  // The alert rules open a case per detractor for their owner: two are overdue by Monday, the new one is not.
  for (const id of detractors) await inTransaction(db, (trx) => evaluateAlertRules(trx, id, new Date('2026-02-23T10:00:00Z')));
  await inTransaction(db, (trx) => evaluateAlertRules(trx, monday[0] as string, new Date('2026-03-01T23:30:00Z')));
  // The week before: 3 promoters, 3 passives, 4 detractors.
  await seedAnswers(t.database, { ...freja, at: new Date('2026-02-18T10:00:00Z') }, repeat({ 10: 2, 9: 1, 7: 3, 5: 2, 2: 2 }));

  // Ole's customers in the same branch: all promoters the week before, all detractors this week.
  const oles = { ...survey, unitId: w.branchId, ownerMemberId: ole.memberId };
  await seedAnswers(
    t.database,
    { ...oles, at: new Date('2026-02-26T12:00:00Z'), comment: (i) => (i === 0 ? 'Ole’s customer: the invoice was wrong' : undefined) },
    Array(12).fill(2),
  );
  await seedAnswers(t.database, { ...oles, at: new Date('2026-02-19T12:00:00Z') }, Array(12).fill(10));

  // Region South, outside both managers' subtrees: only in the company total.
  await seedAnswers(t.database, { ...survey, unitId: south, at: new Date('2026-02-24T09:00:00Z') }, repeat({ 10: 10, 9: 5, 7: 5 }));

  // An anonymous eNPS (minimum group 5): 3 answers placed on Region North, 4 on Region South.
  const pulse = await seedKindSurvey(t.database, w.workspaceId, { name: 'Staff pulse', kind: 'enps', anonymous: true, minGroupSize: 5 });
  const enps = {
    workspaceId: w.workspaceId,
    surveyId: pulse.surveyId,
    versionId: pulse.versionId,
    kind: 'enps' as const,
    at: new Date('2026-02-24T09:00:00Z'),
  };
  await seedAnswers(t.database, { ...enps, unitId: w.regionId }, [8, 8, 8]);
  await seedAnswers(t.database, { ...enps, unitId: south }, [9, 9, 9, 9]);

  // Ole stops the digest in his preferences.
  const oleSession = await signIn(t.app, ole.email);
  expect((await oleSession.put('/api/v1/me/email-preferences', { weeklyDigest: false })).statusCode).toBe(200);
}, 60_000);

afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('the weekly digest run', () => {
  it('sends nothing before Monday 06:00 in the workspace’s time zone (05:00 UTC in winter)', async () => {
    expect(await sendWeeklyDigests(t.database.db, mail, PUBLIC_URL, new Date('2026-03-01T20:00:00Z'))).toEqual({ sent: 0, empty: 0, failed: [] });
    expect(await sendWeeklyDigests(t.database.db, mail, PUBLIC_URL, MONDAY_0559)).toEqual({ sent: 0, empty: 0, failed: [] });
    expect(await digestRows()).toEqual([]);
  });

  it('sends each manager and frontline member one digest from 06:00, even when two runs overlap; none to the opted out', async () => {
    const [first, second] = await Promise.all([
      sendWeeklyDigests(t.database.db, mail, PUBLIC_URL, MONDAY_0600),
      sendWeeklyDigests(t.database.db, mail, PUBLIC_URL, MONDAY_0600),
    ]);
    expect(first.failed).toEqual([]);
    expect(second.failed).toEqual([]);
    expect(first.sent + second.sent).toBe(3);
    // Later that morning, and on Tuesday: decided already.
    expect(await sendWeeklyDigests(t.database.db, mail, PUBLIC_URL, new Date('2026-03-02T09:00:00Z'))).toEqual({ sent: 0, empty: 0, failed: [] });
    expect(await sendWeeklyDigests(t.database.db, mail, PUBLIC_URL, new Date('2026-03-03T12:00:00Z'))).toEqual({ sent: 0, empty: 0, failed: [] });
    const to = (await digestRows()).map((row) => row.to_address).sort();
    expect(to).toEqual([w.managers.branch.email, w.managers.region.email, w.frontline.email].sort());
    await until(() => received.length >= 3);
    expect(mailTo(ole.email)).toEqual([]);
    expect(mailTo(w.lead.email)).toEqual([]);
  });

  it('gives a frontline member the NPS of their own customers, its change and significance, their comments and cases', async () => {
    const [digest] = mailTo(w.frontline.email);
    expect(digest?.subject).toBe('Your week in NPS, 23 February – 1 March 2026: +45 (+55)');
    const text = digest?.text as string;
    expect(text).toContain('Good morning Freja,');
    expect(text).toContain('Answers from the customers you own.');
    // 11 answers: 7 promoters, 2 passives, 2 detractors (the Sunday 23:30 answer in, Monday 00:30 out).
    expect(text).toContain('NPS +45 ±41 (95% confidence), 11 answers.');
    expect(text).toContain('64% promoters, 18% passives, 18% detractors.');
    expect(text).toContain('Up 55 points on the week before (−10 from 10 answers). Not significant: the change could be chance.');
    expect(text).toContain('Only 11 NPS answers (fewer than 30)');
    // Newest first; the colleague's customers never appear.
    expect(text.indexOf('Late Sunday praise')).toBeLessThan(text.indexOf('Lovely service from Freja'));
    expect(text).toContain('- 3: “Slow <b>delivery</b> & "rude" driver” (Astrid Holm, Relationship dig)');
    expect(text).not.toContain('invoice');
    expect(text).not.toContain('Monday morning complaint');
    expect(text).not.toContain('The whole company');
    expect(text).toContain('Your open cases: 3, 2 of them overdue. The most urgent:');
    expect(text).toContain(`${PUBLIC_URL}/insight?from=2026-02-22T23%3A00%3A00.000Z&to=2026-03-01T23%3A00%3A00.000Z`);
    // The HTML part escapes what customers wrote, and links into the portal.
    const html = digest?.html as string;
    expect(html).toContain('Slow &lt;b&gt;delivery&lt;/b&gt; &amp; &quot;rude&quot; driver');
    expect(html).not.toContain('<b>delivery</b>');
    expect(html).toContain('name="viewport"');
    expect(html).not.toMatch(/<img|<script/i);
    const cases = await t.database.db.selectFrom('cases').select('id').where('owner_member_id', '=', w.frontline.memberId).execute();
    for (const { id } of cases) expect(html).toContain(`href="${PUBLIC_URL}/cases/${id}"`);
  });

  it('gives a manager their subtree’s NPS beside the company total', async () => {
    const [digest] = mailTo(w.managers.branch.email);
    // Branch Aarhus: Freja's 11 and Ole's 12 answers against 22 the week before.
    expect(digest?.subject).toBe('Your week in NPS, 23 February – 1 March 2026: −30 (−80)');
    const text = digest?.text as string;
    expect(text).toContain('Answers given in Branch Aarhus and the units below it.');
    expect(text).toContain('NPS −30 ±');
    expect(text).toContain('23 answers.');
    expect(text).toContain('Down 80 points on the week before (+50 from 22 answers). Significant at 99%: very unlikely to be chance.');
    // 50 answers in the workspace: the branch's 23, Region South's 20 and 7 eNPS answers (shown: 7 ≥ 5 in the whole company).
    expect(text).toMatch(/The whole company: NPS \+24 ±\d+ \(95% confidence\), 50 answers\./);
    expect(text).toContain('Ole’s customer: the invoice was wrong');
    expect(text).toContain('Open cases in Branch Aarhus and below: 3, 2 of them overdue.');
  });

  it('never shows an eNPS group below its minimum size', async () => {
    const [digest] = mailTo(w.managers.region.email);
    expect(digest?.subject).toBe('Your week in NPS, 23 February – 1 March 2026');
    const text = digest?.text as string;
    expect(text).toContain('Not shown. The anonymous survey "Staff pulse" has fewer answers here than its minimum group size (5)');
    // Only the company's number: the region's own is withheld, comments too.
    expect(text.match(/NPS [+−]\d+/g)).toEqual(['NPS +24']);
    expect(text).not.toContain('What customers said'.toUpperCase());
    expect(text).toContain('Open cases in Region North and below: 3, 2 of them overdue.');
  });

  it('stops with the email’s one-click unsubscribe; opening the link alone changes nothing', async () => {
    const [digest] = mailTo(w.frontline.email);
    // Header lines as sent, unfolded.
    const headerLine = (key: string) => digest?.headerLines.find((h) => h.key === key)?.line.replace(/\r?\n\s+/g, ' ');
    const link = /^List-Unsubscribe:\s*<(https:\/\/nps\.hygge\.test\/digest\/unsubscribe\/[A-Za-z0-9_-]+)>$/.exec(headerLine('list-unsubscribe') ?? '')?.[1];
    expect(link).toBeDefined();
    expect(headerLine('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(digest?.text).toContain(`Stop it: ${link}`);
    const path = new URL(link as string).pathname;
    const optedOut = async () =>
      (await t.database.db.selectFrom('members').select('weekly_digest_opted_out_at').where('id', '=', w.frontline.memberId).executeTakeFirstOrThrow())
        .weekly_digest_opted_out_at;

    const page = await t.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Stop the weekly digest?</h1>');
    expect(await optedOut()).toBeNull();

    const post = await t.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(post.statusCode).toBe(200);
    expect(post.body).toContain('<h1>The weekly digest is stopped</h1>');
    expect(await optedOut()).toBeInstanceOf(Date);

    // The next Monday Freja gets nothing; the others get that week's digest.
    const next = await sendWeeklyDigests(t.database.db, mail, PUBLIC_URL, new Date('2026-03-09T05:30:00Z'));
    expect(next.failed).toEqual([]);
    expect(next.sent + next.empty).toBe(2);
    const decided = await t.database.db.selectFrom('insight_digests').select(['member_id']).where('week', '=', '2026-03-02').execute();
    expect(decided.map((row) => row.member_id).sort()).toEqual([w.managers.branch.memberId, w.managers.region.memberId].sort());
  });
});
