import type { RouteObject } from 'react-router';
import { RequireArea } from '../../auth/require-area.js';
import { AuditAdminPage } from './audit-admin-page.js';

/** Where the audit administration lives, under Settings. */
export const AUDIT_ADMIN_PATH = '/settings/audit';

/** The audit administration page (admins: AREAS.settings). Mounted by router.tsx inside the app layout. */
export const auditAdminRoutes: RouteObject[] = [
  {
    path: AUDIT_ADMIN_PATH,
    element: (
      <RequireArea area="settings">
        <AuditAdminPage />
      </RequireArea>
    ),
  },
];
