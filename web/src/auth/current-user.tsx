import { createContext, type ReactNode, use } from 'react';
import type { MeView } from '../../../common/api/auth.js';

const CurrentUserContext = createContext<MeView | null>(null);

export function CurrentUserProvider({ me, children }: { me: MeView; children: ReactNode }) {
  return <CurrentUserContext value={me}>{children}</CurrentUserContext>;
}

/** The signed-in user; only usable below `RequireAuth`, which guarantees there is one. */
export function useCurrentUser(): MeView {
  const me = use(CurrentUserContext);
  if (me === null) throw new Error('useCurrentUser() must be used inside <RequireAuth>');
  return me;
}
