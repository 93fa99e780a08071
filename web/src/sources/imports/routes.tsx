import type { RouteObject } from 'react-router';
import { RequireArea } from '../../auth/require-area.js';
import { ImportsPage } from './imports-page.js';

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
