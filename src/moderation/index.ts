/** Moderation: flags, the queue, rules, digest, Discourse-compatible views (docs/moderation.md). */
export { type Flagger, raiseFlag } from './commands/raise-flag.js';
export { seedDemoModeration } from './demo.js';
export { moderationRoutes } from './routes.js';
export { queueRuleRun } from './rules/queue-run.js';
export { runRulesOnNewMessages } from './rules/run.js';
export { moderationTasks } from './tasks.js';
