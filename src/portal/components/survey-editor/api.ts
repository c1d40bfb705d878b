// The survey and touchpoint API as the portal uses it: view types, query keys and shared queries.
import { useQuery } from '@tanstack/react-query';
import type { SurveyDefinition } from '../../../domain/surveys/definition.ts';
import type { SurveyDetailView, SurveyVersionDetailView, SurveyVersionView, SurveyView, TouchpointView } from '../../../domain/views.ts';
import { api } from '../../api.ts';

export type Survey = SurveyView;
/** The views say `unknown` for definitions (the API document describes them); here they are typed. */
export type SurveyDetail = Omit<SurveyDetailView, 'draft'> & { draft: SurveyDefinition };
export type SurveyVersion = SurveyVersionView;
export type SurveyVersionDetail = Omit<SurveyVersionDetailView, 'definition'> & { definition: SurveyDefinition };
export type Touchpoint = TouchpointView;
export type Definition = SurveyDefinition;
export type SurveyKind = Survey['kind'];
export type SurveyStatus = Survey['status'];

export const surveyKeys = {
  all: ['surveys'] as const,
  one: (id: string) => ['surveys', 'one', id] as const,
  versions: (id: string) => ['surveys', 'versions', id] as const,
  touchpoints: ['touchpoints'] as const,
};

export const KIND_LABELS: Record<SurveyKind, string> = {
  relationship_nps: 'Relationship NPS',
  transactional_nps: 'Transactional NPS',
  enps: 'Employee NPS (eNPS)',
  csat: 'Customer satisfaction (CSAT)',
  ces: 'Customer effort (CES)',
  custom: 'Custom',
};

export const STATUS_LABELS: Record<SurveyStatus, string> = { draft: 'Draft', active: 'Active', closed: 'Closed' };

export function useSurvey(id: string) {
  return useQuery({ queryKey: surveyKeys.one(id), queryFn: () => api.get<SurveyDetail>(`/surveys/${id}`) });
}

/** The workspace's touchpoints in their order; every role may read them. */
export function useTouchpoints() {
  return useQuery({ queryKey: surveyKeys.touchpoints, queryFn: () => api.get<Touchpoint[]>('/touchpoints') });
}
