import type { RouteObject } from 'react-router';
import { RequireArea } from '../auth/require-area.js';
import { BotPage } from './bot-page.js';
import { BotsPage } from './bots-page.js';
import { ConversationPage } from './conversation-page.js';
import { ImportPage } from './import-page.js';
import { SupportPointsPage } from './places/support-points-page.js';
import { SimulatorPage } from './simulator-page.js';

/** The chatbot pages (admins: AREAS.chatbots), mounted by router.tsx inside the app layout. */
export const chatbotRoutes: RouteObject[] = [
  { path: '/chatbots', element: <BotsPage /> },
  { path: '/chatbots/import', element: <ImportPage /> },
  { path: '/chatbots/support-points', element: <SupportPointsPage /> },
  { path: '/chatbots/:botId', element: <BotPage /> },
  { path: '/chatbots/:botId/simulator', element: <SimulatorPage /> },
  { path: '/chatbots/:botId/conversations/:conversationId', element: <ConversationPage /> },
].map((route) => ({ ...route, element: <RequireArea area="chatbots">{route.element}</RequireArea> }));
