import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChangePasswordBody, LoginBody, MeView } from '../../../common/api/auth.js';
import { api, isApiError } from '../api/client.js';

export const authKeys = {
  all: ['auth'] as const,
  me: ['auth', 'me'] as const,
};

/**
 * Starts a new session in the cache: nothing fetched under the previous one may leak into it.
 * The `me` query itself stays (it is observed by the route guard) and gets the new value.
 */
function replaceSession(queryClient: QueryClient, me: MeView | null): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== authKeys.all[0] });
  queryClient.setQueryData(authKeys.me, me);
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
