import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CheckView,
  ReportBody,
  ReportList,
  ReportView,
  RunView,
  SchemaView,
} from '../../../common/api/reports.js';
import { api } from '../api/client.js';

export const reportKeys = {
  all: ['reports'] as const,
  report: (name: string) => ['reports', 'one', name] as const,
  schema: ['reports', 'schema'] as const,
};

export function useReports() {
  return useQuery({
    queryKey: reportKeys.all,
    queryFn: ({ signal }) => api.get<ReportList>('/api/reports', { signal }),
  });
}

export function useReport(name: string | undefined) {
  return useQuery({
    queryKey: reportKeys.report(name ?? ''),
    queryFn: ({ signal }) =>
      api.get<ReportView>(`/api/reports/${encodeURIComponent(name ?? '')}`, { signal }),
    enabled: name !== undefined,
  });
}

export function useReportSchema() {
  return useQuery({
    queryKey: reportKeys.schema,
    queryFn: ({ signal }) => api.get<SchemaView>('/api/reports/schema', { signal }),
    staleTime: 5 * 60_000,
  });
}

export function checkReportSql(body: string): Promise<CheckView> {
  return api.post<CheckView>('/api/reports/check', { body });
}

export function useRunReport(name: string) {
  return useMutation({
    mutationFn: (params: Record<string, string>) =>
      api.post<RunView>(`/api/reports/${encodeURIComponent(name)}/run`, { params }),
  });
}

export function useSaveReport(original: string | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ReportBody) =>
      original === null
        ? api.post<ReportView>('/api/reports', body)
        : api.put<ReportView>(`/api/reports/${encodeURIComponent(original)}`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: reportKeys.all }),
  });
}

export function useDeleteReport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.delete<void>(`/api/reports/${encodeURIComponent(name)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: reportKeys.all }),
  });
}
