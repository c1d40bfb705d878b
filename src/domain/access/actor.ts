import type { ApiKeyScope, Role } from '../../db/schema.ts';

/** Who is acting, inside which workspace. Every domain call that reads or changes
 * workspace data takes one, and every query is scoped by it. */
export type Actor = UserActor | ApiKeyActor | SystemActor;

export interface UserActor {
  readonly kind: 'user';
  readonly workspaceId: string;
  readonly userId: string;
  readonly memberId: string;
  readonly role: Role;
  readonly unitId: string;
  /** Materialised path of the member's unit; a manager's scope is everything under it. */
  readonly unitPath: string;
  readonly label: string;
}

export interface ApiKeyActor {
  readonly kind: 'api_key';
  readonly workspaceId: string;
  readonly keyId: string;
  readonly scope: ApiKeyScope;
  readonly label: string;
}

/** The server acting for a workspace on its own: the import drop folder, which the workspace set up
 * by choosing a saved mapping for it, and the weekly digest's company total. Audited as 'system';
 * canImportContacts and canViewAnalytics admit it. */
export interface SystemActor {
  readonly kind: 'system';
  readonly workspaceId: string;
  readonly label: string;
}

/** Higher rank may do what a lower one may. */
export const roleRank: Record<Role, number> = { owner: 5, admin: 4, analyst: 3, manager: 2, frontline: 1 };
