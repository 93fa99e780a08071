import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from './api/client.js';
import { authKeys } from './auth/queries.js';

const MAX_RETRIES = 2;

/**
 * One client for the app. A 401 from any call while signed in means the session may have ended
 * (expired, revoked, signed out elsewhere): `/api/me` is fetched again, and if it answers 401 too
 * the route guard sends the user to the login page.
 */
export function createQueryClient(): QueryClient {
  const recheckSession = (error: Error) => {
    if (isApiError(error, 401) && queryClient.getQueryData(authKeys.me)) {
      void queryClient.invalidateQueries({ queryKey: authKeys.me });
    }
  };

  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: recheckSession }),
    mutationCache: new MutationCache({ onError: recheckSession }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // A 4xx will not change by asking again; network errors and 5xx may.
        retry: (failureCount, error) =>
          !(isApiError(error) && error.status < 500) && failureCount < MAX_RETRIES,
      },
    },
  });
  return queryClient;
}
