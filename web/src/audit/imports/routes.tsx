import type { RouteObject } from 'react-router';
import { RequireArea } from '../../auth/RequireArea.js';
import { ImportsPage } from './ImportsPage.js';

/** The Spoke import page, under Settings (admins). Mounted by router.tsx inside the app layout. */
export const importRoutes: RouteObject[] = [
  {
    path: '/settings/imports',
    element: (
      <RequireArea area="settings">
        <ImportsPage />
      </RequireArea>
    ),
  },
];
