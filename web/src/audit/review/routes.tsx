import type { RouteObject } from 'react-router';
import { RequireArea } from '../../auth/require-area.js';
import { AuditViewPage } from './audit-view-page.js';
import { AuditsPage } from './audits-page.js';
import { TexterPage } from './texter-page.js';

/** The audit review pages (moderators and admins: AREAS.audits), mounted by router.tsx inside the app layout. */
export const auditReviewRoutes: RouteObject[] = [
  { path: '/audits', element: <AuditsPage /> },
  { path: '/audits/texters/:texterId', element: <TexterPage /> },
  { path: '/audits/:auditId', element: <AuditViewPage /> },
].map((route) => ({ ...route, element: <RequireArea area="audits">{route.element}</RequireArea> }));
