import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ChannelCreated,
  ChannelList,
  ChannelView,
  CreateChannelBody,
  DeliverySettings,
  DeliverySettingsBody,
  SecretRotated,
  UpdateChannelBody,
} from '../../../common/api/chatbot.js';
import { api } from '../api/client.js';
import { botKeys } from './queries.js';

/** A bot's channels and delivery settings (the Channels tab of the bot page). */
export const channelKeys = {
  list: (botId: number) => [...botKeys.detail(botId), 'channels'] as const,
};

export function useChannels(botId: number) {
  return useQuery({
    queryKey: channelKeys.list(botId),
    queryFn: ({ signal }) => api.get<ChannelList>(`/api/bots/${botId}/channels`, { signal }),
  });
}

/**
 * After a change: the channel list, and the bot (its `channels` kinds) are read again. Not awaited:
 * a caller's own `onSuccess` runs first, before a refetch unmounts it (a deleted channel's card).
 */
function useInvalidateBot(botId: number) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: botKeys.detail(botId) });
  };
}

export function useCreateChannel(botId: number) {
  const invalidate = useInvalidateBot(botId);
  return useMutation({
    mutationFn: (body: CreateChannelBody) => api.post<ChannelCreated>(`/api/bots/${botId}/channels`, body),
    onSuccess: invalidate,
  });
}

export function useUpdateChannel(botId: number) {
  const invalidate = useInvalidateBot(botId);
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: UpdateChannelBody }) =>
      api.patch<ChannelView>(`/api/channels/${id}`, body),
    onSuccess: invalidate,
  });
}

export function useRotateSecret(botId: number) {
  const invalidate = useInvalidateBot(botId);
  return useMutation({
    mutationFn: (id: number) => api.post<SecretRotated>(`/api/channels/${id}/rotate-secret`),
    onSuccess: invalidate,
  });
}

export function useDeleteChannel(botId: number) {
  const invalidate = useInvalidateBot(botId);
  return useMutation({
    mutationFn: (id: number) => api.delete<void>(`/api/channels/${id}`),
    onSuccess: invalidate,
  });
}

export function useUpdateDelivery(botId: number) {
  const invalidate = useInvalidateBot(botId);
  return useMutation({
    mutationFn: (body: DeliverySettingsBody) =>
      api.patch<DeliverySettings>(`/api/bots/${botId}/delivery`, body),
    onSuccess: invalidate,
  });
}
