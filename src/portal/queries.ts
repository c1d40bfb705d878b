// Queries shared by several pages.
import { useQuery } from '@tanstack/react-query';
import { type Account, type AttributeDefinition, api, type Unit, type User } from './api.ts';

export const keys = {
  units: ['units'] as const,
  members: ['members'] as const,
  users: ['users'] as const,
  apiKeys: ['api-keys'] as const,
  auditLog: ['audit-log'] as const,
  outbox: ['outbox'] as const,
  workspace: ['workspace'] as const,
  contacts: ['contacts'] as const,
  accounts: ['accounts'] as const,
  attributes: ['attribute-definitions'] as const,
};

export function useUnits() {
  return useQuery({ queryKey: keys.units, queryFn: async () => (await api.get<{ items: Unit[] }>('/units')).items });
}

export function useUsers(enabled = true) {
  return useQuery({ queryKey: keys.users, queryFn: async () => (await api.get<{ items: User[] }>('/users')).items, enabled });
}

/** The workspace's custom attributes; every role may read them. */
export function useAttributeDefinitions() {
  return useQuery({ queryKey: keys.attributes, queryFn: () => api.get<AttributeDefinition[]>('/attribute-definitions') });
}

export function useAccount(accountId: string | null) {
  return useQuery({ queryKey: [...keys.accounts, 'one', accountId], queryFn: () => api.get<Account>(`/accounts/${accountId}`), enabled: accountId !== null });
}
