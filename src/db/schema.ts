// Row types of the tables in migrations/, for Kysely. Keep in step with the SQL.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json = ColumnType<unknown, string | undefined, string>;

import type { ApiKeyScope, Role } from '../domain/views.ts';

export type { ApiKeyScope, Role };

export interface InstanceTable {
  id: Generated<number>;
  setup_token_hash: string | null;
  setup_completed_at: Date | null;
}

export interface WorkspacesTable {
  id: Generated<string>;
  name: string;
  settings: Json;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface UnitsTable {
  id: Generated<string>;
  workspace_id: string;
  parent_id: string | null;
  name: string;
  external_id: string | null;
  path: string;
  manager_member_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface MembersTable {
  id: Generated<string>;
  workspace_id: string;
  unit_id: string;
  name: string;
  email: string | null;
  external_id: string | null;
  user_id: string | null;
  role: Role | null;
  /** When the member opted out of the weekly insight digest (migration 0013); null: they receive it. */
  weekly_digest_opted_out_at: Date | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface InvitationsTable {
  id: Generated<string>;
  workspace_id: string;
  member_id: string;
  email: string;
  role: Role;
  token_hash: string;
  invited_by: string | null;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface SessionsTable {
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  workspace_id: string | null;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface PasswordResetsTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_started_at: Timestamp;
  locked_until: Timestamp | null;
}

export interface ApiKeysTable {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  scope: ApiKeyScope;
  created_by: string | null;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  workspace_id: string | null;
  actor_type: 'user' | 'api_key' | 'system';
  actor_id: string | null;
  actor_label: string;
  action: string;
  target_type: string;
  target_id: string | null;
  before: Json | null;
  after: Json | null;
  ip: string | null;
  request_id: string | null;
  created_at: CreatedAt;
}

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'stored' | 'failed';

export interface OutboxTable {
  id: Generated<string>;
  workspace_id: string | null;
  kind: string;
  to_address: string;
  subject: string;
  /** Null when the email is stored as `render` (0015_outbox_render.sql). */
  text_body: string | null;
  html_body: string | null;
  /** What renders an invitation's or reminder's body (src/mail/bodies.ts, RenderInputs). */
  render: Json | null;
  message_id: string;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  next_attempt_at: Timestamp;
  created_at: CreatedAt;
  sent_at: Timestamp | null;
  /** Extra headers such as List-Unsubscribe (0007_distribution.sql). */
  headers: ColumnType<Record<string, string>, string | undefined, string>;
  /** Overrides MAIL_FROM / the workspace's sender for this email. */
  from_address: string | null;
  reply_to: string | null;
}

export type AttributeType = 'text' | 'number' | 'date' | 'boolean' | 'list';
export type Consent = 'unknown' | 'granted' | 'withdrawn';

export interface AttributeDefinitionsTable {
  id: Generated<string>;
  workspace_id: string;
  key: string;
  label: string;
  type: AttributeType;
  allowed_values: Json | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface AccountsTable {
  id: Generated<string>;
  workspace_id: string;
  external_id: string | null;
  name: string;
  segment: string | null;
  /** numeric: read as a string, written as a number or string. */
  revenue: ColumnType<string | null, number | string | null, number | string | null>;
  owner_member_id: string | null;
  unit_id: string;
  attributes: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  deleted_at: Timestamp | null;
}

export interface ContactsTable {
  id: Generated<string>;
  workspace_id: string;
  external_id: string | null;
  email: string | null;
  phone: string | null;
  first_name: string | null;
  last_name: string | null;
  language: string | null;
  time_zone: string | null;
  account_id: string | null;
  owner_member_id: string | null;
  unit_id: string;
  segment: string | null;
  attributes: ColumnType<Record<string, unknown>, string | undefined, string>;
  consent: Generated<Consent>;
  opted_out_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  deleted_at: Timestamp | null;
  erased_at: Timestamp | null;
  /** Set when the address bounced permanently; cleared by a trigger when the email changes. */
  email_invalid_at: Timestamp | null;
  email_invalid_reason: string | null;
}

export interface IdempotencyKeysTable {
  workspace_id: string;
  key: string;
  request_hash: string;
  response: Json;
  created_at: Timestamp;
}

export type ImportStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'rejected';
export type ImportPolicy = 'skip_bad_rows' | 'reject_file';
export type UnknownOwnerPolicy = 'report' | 'create';

export interface ImportsTable {
  id: Generated<string>;
  workspace_id: string;
  created_by_type: 'user' | 'api_key' | 'system';
  created_by: string | null;
  actor: Json;
  file_name: string;
  file_size: number | null;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  delimiter: string | null;
  headers: Json;
  mapping: Json;
  policy: ImportPolicy;
  unknown_owners: UnknownOwnerPolicy;
  dry_run: boolean;
  status: ImportStatus;
  rows_total: number | null;
  rows_done: Generated<number>;
  counts: ColumnType<unknown, string | undefined, string>;
  problem_count: Generated<number>;
  report_csv: string | null;
  error: string | null;
  created_at: CreatedAt;
  started_at: Date | null;
  finished_at: Date | null;
  updated_at: Timestamp;
  /** The claimed file in the drop folder's processing/ (drop-folder imports only). */
  drop_file: string | null;
  /** When retention deleted the uploaded file. */
  file_removed_at: Date | null;
}

export interface ImportFilesTable {
  import_id: string;
  seq: number;
  data: Buffer;
}

export interface ImportMappingsTable {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  mapping: Json;
  headers: Json;
  /** Set (both) on the one mapping the workspace's drop folder imports with. */
  drop_folder_policy: ImportPolicy | null;
  drop_folder_unknown_owners: UnknownOwnerPolicy | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export type SurveyKind = 'relationship_nps' | 'transactional_nps' | 'enps' | 'csat' | 'ces' | 'custom';
export type SurveyStatus = 'draft' | 'active' | 'closed';
export type ResponseChannel = 'email' | 'link' | 'kiosk' | 'api';
export type NpsCategory = 'promoter' | 'passive' | 'detractor';

export interface TouchpointsTable {
  id: Generated<string>;
  workspace_id: string;
  key: string;
  name: string;
  description: string | null;
  position: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SurveysTable {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  kind: SurveyKind;
  status: Generated<SurveyStatus>;
  anonymous: boolean;
  min_group_size: Generated<number>;
  slug: string;
  public_link_enabled: Generated<boolean>;
  kiosk_enabled: Generated<boolean>;
  touchpoint_id: string | null;
  link_validity_days: Generated<number>;
  draft: Json;
  draft_revision: Generated<number>;
  current_version_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  closed_at: Timestamp | null;
  /** Per-survey overrides of the distribution settings (SurveyDistribution in domain/distribution). */
  distribution: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface SurveyVersionsTable {
  id: Generated<string>;
  workspace_id: string;
  survey_id: string;
  version: number;
  definition: Json;
  published_by: string | null;
  published_at: CreatedAt;
}

export interface SurveyInvitationsTable {
  id: Generated<string>;
  workspace_id: string;
  survey_id: string;
  contact_id: string;
  token: string;
  language: string | null;
  properties: ColumnType<Record<string, unknown>, string | undefined, string>;
  expires_at: Timestamp;
  opened_at: Timestamp | null;
  responded_at: Timestamp | null;
  completed_at: Timestamp | null;
  created_at: CreatedAt;
  /** The last score posted on behalf of the email's score links (0006_email_scores.sql). */
  email_score: number | null;
  email_score_at: Timestamp | null;
  email_scores_blocked_until: Timestamp | null;
  /** Sending (0007_distribution.sql). */
  channel: Generated<InvitationChannel>;
  status: Generated<InvitationStatus>;
  scheduled_at: Timestamp | null;
  skip_reason: SkipReason | null;
  queued_at: Timestamp | null;
  outbox_id: string | null;
  sent_at: Timestamp | null;
  reminder_queued_at: Timestamp | null;
  reminder_outbox_id: string | null;
  reminder_sent_at: Timestamp | null;
  bounced_at: Timestamp | null;
  bounce_reason: string | null;
  unsubscribed_at: Timestamp | null;
  wave_id: string | null;
  trigger_rule_id: string | null;
  event_id: string | null;
}

export type InvitationChannel = 'link' | 'email';
export type InvitationStatus = 'created' | 'scheduled' | 'queued' | 'sent' | 'skipped' | 'bounced' | 'cancelled';
export type SkipReason =
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
export type SmtpSecurity = 'tls' | 'starttls' | 'none';

/** Emails a workspace queued at one tick's instant, for its hourly rate (0015_outbox_render.sql). */
export interface SendingCountsTable {
  workspace_id: string;
  queued_at: Timestamp;
  emails: number;
}

export interface DistributionSettingsTable {
  workspace_id: string;
  time_zone: Generated<string>;
  quarantine_invited_days: Generated<number>;
  quarantine_answered_days: Generated<number>;
  account_limit: number | null;
  account_period_days: Generated<number>;
  window_start_minute: Generated<number>;
  window_end_minute: Generated<number>;
  window_weekdays: ColumnType<number[], number[] | undefined, number[]>;
  max_per_hour: Generated<number>;
  reminder_days: number | null;
  smtp_host: string | null;
  smtp_port: number | null;
  smtp_security: Generated<SmtpSecurity>;
  smtp_user: string | null;
  smtp_password_encrypted: string | null;
  from_address: string | null;
  from_name: string | null;
  sender_is_owner: Generated<boolean>;
  updated_at: Timestamp;
}

export interface DistributionEventsTable {
  id: Generated<string>;
  workspace_id: string;
  type: string;
  contact_id: string | null;
  occurred_at: Timestamp;
  properties: ColumnType<Record<string, unknown>, string | undefined, string>;
  idempotency_key: string | null;
  outcome: ColumnType<unknown[], string | undefined, string>;
  received_at: CreatedAt;
}

export interface TriggerRulesTable {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  event_type: string;
  conditions: ColumnType<unknown[], string | undefined, string>;
  survey_id: string;
  delay: ColumnType<Record<string, unknown>, string, string>;
  dedupe_days: Generated<number>;
  enabled: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export type WaveKind = 'one_off' | 'recurring';
export type WaveStatus = 'scheduled' | 'running' | 'paused' | 'done' | 'cancelled';

export interface WavesTable {
  id: Generated<string>;
  workspace_id: string;
  survey_id: string;
  name: string;
  kind: WaveKind;
  filter: ColumnType<Record<string, unknown>, string | undefined, string>;
  status: Generated<WaveStatus>;
  starts_at: Timestamp;
  every_days: number | null;
  planned_through_day: number | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface BouncesTable {
  id: Generated<string>;
  workspace_id: string;
  email: string;
  contact_id: string | null;
  invitation_id: string | null;
  kind: 'permanent' | 'temporary';
  reason: string | null;
  source: 'smtp' | 'api';
  created_at: CreatedAt;
}

export interface ResponsesTable {
  id: Generated<string>;
  workspace_id: string;
  survey_id: string;
  survey_version_id: string;
  invitation_id: string | null;
  contact_id: string | null;
  channel: ResponseChannel;
  language: string;
  score: number | null;
  category: NpsCategory | null;
  score_source: 'interactive' | 'email_link' | null;
  score_recorded_at: Timestamp | null;
  touchpoint_id: string | null;
  unit_id: string | null;
  owner_member_id: string | null;
  account_id: string | null;
  segment: string | null;
  properties: ColumnType<Record<string, unknown>, string | undefined, string>;
  resume_key_hash: string | null;
  started_at: CreatedAt;
  updated_at: Timestamp;
  completed_at: Timestamp | null;
  /** When the alert rules last ran on the response while it was unfinished (src/domain/loop/unfinished.ts). */
  alerts_evaluated_at: Timestamp | null;
}

export interface ResponseAnswersTable {
  response_id: string;
  workspace_id: string;
  question_key: string;
  /** numeric comes back from pg as a string. */
  number_value: ColumnType<string | null, number | string | null, number | string | null>;
  text_value: string | null;
  choice_values: string[] | null;
  answered_at: Timestamp;
}

// ── Webhooks (0008) ──
export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookEndpointsTable {
  id: Generated<string>;
  workspace_id: string;
  url: string;
  description: string | null;
  secret_sealed: string;
  event_types: string[];
  enabled: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface WebhookDeliveriesTable {
  id: Generated<string>;
  endpoint_id: string;
  workspace_id: string;
  webhook_id: string;
  event_type: string;
  payload: Json;
  status: Generated<WebhookDeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: Date | null;
  last_response_status: number | null;
  last_error: string | null;
  created_at: CreatedAt;
  delivered_at: Date | null;
}

export interface IntegrationSettingsTable {
  workspace_id: string;
  webhooks_allow_private: Generated<boolean>;
  updated_at: Timestamp;
}

export interface LoopSettingsTable {
  workspace_id: string;
  time_zone: Generated<string>;
  workdays: Generated<number[]>;
  start_minute: Generated<number>;
  end_minute: Generated<number>;
  holidays: Generated<string[]>;
  holiday_country: string | null;
  default_sla_hours: Generated<number>;
  programme_lead_member_id: string | null;
  root_causes: Generated<string[]>;
  updated_at: Timestamp;
}

export type AlertRuleDefaultKey = 'detractor_alarm' | 'contact_request' | 'promoter_lead';

export interface AlertRulesTable {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  enabled: Generated<boolean>;
  conditions: Json;
  actions: Json;
  default_key: AlertRuleDefaultKey | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export type CaseKind = 'follow_up' | 'lead';
export type CaseStatus = 'new' | 'in_progress' | 'contacted' | 'resolved' | 'closed_without_contact';
export type CaseOutcome = 'recovered' | 'not_recovered' | 'unknown';

export interface CasesTable {
  id: Generated<string>;
  workspace_id: string;
  rule_id: string | null;
  response_id: string;
  contact_id: string | null;
  unit_id: string;
  kind: CaseKind;
  title: string;
  status: Generated<CaseStatus>;
  owner_member_id: string | null;
  sla_hours: number;
  due_at: Date;
  first_contact_at: Date | null;
  closed_at: Date | null;
  root_cause: string | null;
  outcome: CaseOutcome | null;
  tags: Generated<string[]>;
  watcher_member_ids: Generated<string[]>;
  escalation_level: Generated<number>;
  reply_count: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CaseEventsTable {
  id: Generated<string>;
  case_id: string;
  workspace_id: string;
  kind: string;
  actor_member_id: string | null;
  actor_label: string;
  data: Json;
  created_at: Timestamp;
}

export type AlertChannel = 'email' | 'slack' | 'teams' | 'webhook';

export interface AlertNotificationsTable {
  id: Generated<string>;
  workspace_id: string;
  rule_id: string | null;
  response_id: string;
  case_id: string | null;
  action_index: number;
  channel: AlertChannel;
  target: string;
  facts: Json;
  status: Generated<WebhookDeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: Date | null;
  last_response_status: number | null;
  last_error: string | null;
  created_at: CreatedAt;
  delivered_at: Date | null;
}

export interface LoopDigestsTable {
  workspace_id: string;
  member_id: string;
  day: string;
  case_count: number;
  sent_at: CreatedAt;
}

export interface InsightDigestsTable {
  workspace_id: string;
  member_id: string;
  /** The Monday (local date) of the week reported. */
  week: string;
  /** False when the week had nothing to tell and no email went out. */
  emailed: boolean;
  unsubscribe_token_hash: string | null;
  created_at: CreatedAt;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: CreatedAt;
}

export interface DB {
  instance: InstanceTable;
  workspaces: WorkspacesTable;
  users: UsersTable;
  units: UnitsTable;
  members: MembersTable;
  invitations: InvitationsTable;
  sessions: SessionsTable;
  password_resets: PasswordResetsTable;
  login_throttle: LoginThrottleTable;
  api_keys: ApiKeysTable;
  audit_log: AuditLogTable;
  outbox: OutboxTable;
  attribute_definitions: AttributeDefinitionsTable;
  accounts: AccountsTable;
  contacts: ContactsTable;
  idempotency_keys: IdempotencyKeysTable;
  imports: ImportsTable;
  import_files: ImportFilesTable;
  import_mappings: ImportMappingsTable;
  touchpoints: TouchpointsTable;
  surveys: SurveysTable;
  survey_versions: SurveyVersionsTable;
  survey_invitations: SurveyInvitationsTable;
  responses: ResponsesTable;
  response_answers: ResponseAnswersTable;
  distribution_settings: DistributionSettingsTable;
  sending_counts: SendingCountsTable;
  distribution_events: DistributionEventsTable;
  trigger_rules: TriggerRulesTable;
  waves: WavesTable;
  bounces: BouncesTable;
  schema_migrations: SchemaMigrationsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  integration_settings: IntegrationSettingsTable;
  loop_settings: LoopSettingsTable;
  alert_rules: AlertRulesTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  alert_notifications: AlertNotificationsTable;
  loop_digests: LoopDigestsTable;
  insight_digests: InsightDigestsTable;
}

export type Unit = Selectable<UnitsTable>;
export type Member = Selectable<MembersTable>;
export type User = Selectable<UsersTable>;
export type AttributeDefinition = Selectable<AttributeDefinitionsTable>;
export type Account = Selectable<AccountsTable>;
export type Contact = Selectable<ContactsTable>;
export type Import = Selectable<ImportsTable>;
export type Touchpoint = Selectable<TouchpointsTable>;
export type Survey = Selectable<SurveysTable>;
export type SurveyVersion = Selectable<SurveyVersionsTable>;
export type SurveyInvitation = Selectable<SurveyInvitationsTable>;
export type Response = Selectable<ResponsesTable>;
export type NewAuditEntry = Insertable<AuditLogTable>;
