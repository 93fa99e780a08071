import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type {
  AuditDetail,
  AuditPage,
  ReviewFilters,
  TexterReview,
} from '../../../../common/api/audit-review.js';
import { api } from '../../api/client.js';

export const reviewKeys = {
  list: (query: string) => ['audit-review', 'list', query] as const,
  filters: ['audit-review', 'filters'] as const,
  detail: (id: number) => ['audit-review', 'audit', id] as const,
  texter: (id: number, period: string) => ['audit-review', 'texter', id, period] as const,
};

/** A page at a time; `fetchNextPage` follows the server's keyset `next`. */
export function useAuditList(query: URLSearchParams) {
  const base = query.toString();
  return useInfiniteQuery({
    queryKey: reviewKeys.list(base),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams(base);
      if (pageParam) params.set('cursor', pageParam);
      return api.get<AuditPage>(`/api/audits?${params}`, { signal });
    },
    getNextPageParam: (page) => page.next,
  });
}

/** Rubric items, campaigns and auditors to filter by. */
export function useReviewFilters() {
  return useQuery({
    queryKey: reviewKeys.filters,
    queryFn: ({ signal }) => api.get<ReviewFilters>('/api/audit/filters', { signal }),
    staleTime: 60_000,
  });
}

export function useAuditDetail(id: number) {
  return useQuery({
    queryKey: reviewKeys.detail(id),
    queryFn: ({ signal }) => api.get<AuditDetail>(`/api/audits/${id}`, { signal }),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function useTexterReview(id: number, period: URLSearchParams) {
  const query = period.toString();
  return useQuery({
    queryKey: reviewKeys.texter(id, query),
    queryFn: ({ signal }) =>
      api.get<TexterReview>(`/api/texters/${id}/review${query ? `?${query}` : ''}`, { signal }),
    enabled: Number.isInteger(id) && id > 0,
  });
}
