import type { RouteObject } from 'react-router';
import { RequireArea } from '../auth/require-area.js';
import { MailPage } from './mail-page.js';

/** The Mail page (outbox and templates), under Settings. */
export const MAIL_PATH = '/settings/mail';

/** Admins only (AREAS.settings). Mounted by router.tsx inside the app layout. */
export const emailRoutes: RouteObject[] = [
  {
    path: MAIL_PATH,
    element: (
      <RequireArea area="settings">
        <MailPage />
      </RequireArea>
    ),
  },
];
