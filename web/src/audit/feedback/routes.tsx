import type { RouteObject } from 'react-router';
import { RequireArea } from '../../auth/require-area.js';
import { FeedbackPage } from './feedback-page.js';
import { StopPage } from './stop-page.js';

/** The feedback page, beside the audit administration (admins: AREAS.settings). */
export const FEEDBACK_PATH = '/settings/audit/feedback';

/** Mounted by router.tsx inside the app layout. */
export const feedbackRoutes: RouteObject[] = [
  {
    path: FEEDBACK_PATH,
    element: (
      <RequireArea area="settings">
        <FeedbackPage />
      </RequireArea>
    ),
  },
];

/** The texter's stop page: signed out, outside the app layout (the link in every feedback e-mail). */
export const feedbackPublicRoutes: RouteObject[] = [{ path: '/feedback/stop/:token', element: <StopPage /> }];
