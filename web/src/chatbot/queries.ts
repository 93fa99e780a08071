import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  BotDetail,
  BotImportView,
  BotList,
  CreateBotBody,
  ImportBundleBody,
  ImportPenhasBody,
  RevisionSummary,
  RevisionView,
  SimulateBody,
  SimulateView,
} from '../../../common/api/chatbot.js';
import { api } from '../api/client.js';

export const botKeys = {
  all: ['bots'] as const,
  list: () => [...botKeys.all, 'list'] as const,
  detail: (id: number) => [...botKeys.all, id] as const,
  revision: (id: number, number: number) => [...botKeys.all, id, 'revision', number] as const,
};

export function useBots() {
  return useQuery({
    queryKey: botKeys.list(),
    queryFn: ({ signal }) => api.get<BotList>('/api/bots', { signal }),
    select: (list) => list.bots,
  });
}

export function useBot(id: number) {
  return useQuery({
    queryKey: botKeys.detail(id),
    queryFn: ({ signal }) => api.get<BotDetail>(`/api/bots/${id}`, { signal }),
  });
}

export function useRevision(id: number, number: number | null) {
  return useQuery({
    queryKey: botKeys.revision(id, number ?? 0),
    queryFn: ({ signal }) => api.get<RevisionView>(`/api/bots/${id}/revisions/${number}`, { signal }),
    enabled: number !== null,
    // A revision never changes.
    staleTime: Number.POSITIVE_INFINITY,
  });
}

function useInvalidateBots() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: botKeys.all });
}

export function useCreateBot() {
  const invalidate = useInvalidateBots();
  return useMutation({
    mutationFn: (body: CreateBotBody) => api.post<BotDetail>('/api/bots', body),
    onSuccess: invalidate,
  });
}

export function useRevert(id: number) {
  const invalidate = useInvalidateBots();
  return useMutation({
    mutationFn: (number: number) => api.post<RevisionSummary>(`/api/bots/${id}/revisions/${number}/revert`),
    onSuccess: invalidate,
  });
}

export function useImportPenhas() {
  const invalidate = useInvalidateBots();
  return useMutation({
    mutationFn: (body: ImportPenhasBody) => api.post<BotImportView>('/api/bots/import-penha', body),
    onSuccess: invalidate,
  });
}

export function useImportBundle() {
  const invalidate = useInvalidateBots();
  return useMutation({
    mutationFn: (body: ImportBundleBody) => api.post<BotImportView>('/api/bots/import', body),
    onSuccess: invalidate,
  });
}

export function useSimulate(id: number) {
  return useMutation({
    mutationFn: (body: SimulateBody) => api.post<SimulateView>(`/api/bots/${id}/simulate`, body),
  });
}
