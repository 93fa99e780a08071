import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  FeedbackPreview,
  FeedbackPreviewBody,
  FeedbackSendBody,
  FeedbackSendResult,
  FeedbackTemplateList,
  OptOutList,
  ResendResult,
  SendLog,
  StopView,
  TexterEmailView,
} from '../../../../common/api/feedback.js';
import { api } from '../../api/client.js';

export const feedbackKeys = {
  all: ['feedback'] as const,
  templates: ['feedback', 'templates'] as const,
  sends: ['feedback', 'sends'] as const,
  optouts: ['feedback', 'optouts'] as const,
  stop: (token: string) => ['feedback', 'stop', token] as const,
};

export function useFeedbackTemplates() {
  return useQuery({
    queryKey: feedbackKeys.templates,
    queryFn: ({ signal }) => api.get<FeedbackTemplateList>('/api/feedback/templates', { signal }),
  });
}

/** A preview is asked for (a button), not kept in the cache: it is rendered afresh each time. */
export function usePreviewFeedback() {
  return useMutation({
    mutationFn: (body: FeedbackPreviewBody) => api.post<FeedbackPreview>('/api/feedback/preview', body),
  });
}

export function useSendFeedback() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: FeedbackSendBody) => api.post<FeedbackSendResult>('/api/feedback/send', body),
    onSettled: () => queryClient.invalidateQueries({ queryKey: feedbackKeys.sends }),
  });
}

export function useSendLog() {
  return useQuery({
    queryKey: feedbackKeys.sends,
    queryFn: ({ signal }) => api.get<SendLog>('/api/feedback/sends?limit=100', { signal }),
    // Delivery moves on by itself (queued → sent): keep the log current while it is open.
    refetchInterval: 10_000,
  });
}

export function useResend() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (sendId: number) =>
      api.post<ResendResult>(`/api/feedback/sends/${sendId}/resend`, { confirm: true }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: feedbackKeys.sends }),
  });
}

export function useOptOuts() {
  return useQuery({
    queryKey: feedbackKeys.optouts,
    queryFn: ({ signal }) => api.get<OptOutList>('/api/feedback/optouts', { signal }),
  });
}

export function useOptIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (texterId: number) => api.delete<void>(`/api/feedback/optouts/${texterId}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: feedbackKeys.optouts }),
  });
}

/** The texter's stop page (signed out). */
export function useStopState(token: string) {
  return useQuery({
    queryKey: feedbackKeys.stop(token),
    queryFn: ({ signal }) => api.get<StopView>(`/api/feedback/stop/${encodeURIComponent(token)}`, { signal }),
    retry: false,
  });
}

export function useStop(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<StopView>(`/api/feedback/stop/${encodeURIComponent(token)}`, {}),
    onSuccess: (state) => queryClient.setQueryData(feedbackKeys.stop(token), state),
  });
}

/** An admin corrects a texter's address (kept over re-imports); null withdraws the correction. */
export function useSetTexterEmail() {
  return useMutation({
    mutationFn: ({ texterId, email }: { texterId: number; email: string | null }) =>
      api.patch<TexterEmailView>(`/api/texters/${texterId}`, { email }),
  });
}
