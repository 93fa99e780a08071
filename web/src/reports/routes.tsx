import type { RouteObject } from 'react-router';
import { RequireArea } from '../auth/require-area.js';
import { ReportEditPage } from './report-edit-page.js';
import { ReportPage } from './report-page.js';
import { REPORTS_PATH, ReportsPage } from './reports-page.js';
import { SOURCES_PATH, SourcesPage } from './sources-page.js';

const inArea = (page: React.ReactNode) => <RequireArea area="reports">{page}</RequireArea>;
const adminOnly = (page: React.ReactNode) => <RequireArea area="settings">{page}</RequireArea>;

/** The report pages, mounted by router.tsx inside the app layout. */
export const reportRoutes: RouteObject[] = [
  { path: REPORTS_PATH, element: inArea(<ReportsPage />) },
  { path: `${REPORTS_PATH}/new`, element: adminOnly(<ReportEditPage />) },
  { path: SOURCES_PATH, element: adminOnly(<SourcesPage />) },
  { path: `${REPORTS_PATH}/:name`, element: inArea(<ReportPage />) },
  { path: `${REPORTS_PATH}/:name/edit`, element: adminOnly(<ReportEditPage />) },
];
