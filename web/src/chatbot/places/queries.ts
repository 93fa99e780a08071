import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  SupportPointBody,
  SupportPointImportBody,
  SupportPointImportResult,
  SupportPointPage,
  SupportPointView,
} from '../../../../common/api/support-points.js';
import { api } from '../../api/client.js';

const keys = {
  all: ['support-points'] as const,
  page: (q: string, category: string, offset: number) => [...keys.all, q, category, offset] as const,
};

export const PAGE_SIZE = 50;

export function useSupportPoints(q: string, category: string, offset: number) {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(offset) });
  if (q.trim() !== '') params.set('q', q.trim());
  if (category !== '') params.set('category', category);
  return useQuery({
    queryKey: keys.page(q.trim(), category, offset),
    queryFn: ({ signal }) => api.get<SupportPointPage>(`/api/support-points?${params}`, { signal }),
    placeholderData: keepPreviousData,
  });
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: keys.all });
}

export function useSaveSupportPoint() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: number | null; body: SupportPointBody }) =>
      id === null
        ? api.post<SupportPointView>('/api/support-points', body)
        : api.put<SupportPointView>(`/api/support-points/${id}`, body),
    onSuccess: invalidate,
  });
}

export function useDeleteSupportPoint() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: number) => api.delete<void>(`/api/support-points/${id}`),
    onSuccess: invalidate,
  });
}

export function useImportSupportPoints() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: SupportPointImportBody) =>
      api.post<SupportPointImportResult>('/api/support-points/import', body),
    onSuccess: invalidate,
  });
}
