import type { App, AppDeps } from '../../http/types.js';

/** Admin-managed rules (docs/moderation.md#rules). */
export function ruleRoutes(_app: App, _deps: AppDeps): void {}
