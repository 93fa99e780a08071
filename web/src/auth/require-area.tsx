import type { ReactNode } from 'react';
import type { Area } from '../../../common/roles.js';
import { useCurrentUser } from './current-user.js';
import { NotAllowed } from './not-allowed.js';

interface RequireAreaProps {
  area: Area;
  children: ReactNode;
}

/**
 * Shows `children` only to users whose `me.areas` include `area`. This is a courtesy to the user:
 * the server checks the role on every API call regardless.
 */
export function RequireArea({ area, children }: RequireAreaProps) {
  const { areas } = useCurrentUser();
  return areas.includes(area) ? children : <NotAllowed />;
}
