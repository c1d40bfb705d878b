// What the send tick needs to write one email: the workspace's sender and rules, the contacts and
// surveys of a chunk (read in one query each), the hourly budget, and the email itself. Reads
// only; send.ts and reminders.ts decide and write.
import { sql } from 'kysely';
import type { Db, SkipReason } from '../../db/index.ts';
import type { RenderInputs } from '../../mail/bodies.ts';
import { estimateMinutes, invitationHeaders, renderSubject } from '../../mail/invitation.ts';
import type { MailQueue, OutgoingEmail } from '../../mail/outbox.ts';
import { LANGUAGES, type Language, SurveyDefinition } from '../surveys/definition.ts';
import { personalLinkUrl } from '../surveys/links.ts';
import { isValidTimeZone } from './calendar.ts';
import { loadWorkspaceRules, rulesForSurvey, type SendingRules } from './rules.ts';

export interface SendDeps {
  mail: MailQueue;
  /** The server's public origin; personal and unsubscribe links start with it. */
  publicUrl: string;
}

/** How a workspace sends: its rules, and what its From and Reply-To are made of. */
export interface WorkspaceSender {
  rules: SendingRules;
  name: string;
  fromAddress: string | null;
  fromName: string | null;
  senderIsOwner: boolean;
}

/** The workspace's rules, name and sender settings (the defaults until it saves settings). */
export async function loadWorkspaceSender(db: Db, workspaceId: string): Promise<WorkspaceSender> {
  const rules = await loadWorkspaceRules(db, workspaceId);
  const row = await db
    .selectFrom('workspaces as w')
    .leftJoin('distribution_settings as ds', 'ds.workspace_id', 'w.id')
    .select(['w.name', 'ds.from_address', 'ds.from_name', 'ds.sender_is_owner'])
    .where('w.id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return { rules, name: row.name, fromAddress: row.from_address, fromName: row.from_name, senderIsOwner: row.sender_is_owner ?? true };
}

export interface SendTickResult {
  /** Invitations written to the outbox. */
  queued: number;
  /** Invitations not sent, by reason. */
  skipped: Partial<Record<SkipReason, number>>;
  /** Invitations moved to the start of their recipient's next send window. */
  deferred: number;
  /** Reminders written to the outbox. */
  reminders: number;
}

export interface SendTickOptions {
  /** Only this workspace (POST /distribution/run); every workspace by default. */
  workspaceId?: string;
  /** At most this many due invitations (and as many reminders) are looked at in this tick. */
  limit?: number;
}

/** Invitations claimed per transaction: enough to batch the reads, small enough to keep locks short. */
export const SEND_CHUNK = 200;

/** State shared by the invitation and reminder passes of one tick. */
export interface TickState {
  result: SendTickResult;
  senders: Map<string, WorkspaceSender>;
  /** Workspaces whose hourly budget is spent: the rest of their due mail waits for a later tick. */
  full: Set<string>;
}

/** The workspace's sender, read once per tick. */
export async function senderOf(db: Db, state: TickState, workspaceId: string): Promise<WorkspaceSender> {
  let sender = state.senders.get(workspaceId);
  if (!sender) {
    sender = await loadWorkspaceSender(db, workspaceId);
    state.senders.set(workspaceId, sender);
  }
  return sender;
}

export interface SendContact {
  id: string;
  email: string | null;
  firstName: string | null;
  language: string | null;
  timeZone: string | null;
  accountName: string | null;
  owner: { name: string; email: string | null } | null;
}

/** The contacts of a chunk with their owner (member, and the member's user address) and account. */
export async function loadContacts(db: Db, workspaceId: string, contactIds: readonly string[]): Promise<Map<string, SendContact>> {
  const result = new Map<string, SendContact>();
  if (contactIds.length === 0) return result;
  const rows = await db
    .selectFrom('contacts as c')
    .leftJoin('members as m', 'm.id', 'c.owner_member_id')
    .leftJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('accounts as a', 'a.id', 'c.account_id')
    .select([
      'c.id',
      'c.email',
      'c.first_name',
      'c.language',
      'c.time_zone',
      'a.name as account_name',
      'm.name as owner_name',
      'u.email as user_email',
      'm.email as member_email',
    ])
    .where('c.workspace_id', '=', workspaceId)
    .where('c.id', 'in', [...new Set(contactIds)])
    .execute();
  for (const row of rows) {
    result.set(row.id, {
      id: row.id,
      email: row.email,
      firstName: row.first_name,
      language: row.language,
      timeZone: row.time_zone,
      accountName: row.account_name,
      owner: row.owner_name ? { name: row.owner_name, email: row.user_email ?? row.member_email } : null,
    });
  }
  return result;
}

export interface SendSurvey {
  id: string;
  /** Active with a published version: invitations to it may go out. */
  open: boolean;
  anonymous: boolean;
  linkValidityDays: number;
  rules: SendingRules;
  /** The published version (current_version_id) and its definition. */
  versionId: string | null;
  definition: SurveyDefinition | null;
  minutes: number;
}

/** The surveys of a chunk with their published definition and their sending rules. */
export async function loadSurveys(db: Db, workspace: WorkspaceSender, workspaceId: string, surveyIds: readonly string[]): Promise<Map<string, SendSurvey>> {
  const result = new Map<string, SendSurvey>();
  if (surveyIds.length === 0) return result;
  const rows = await db
    .selectFrom('surveys as s')
    .leftJoin('survey_versions as v', 'v.id', 's.current_version_id')
    .select(['s.id', 's.status', 's.anonymous', 's.link_validity_days', 's.distribution', 'v.id as version_id', 'v.definition'])
    .where('s.workspace_id', '=', workspaceId)
    .where('s.id', 'in', [...new Set(surveyIds)])
    .execute();
  for (const row of rows) {
    const parsed = row.definition ? SurveyDefinition.safeParse(row.definition) : undefined;
    const definition = parsed?.success ? parsed.data : null;
    result.set(row.id, {
      id: row.id,
      open: row.status === 'active' && definition !== null,
      anonymous: row.anonymous,
      linkValidityDays: row.link_validity_days,
      rules: rulesForSurvey(workspace.rules, row.distribution),
      versionId: row.version_id,
      definition,
      minutes: definition ? estimateMinutes(definition) : 1,
    });
  }
  return result;
}

/** The recipient's zone: their own when it is a real one, else the workspace's. */
export const recipientTimeZone = (contact: SendContact, rules: SendingRules): string =>
  contact.timeZone && isValidTimeZone(contact.timeZone) ? contact.timeZone : rules.timeZone;

/**
 * How many more emails (invitations and reminders) the workspace may queue in the hour before
 * `now`. Counted from what the ticks recorded (recordQueued), so every process sees the same budget.
 */
export async function hourlyBudget(db: Db, workspaceId: string, maxPerHour: number, now: Date): Promise<number> {
  const since = new Date(now.getTime() - 3_600_000);
  const row = await db
    .selectFrom('sending_counts')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('emails'), sql<string>`0`).as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('queued_at', '>', since)
    .executeTakeFirst();
  return Math.max(0, maxPerHour - Number(row?.n ?? 0));
}

