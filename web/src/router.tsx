import type { ReactNode } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import type { Area } from '../../common/roles.js';
import { AccountPage } from './account/AccountPage.js';
import { auditAdminRoutes } from './audit/admin/routes.js';
import { importRoutes } from './audit/imports/routes.js';
import { AuditPage } from './audit/screen/AuditPage.js';
import { LoginPage } from './auth/LoginPage.js';
import { RequireArea } from './auth/RequireArea.js';
import { RequireAuth } from './auth/RequireAuth.js';
import { chatbotRoutes } from './chatbot/routes.js';
import { HomePage } from './home/HomePage.js';
import { AppLayout } from './layout/AppLayout.js';
import { AREA_NAV } from './layout/areas.js';
import { PlaceholderPage } from './placeholders/PlaceholderPage.js';
import { SettingsPage } from './settings/SettingsPage.js';
import { NotFoundPage } from './ui/NotFoundPage.js';
import { RouteError } from './ui/RouteError.js';
import { UsersPage } from './users/UsersPage.js';

/** Areas without their own pages yet. */
const PLACEHOLDER_AREAS = ['moderation', 'reports'] as const satisfies Area[];

function areaRoute(area: Area, page: ReactNode): RouteObject {
  return { path: AREA_NAV[area].path, element: <RequireArea area={area}>{page}</RequireArea> };
}

export const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    children: [
      { path: '/login', element: <LoginPage /> },
      {
        element: <RequireAuth />,
        children: [
          {
            element: <AppLayout />,
            children: [
              { index: true, element: <HomePage /> },
              { path: '/account', element: <AccountPage /> },
              areaRoute('conversations', <AuditPage />),
              areaRoute('users', <UsersPage />),
              ...chatbotRoutes,
              areaRoute('settings', <SettingsPage />),
              ...importRoutes,
              ...auditAdminRoutes,
              ...PLACEHOLDER_AREAS.map((area) => areaRoute(area, <PlaceholderPage area={area} />)),
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
];

export const createRouter = () => createBrowserRouter(routes);
