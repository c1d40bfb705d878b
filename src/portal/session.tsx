// The signed-in person: one query (['me']) shared by the whole portal, the actions that
// replace it (sign-in, switching workspace, sign-out) and what the current role may do.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext } from 'react';
import { api, fetchMe, type Me, type Role, rememberSession } from './api.ts';

export const ME_KEY = ['me'] as const;

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000 });
}

/** Replaces the session; everything cached for the previous person or workspace is dropped. */
export function useSetSession() {
  const queryClient = useQueryClient();
  return useCallback(
    (me: Me | null) => {
      rememberSession(me);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== ME_KEY[0] });
      queryClient.setQueryData(ME_KEY, me);
    },
    [queryClient],
  );
}

/** Ends the session and loads the sign-in page afresh, so nothing of the session stays in memory. */
export function useSignOut() {
  return useMutation({ mutationFn: () => api.post<void>('/auth/logout'), onSettled: () => window.location.assign('/sign-in') });
}

export type SignedIn = Me & { workspace: NonNullable<Me['workspace']> };

export const SessionContext = createContext<SignedIn | null>(null);

/** The session inside the app layout, where a workspace is always present. */
export function useSession(): SignedIn {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession is used outside the signed-in layout');
  return session;
}

export interface Permissions {
  /** See the unit tree (frontline users see only themselves). */
  seesUnits: boolean;
  /** Read every unit, member and user of the workspace. */
  seesWorkspace: boolean;
  /** Change units and workspace settings. */
  editOrganisation: boolean;
  /** Add, change and delete members (managers: in their subtree). */
  editMembers: boolean;
  /** Invite users, change roles, manage API keys, read the audit log and outbox. */
  manageAccess: boolean;
  /** May grant the owner role. */
  grantOwner: boolean;
  /** Add, change and delete contacts and accounts (managers: in their subtree). */
  editContacts: boolean;
  /** Define attributes and export or erase a contact's personal data (GDPR). */
  manageContactData: boolean;
  /** Create, edit, publish and close surveys; manage touchpoints (canManageSurveys). */
  manageSurveys: boolean;
  /** See waves, trigger rules and the funnel (canViewDistribution; managers: their subtree's funnel). */
  viewDistribution: boolean;
  /** Change sending settings and SMTP, waves and trigger rules (canManageDistribution). */
  manageDistribution: boolean;
  /** Work cases: status, notes, replies, tags, watchers (canWorkCase; frontline their own, managers their subtree). */
  workCases: boolean;
  /** Hand a case to someone else (canReassignCase; managers within their subtree). */
  reassignCases: boolean;
  /** Read the alert rules (canViewAlertRules). */
  viewAlertRules: boolean;
  /** Change alert rules and loop settings (canManageAlertRules, canManageLoopSettings). */
  manageLoop: boolean;
}

export function permissionsOf(role: Role): Permissions {
  const admin = role === 'owner' || role === 'admin';
  return {
    seesUnits: role !== 'frontline',
    seesWorkspace: admin || role === 'analyst',
    editOrganisation: admin,
    editMembers: admin || role === 'manager',
    manageAccess: admin,
    grantOwner: role === 'owner',
    editContacts: admin || role === 'manager',
    manageContactData: admin,
    manageSurveys: admin,
    viewDistribution: admin || role === 'analyst' || role === 'manager',
    manageDistribution: admin,
    workCases: admin || role === 'manager' || role === 'frontline',
    reassignCases: admin || role === 'manager',
    viewAlertRules: admin || role === 'analyst' || role === 'manager',
    manageLoop: admin,
  };
}

export function usePermissions(): Permissions {
  return permissionsOf(useSession().workspace.role);
}
