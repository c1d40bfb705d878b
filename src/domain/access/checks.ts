// The named permission checks. Routes and domain functions call these; nothing else decides
// who may do what. Visibility failures are 404 (never reveal what exists), permission
// failures on something visible are 403.
import type { Role } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { type Actor, roleRank } from './actor.ts';

const isRole = (actor: Actor, ...roles: Role[]) => actor.kind === 'user' && roles.includes(actor.role);

/** Reads everything in the workspace: owner, admin, analyst and API keys. */
export const seesWholeWorkspace = (actor: Actor): boolean => actor.kind === 'api_key' || isRole(actor, 'owner', 'admin', 'analyst');

/** Units, members, workspace settings: owner, admin, and write-scoped API keys. */
export const canEditOrganisation = (actor: Actor): boolean => isRole(actor, 'owner', 'admin') || (actor.kind === 'api_key' && actor.scope === 'write');

/** Users, roles, invitations and API keys: only people who are owner or admin. Keys cannot mint keys. */
export const canManageAccess = (actor: Actor): boolean => isRole(actor, 'owner', 'admin');

export const canReadAuditLog = (actor: Actor): boolean => isRole(actor, 'owner', 'admin') || actor.kind === 'api_key';

/** The outbox shows what the workspace sent or would send: admins, and keys for integration. */
export const canReadOutbox = canReadAuditLog;

/** Webhook endpoints and integration settings: owner, admin and write keys change them. */
export const canManageIntegrations = (actor: Actor): boolean => isRole(actor, 'owner', 'admin') || (actor.kind === 'api_key' && actor.scope === 'write');

/** Webhook endpoints and their delivery log are read by owner, admin and every API key (integrations watch them). */
export const canViewIntegrations = (actor: Actor): boolean => isRole(actor, 'owner', 'admin') || actor.kind === 'api_key';

/** An owner may grant any role; an admin any role but owner. */
export const canGrantRole = (actor: Actor, role: Role): boolean =>
  actor.kind === 'user' && (actor.role === 'owner' || (actor.role === 'admin' && roleRank[role] < roleRank.owner));

/** Only an owner may change or remove another owner. */
export const canChangeHolderOf = (actor: Actor, currentRole: Role | null): boolean => currentRole !== 'owner' || isRole(actor, 'owner');

export interface UnitRef {
  id: string;
  path: string;
}

export const canViewUnit = (actor: Actor, unit: UnitRef): boolean => {
  if (seesWholeWorkspace(actor) || actor.kind !== 'user') return true;
  if (actor.role === 'manager') return unit.path.startsWith(actor.unitPath);
  return unit.id === actor.unitId;
};

export interface MemberRef {
  id: string;
  unitPath: string;
}

export const canViewMember = (actor: Actor, member: MemberRef): boolean => {
  if (seesWholeWorkspace(actor) || actor.kind !== 'user') return true;
  if (actor.role === 'manager') return member.unitPath.startsWith(actor.unitPath);
  return member.id === actor.memberId;
};

/** Managers look after the people in their subtree who do not sign in; people with a login
 * (or a pending invitation) are users, whom only owner and admin change. */
export const canEditMember = (actor: Actor, member: MemberRef & { isUser: boolean }): boolean =>
  canEditOrganisation(actor) || (isRole(actor, 'manager') && !member.isUser && canViewMember(actor, member));

/** A contact or account as the checks need it: where it sits and who owns it. */
export interface ContactRef {
  unitPath: string;
  ownerMemberId: string | null;
}

/** Contacts and accounts: whole-workspace readers see all; a manager those placed in their subtree;
 * frontline only those they own. */
export const canViewContact = (actor: Actor, contact: ContactRef): boolean => {
  if (seesWholeWorkspace(actor) || actor.kind !== 'user') return true;
  if (actor.role === 'manager') return contact.unitPath.startsWith(actor.unitPath);
  return contact.ownerMemberId === actor.memberId;
};

/** An account is visible as a contact is (canViewContact), and also, read-only, to whoever sees
 * at least one of its live contacts: frontline people and managers may open the company their own
 * contacts work for, without seeing the other accounts of its unit. */
export const canViewAccount = (actor: Actor, account: ContactRef, seesOneOfItsContacts: boolean): boolean =>
  canViewContact(actor, account) || seesOneOfItsContacts;

/** Owner, admin and write keys change any contact or account; a manager those in their subtree.
 * Analysts, frontline and read keys change none. */
