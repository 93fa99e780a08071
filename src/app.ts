import { auditRoutes, feedbackRoutes } from './audit/index.js';
import {
  apiChannelRoutes,
  chatbotRoutes,
  messagingChannelRoutes,
  supportPointRoutes,
  webChatRoutes,
} from './chatbot/index.js';
import { emailRoutes } from './email/index.js';
import type { App, AppDeps } from './http/types.js';
import { moderationRoutes } from './moderation/index.js';
import { reportRoutes } from './reports/index.js';
import { type BuildOptions, type BuiltApp, buildApp } from './server/app.js';
import { healthRoutes } from './server/health.js';
import { importRoutes } from './sources/spoke/index.js';
import { authRoutes, userRoutes } from './users/index.js';

/**
 * The route table: every domain's routes, registered in one explicit list. Each route declares
 * `config.access`; buildApp refuses to start if one does not.
 */
export function registerRoutes(app: App, deps: AppDeps): void {
  healthRoutes(app, deps);
  authRoutes(app, deps);
  userRoutes(app, deps);
  auditRoutes(app, deps);
  feedbackRoutes(app, deps);
  importRoutes(app, deps);
  chatbotRoutes(app, deps);
  webChatRoutes(app, deps);
  apiChannelRoutes(app, deps);
  messagingChannelRoutes(app, deps);
  supportPointRoutes(app, deps);
  emailRoutes(app, deps);
  moderationRoutes(app, deps);
  reportRoutes(app, deps);
}

/** Parley's HTTP application: the server (src/server/) with every domain's routes. */
export function buildParleyApp(deps: AppDeps, options: Omit<BuildOptions, 'routes'> = {}): Promise<BuiltApp> {
  return buildApp(deps, { ...options, routes: registerRoutes });
}
