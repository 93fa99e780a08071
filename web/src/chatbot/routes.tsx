import type { RouteObject } from 'react-router';
import { RequireArea } from '../auth/RequireArea.js';
import { BotPage } from './BotPage.js';
import { BotsPage } from './BotsPage.js';
import { ImportPage } from './ImportPage.js';
import { SimulatorPage } from './SimulatorPage.js';

/** The chatbot pages (admins: AREAS.chatbots), mounted by router.tsx inside the app layout. */
export const chatbotRoutes: RouteObject[] = [
  { path: '/chatbots', element: <BotsPage /> },
  { path: '/chatbots/import', element: <ImportPage /> },
  { path: '/chatbots/:botId', element: <BotPage /> },
  { path: '/chatbots/:botId/simulator', element: <SimulatorPage /> },
].map((route) => ({ ...route, element: <RequireArea area="chatbots">{route.element}</RequireArea> }));
