// The shapes the API answers with: built by the domain, read by the portal. No imports,
// so the browser build can use these without pulling in server code.

export type Role = 'owner' | 'admin' | 'analyst' | 'manager' | 'frontline';
export const ROLES: readonly Role[] = ['owner', 'admin', 'analyst', 'manager', 'frontline'];
export type ApiKeyScope = 'read' | 'write';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface WorkspaceView {
  id: string;
  name: string;
  createdAt: string;
}

export interface UnitView {
  id: string;
  parentId: string | null;
  name: string;
  externalId: string | null;
  depth: number;
  managerMemberId: string | null;
  memberCount: number;
}

export interface MemberView {
  id: string;
  name: string;
  email: string | null;
  externalId: string | null;
  unitId: string;
  unitName: string;
  role: Role | null;
  hasLogin: boolean;
  createdAt: string;
}

export interface UserView {
  memberId: string;
  userId: string | null;
  name: string;
  email: string | null;
  role: Role;
  unitId: string;
  status: 'active' | 'invited';
}

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scope: ApiKeyScope;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface OutboxEmailView {
  id: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  status: 'pending' | 'sending' | 'sent' | 'stored' | 'failed';
  /** True only when an SMTP server accepted the email. */
  delivered: boolean;
  attempts: number;
  lastError: string | null;
  messageId: string;
  /** The contact an invitation or reminder email went to; null for other kinds. */
  contactId: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface SessionView {
  user: { id: string; email: string; name: string };
  csrfToken: string;
  workspace: { id: string; name: string; role: Role; memberId: string; unitId: string } | null;
  workspaces: { id: string; name: string; role: Role }[];
}

export interface AuditEntryView {
  id: number;
  at: string;
  actor: { type: 'user' | 'api_key' | 'system'; id: string | null; label: string };
  action: string;
  target: { type: string; id: string | null };
  before: unknown;
  after: unknown;
  ip: string | null;
  requestId: string | null;
}

export type AttributeType = 'text' | 'number' | 'date' | 'boolean' | 'list';
/** A stored attribute value: text and list as strings, dates as YYYY-MM-DD strings. */
export type AttributeValue = string | number | boolean;

export interface AttributeDefinitionView {
  id: string;
  key: string;
  label: string;
  type: AttributeType;
  allowedValues: string[] | null;
  createdAt: string;
  updatedAt: string;
}

export type ConsentState = 'unknown' | 'granted' | 'withdrawn';

export interface ContactView {
  id: string;
  externalId: string | null;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  language: string | null;
  timeZone: string | null;
  accountId: string | null;
  ownerMemberId: string | null;
  unitId: string;
  segment: string | null;
  attributes: Record<string, AttributeValue>;
  consent: ConsentState;
  optedOutAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** Set when the contact's personal data was erased (GDPR); personal fields are then null. */
  erasedAt: string | null;
}

export interface AccountView {
  id: string;
  externalId: string | null;
  name: string;
  segment: string | null;
  revenue: number | null;
  ownerMemberId: string | null;
  unitId: string;
  attributes: Record<string, AttributeValue>;
  createdAt: string;
  updatedAt: string;
}

/** A contact as lists show it: with the names of its unit, owner and account, each null when there
 * is none or the reader may not see it (the id is still given). */
export interface ContactListItemView extends ContactView {
  unitName: string | null;
  ownerName: string | null;
  accountName: string | null;
}

/** An account as lists show it: with the names of its unit and owner, as for contacts. */
export interface AccountListItemView extends AccountView {
  unitName: string | null;
  ownerName: string | null;
}

export interface ContactBatchResult {
  created: number;
  updated: number;
  unchanged: number;
  /** One entry per input row, in input order. */
  items: { index: number; id: string; outcome: 'created' | 'updated' | 'unchanged' }[];
}

/** The answer to an account batch: one entry per input row, as for contacts. */
export type AccountBatchResult = ContactBatchResult;

/** Everything stored about one contact. Each feature that stores more about contacts (invitations,
 * answers, cases) adds its section here and in the export. */
export interface ContactExportView {
  format: 'anbefal.contact-export.v1';
  exportedAt: string;
  contact: ContactView & { deletedAt: string | null };
  account: AccountView | null;
  owner: { id: string; name: string; email: string | null } | null;
  surveys: ContactSurveyHistoryView;
}

/** The personal survey links a contact got, and the answers they gave (not those to anonymous surveys). */
export interface ContactSurveyHistoryView {
  invitations: {
    id: string;
    surveyId: string;
    surveyName: string;
    language: string | null;
    createdAt: string;
    expiresAt: string;
    openedAt: string | null;
    respondedAt: string | null;
    completedAt: string | null;
  }[];
  responses: {
    id: string;
    surveyId: string;
    surveyName: string;
    version: number;
    channel: 'email' | 'link' | 'kiosk' | 'api';
    language: string;
    score: number | null;
    category: 'promoter' | 'passive' | 'detractor' | null;
    startedAt: string;
    completedAt: string | null;
    /** In the order the survey asks, with the question as the respondent read it. */
    answers: { questionKey: string; question: string; value: number | string | string[] | null }[];
  }[];
}

export type ImportStatusView = 'queued' | 'running' | 'succeeded' | 'failed' | 'rejected';

export interface ImportCountsView {
  rowsRead: number;
  valid: number;
  invalid: number;
  duplicates: number;
  /** Rows written (or, in a dry run, that would be): new, changed, identical to what is stored. */
  created: number;
  updated: number;
  unchanged: number;
  /** Rows not written: invalid, duplicate, or refused when written (e.g. an email another contact has). */
  skipped: number;
}

export interface ImportMappingView {
  version: 1;
  /** Header in the file → contact field, `attr.<key>`, or null (column left out). */
  columns: Record<string, string | null>;
}

export interface ImportView {
  id: string;
  fileName: string;
  fileSize: number | null;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  delimiter: string | null;
  headers: string[];
  mapping: ImportMappingView;
  policy: 'skip_bad_rows' | 'reject_file';
  unknownOwners: 'report' | 'create';
  dryRun: boolean;
  status: ImportStatusView;
  /** While running: reading and checking every row (rowsDone grows), then writing them in one transaction. */
  phase: 'validating' | 'writing' | null;
  rowsTotal: number | null;
  rowsDone: number;
  counts: ImportCountsView | null;
  problemCount: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** When retention deleted the uploaded file: the import can no longer run again; its report stays. */
  fileRemovedAt: string | null;
}

/** An import as the history lists it, with who uploaded it. */
export interface ImportListItemView extends ImportView {
  /** name: the user's or API key's name (null once deleted); for the drop folder, its label. */
  uploadedBy: { kind: 'user' | 'api_key' | 'system'; name: string | null };
}

/** One line of an import's report: the row a spreadsheet shows (null on the "more problems" line). */
export interface ImportProblemView {
  row: number | null;
  column: string;
  field: string;
  value: string;
  problem: string;
  allowed: string;
}

/** One import with the first problems of its report (all of them are in report.csv). */
export interface ImportDetailView extends ImportView {
  problems: ImportProblemView[];
}

/** A data row as read from the file, for choosing the mapping. */
export interface ImportSampleRowView {
  rowNumber: number;
  values: Record<string, string>;
}

export interface SavedImportMappingView {
  id: string;
  name: string;
  mapping: ImportMappingView;
  headers: string[];
  /** Set on the one mapping the workspace's import drop folder uses, with how it imports. */
  dropFolder: { policy: 'skip_bad_rows' | 'reject_file'; unknownOwners: 'report' | 'create' } | null;
  createdAt: string;
  updatedAt: string;
}

export type SurveyKindView = 'relationship_nps' | 'transactional_nps' | 'enps' | 'csat' | 'ces' | 'custom';
export type SurveyStatusView = 'draft' | 'active' | 'closed';

export interface SurveyView {
  id: string;
  name: string;
  kind: SurveyKindView;
  status: SurveyStatusView;
  anonymous: boolean;
  /** Results of anonymous surveys are only shown for groups of at least this many responses. */
  minGroupSize: number;
  /** The public link is /l/{slug}, the kiosk /k/{slug}. */
  slug: string;
  publicLinkEnabled: boolean;
  kioskEnabled: boolean;
  touchpointId: string | null;
  linkValidityDays: number;
  /** The survey's own reminder and quarantine; a key left out uses the workspace's sending settings. */
  distribution: { reminderDays?: number | null; quarantineInvitedDays?: number; quarantineAnsweredDays?: number };
  /** The version respondents get; null until the first publish. */
  currentVersion: number | null;
  publishedAt: string | null;
  draftRevision: number;
  /** The draft differs from the current version. */
  hasUnpublishedChanges: boolean;
  responseCount: number;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface SurveyProblemView {
  field: string;
  message: string;
}

/** A survey with its draft definition (see SurveyDefinition in the API document), what stops it
 * being published, and the texts missing in one of its languages. */
export interface SurveyDetailView<Definition = unknown> extends SurveyView {
  draft: Definition;
  problems: SurveyProblemView[];
  untranslated: { id: string; language: string }[];
}

export interface SurveyVersionView {
  version: number;
  publishedAt: string;
  publishedBy: { id: string; name: string } | null;
  responseCount: number;
}

export interface SurveyVersionDetailView<Definition = unknown> extends SurveyVersionView {
  definition: Definition;
}

export interface TouchpointView {
  id: string;
  key: string;
  name: string;
  description: string | null;
  position: number;
}

/** A personal survey link for one contact: /s/{token}. */
export interface PersonalLinkView {
  invitationId: string;
  token: string;
  url: string;
  expiresAt: string;
}

// ── Distribution funnel ──────────────────────────────────────────────────────────────────────

/** Why an invitation was not sent (survey_invitations.skip_reason; SkipReason in src/db/schema.ts). */
export type SkipReasonView =
  | 'recently_invited'
  | 'recently_answered'
  | 'account_limit'
  | 'unsubscribed'
  | 'no_email'
  | 'email_invalid'
  | 'no_consent'
  | 'contact_deleted'
  | 'survey_closed'
  | 'duplicate';

/** What became of a set of email invitations. The steps after sending (clicked, started,
 * completed) count only invitations the SMTP server accepted. */
export interface FunnelCountsView {
  /** Email invitations created in the period. */
  invitations: number;
  /** Waiting for their time (or the send window). */
  scheduled: number;
  /** In the outbox, not yet accepted by an SMTP server; without SMTP they stay here, not delivered. */
  queued: number;
  /** Accepted by the SMTP server (including any reported as bounced afterwards). */
  sent: number;
  skipped: number;
  skippedByReason: Record<SkipReasonView, number>;
  bounced: number;
  cancelled: number;
  /** Sent, and the personal link was opened (also through a score link in the email). */
  clicked: number;
  started: number;
  completed: number;
  unsubscribed: number;
  reminded: number;
  /** completed / sent; null when nothing was sent. */
  responseRate: number | null;
  /** clicked / sent; null when nothing was sent. */
  clickRate: number | null;
}

export interface FunnelGroupView extends FunnelCountsView {
  /** The survey, wave, trigger rule or unit; null for invitations outside any (e.g. no wave) and for groupBy none. */
  id: string | null;
  name: string | null;
}

export interface TypicalResponseRateView {
  average: number;
  low: number;
  high: number;
}

export interface TypicalResponseRatesView {
  b2c: TypicalResponseRateView;
  b2b: TypicalResponseRateView;
  source: string;
}

export interface FunnelView {
  groupBy: 'survey' | 'wave' | 'trigger' | 'unit' | 'none';
  from: string;
  to: string;
  groups: FunnelGroupView[];
  totals: FunnelCountsView;
  typicalResponseRates: TypicalResponseRatesView;
}

// ── Distribution: trigger rules and events ───────────────────────────────────────────────────

export interface TriggerRuleView {
  id: string;
  name: string;
  eventType: string;
  surveyId: string;
  surveyName: string;
  surveyStatus: SurveyStatusView;
  /** All must hold. */
  conditions: {
    field: string;
    op: 'equals' | 'not_equals' | 'in' | 'exists' | 'not_exists' | 'gt' | 'lt';
    value?: string | number | boolean | (string | number | boolean)[];
  }[];
  delay: { kind: 'after'; minutes: number } | { kind: 'next_business_day'; at: string };
  dedupeDays: number;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What one matching rule made of an event: a scheduled invitation, or why none will go out. */
export interface EventOutcomeView {
  ruleId: string;
  invitationId: string | null;
  scheduledAt: string | null;
  skipReason: 'survey_closed' | 'duplicate' | null;
}

/** The answer to POST /api/v1/events. */
export interface RecordedEventView {
  eventId: string;
  contactId: string;
  invitations: EventOutcomeView[];
}

/** An event in the portal's list, with what became of each invitation it made. */
export interface DistributionEventView {
  id: string;
  type: string;
  contactId: string | null;
  /** The contact's name, else email, else external id; null when the contact is gone. */
  contactLabel: string | null;
  occurredAt: string;
  receivedAt: string;
  properties: Record<string, string | number | boolean | null>;
  outcome: (EventOutcomeView & { ruleName: string | null; invitationStatus: string | null })[];
}

// ── Distribution: waves ──────────────────────────────────────────────────────────────────────

export type WaveKind = 'one_off' | 'recurring';
/** scheduled: waiting for its start · running: a recurring wave that has planned days · paused ·
 * done: a one-off wave that has planned its invitations · cancelled. */
export type WaveStatus = 'scheduled' | 'running' | 'paused' | 'done' | 'cancelled';
export type InvitationStatusName = 'created' | 'scheduled' | 'queued' | 'sent' | 'skipped' | 'bounced' | 'cancelled';

/** The contact list's filter, as a wave stores it (ContactFilter in the API document). */
export interface ContactFilterView {
  unitId?: string;
  subtree?: boolean;
  ownerMemberId?: string;
  accountId?: string;
  segment?: string;
  language?: string;
  consent?: ConsentState;
  attributes?: Record<string, AttributeValue>;
  q?: string;
}

export interface WaveView {
  id: string;
  surveyId: string;
  surveyName: string;
  /** Planning waits while the survey is a draft (or closed). */
  surveyStatus: 'draft' | 'active' | 'closed';
  name: string;
  kind: WaveKind;
  status: WaveStatus;
  filter: ContactFilterView;
  startsAt: string;
  /** Recurring: each matching contact is invited once per this many days. */
  everyDays: number | null;
  /** When planning next looks at the wave; null when it will not (paused, done, cancelled). */
  nextRunAt: string | null;
  /** When it last planned invitations; null before its first run. */
  lastRunAt: string | null;
  /** Its invitations by status (for a manager: only those to contacts of their subtree). */
  invitations: Record<InvitationStatusName, number> & { total: number };
  createdAt: string;
  updatedAt: string;
}

export interface WavePreviewView {
  surveyStatus: 'draft' | 'active' | 'closed';
  /** Live contacts matching the filter. */
  matching: number;
  /** Of those, who may be invited now under the survey's sending rules. */
  wouldInvite: number;
  skipped: Partial<Record<SkipReasonView, number>>;
  /** Up to 20 skipped contacts, to see who and why. */
  sample: { contactId: string; name: string | null; email: string | null; reason: SkipReasonView }[];
}

// ── Distribution: sending settings ──────────────────────────────────────────────────────────

/** The workspace's own SMTP server; the password is write-only (passwordSet says whether one is stored). */
export interface DistributionSmtpView {
  /** null: the server's SMTP_URL is used (without it, emails stay in the outbox). */
  host: string | null;
  /** null: the usual port of the security (465, 587 or 25). */
  port: number | null;
  security: 'tls' | 'starttls' | 'none';
  user: string | null;
  passwordSet: boolean;
  fromAddress: string | null;
  fromName: string | null;
  /** The contact's owner is shown as the sender's name, and replies go to the owner. */
  senderIsOwner: boolean;
}

export interface DistributionSettingsView {
  /** For contacts without a time zone of their own, and "next business day". */
  timeZone: string;
  quarantineInvitedDays: number;
  quarantineAnsweredDays: number;
  /** At most this many invitations per account within accountPeriodDays; null: no limit. */
  accountLimit: number | null;
  accountPeriodDays: number;
  /** The send window [start, end) in minutes after the recipient's local midnight. */
  windowStartMinute: number;
  windowEndMinute: number;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  windowWeekdays: number[];
  maxPerHour: number;
  /** Days until the one reminder; null: no reminders. */
  reminderDays: number | null;
  /** null for those who may not change the settings (managers, analysts, read keys). */
  smtp: DistributionSmtpView | null;
  updatedAt: string;
}

// ── Distribution: the send engine ────────────────────────────────────────────────────────────

/** What one run of the send tick did (POST /distribution/run). */
export interface SendTickView {
  /** Invitations written to the outbox. */
  queued: number;
  /** Invitations not sent, by reason (recently_invited, unsubscribed, survey_closed…). */
  skipped: Record<string, number>;
  /** Invitations moved to their recipient's next send window. */
  deferred: number;
  /** Reminders written to the outbox. */
  reminders: number;
}

// ── Distribution: bounces ─────────────────────────────────────────────────────────────────────

/** A bounce recorded from POST /bounces. */
export interface ReportedBounceView {
  id: string;
  email: string;
  kind: 'permanent' | 'temporary';
  reason: string | null;
  /** Live contacts with this address now marked invalid (0 for temporary bounces, or when no contact has it). */
  contactsMarked: number;
  /** The invitation whose email (or reminder) bounced, found by messageId; null when none matched. */
  invitationId: string | null;
  createdAt: string;
}

// ── Integrations: signed webhooks ─────────────────────────────────────────────────────────────

/** The events a webhook endpoint can subscribe to. */
export const WEBHOOK_EVENT_TYPES = ['response.created', 'response.completed', 'case.created', 'case.updated', 'contact.unsubscribed'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** A webhook endpoint; the secret is only in the answer that created it. */
export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string | null;
  eventTypes: WebhookEventType[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface CreatedWebhookEndpointView extends WebhookEndpointView {
  /** whsec_ + base64: shown once, here. Verify signatures with it (Standard Webhooks). */
  secret: string;
}

/** One event sent (or to be sent) to one endpoint. */
export interface WebhookDeliveryView {
  id: string;
  endpointId: string;
  /** The webhook-id header: the same on every attempt and on replay. */
  webhookId: string;
  eventType: string;
  payload: unknown;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  lastResponseStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface IntegrationSettingsView {
  /** Webhooks may go to private, loopback and link-local addresses (off by default: SSRF). */
  webhooksAllowPrivate: boolean;
  updatedAt: string | null;
}

// ── Analytics: the metric engine ─────────────────────────────────────────────────────────────

/** NPS of a set of answers; percentages and score unrounded, in points. */
export interface NpsMetricsView {
  n: number;
  promoters: number;
  passives: number;
  detractors: number;
  promoterPercent: number;
  passivePercent: number;
  detractorPercent: number;
  /** % promoters − % detractors, −100…100. */
  score: number;
  /** Adjusted-Wald margin of error in NPS points at 90, 95 and 99% confidence. */
  marginOfError: { 90: number; 95: number; 99: number };
  /** Answers per score 0…10. */
  distribution: number[];
  /** Fewer answers than the minimum for a reliable score. */
  lowN: boolean;
}

export interface ResponseRateView {
  sent: number | null;
  completed: number | null;
  /** completed / sent, a fraction; null when not available (see note). */
  rate: number | null;
  note: string | null;
}

export interface AnalyticsOverviewView {
  period: { from: string; to: string };
  /** True when an anonymous survey's group is below its minimum size: no numbers are given. */
  suppressed: boolean;
  suppressionReason: string | null;
  /** Answers with a score (NPS, CSAT, CES) matching the filter. */
  answers: number | null;
  nps: NpsMetricsView | null;
  csat: { n: number; satisfiedPercent: number; mean: number } | null;
  ces: { n: number; mean: number } | null;
  responseRate: ResponseRateView | null;
  warnings: string[];
}

export interface NpsDifferenceView {
  difference: number;
  z: number;
  pValue: number;
  words: 'significant at 99%' | 'significant at 95%' | 'significant at 90%' | 'not significant';
}

export interface AnalyticsComparisonView {
  a: AnalyticsOverviewView;
  b: AnalyticsOverviewView;
  /** The z-test of NPS a − NPS b; null when one side has no NPS answers it may show. */
  difference: NpsDifferenceView | null;
  note: string | null;
}

/** Account NPS (B2B): each account's NPS over its respondents, then the mean over accounts. */
export interface AccountNpsView {
  period: { from: string; to: string };
  /** Accounts with at least one NPS answer matching the filter (account at answering time). */
  accounts: number;
  answers: number;
  /** Mean of the accounts' NPS, each account counting once; null without accounts. */
  nps: number | null;
  /** The accounts' NPS weighted by their revenue today; accounts without a positive revenue are left out. */
  revenueWeighted: { nps: number | null; accounts: number; accountsWithoutRevenue: number };
}

// ── Analytics: trend, breakdown, comments, responses ─────────────────────────────────────────

export type TrendInterval = 'day' | 'week' | 'month' | 'quarter';

export interface TrendBucketView {
  /** The bucket's first day in the workspace's time zone (YYYY-MM-DD; weeks start on Monday). */
  start: string;
  /** The part of the bucket inside the period, as instants. */
  from: string;
  to: string;
  /** An anonymous group below its minimum size (or one that would give such a group away): no numbers. */
  suppressed: boolean;
  suppressionReason: string | null;
  nps: NpsMetricsView | null;
  /** The confidence band: score ± margin of error at the chosen confidence, clipped to −100…100. */
  band: { low: number; high: number } | null;
  /** The change from the previous bucket with answers it may show, tested for significance. */
  change: (NpsDifferenceView & { since: string; significant: boolean }) | null;
}

export interface AnalyticsTrendView {
  period: { from: string; to: string };
  interval: TrendInterval;
  timeZone: string;
  confidence: 90 | 95 | 99;
  buckets: TrendBucketView[];
  /** The whole period against the period of equal length just before it. */
  previousPeriod: {
    from: string;
    to: string;
    nps: NpsMetricsView | null;
    suppressed: boolean;
    difference: NpsDifferenceView | null;
    note: string | null;
  };
  total: NpsMetricsView | null;
  warnings: string[];
}

export interface BreakdownRowView {
  /** The group's value: a unit, member, account, survey or touchpoint id, a channel, language, segment, attribute value or YYYY-MM; null for "none". */
  key: string | null;
  label: string;
  kind: 'group' | 'direct' | 'other';
  /** Units only: whether drilling down into this unit shows children. */
  hasChildren: boolean;
  suppressed: boolean;
  suppressionReason: string | null;
  nps: NpsMetricsView | null;
  /** NPS of the group − NPS of the total, in points. */
  differenceToTotal: number | null;
  /** The z-test of the group against the rest (the total without the group). */
  againstRest: NpsDifferenceView | null;
}

export interface AnalyticsBreakdownView {
  period: { from: string; to: string };
  dimension: string;
  /** Unit breakdowns: the unit whose children are the rows. */
  parent: { id: string; name: string } | null;
  total: NpsMetricsView | null;
  totalSuppressed: boolean;
  rows: BreakdownRowView[];
  /** Groups in all (before the limit). */
  groups: number;
  warnings: string[];
}

export interface NamedRefView {
  id: string;
  name: string;
}

export interface CommentView {
  responseId: string;
  survey: NamedRefView;
  score: number | null;
  category: 'promoter' | 'passive' | 'detractor' | null;
  answeredAt: string;
  language: string;
  /** Null for anonymous surveys and answers without a contact. */
  contact: NamedRefView | null;
  unit: NamedRefView | null;
  /** The response's text answers, in the order they were given, separated by a blank line. */
  text: string;
  /** Where the search terms occur in text: [start, end) in UTF-16 code units (JavaScript string indices). */
  highlights: { start: number; end: number }[];
}

export interface CommentPageView extends Page<CommentView> {
  suppressed: boolean;
  suppressionReason: string | null;
}

export interface WallCommentView {
  responseId: string;
  score: number;
  answeredAt: string;
  text: string;
  /** First name and the initial of the last name; null for anonymous surveys. */
  name: string | null;
  unit: string | null;
}

export interface ResponseListItemView {
  id: string;
  survey: NamedRefView;
  score: number | null;
  category: 'promoter' | 'passive' | 'detractor' | null;
  startedAt: string;
  completedAt: string | null;
  channel: string;
  language: string;
  contact: NamedRefView | null;
  unit: NamedRefView | null;
  owner: NamedRefView | null;
  account: NamedRefView | null;
  segment: string | null;
  comment: string | null;
}

export interface ResponsePageView extends Page<ResponseListItemView> {
  suppressed: boolean;
  suppressionReason: string | null;
}

export interface ResponseAnswerView {
  questionKey: string;
  /** The question as the respondent's version asked it (in the answer's language, else the default); null when the version lacks the key. */
  question: string | null;
  type: string | null;
  number: number | null;
  text: string | null;
  choices: { key: string; label: string }[] | null;
  answeredAt: string;
}

export interface ResponseDetailView extends Omit<ResponseListItemView, 'contact' | 'comment'> {
  surveyVersion: number;
  anonymous: boolean;
  touchpoint: NamedRefView | null;
  /** Null for anonymous surveys, erased contacts, and contacts the viewer may not open today. */
  contact: { id: string; name: string; email: string | null; externalId: string | null } | null;
  answers: ResponseAnswerView[];
  /** Properties the invitation carried (from the API or the triggering event). */
  properties: Record<string, unknown>;
  invitation: { id: string; sentAt: string | null; openedAt: string | null } | null;
  event: { id: string; type: string; occurredAt: string; properties: Record<string, unknown> } | null;
}

// ── The closed loop: alert rules, cases, KPIs ─────────────────────────────────────────────────

export const CASE_STATUSES = ['new', 'in_progress', 'contacted', 'resolved', 'closed_without_contact'] as const;
export type CaseStatusView = (typeof CASE_STATUSES)[number];
/** Statuses after which a case is closed: no longer open, overdue or escalated. */
export const CLOSED_CASE_STATUSES: readonly CaseStatusView[] = ['resolved', 'closed_without_contact'];
export const CASE_KINDS = ['follow_up', 'lead'] as const;
export type CaseKindView = (typeof CASE_KINDS)[number];
export const CASE_OUTCOMES = ['recovered', 'not_recovered', 'unknown'] as const;
export type CaseOutcomeView = (typeof CASE_OUTCOMES)[number];

/** The workspace's loop settings: the working-time calendar of due times, the default SLA, the programme lead, root causes. */
export interface LoopSettingsView {
  timeZone: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  workdays: number[];
  /** Working hours, minutes after local midnight: [startMinute, endMinute). */
  startMinute: number;
  endMinute: number;
  /** Extra non-working dates, YYYY-MM-DD. */
  holidays: string[];
  /** Public holidays of this country (ISO code, optionally with a state: DK, DE-BY), or null. */
  holidayCountry: string | null;
  /** Working hours from a case's creation to its due time, unless a rule says otherwise. */
  defaultSlaHours: number;
  /** Owns cases whose contact has no owner and whose unit has no manager; last escalation level. */
  programmeLeadMemberId: string | null;
  programmeLeadName: string | null;
  rootCauses: string[];
  updatedAt: string;
}

/** A condition of an alert rule; all conditions of a rule must hold. */
export type AlertConditionView =
  | { type: 'category'; categories: Array<'detractor' | 'passive' | 'promoter'> }
  | { type: 'score'; min: number; max: number }
  | { type: 'answer'; questionKey: string; values?: string[]; min?: number; max?: number }
  | { type: 'contact_request'; questionKeys: string[] }
  | { type: 'keywords'; keywords: Partial<Record<'en' | 'da' | 'sv' | 'nb' | 'de' | 'fi', string[]>>; questionKeys?: string[] }
  | { type: 'segment'; values: string[] }
  | { type: 'attribute'; key: string; values: string[] }
  | { type: 'touchpoint'; touchpointKeys: string[] }
  | { type: 'survey'; surveyIds: string[] };

/** What a matching rule does. */
export type AlertActionView =
  | { type: 'create_case'; kind: CaseKindView; slaHours?: number }
  | { type: 'email'; toOwner: boolean; addresses: string[] }
  | { type: 'slack'; url: string }
  | { type: 'teams'; url: string }
  | { type: 'webhook'; url: string };

export interface AlertRuleView {
  id: string;
  name: string;
  enabled: boolean;
  conditions: AlertConditionView[];
  actions: AlertActionView[];
  /** Set on the three rules every workspace starts with. */
  defaultKey: 'detractor_alarm' | 'contact_request' | 'promoter_lead' | null;
  createdAt: string;
  updatedAt: string;
}

/** A case as lists show it. */
export interface CaseSummaryView {
  id: string;
  kind: CaseKindView;
  title: string;
  status: CaseStatusView;
  ruleId: string | null;
  responseId: string;
  ownerMemberId: string | null;
  ownerName: string | null;
  unitId: string;
  unitName: string | null;
  contactId: string | null;
  /** First and last name, else the email; null for anonymous answers or erased contacts. */
  contactName: string | null;
  surveyId: string;
  surveyName: string;
  score: number | null;
  category: 'detractor' | 'passive' | 'promoter' | null;
  /** The first text answer (the "why"), shortened to 200 characters. */
  comment: string | null;
  slaHours: number;
  dueAt: string;
  /** Open, not yet contacted, and past its due time. */
  overdue: boolean;
  firstContactAt: string | null;
  closedAt: string | null;
  rootCause: string | null;
  outcome: CaseOutcomeView | null;
  tags: string[];
  watcherMemberIds: string[];
  escalationLevel: number;
  createdAt: string;
  updatedAt: string;
}

export interface CaseAnswerView {
  questionKey: string;
  questionType: string;
  /** The question in the answer's language (else the survey's default language). */
  questionText: string;
  value: number | string | string[];
}

export interface CaseContactView {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  language: string | null;
  segment: string | null;
  accountName: string | null;
}

/** One entry of a case's timeline: created, note, status, owner, root_cause, outcome, tags, watchers, reply, rule_matched, escalated. */
export interface CaseEventView {
  id: string;
  kind: string;
  actorMemberId: string | null;
  actorLabel: string;
  data: Record<string, unknown>;
  createdAt: string;
}

export interface CaseDetailView extends CaseSummaryView {
  answer: {
    language: string;
    completedAt: string | null;
    touchpointId: string | null;
    answers: CaseAnswerView[];
  };
  contact: CaseContactView | null;
  watchers: Array<{ id: string; name: string }>;
  timeline: CaseEventView[];
}

/** Follow-up KPIs of one group of cases (all, a unit, an owner). */
export interface CaseKpiView {
  /** The unit or owner id; null for the total, and for cases without an owner in byOwner. */
  id: string | null;
  name: string | null;
  cases: number;
  detractorCases: number;
  /** Detractor cases whose SLA is decided: contacted, or past their due time. */
  detractorCasesDecided: number;
  detractorContactedWithinSla: number;
  /** detractorContactedWithinSla / detractorCasesDecided; null without decided cases. Target: 0.9. */
  withinSlaShare: number | null;
  /** Median wall-clock hours from creation to first contact, over contacted cases. */
  medianHoursToFirstContact: number | null;
  open: number;
  overdue: number;
  resolved: number;
  recovered: number;
  notRecovered: number;
  /** recovered / (recovered + notRecovered); null when no resolved case has such an outcome. */
  recoveryRate: number | null;
}

export interface CaseKpisView {
  period: { from: string; to: string };
  total: CaseKpiView;
  byUnit: CaseKpiView[];
  byOwner: CaseKpiView[];
}

// ── Email preferences: a person's own ─────────────────────────────────────────────────────────

export interface EmailPreferencesView {
  /** Whether the person wants the weekly insight digest. */
  weeklyDigest: boolean;
  /** When they stopped it; null while they want it. */
  weeklyDigestOptedOutAt: string | null;
  /** Whether it actually comes: it goes to managers and frontline members who want it. */
  receivesWeeklyDigest: boolean;
}
