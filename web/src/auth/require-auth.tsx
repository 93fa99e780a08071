import { Center } from '@mantine/core';
import { Navigate, Outlet, useLocation } from 'react-router';
import { ErrorState } from '../ui/error-state.js';
import { FullPageLoader } from '../ui/full-page-loader.js';
import { CurrentUserProvider } from './current-user.js';
import type { LoginLocationState } from './login-page.js';
import { useMe } from './queries.js';

/** Route guard: renders its child routes for a signed-in user and sends anyone else to /login. */
export function RequireAuth() {
  const location = useLocation();
  const { data: me, error, refetch } = useMe();

  // A failed background refetch keeps the last known user: only a first load can end here.
  if (me === undefined) {
    if (error) {
      return (
        <Center component="main" h="100vh" p="md">
          <ErrorState error={error} onRetry={() => void refetch()} />
        </Center>
      );
    }
    return <FullPageLoader />;
  }

  if (me === null) {
    const state: LoginLocationState = { from: `${location.pathname}${location.search}${location.hash}` };
    return <Navigate to="/login" replace state={state} />;
  }

  return (
    <CurrentUserProvider me={me}>
      <Outlet />
    </CurrentUserProvider>
  );
}
