import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateUserBody, UpdateUserBody, UserList, UserView } from '../../../common/api/auth.js';
import { api } from '../api/client.js';
import { authKeys } from '../auth/queries.js';

export const userKeys = {
  all: ['users'] as const,
  list: () => [...userKeys.all, 'list'] as const,
};

export function useUsers() {
  return useQuery({
    queryKey: userKeys.list(),
    queryFn: ({ signal }) => api.get<UserList>('/api/users', { signal }),
    select: (list) => list.users,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateUserBody) => api.post<UserView>('/api/users', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export interface UpdateUserVariables {
  id: number;
  body: UpdateUserBody;
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: UpdateUserVariables) => api.patch<UserView>(`/api/users/${id}`, body),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: userKeys.all }),
        // The edited user may be the signed-in one (their name shows in the header).
        queryClient.invalidateQueries({ queryKey: authKeys.me }),
      ]),
  });
}

/** A new invitation link for a user who has not set a password yet; earlier links stop working. */
export function useResendInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<UserView>(`/api/users/${id}/invitation`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}
