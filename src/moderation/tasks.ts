import type { TaskList } from 'graphile-worker';
import type { Db } from '../db/index.js';
import { RULES_TASK } from './rules/queue-run.js';
import { runRulesOnNewMessages } from './rules/run.js';

/** The worker's moderation tasks: rules over new messages (queued by imports, and every 10 minutes). */
export function moderationTasks(db: Db): TaskList {
  return {
    [RULES_TASK]: async (_payload, helpers) => {
      const result = await runRulesOnNewMessages(db, new Date());
      if (result.scanned > 0) {
        helpers.logger.info(
          `moderation rules: ${result.scanned} messages read, ${result.flagged} flags raised`,
        );
      }
    },
  };
}
