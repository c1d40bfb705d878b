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
