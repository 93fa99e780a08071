import { auditRoutes } from '../audit/index.js';
import { importRoutes } from '../audit/spoke/index.js';
import { chatbotRoutes } from '../chatbot/index.js';
import { authRoutes, userRoutes } from '../users/index.js';
import { healthRoutes } from './health.js';
import type { App, AppDeps } from './types.js';

/**
 * The route table: every domain's routes, registered in one explicit list. Each route declares
 * `config.access`; app.ts refuses to start if one does not.
 */
export function registerRoutes(app: App, deps: AppDeps): void {
  healthRoutes(app, deps);
  authRoutes(app, deps);
  userRoutes(app, deps);
  auditRoutes(app, deps);
  importRoutes(app, deps);
  chatbotRoutes(app, deps);
}
