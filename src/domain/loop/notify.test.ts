// Alert notifications over real transports: the owner's alert email arrives at an SMTP server
// (smtp-server, read with mailparser), and Slack and Teams posts arrive at a local HTTP server in
// their documented shapes — once the workspace allows loopback targets, which are refused before.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestApp, type TestApp } from '../../../test/support/app.ts';
import { answerThroughPages, contactWithLink, type LoopWorld, seedLoopWorld } from '../../../test/support/loop.ts';
import { parseConfig } from '../../config.ts';
import { createMailQueue } from '../../mail/index.ts';
import { deliverAlertNotifications } from './notify.ts';

let t: TestApp;
let w: LoopWorld;
let smtp: SMTPServer;
const received: ParsedMail[] = [];
let hooks: http.Server;
const posts: Array<{ path: string; body: unknown; contentType: string | undefined }> = [];
let base: string;
const config = parseConfig({ NODE_ENV: 'test', PUBLIC_URL: 'https://nps.hygge.test' });
// The alert job's queue: it writes deliverable outbox rows that the test app's dispatcher sends.
const mail = createMailQueue({ delivers: true, messageIdDomain: 'nps.hygge.test' });

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  if (!condition()) throw new Error('condition not met within 20 s');
};

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
  hooks = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      posts.push({ path: req.url ?? '', body: JSON.parse(body), contentType: req.headers['content-type'] });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}`;
  t = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, MAIL_FROM: 'Anbefal <alerts@hygge.test>' });
  w = await seedLoopWorld(t.database);
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await new Promise<void>((resolve) => hooks.close(() => resolve()));
});

describe('alert notifications', () => {
  it("email the case's owner through the outbox to a real SMTP server", async () => {
    const { token } = await contactWithLink(t.database, w, w.branchId, w.frontline.memberId);
    const responseId = await answerThroughPages(t.app, t.database, token, { recommend: '2', why: 'Nobody answered the phone' });
    const result = await deliverAlertNotifications(t.database.db, config, mail, new Date());
    expect(result).toEqual({ sent: 1, failed: 0 });
    await until(() => received.some((m) => m.subject?.startsWith('Detractor alarm')));
    const alert = received.find((m) => m.subject?.startsWith('Detractor alarm')) as ParsedMail;
    expect(alert.to && !Array.isArray(alert.to) ? alert.to.value[0]?.address : undefined).toBe(w.frontline.email);
    expect(alert.subject).toBe(`Detractor alarm: Karen Blixen (2, Detractor) – ${(await surveyName()) ?? ''}`);
    const caseId = (await t.database.db.selectFrom('cases').select('id').where('response_id', '=', responseId).executeTakeFirstOrThrow()).id;
    expect(alert.text).toContain(`https://nps.hygge.test/cases/${caseId}`);
    expect(alert.text).toContain('“Nobody answered the phone”');
    // Sent once: the next run finds nothing due.
    expect(await deliverAlertNotifications(t.database.db, config, mail, new Date())).toEqual({ sent: 0, failed: 0 });
  });

  it('post a Block Kit message to Slack and an Adaptive Card to Teams, refusing loopback until the workspace allows it', async () => {
    const owner = await signIn(t.app, w.ownerEmail);
    const rule = await owner.post('/api/v1/alert-rules', {
      name: 'Angry VIP',
      conditions: [
        { type: 'score', min: 0, max: 4 },
        { type: 'keywords', keywords: { en: ['angry'] } },
      ],
      actions: [
        { type: 'slack', url: `${base}/slack` },
        { type: 'teams', url: `${base}/teams` },
      ],
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const { token } = await contactWithLink(t.database, w, w.branchId, w.frontline.memberId);
    await answerThroughPages(t.app, t.database, token, { recommend: '1', why: 'I am angry <and> tired & done' });

    const now = new Date();
    // The default detractor alarm's email goes out; both posts are refused (loopback) and wait 30 s.
    expect(await deliverAlertNotifications(t.database.db, config, mail, now)).toEqual({ sent: 1, failed: 2 });
    const refused = await t.database.db
      .selectFrom('alert_notifications')
      .select(['channel', 'status', 'attempts', 'last_error'])
      .where('rule_id', '=', rule.json().id)
      .execute();
    expect(refused).toHaveLength(2);
    for (const row of refused) {
      expect(row).toMatchObject({ status: 'pending', attempts: 1 });
      expect(row.last_error).toContain('loopback');
    }
    expect(posts).toHaveLength(0);

    expect((await owner.put('/api/v1/integration-settings', { webhooksAllowPrivate: true })).statusCode).toBe(200);
    expect(await deliverAlertNotifications(t.database.db, config, mail, new Date(now.getTime() + 29_000))).toEqual({ sent: 0, failed: 0 });
    expect(await deliverAlertNotifications(t.database.db, config, mail, new Date(now.getTime() + 30_000))).toEqual({ sent: 2, failed: 0 });

    const slack = posts.find((p) => p.path === '/slack') as { body: { text: string; blocks: Array<Record<string, unknown>> }; contentType: string };
    expect(slack.contentType).toBe('application/json');
    expect(slack.body.text).toBe(`Angry VIP: Karen Blixen (1, Detractor) – ${await surveyName()}`);
    expect(slack.body.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'actions']);
    expect(slack.body.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: slack.body.text, emoji: false } });
    // mrkdwn control characters are escaped.
    expect(slack.body.blocks[2]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '>I am angry &lt;and&gt; tired &amp; done' } });
    expect(slack.body.blocks[3]).toMatchObject({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text' }, url: expect.stringMatching(/^https:\/\/nps\.hygge\.test\/$/) }],
    });

    const teams = posts.find((p) => p.path === '/teams') as {
      body: { type: string; attachments: Array<{ contentType: string; content: Record<string, unknown> }> };
    };
    expect(teams.body.type).toBe('message');
    expect(teams.body.attachments).toHaveLength(1);
    const card = teams.body.attachments[0];
    expect(card?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card?.content).toMatchObject({ $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4' });
    const body = card?.content.body as Array<{ type: string; text?: string; facts?: Array<{ title: string; value: string }> }>;
    expect(body.map((b) => b.type)).toEqual(['TextBlock', 'FactSet', 'TextBlock']);
    expect(body[1]?.facts).toEqual(
      expect.arrayContaining([
        { title: 'Score', value: '1 (Detractor)' },
        { title: 'Customer', value: 'Karen Blixen' },
      ]),
    );
    expect(body[2]?.text).toBe('I am angry <and> tired & done');
    expect(card?.content.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open Anbefal', url: 'https://nps.hygge.test/' }]);
  });
});

async function surveyName() {
  return (await t.database.db.selectFrom('surveys').select('name').where('id', '=', w.surveyId).executeTakeFirst())?.name;
}
