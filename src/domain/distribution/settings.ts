// A workspace's sending settings: quarantine, the limit per account, the send window, the rate,
// the reminder, and its own SMTP server. One row per workspace, created with the migration's
// defaults on first read. The SMTP password is sealed (secret-box.ts) and never leaves the server.
import { sql } from 'kysely';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { type Db, inTransaction } from '../../db/index.ts';
import type { FieldProblem } from '../../errors.ts';
import { AppError } from '../../errors.ts';
import { workspaceSmtpOptions } from '../../mail/transports.ts';
import { type Actor, canManageDistribution, canViewDistribution, ensure } from '../access/index.ts';
import { type RequestContext, recordAudit } from '../audit/index.ts';
import type { DistributionSettingsView } from '../views.ts';
import { isValidTimeZone } from './calendar.ts';
import { openSecret, sealSecret } from './secret-box.ts';

const whole = (min: number, max: number) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.number({ message }).int(message).min(min, message).max(max, message);
};
const optionalText = (max: number) => z.string().max(max, `must be at most ${max} characters`).nullable();

export const SmtpSecurity = z.enum(['tls', 'starttls', 'none'], { message: 'must be one of tls, starttls, none' }).meta({
  id: 'SmtpSecurity',
  description:
    'tls: encrypted from the start (usually port 465); starttls: upgraded, and refused without it (usually 587); none: unencrypted (local relays only).',
});

