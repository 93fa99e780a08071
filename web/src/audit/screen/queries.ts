import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AuditView,
  BatchView,
  ConversationView,
  RequestBatchBody,
  RubricView,
  SubmitAuditBody,
} from '../../../../common/api/audit.js';
import type { BatchAudits, CorrectAuditBody, MyAudit } from '../../../../common/api/audit-review.js';
import { api, isApiError } from '../../api/client.js';

export const auditKeys = {
  all: ['audit'] as const,
  currentBatch: ['audit', 'batch', 'current'] as const,
  rubric: ['audit', 'rubric'] as const,
  conversation: (id: number) => ['audit', 'conversation', id] as const,
  batchAudits: (batchId: number) => ['audit', 'batch', batchId, 'audits'] as const,
};

/** The auditor's unfinished batch, or `null` when there is none (`404 no_batch`). */
export function useCurrentBatch() {
  return useQuery({
    queryKey: auditKeys.currentBatch,
    queryFn: async ({ signal }): Promise<BatchView | null> => {
      try {
        return await api.get<BatchView>('/api/audit/batches/current', { signal });
      } catch (error) {
        if (isApiError(error, 404)) return null;
        throw error;
      }
    },
  });
}

/** Takes a batch (or gets the unfinished one back); 409 `pool_empty` when nothing is eligible. */
export function useRequestBatch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RequestBatchBody) => api.post<BatchView>('/api/audit/batches', body),
    onSuccess: (batch) => queryClient.setQueryData(auditKeys.currentBatch, batch),
  });
}

export function useRubric() {
  return useQuery({
    queryKey: auditKeys.rubric,
    queryFn: ({ signal }) => api.get<RubricView>('/api/audit/rubric', { signal }),
    // Rubrics change rarely; a submit that no longer matches refetches it (see AuditWorkspace).
    staleTime: 5 * 60_000,
  });
}

/** Shared by `useConversation` and the prefetch of the next one, so both fill the same cache entry. */
export function conversationQuery(id: number) {
  return queryOptions({
    queryKey: auditKeys.conversation(id),
    queryFn: ({ signal }) => api.get<ConversationView>(`/api/conversations/${id}`, { signal }),
    // A conversation under audit does not change while the auditor reads it.
    staleTime: 10 * 60_000,
  });
}

export function useConversation(id: number) {
  return useQuery(conversationQuery(id));
}

/** Marks a batch item audited in the cached batch, so progress moves without waiting for a refetch. */
export function markAudited(batch: BatchView | null | undefined, conversationId: number, at: string) {
  if (!batch) return batch;
  return {
    ...batch,
    items: batch.items.map((item) =>
      item.conversation_id === conversationId && item.audited_at === null
        ? { ...item, audited_at: at }
        : item,
    ),
  };
}

export function useSubmitAudit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SubmitAuditBody) => api.post<AuditView>('/api/audits', body),
    onSuccess: (audit) =>
      queryClient.setQueryData<BatchView | null>(auditKeys.currentBatch, (batch) =>
        markAudited(batch, audit.conversation_id, audit.created_at),
      ),
  });
}

/** The auditor's audits of a batch (scores, note, until when they may be corrected) and its summary. */
export function useBatchAudits(batchId: number, options: { audited: number } = { audited: 0 }) {
  return useQuery({
    // The number audited is in the key, so each submit brings the new audit in.
    queryKey: [...auditKeys.batchAudits(batchId), options.audited],
    queryFn: ({ signal }) => api.get<BatchAudits>(`/api/audit/batches/${batchId}/audits`, { signal }),
    placeholderData: (previous) => previous,
  });
}

/** Corrects one of the auditor's audits; 409 `correction_closed` once the batch's time ran out. */
export function useCorrectAudit(batchId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: CorrectAuditBody }) =>
      api.patch<MyAudit>(`/api/audits/${id}`, body),
    onSettled: () => queryClient.invalidateQueries({ queryKey: auditKeys.batchAudits(batchId) }),
  });
}
