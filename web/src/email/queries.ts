import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  EmailKindList,
  EmailStatus,
  KindTemplates,
  NewTemplateBody,
  OutboxMail,
  OutboxPage,
  PreviewBody,
  PreviewView,
  QueuedEmail,
  TemplateBody,
} from '../../../common/api/email.js';
import type { LanguageCode } from '../../../common/languages.js';
import { api } from '../api/client.js';

export const emailKeys = {
  all: ['email'] as const,
  outbox: (status: EmailStatus | null) => [...emailKeys.all, 'outbox', status ?? 'all'] as const,
  mail: (id: number) => [...emailKeys.all, 'mail', id] as const,
  kinds: ['email', 'kinds'] as const,
  kind: (kind: string, locale: LanguageCode) => ['email', 'kinds', kind, locale] as const,
};

const PAGE_SIZE = 50;

/** The outbox, newest first, a page of 50 at a time. */
export function useOutbox(status: EmailStatus | null) {
  return useInfiniteQuery({
    queryKey: emailKeys.outbox(status),
    initialPageParam: null as number | null,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (status) params.set('status', status);
      if (pageParam !== null) params.set('before', String(pageParam));
      return api.get<OutboxPage>(`/api/email/outbox?${params}`, { signal });
    },
    getNextPageParam: (page) => page.next_before,
  });
}

export function useOutboxMail(id: number | null) {
  return useQuery({
    queryKey: emailKeys.mail(id ?? 0),
    queryFn: ({ signal }) => api.get<OutboxMail>(`/api/email/outbox/${id}`, { signal }),
    enabled: id !== null,
  });
}

export function useRetryMail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<OutboxMail>(`/api/email/outbox/${id}/retry`),
    onSuccess: (mail) => {
      queryClient.setQueryData(emailKeys.mail(mail.id), mail);
      void queryClient.invalidateQueries({ queryKey: [...emailKeys.all, 'outbox'] });
    },
  });
}

export function useSendTestMail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (locale: LanguageCode) => api.post<QueuedEmail>('/api/email/test', { locale }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [...emailKeys.all, 'outbox'] }),
  });
}

export function useEmailKinds() {
  return useQuery({
    queryKey: emailKeys.kinds,
    queryFn: ({ signal }) => api.get<EmailKindList>('/api/email/kinds', { signal }),
  });
}

export function useKindTemplates(kind: string, locale: LanguageCode) {
  return useQuery({
    queryKey: emailKeys.kind(kind, locale),
    queryFn: ({ signal }) =>
      api.get<KindTemplates>(`/api/email/kinds/${encodeURIComponent(kind)}/${locale}`, { signal }),
  });
}

export function usePreviewTemplate(kind: string, locale: LanguageCode) {
  return useMutation({
    mutationFn: (body: PreviewBody) =>
      api.post<PreviewView>(`/api/email/kinds/${encodeURIComponent(kind)}/${locale}/preview`, body),
  });
}

/** Saves (creates, changes or deletes) a template, then reloads the kind's templates. */
export function useSaveTemplate(kind: string, locale: LanguageCode) {
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: emailKeys.kinds });
  return {
    create: useMutation({
      mutationFn: (body: NewTemplateBody) =>
        api.post<QueuedEmail>(`/api/email/kinds/${encodeURIComponent(kind)}/${locale}/templates`, body),
      onSuccess: refresh,
    }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: number; body: TemplateBody }) =>
        api.put<void>(`/api/email/templates/${id}`, body),
      onSuccess: refresh,
    }),
    remove: useMutation({
      mutationFn: (id: number) => api.delete<void>(`/api/email/templates/${id}`),
      onSuccess: refresh,
    }),
  };
}
