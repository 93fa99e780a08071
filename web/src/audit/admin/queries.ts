import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AgreementView,
  AuditSettings,
  AuditSettingsPatch,
  RubricView,
  SaveRubricBody,
} from '../../../../common/api/audit.js';
import { api } from '../../api/client.js';
import { auditKeys } from '../screen/queries.js';

export { useRubric } from '../screen/queries.js';

export const auditAdminKeys = {
  settings: [...auditKeys.all, 'settings'] as const,
  agreement: [...auditKeys.all, 'agreement'] as const,
};

export function useAuditSettings() {
  return useQuery({
    queryKey: auditAdminKeys.settings,
    queryFn: ({ signal }) => api.get<AuditSettings>('/api/audit/settings', { signal }),
  });
}

export function useUpdateAuditSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: AuditSettingsPatch) => api.patch<AuditSettings>('/api/audit/settings', patch),
    onSuccess: (settings) => queryClient.setQueryData(auditAdminKeys.settings, settings),
  });
}

/** Saves a new rubric version; auditors' screens pick it up from the same cache entry. */
export function useSaveRubric() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SaveRubricBody) => api.put<RubricView>('/api/audit/rubric', body),
    onSuccess: (rubric) => queryClient.setQueryData(auditKeys.rubric, rubric),
  });
}

export function useAgreement() {
  return useQuery({
    queryKey: auditAdminKeys.agreement,
    queryFn: ({ signal }) => api.get<AgreementView>('/api/audit/agreement', { signal }),
  });
}