/**
 * Records `emails` queued at `now` for the hourly rate, in the transaction that queued them (under
 * the workspace's sending lock), and forgets instants that no longer count.
 */
export async function recordQueued(db: Db, workspaceId: string, now: Date, emails: number): Promise<void> {
  if (emails <= 0) return;
  await db
    .insertInto('sending_counts')
    .values({ workspace_id: workspaceId, queued_at: now, emails })
    .onConflict((oc) => oc.columns(['workspace_id', 'queued_at']).doUpdateSet({ emails: sql`sending_counts.emails + excluded.emails` }))
    .execute();
  await db
    .deleteFrom('sending_counts')
    .where('workspace_id', '=', workspaceId)
    .where('queued_at', '<=', new Date(now.getTime() - 3_600_000))
    .execute();
}

/**
 * Serialises the decisions of concurrent ticks for one workspace (eligibility, budget) until the
 * transaction ends. Callers take workspaces in sorted order, so two ticks cannot deadlock.
 */
export async function lockWorkspaceSending(db: Db, workspaceId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`anbefal.send:${workspaceId}`}))`.execute(db);
}

export interface OpenChunk {
  sender: WorkspaceSender;
  /** Emails this chunk may still queue within the workspace's hourly rate (above 0). */
  budget: number;
  surveys: Map<string, SendSurvey>;
  contacts: Map<string, SendContact>;
}

/**
 * What deciding a chunk of one workspace needs: its sending lock (taken first, so a concurrent
 * tick's decisions are committed and visible), its sender, the hour's budget, and the chunk's
 * surveys and contacts. Undefined when the hour's budget is spent: the chunk stays as it is.
 */
export async function openChunk(
  trx: Db,
  state: TickState,
  workspaceId: string,
  now: Date,
  due: readonly { survey_id: string; contact_id: string }[],
): Promise<OpenChunk | undefined> {
  await lockWorkspaceSending(trx, workspaceId);
  const sender = await senderOf(trx, state, workspaceId);
  const budget = state.full.has(workspaceId) ? 0 : await hourlyBudget(trx, workspaceId, sender.rules.maxPerHour, now);
  if (budget <= 0) {
    state.full.add(workspaceId);
    return undefined;
  }
  const surveys = await loadSurveys(
    trx,
    sender,
    workspaceId,
    due.map((row) => row.survey_id),
  );
  const contacts = await loadContacts(
    trx,
    workspaceId,
    due.map((row) => row.contact_id),
  );
  return { sender, budget, surveys, contacts };
}

const isLanguage = (value: string | null | undefined, among: readonly Language[]): value is Language =>
  !!value && (LANGUAGES as readonly string[]).includes(value) && among.includes(value as Language);

/** The invitation's language, else the contact's, when the survey has it; else the survey's default. */
export function languageFor(definition: SurveyDefinition, invitationLanguage: string | null, contactLanguage: string | null): Language {
  if (isLanguage(invitationLanguage, definition.languages)) return invitationLanguage;
  if (isLanguage(contactLanguage, definition.languages)) return contactLanguage;
  return definition.defaultLanguage;
}

/** A display name as an RFC 5322 quoted string. */
const quoted = (name: string) => `"${name.replace(/[\r\n]+/g, ' ').replace(/(["\\])/g, '\\$1')}"`;

