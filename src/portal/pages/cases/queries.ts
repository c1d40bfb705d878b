// The closed loop's queries and the one mutation every change to a case goes through: the API
// answers each change with the whole case, which replaces the cached one.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AlertRuleView, CaseDetailView, LoopSettingsView } from '../../../domain/views.ts';
import { api } from '../../api.ts';

export const caseKeys = {
  all: ['cases'] as const,
  one: (id: string) => ['cases', 'one', id] as const,
  rules: ['alert-rules'] as const,
  settings: ['loop-settings'] as const,
  kpis: ['case-kpis'] as const,
};

export function useCase(id: string) {
  return useQuery({ queryKey: caseKeys.one(id), queryFn: () => api.get<CaseDetailView>(`/cases/${id}`) });
}

export function useLoopSettings() {
  return useQuery({ queryKey: caseKeys.settings, queryFn: () => api.get<LoopSettingsView>('/loop-settings') });
}

export function useAlertRules(enabled = true) {
  return useQuery({ queryKey: caseKeys.rules, queryFn: async () => (await api.get<{ items: AlertRuleView[] }>('/alert-rules')).items, enabled });
}

export type CaseChange =
  | { kind: 'patch'; body: Record<string, unknown> }
  | { kind: 'note'; text: string; call: boolean }
  | { kind: 'reply'; subject?: string; text: string };

/** Changes a case (status, owner, tags, …), adds a note or replies; the answer replaces the cached case and lists refresh. */
export function useCaseChange(id: string, onDone?: (saved: CaseDetailView) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: CaseChange) => {
      if (change.kind === 'note') return api.post<CaseDetailView>(`/cases/${id}/notes`, { text: change.text, ...(change.call ? { call: true } : {}) });
      if (change.kind === 'reply')
        return api.post<CaseDetailView>(`/cases/${id}/replies`, { text: change.text, ...(change.subject ? { subject: change.subject } : {}) });
      return api.patch<CaseDetailView>(`/cases/${id}`, change.body);
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(caseKeys.one(id), saved);
      void queryClient.invalidateQueries({ queryKey: caseKeys.all, predicate: (query) => query.queryKey[1] !== 'one' });
      void queryClient.invalidateQueries({ queryKey: caseKeys.kpis });
      onDone?.(saved);
    },
  });
}
