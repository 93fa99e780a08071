import type { RouteObject } from 'react-router';
import { RequireArea } from '../auth/require-area.js';
import { FlagTypesPage } from './flag-types-page.js';
import { ItemPage } from './item-page.js';
import { FLAG_TYPES_PATH, MODERATION_PATH, QueuePage, RULES_PATH } from './queue-page.js';
import { RulesPage } from './rules-page.js';

/** The moderation pages, mounted by router.tsx inside the app layout. */
export const moderationRoutes: RouteObject[] = [
  {
    path: MODERATION_PATH,
    element: (
      <RequireArea area="moderation">
        <QueuePage />
      </RequireArea>
    ),
  },
  {
    path: `${MODERATION_PATH}/items/:itemId`,
    element: (
      <RequireArea area="moderation">
        <ItemPage />
      </RequireArea>
    ),
  },
  {
    path: FLAG_TYPES_PATH,
    element: (
      <RequireArea area="settings">
        <FlagTypesPage />
      </RequireArea>
    ),
  },
  {
    path: RULES_PATH,
    element: (
      <RequireArea area="settings">
        <RulesPage />
      </RequireArea>
    ),
  },
];
