import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  BotConversationDetail,
  BotConversationPage,
  DeliveryFailureList,
  RetryView,
} from '../../../common/api/bot-conversations.js';
import { api } from '../api/client.js';
import { botKeys } from './queries.js';

/** A bot's conversations, one conversation, and its delivery failures (admins). */
export const conversationKeys = {
  list: (botId: number) => [...botKeys.detail(botId), 'conversations'] as const,
  detail: (id: number) => ['bot-conversations', id] as const,
  failures: (botId: number) => [...botKeys.detail(botId), 'delivery-failures'] as const,
};

/** Newest first; `fetchNextPage` reads the older ones (keyset: the server's `next`). */
export function useConversations(botId: number) {
  return useInfiniteQuery({
    queryKey: conversationKeys.list(botId),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.get<BotConversationPage>(
        `/api/bots/${botId}/conversations${pageParam ? `?before=${encodeURIComponent(pageParam)}` : ''}`,
        { signal },
      ),
    getNextPageParam: (page) => page.next,
  });
}

export function useConversation(id: number) {
  return useQuery({
    queryKey: conversationKeys.detail(id),
    queryFn: ({ signal }) => api.get<BotConversationDetail>(`/api/bot-conversations/${id}`, { signal }),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function useDeliveryFailures(botId: number) {
  return useQuery({
    queryKey: conversationKeys.failures(botId),
    queryFn: ({ signal }) => api.get<DeliveryFailureList>(`/api/bots/${botId}/delivery-failures`, { signal }),
    select: (list) => list.failures,
  });
}

export function useRetryDelivery(botId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (outboxId: number) => api.post<RetryView>(`/api/outbox/${outboxId}/retry`),
    // Not awaited: the caller's own callbacks run before the refetch can unmount the table.
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: conversationKeys.failures(botId) });
      void queryClient.invalidateQueries({ queryKey: ['bot-conversations'] });
    },
  });
}
