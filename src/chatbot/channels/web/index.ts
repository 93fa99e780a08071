/** The web chat channel: its routes and its delivery adapter (a pull channel). */
export { webAdapter } from './adapter.js';
export { webChatRoutes } from './routes.js';
