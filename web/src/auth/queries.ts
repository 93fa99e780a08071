import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import i18n from 'i18next';
import type {
  InvitationView,
  PasswordResetAccepted,
  PasswordResetBody,
  SetPasswordBody,
  UpdateMeBody,
} from '../../../common/api/accounts.js';
import type { ChangePasswordBody, LoginBody, MeView } from '../../../common/api/auth.js';
import { api, isApiError } from '../api/client.js';

export const authKeys = {
  all: ['auth'] as const,
  me: ['auth', 'me'] as const,
};

/**
 * Starts a new session in the cache: nothing fetched under the previous one may leak into it.
 * The `me` query itself stays (it is observed by the route guard) and gets the new value.
 * A sign-in switches the UI to the account's language.
 */
function replaceSession(queryClient: QueryClient, me: MeView | null): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== authKeys.all[0] });
  queryClient.setQueryData(authKeys.me, me);
  if (me && i18n.resolvedLanguage !== me.user.language) void i18n.changeLanguage(me.user.language);
}

/**
 * The signed-in user and the areas they may open, or `null` when there is no session
 * (`GET /api/me` answers 401). Other failures are errors.
 */
export function useMe() {
  return useQuery({
    queryKey: authKeys.me,
    queryFn: async ({ signal }): Promise<MeView | null> => {
      try {
        return await api.get<MeView>('/api/me', { signal });
      } catch (error) {
        if (isApiError(error, 401)) return null;
        throw error;
      }
    },
  });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginBody) => api.post<MeView>('/api/auth/login', body),
    onSuccess: (me) => replaceSession(queryClient, me),
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/api/auth/logout'),
    onSuccess: () => replaceSession(queryClient, null),
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: ChangePasswordBody) => api.post<void>('/api/me/password', body),
  });
}

/** The signed-in user changes their own settings (the language); the answer replaces `me`. */
export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateMeBody) => api.patch<MeView>('/api/me', body),
    onSuccess: (me) => queryClient.setQueryData(authKeys.me, me),
  });
}

/** "Forgot password": the answer is the same whether or not the address has an account. */
export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (body: PasswordResetBody) =>
      api.post<PasswordResetAccepted>('/api/auth/password-reset', body),
  });
}

export function useCompletePasswordReset() {
  return useMutation({
    mutationFn: (body: SetPasswordBody) => api.post<void>('/api/auth/password-reset/complete', body),
  });
}

/** The account an invitation link sets up; an unusable link is an error (token_invalid, token_expired). */
export function useInvitation(token: string) {
  return useQuery({
    queryKey: [...authKeys.all, 'invitation', token] as const,
    queryFn: () => api.post<InvitationView>('/api/auth/invitation', { token }),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Sets the invited user's password and signs them in. */
export function useAcceptInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SetPasswordBody) => api.post<MeView>('/api/auth/invitation/accept', body),
    onSuccess: (me) => replaceSession(queryClient, me),
  });
}