/**
 * The From header: the owner's name "via" the workspace when the workspace shows owners, on the
 * workspace's address. Without an address of its own the server's MAIL_FROM is used (undefined).
 */
export function fromHeader(workspace: WorkspaceSender, owner: SendContact['owner']): string | undefined {
  if (!workspace.fromAddress) return undefined;
  const sender = workspace.fromName ?? workspace.name;
  const name = workspace.senderIsOwner && owner ? `${owner.name} via ${sender}` : workspace.fromName;
  return name ? `${quoted(name)} <${workspace.fromAddress}>` : workspace.fromAddress;
}

export interface EmailFor {
  kind: 'invitation' | 'reminder';
  workspaceId: string;
  invitation: { id: string; token: string; language: string | null };
  contact: SendContact & { email: string };
  survey: SendSurvey & { definition: SurveyDefinition; versionId: string };
  workspace: WorkspaceSender;
}

/**
 * The outbox email for an invitation or its reminder; the Message-ID is derived from the invitation id.
 * Its body is stored as what renders it (src/mail/bodies.ts): the dispatcher renders it at send time.
 */
export function composeEmail(deps: SendDeps, input: EmailFor): OutgoingEmail {
  const { contact, survey, workspace, invitation } = input;
  const messageId = `<${input.kind}-${invitation.id}@${deps.mail.messageIdDomain}>`;
  const publicUrl = deps.publicUrl.replace(/\/+$/, '');
  const owner = contact.owner;
  const unsubscribeUrl = `${publicUrl}/u/${invitation.token}`;
  const render: RenderInputs = {
    versionId: survey.versionId,
    language: languageFor(survey.definition, invitation.language, contact.language),
    kind: input.kind,
    company: survey.definition.companyName ?? workspace.name,
    contact: { firstName: contact.firstName },
    owner: owner ? { name: owner.name, email: owner.email ?? '' } : null,
    accountName: contact.accountName,
    surveyUrl: personalLinkUrl(publicUrl, invitation.token),
    unsubscribeUrl,
    anonymous: survey.anonymous,
  };
  const showOwner = workspace.senderIsOwner && owner !== null;
  return {
    workspaceId: input.workspaceId,
    kind: input.kind,
    to: contact.email,
    subject: renderSubject({ ...render, definition: survey.definition }),
    render,
    messageId,
    headers: invitationHeaders(messageId, unsubscribeUrl),
    from: fromHeader(workspace, showOwner ? owner : null),
    replyTo: showOwner && owner.email ? owner.email : undefined,
  };
}
