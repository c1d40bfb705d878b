// The closed loop end to end in Chromium, on a desktop and on a phone (dark mode): a detractor
// answers on the real survey page → a case exists for the contact's owner → the alert email
// reaches a real SMTP server → the owner (frontline) signs in, finds the case under "Cases", reads
// the call guide, adds a note, replies to the customer twice (both emails arrive, threaded) and
// resolves it → the KPI page shows the case contacted within the SLA and recovered. Each screen
// is checked with axe.
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import type { BrowserContext, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { deliverAlertNotifications } from '../../src/domain/loop/index.ts';
import { createMailQueue } from '../../src/mail/index.ts';
import { contactWithLink, type LoopWorld, seedLoopWorld } from '../support/loop.ts';
import { expectAccessible, heading, navigate, type Server, setUpBrowserAndServers, signIn, snap, VIEWPORTS } from './harness.ts';

const received: ParsedMail[] = [];
let smtp: SMTPServer | undefined;
let smtpPort = 0;

/** One SMTP server for both viewports' servers; each world has its own addresses. */
async function startSmtp(): Promise<number> {
  if (smtp) return smtpPort;
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
  await new Promise<void>((resolve) => smtp?.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  return smtpPort;
}

interface Seeded {
  world: LoopWorld;
  workspaceName: string;
  token: string;
  customerEmail: string;
}
const worlds = new Map<Server, Seeded>();

const env = setUpBrowserAndServers(async (server) => {
  const port = await startSmtp();
  const tag = `e2e${worlds.size}`;
  const world = await seedLoopWorld(server.database, tag);
  // The workspace sends through its own SMTP server: the test's.
  await server.database.db
    .insertInto('distribution_settings')
    .values({
      workspace_id: world.workspaceId,
      smtp_host: '127.0.0.1',
      smtp_port: port,
      smtp_security: 'none',
      from_address: 'feedback@hygge.test',
      from_name: 'Hygge Bikes',
      sender_is_owner: true,
      updated_at: new Date(),
    })
    .execute();
  const { contactId, token } = await contactWithLink(server.database, world, world.branchId, world.frontline.memberId);
  const contact = await server.database.db.selectFrom('contacts').select('email').where('id', '=', contactId).executeTakeFirstOrThrow();
  worlds.set(server, { world, workspaceName: `Hygge ${tag}`, token, customerEmail: contact.email ?? '' });
});

afterAll(async () => {
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

const mailTo = (address: string) => received.filter((mail) => mail.to && !Array.isArray(mail.to) && mail.to.value.some((to) => to.address === address));
async function waitForMail(address: string, count: number): Promise<ParsedMail[]> {
  await expect.poll(() => mailTo(address).length, { timeout: 30_000, interval: 100 }).toBeGreaterThanOrEqual(count);
  return mailTo(address);
}

/** The customer answers 3 on the survey page in the browser and asks to be contacted. */
async function answerAsDetractor(page: Page, token: string) {
  await page.goto(`/s/${token}`);
  await page.getByRole('radio', { name: '3', exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('What should we do better?').fill('The repair took three weeks and nobody called me.');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('group', { name: 'May we contact you about your answer?' }).getByRole('radio', { name: 'Yes' }).check();
  await page.getByRole('button', { name: 'Send answers' }).click();
  await page.getByRole('heading', { level: 1, name: 'Thank you' }).waitFor();
}

/** The value of a KPI card ("Open", "Recovery rate", …). */
const stat = (page: Page, label: string) =>
  page
    .locator('.stat')
    .filter({ has: page.getByText(label, { exact: true }) })
    .locator('dd');

async function openKpis(page: Page) {
  await navigate(page, 'Cases');
  await page.getByRole('navigation', { name: 'Cases' }).getByRole('link', { name: 'KPIs' }).click();
  await heading(page, 'Case KPIs').waitFor();
  await page.getByRole('heading', { name: /^All cases you see/ }).waitFor();
}

describe.each(VIEWPORTS)('the closed loop on $name', ({ name: viewport, options }) => {
  let server: Server;
  let seeded: Seeded;
  let context: BrowserContext;
  let page: Page;
  let caseId: string;

  beforeAll(async () => {
    server = env.server(viewport);
    seeded = worlds.get(server) as Seeded;
    context = await env.browser().newContext({ ...options, baseURL: server.base });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
  });

  test('a detractor answers on the survey page: a case opens for the owner and the alert email arrives', async () => {
    const respondent = await env.browser().newContext({ ...options, baseURL: server.base });
    try {
      await answerAsDetractor(await respondent.newPage(), seeded.token);
    } finally {
      await respondent.close();
    }
    const opened = await server.database.db
      .selectFrom('cases')
      .innerJoin('responses', 'responses.id', 'cases.response_id')
      .select(['cases.id', 'cases.owner_member_id', 'cases.status', 'cases.kind', 'responses.score'])
      .where('cases.workspace_id', '=', seeded.world.workspaceId)
      .execute();
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ owner_member_id: seeded.world.frontline.memberId, status: 'new', kind: 'follow_up', score: 3 });
    caseId = opened[0]?.id ?? '';

    // What the loop-notify job does each minute (schedules are off in browser tests).
    const config = parseConfig({ NODE_ENV: 'test', PUBLIC_URL: server.base });
    const mail = createMailQueue({ delivers: false, messageIdDomain: 'hygge.test' });
    expect(await deliverAlertNotifications(server.database.db, config, mail, new Date())).toEqual({ sent: 1, failed: 0 });
    const [alert] = await waitForMail(seeded.world.frontline.email, 1);
    expect(alert?.subject).toMatch(/^Detractor alarm: Karen Blixen \(3, Detractor\)/);
    expect(alert?.text).toContain(`${server.base}/cases/${caseId}`);
    expect(alert?.text).toContain('The repair took three weeks and nobody called me.');
  });

  test('the owner finds it under Cases and opens it with the call guide; the KPIs show one open case', async () => {
    await signIn(page, seeded.world.frontline.email, seeded.workspaceName);
    await openKpis(page);
    await expect.poll(() => stat(page, 'Open').textContent()).toBe('1');
    expect(await stat(page, 'Recovery rate').textContent()).toMatch(/^—/);
    await expectAccessible(page);

    await navigate(page, 'Cases');
    const list = page.getByRole('region', { name: /^(Overdue|Due today|Other cases)/ });
    const link = list.getByRole('link', { name: 'Karen Blixen' });
    await link.waitFor();
    await expect.poll(() => list.getByText('“The repair took three weeks and nobody called me.”').count()).toBe(1);
    await expect.poll(() => list.getByText(/^due in /).count()).toBe(1);
    await expectAccessible(page);
    await snap(page, `${viewport}-cases`);

    await link.click();
    await heading(page, 'Karen Blixen').waitFor();
    await page.getByText('How to make the call').click();
    await page.getByText('Never talk about the score.').waitFor();
    await page.getByText('The repair took three weeks and nobody called me.').first().waitFor();
    await page.getByText(`How likely are you to recommend ${seeded.workspaceName} to a friend or colleague?`).waitFor();
    await expectAccessible(page);
  });

  test('the owner adds a note, replies to the customer twice (threaded emails) and resolves the case', async () => {
    const note = page.getByRole('region', { name: 'Add a note' });
    await note.getByLabel('Note').fill('Read the repair log: the part was back-ordered.');
    await note.getByRole('button', { name: 'Add note' }).click();
    await note.getByText('The note is added.').waitFor();
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline.getByText('Read the repair log: the part was back-ordered.').waitFor();

    const reply = page.getByRole('region', { name: 'Reply to the customer' });
    await reply.getByLabel('Subject').fill('About your repair');
    await reply.getByLabel('Message').fill('Dear Karen, thank you for telling us. May I call you tomorrow at ten?');
    await reply.getByRole('button', { name: 'Send reply' }).click();
    await reply.getByText('The reply is sent.').waitFor();
    await timeline.getByText(`Replied by email to ${seeded.customerEmail}: "About your repair"`).waitFor();
    await page.locator('.case-summary').getByText('Contacted', { exact: true }).waitFor();
    await page.locator('.case-summary').getByText('contacted in time').waitFor();
    await reply.getByLabel('Message').fill('As promised: the new part is in, and the repair is free.');
    await reply.getByRole('button', { name: 'Send reply' }).click();
    await timeline.getByText(`Replied by email to ${seeded.customerEmail}: "Re: About your repair"`).waitFor();
    await expectAccessible(page);

    const [first, second] = (await waitForMail(seeded.customerEmail, 2)).sort((a, b) => (a.messageId ?? '').localeCompare(b.messageId ?? ''));
    expect(first?.messageId).toMatch(new RegExp(`^<case-${caseId}-reply-1@`));
    expect(first?.subject).toBe('About your repair');
    expect(first?.from?.value[0]).toEqual({ name: 'Freja via Hygge Bikes', address: 'feedback@hygge.test' });
    expect(first?.replyTo?.value[0]?.address).toBe(seeded.world.frontline.email);
    expect(first?.text?.trim()).toBe('Dear Karen, thank you for telling us. May I call you tomorrow at ten?');
    expect(first?.inReplyTo).toBeUndefined();
    expect(second?.messageId).toMatch(new RegExp(`^<case-${caseId}-reply-2@`));
    expect(second?.subject).toBe('Re: About your repair');
    expect(second?.inReplyTo).toBe(first?.messageId);
    expect(second?.references).toBe(first?.messageId);

    await page.getByRole('button', { name: 'Resolve…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Resolve the case' });
    await dialog.getByLabel('Root cause').selectOption('Delivery');
    await dialog.getByLabel('Outcome').selectOption({ label: 'Recovered' });
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Resolve case' }).click();
    await page.getByText('The case is resolved.').waitFor();
    await timeline.getByText('Outcome: Recovered.').waitFor();
    await expectAccessible(page);
    await snap(page, `${viewport}-case`);

    const stored = await server.database.db
      .selectFrom('cases')
      .select(['status', 'root_cause', 'outcome', 'first_contact_at'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: 'resolved', root_cause: 'Delivery', outcome: 'recovered' });
    expect(stored.first_contact_at).not.toBeNull();
  });

  test('the KPI page shows the case contacted within the SLA and recovered', async () => {
    await openKpis(page);
    await expect.poll(() => stat(page, 'Open').textContent()).toBe('0');
    expect(await stat(page, 'Recovery rate').textContent()).toMatch(/^100%/);
    expect(await stat(page, 'Detractors contacted within the SLA').textContent()).toBe('100%1 of 1 detractors; meets the 90% target');
    const byOwner = page.getByRole('region', { name: 'By owner' });
    await byOwner.getByRole('rowheader', { name: 'Freja' }).waitFor();
    await expectAccessible(page);
    await snap(page, `${viewport}-case-kpis`);
  });

  test("the unit's manager filters by owner, takes the case over and keeps Freja watching it (audited)", async () => {
    const managerContext = await env.browser().newContext({ ...options, baseURL: server.base });
    try {
      const manager = await managerContext.newPage();
      await signIn(manager, seeded.world.managers.branch.email, seeded.workspaceName);
      await navigate(manager, 'Cases');
      await manager.getByLabel('Status').selectOption({ label: 'Every status' });
      await manager.getByLabel('Find an owner').fill('freja');
      await manager.getByLabel('Owner', { exact: true }).selectOption(seeded.world.frontline.memberId);
      await expect.poll(() => new URL(manager.url()).searchParams.get('ownerMemberId')).toBe(seeded.world.frontline.memberId);
      await manager.getByRole('link', { name: 'Karen Blixen' }).click();
      await heading(manager, 'Karen Blixen').waitFor();

      const people = manager.getByRole('region', { name: 'Owner, watchers and tags' });
      await people.getByRole('form', { name: 'Reassign' }).getByLabel('Owner', { exact: true }).selectOption(seeded.world.managers.branch.memberId);
      await people.getByRole('button', { name: 'Reassign' }).click();
      await people.getByText('The case has a new owner.').waitFor();
      await manager.getByRole('region', { name: 'Timeline' }).getByText('Reassigned from Freja to Bo.').waitFor();
      await people.getByLabel('Watcher', { exact: true }).selectOption(seeded.world.frontline.memberId);
      await people.getByRole('button', { name: 'Add watcher' }).click();
      await people.getByText('The watcher is added.').waitFor();
      await people.getByRole('button', { name: 'Remove Freja' }).waitFor();
      await expectAccessible(manager);

      const audit = await server.database.db.selectFrom('audit_log').select(['action', 'after']).where('target_id', '=', caseId).execute();
      expect(audit).toEqual([{ action: 'case.reassigned', after: { ownerMemberId: seeded.world.managers.branch.memberId } }]);
    } finally {
      await managerContext.close();
    }
  });
});
