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