export const canEditContact = (actor: Actor, contact: ContactRef): boolean =>
  canEditOrganisation(actor) || (isRole(actor, 'manager') && canViewContact(actor, contact));

/** Who may write accounts at all, one or in bulk: owner, admin, write keys and managers; each
 * account written is then checked with canEditContact. */
export const canWriteAccounts = (actor: Actor): boolean => canEditOrganisation(actor) || isRole(actor, 'manager');

/** Bulk upserts, attribute definitions, GDPR export and erasure: owner, admin and write keys. */
export const canManageContactData = (actor: Actor): boolean => canEditOrganisation(actor);

/** Contact file imports, their reports (which hold values from the file) and saved mappings:
 * owner, admin and write keys, as bulk upserts; and the drop folder, which they set up. */
export const canImportContacts = (actor: Actor): boolean => canManageContactData(actor) || actor.kind === 'system';

/** Throws 403 with a sentence naming the action when the check fails. */
export function ensure(allowed: boolean, action: string): void {
  if (!allowed) throw AppError.forbidden(action);
}

/** Throws 404 when the actor may not see the thing: existence is not revealed. */
export function ensureVisible(visible: boolean, what: string): void {
  if (!visible) throw AppError.notFound(what);
}

/** Surveys, their versions and touchpoints are visible to every role and key: they are the
 * programme's shared vocabulary (filters, breakdowns). */
export const canViewSurveys = (_actor: Actor): boolean => true;

/** Designing, publishing and closing surveys, touchpoints and personal links: owner, admin and write keys. */
export const canManageSurveys = (actor: Actor): boolean => canEditOrganisation(actor);

/** Sending settings, SMTP, waves, trigger rules, events and bounces: owner, admin and write keys. */
export const canManageDistribution = (actor: Actor): boolean => canEditOrganisation(actor);

/** Waves, rules and the funnel, read-only: whole-workspace readers, and managers (whose funnel
 * counts only invitations to contacts of their subtree). */
export const canViewDistribution = (actor: Actor): boolean => seesWholeWorkspace(actor) || isRole(actor, 'manager');

/** Analytics: every signed-in role and every key; what is counted is scoped in the analytics
 * domain (managers their subtree's answers, frontline their own customers' answers). The server
 * acting for the workspace counts the whole of it: the weekly digest's company total. */
export const canViewAnalytics = (actor: Actor): boolean => actor.kind === 'user' || actor.kind === 'api_key' || actor.kind === 'system';

/** A case as the checks need it: the unit it belongs to, its owner and its watchers. */
export interface CaseRef {
  unitPath: string;
  ownerMemberId: string | null;
  watcherMemberIds: readonly string[];
}

/** Cases: whole-workspace readers see all; a manager those of units in their subtree; frontline
 * those they own or watch. */
export const canViewCase = (actor: Actor, ref: CaseRef): boolean => {
  if (seesWholeWorkspace(actor) || actor.kind !== 'user') return true;
  if (actor.role === 'manager') return ref.unitPath.startsWith(actor.unitPath);
  return ref.ownerMemberId === actor.memberId || ref.watcherMemberIds.includes(actor.memberId);
};

/** Working a case (status, notes, root cause, outcome, tags, watchers, replies): owner, admin and
 * write keys; managers and frontline on the cases they see. Analysts and read keys only read. */
export const canWorkCase = (actor: Actor, ref: CaseRef): boolean =>
  canEditOrganisation(actor) || (isRole(actor, 'manager', 'frontline') && canViewCase(actor, ref));

/** Reassigning a case is privileged (audited): owner, admin, write keys, and managers in their subtree. */
export const canReassignCase = (actor: Actor, ref: CaseRef): boolean => canEditOrganisation(actor) || (isRole(actor, 'manager') && canViewCase(actor, ref));

/** Alert rules: whole-workspace readers and managers read them; owner, admin and write keys change them. */
export const canViewAlertRules = (actor: Actor): boolean => seesWholeWorkspace(actor) || isRole(actor, 'manager');
export const canManageAlertRules = (actor: Actor): boolean => canEditOrganisation(actor);

/** Loop settings are read by every role and key (the case page offers the root causes); owner,
 * admin and write keys change them. */
export const canViewLoopSettings = (actor: Actor): boolean => actor.kind === 'user' || actor.kind === 'api_key';
export const canManageLoopSettings = (actor: Actor): boolean => canEditOrganisation(actor);
