import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CheckView,
  IdSearchView,
  ReportBody,
  ReportList,
  ReportView,
  RunView,
  SchemaView,
  SearchableIdType,
  SourceBody,
  SourceList,
  SourceTestView,
  SourceView,
} from '../../../common/api/reports.js';
import { api } from '../api/client.js';
import { checkedRun } from './run-answer.js';

export const reportKeys = {
  all: ['reports'] as const,
  report: (name: string) => ['reports', 'one', name] as const,
  schema: ['reports', 'schema'] as const,
  sources: ['reports', 'sources'] as const,
  sourceSchema: (id: number) => ['reports', 'sources', id, 'schema'] as const,
  ids: (type: string, q: string) => ['reports', 'ids', type, q] as const,
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

/** Tables for the editor's completion: Parley's own (`sourceId` null) or a data source's. */
export function useSourceSchema(sourceId: number | null) {
  const own = useReportSchema();
  const other = useQuery({
    queryKey: reportKeys.sourceSchema(sourceId ?? 0),
    queryFn: ({ signal }) => api.get<SchemaView>(`/api/reports/sources/${sourceId}/schema`, { signal }),
    enabled: sourceId !== null,
    staleTime: 5 * 60_000,
    retry: false,
  });
  return sourceId === null ? own : other;
}

export function useSources() {
  return useQuery({
    queryKey: reportKeys.sources,
    queryFn: ({ signal }) => api.get<SourceList>('/api/reports/sources', { signal }),
  });
}

export function useCreateSource() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SourceBody) => api.post<SourceView>('/api/reports/sources', body),
    onSuccess: () => client.invalidateQueries({ queryKey: reportKeys.sources }),
  });
}

export function useDeleteSource() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<void>(`/api/reports/sources/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: reportKeys.sources }),
  });
}

/** "Test connection": of a URL not saved yet, or of a registered source. */
export function useTestSource() {
  return useMutation({
    mutationFn: (target: { url: string } | { id: number }) =>
      'id' in target
        ? api.post<SourceTestView>(`/api/reports/sources/${target.id}/test`)
        : api.post<SourceTestView>('/api/reports/sources/test', { url: target.url }),
  });
}

/** Suggestions for an id parameter: objects of that type matching `q` (name, e-mail, title, id). */
export function useIdSearch(type: SearchableIdType, q: string, enabled: boolean) {
  return useQuery({
    queryKey: reportKeys.ids(type, q),
    queryFn: ({ signal }) =>
      api.get<IdSearchView>(`/api/reports/ids/${type}?${new URLSearchParams({ q })}`, { signal }),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function checkReportSql(body: string): Promise<CheckView> {
  return api.post<CheckView>('/api/reports/check', { body });
}

export function useRunReport(name: string) {
  return useMutation({
    mutationFn: async (params: Record<string, string>) =>
      checkedRun(await api.post<RunView>(`/api/reports/${encodeURIComponent(name)}/run`, { params })),
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