/** What PUT /distribution/settings takes; a field left out keeps its value. */
export const DistributionSettingsInput = z
  .object({
    timeZone: z.string().max(100).meta({ description: 'IANA time zone (Europe/Copenhagen) for contacts without one of their own.' }),
    quarantineInvitedDays: whole(0, 730).meta({ description: "No invitation within this many days of the contact's last invitation." }),
    quarantineAnsweredDays: whole(0, 730).meta({ description: "No invitation within this many days of the contact's last answer." }),
    accountLimit: whole(1, 100_000).nullable().meta({ description: 'At most this many invitations per account within accountPeriodDays; null: no limit.' }),
    accountPeriodDays: whole(1, 730),
    windowStartMinute: whole(0, 1439).meta({ description: "Start of the send window, minutes after the recipient's local midnight (540 = 09:00)." }),
    windowEndMinute: whole(1, 1440).meta({ description: 'End of the send window (exclusive), minutes after local midnight; after windowStartMinute.' }),
    windowWeekdays: z
      .array(whole(1, 7), { message: 'must be a list of ISO weekdays (1 = Monday … 7 = Sunday)' })
      .min(1, 'must name at least one weekday')
      .max(7, 'must name each weekday at most once'),
    maxPerHour: whole(1, 1_000_000).meta({ description: 'At most this many invitations and reminders queued per hour.' }),
    reminderDays: whole(3, 7).nullable().meta({ description: 'Days after the invitation until its one reminder; null: no reminders.' }),
    smtp: z
      .object({
        host: optionalText(253).meta({ description: "Without a host, the server's SMTP_URL is used (or emails stay in the outbox)." }),
        port: whole(1, 65535).nullable().meta({ description: 'null: 465 with tls, 587 with starttls, 25 with none.' }),
        security: SmtpSecurity,
        user: optionalText(320),
        password: z
          .string()
          .min(1, 'must not be empty; send null to remove the password')
          .max(500, 'must be at most 500 characters')
          .nullable()
          .meta({ description: 'Write-only. A string sets it, null removes it, leaving it out keeps it.' }),
        fromAddress: z.email({ message: 'must be an email address such as nps@example.com' }).max(320).nullable(),
        fromName: optionalText(200),
        senderIsOwner: z.boolean().meta({ description: "Show the contact's owner as the sender's name, with replies going to the owner." }),
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict()
  .meta({ id: 'DistributionSettingsUpdate' });
export type DistributionSettingsInput = z.infer<typeof DistributionSettingsInput>;

type Row = Awaited<ReturnType<typeof readRow>>;

/** The workspace's row, created with the defaults when missing; locked when it is about to change. */
async function readRow(db: Db, workspaceId: string, lock = false) {
  await db
    .insertInto('distribution_settings')
    .values({ workspace_id: workspaceId })
    .onConflict((oc) => oc.column('workspace_id').doNothing())
    .execute();
  const query = db.selectFrom('distribution_settings').selectAll().where('workspace_id', '=', workspaceId);
  return (lock ? query.forUpdate() : query).executeTakeFirstOrThrow();
}

function viewOf(row: Row, withSmtp: boolean): DistributionSettingsView {
  return {
    timeZone: row.time_zone,
    quarantineInvitedDays: row.quarantine_invited_days,
    quarantineAnsweredDays: row.quarantine_answered_days,
    accountLimit: row.account_limit,
    accountPeriodDays: row.account_period_days,
    windowStartMinute: row.window_start_minute,
    windowEndMinute: row.window_end_minute,
    windowWeekdays: [...row.window_weekdays].sort((a, b) => a - b),
    maxPerHour: row.max_per_hour,
    reminderDays: row.reminder_days,
    smtp: withSmtp
      ? {
          host: row.smtp_host,
          port: row.smtp_port,
          security: row.smtp_security,
          user: row.smtp_user,
          passwordSet: row.smtp_password_encrypted !== null,
          fromAddress: row.from_address,
          fromName: row.from_name,
          senderIsOwner: row.sender_is_owner,
        }
      : null,
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The settings; the SMTP block only for those who may change it (others get smtp: null). */
export async function getDistributionSettings(db: Db, actor: Actor): Promise<DistributionSettingsView> {
  ensure(canViewDistribution(actor), 'see the sending settings');
  const row = await inTransaction(db, (trx) => readRow(trx, actor.workspaceId));
  return viewOf(row, canManageDistribution(actor));
}

/** The text to store: the current one when none is given; blank text means "not set". */
const textOf = (given: string | null | undefined, current: string | null) =>
  given === undefined ? current : given === null || given.trim() === '' ? null : given.trim();

const HOST = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$|^\[?[0-9A-Fa-f:.]+\]?$/;

/** Rules between fields and beyond the schema, checked on the settings as they would be saved. */
function problemsOf(next: Row, input: DistributionSettingsInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field: `body.${field}`, message });
  if (!isValidTimeZone(next.time_zone)) problem('timeZone', `must be an IANA time zone such as Europe/Copenhagen (got "${next.time_zone}")`);
  if (next.window_start_minute >= next.window_end_minute) {
    problem(input.windowEndMinute !== undefined ? 'windowEndMinute' : 'windowStartMinute', 'the send window must end after it starts');
  }
  if (new Set(next.window_weekdays).size !== next.window_weekdays.length) problem('windowWeekdays', 'must name each weekday at most once');
  if (next.smtp_host !== null && !HOST.test(next.smtp_host)) problem('smtp.host', 'must be a host name such as smtp.example.com (without smtp://)');
  if (next.smtp_password_encrypted !== null && next.smtp_user === null)
    problem(input.smtp?.password ? 'smtp.password' : 'smtp.user', 'a password needs a user');
  return problems;
}

/** Changes the settings; only the fields given change (smtp.password: a string sets it, null removes it). */
export async function updateDistributionSettings(
  db: Db,
  actor: Actor,
  input: DistributionSettingsInput,
  config: Config,
  context: RequestContext = {},
): Promise<DistributionSettingsView> {
  ensure(canManageDistribution(actor), 'change the sending settings');
  const parsed = DistributionSettingsInput.safeParse(input);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({ field: ['body', ...issue.path].join('.'), message: issue.message }));
    throw new AppError('validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
  }
  const given = parsed.data;
  const smtp = given.smtp ?? {};
  return inTransaction(db, async (trx) => {
    const before = await readRow(trx, actor.workspaceId, true);
    const password = smtp.password;
    const next: Row = {
      ...before,
      time_zone: given.timeZone?.trim() ?? before.time_zone,
      quarantine_invited_days: given.quarantineInvitedDays ?? before.quarantine_invited_days,
      quarantine_answered_days: given.quarantineAnsweredDays ?? before.quarantine_answered_days,
      account_limit: given.accountLimit === undefined ? before.account_limit : given.accountLimit,
      account_period_days: given.accountPeriodDays ?? before.account_period_days,
      window_start_minute: given.windowStartMinute ?? before.window_start_minute,
      window_end_minute: given.windowEndMinute ?? before.window_end_minute,
      window_weekdays: given.windowWeekdays ? [...given.windowWeekdays].sort((a, b) => a - b) : before.window_weekdays,
      max_per_hour: given.maxPerHour ?? before.max_per_hour,
      reminder_days: given.reminderDays === undefined ? before.reminder_days : given.reminderDays,
      smtp_host: textOf(smtp.host, before.smtp_host),
      smtp_port: smtp.port === undefined ? before.smtp_port : smtp.port,
      smtp_security: smtp.security ?? before.smtp_security,
      smtp_user: textOf(smtp.user, before.smtp_user),
      smtp_password_encrypted: password === undefined ? before.smtp_password_encrypted : password === null ? null : sealSecret(config, password),
      from_address: textOf(smtp.fromAddress, before.from_address),
      from_name: textOf(smtp.fromName, before.from_name),
      sender_is_owner: smtp.senderIsOwner ?? before.sender_is_owner,
    };
    const problems = problemsOf(next, given);
    if (problems.length > 0) throw new AppError('validation_failed', problems.map((p) => `${p.field}: ${p.message}`).join('; '), { errors: problems });

    const { workspace_id: _, updated_at: __, ...columns } = next;
    const row = await trx
      .updateTable('distribution_settings')
      .set({ ...columns, updated_at: sql`now()` })
      .where('workspace_id', '=', actor.workspaceId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const passwordChange = password === undefined ? undefined : password === null ? 'removed' : 'set';
    // The audit log shows whether the password changed, never the password (sealed or not).
    const audited = (view: DistributionSettingsView, change?: string) => ({ ...view, updatedAt: undefined, smtp: { ...view.smtp, password: change } });
    await recordAudit(
      trx,
      actor,
      {
        workspaceId: actor.workspaceId,
        action: 'distribution.settings_updated',
        targetType: 'workspace',
        targetId: actor.workspaceId,
        before: audited(viewOf(before, true)),
        after: audited(viewOf(row, true), passwordChange),
      },
      context,
    );
    return viewOf(row, true);
  });
}

/** A connection test answers within about this long, however the server behaves. */
const TEST_TIMEOUT_MS = 15_000;

export interface SmtpTestResult {
  ok: boolean;
  /** What the SMTP server said (or why it could not be reached), for people. */
  message: string;
}

const withDeadline = <T>(work: Promise<T>, what: string): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not answer within ${TEST_TIMEOUT_MS / 1000} seconds`)), TEST_TIMEOUT_MS);
    work.then(resolve, reject).finally(() => clearTimeout(timer));
  });

/** Connects to the workspace's saved SMTP server (else the server's SMTP_URL) and signs in, and with `to`
 * also sends a short test email. A failure is an answer (ok: false) with the server's reason, not an error. */
export async function testSmtp(db: Db, actor: Actor, config: Config, options: { to?: string } = {}): Promise<SmtpTestResult> {
  ensure(canManageDistribution(actor), 'test the SMTP connection');
  const row = await inTransaction(db, (trx) => readRow(trx, actor.workspaceId));
  const timeouts = { connectionTimeout: TEST_TIMEOUT_MS, greetingTimeout: TEST_TIMEOUT_MS, socketTimeout: TEST_TIMEOUT_MS };
  let transportOptions: SMTPTransport.Options | string;
  let target: string;
  try {
    if (row.smtp_host) {
      const server = workspaceSmtpOptions(row, row.smtp_password_encrypted ? openSecret(config, row.smtp_password_encrypted) : '');
      target = `${row.smtp_host}:${server.port}`;
      transportOptions = { ...timeouts, ...server };
    } else if (config.smtpUrl) {
      target = "the server's SMTP_URL";
      transportOptions = config.smtpUrl;
    } else {
      return { ok: false, message: 'No SMTP server is set, for this workspace or the server (SMTP_URL): emails stay in the outbox, undelivered.' };
    }
  } catch (error) {
    if (error instanceof AppError) return { ok: false, message: error.message };
    throw error;
  }
  const transport = nodemailer.createTransport(typeof transportOptions === 'string' ? { url: transportOptions, ...timeouts } : transportOptions);
  try {
    await withDeadline(transport.verify(), target);
    if (!options.to) return { ok: true, message: `Connected to ${target}${row.smtp_user && row.smtp_host ? ` and signed in as ${row.smtp_user}` : ''}.` };
    const from = row.from_address ? { name: row.from_name ?? '', address: row.from_address } : config.mailFrom;
    const info = await withDeadline(
      transport.sendMail({
        from,
        to: options.to,
        subject: 'Anbefal: test email',
        text: 'This email confirms that Anbefal can send invitations through this SMTP server.',
      }),
      target,
    );
    return { ok: true, message: `Connected to ${target}; the test email to ${options.to} was accepted (${info.response}).` };
  } catch (error) {
    return { ok: false, message: `${target}: ${(error as Error).message}` };
  } finally {
    transport.close();
  }
}
