import type { ReactNode } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import type { Area } from '../../common/roles.js';
import { AccountPage } from './account/account-page.js';
import { auditAdminRoutes } from './audit/admin/routes.js';
import { feedbackPublicRoutes, feedbackRoutes } from './audit/feedback/routes.js';
import { auditReviewRoutes } from './audit/review/routes.js';
import { AuditPage } from './audit/screen/audit-page.js';
import { ForgotPasswordPage } from './auth/forgot-password-page.js';
import { InvitationPage } from './auth/invitation-page.js';
import { LoginPage } from './auth/login-page.js';
import { RequireArea } from './auth/require-area.js';
import { RequireAuth } from './auth/require-auth.js';
import { ResetPasswordPage } from './auth/reset-password-page.js';
import { chatbotRoutes } from './chatbot/routes.js';
import { emailRoutes } from './email/routes.js';
import { HomePage } from './home/home-page.js';
import { AppLayout } from './layout/app-layout.js';
import { AREA_NAV } from './layout/areas.js';
import { moderationRoutes } from './moderation/routes.js';
import { PlaceholderPage } from './placeholders/placeholder-page.js';
import { reportRoutes } from './reports/routes.js';
import { SettingsPage } from './settings/settings-page.js';
import { importRoutes } from './sources/imports/routes.js';
import { NotFoundPage } from './ui/not-found-page.js';
import { RouteError } from './ui/route-error.js';
import { UsersPage } from './users/users-page.js';

/** Areas without their own pages yet. */
const PLACEHOLDER_AREAS = [] as const satisfies Area[];

function areaRoute(area: Area, page: ReactNode): RouteObject {
  return { path: AREA_NAV[area].path, element: <RequireArea area={area}>{page}</RequireArea> };
}

export const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    children: [
      { path: '/login', element: <LoginPage /> },
      { path: '/forgot-password', element: <ForgotPasswordPage /> },
      { path: '/reset-password/:token', element: <ResetPasswordPage /> },
      { path: '/invite/:token', element: <InvitationPage /> },
      ...feedbackPublicRoutes,
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
              ...auditReviewRoutes,
              ...emailRoutes,
              ...feedbackRoutes,
              ...moderationRoutes,
              ...reportRoutes,
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
