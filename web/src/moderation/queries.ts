import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CampaignChoices,
  CreateFlagTypeBody,
  CreateRuleBody,
  FlagAction,
  FlagTypeList,
  FlagTypeView,
  FlagView,
  ItemDetail,
  ItemSummary,
  QueuePage,
  RaiseFlagBody,
  RuleList,
  RulePreview,
  RuleRunResult,
  RuleView,
  UpdateFlagTypeBody,
  UpdateRuleBody,
} from '../../../common/api/moderation.js';
import { api } from '../api/client.js';

export const moderationKeys = {
  all: ['moderation'] as const,
  queue: (query: string) => ['moderation', 'queue', query] as const,
  item: (id: number) => ['moderation', 'item', id] as const,
  flagTypes: ['moderation', 'flag-types'] as const,
};

export function useQueue(query: URLSearchParams) {
  const search = query.toString();
  return useQuery({
    queryKey: moderationKeys.queue(search),
    queryFn: ({ signal }) => api.get<QueuePage>(`/api/moderation/queue?${search}`, { signal }),
    refetchInterval: 30_000,
  });
}

export function useItem(id: number) {
  return useQuery({
    queryKey: moderationKeys.item(id),
    queryFn: ({ signal }) => api.get<ItemDetail>(`/api/moderation/items/${id}`, { signal }),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function useFlagTypes() {
  return useQuery({
    queryKey: moderationKeys.flagTypes,
    queryFn: ({ signal }) => api.get<FlagTypeList>('/api/moderation/flag-types', { signal }),
    staleTime: 60_000,
  });
}

export type ItemCommand =
  | { kind: 'claim' | 'unclaim'; item: ItemSummary }
  | { kind: 'reopen'; item: ItemSummary; note?: string }
  | { kind: 'resolve'; action: FlagAction; item: ItemSummary; note?: string };

/** Claim, release, resolve or reopen; every moderation view is refreshed afterwards (also after a 409). */
export function useItemCommand() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (command: ItemCommand) => {
      const { item } = command;
      const path = `/api/moderation/items/${item.id}`;
      if (command.kind === 'resolve') {
        return api.post<ItemSummary>(`${path}/resolve`, {
          action: command.action,
          version: item.version,
          ...(command.note ? { note: command.note } : {}),
        });
      }
      const note = command.kind === 'reopen' && command.note ? { note: command.note } : {};
      return api.post<ItemSummary>(`${path}/${command.kind}`, { version: item.version, ...note });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: moderationKeys.all }),
  });
}

export function useRaiseFlag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RaiseFlagBody) => api.post<FlagView>('/api/flags', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: moderationKeys.all }),
  });
}

export function useSaveFlagType() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (
      change: { id: number; body: UpdateFlagTypeBody } | { id: null; body: CreateFlagTypeBody },
    ) =>
      change.id === null
        ? api.post<FlagTypeView>('/api/moderation/flag-types', change.body)
        : api.patch<FlagTypeView>(`/api/moderation/flag-types/${change.id}`, change.body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: moderationKeys.flagTypes }),
  });
}

export function useCampaigns() {
  return useQuery({
    queryKey: ['moderation', 'campaigns'] as const,
    queryFn: ({ signal }) => api.get<CampaignChoices>('/api/moderation/campaigns', { signal }),
    staleTime: 60_000,
  });
}

export function useRules() {
  return useQuery({
    queryKey: ['moderation', 'rules'] as const,
    queryFn: ({ signal }) => api.get<RuleList>('/api/moderation/rules', { signal }),
  });
}

export function useSaveRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: { id: number; body: UpdateRuleBody } | { id: null; body: CreateRuleBody }) =>
      change.id === null
        ? api.post<RuleView>('/api/moderation/rules', change.body)
        : api.patch<RuleView>(`/api/moderation/rules/${change.id}`, change.body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['moderation', 'rules'] }),
  });
}

export function usePreviewRule() {
  return useMutation({
    mutationFn: ({ id, campaignId }: { id: number; campaignId: number }) =>
      api.post<RulePreview>(`/api/moderation/rules/${id}/preview`, { campaign_id: campaignId }),
  });
}

export function useRunRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, campaignId }: { id: number; campaignId: number }) =>
      api.post<RuleRunResult>(`/api/moderation/rules/${id}/run`, { campaign_id: campaignId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: moderationKeys.all }),
  });
}
