import type { TaskList } from 'graphile-worker';
import type pg from 'pg';
import type { Db } from '../db/index.js';
import { sendModerationDigest } from './digest.js';
import { RULES_TASK } from './rules/queue-run.js';
import { runRulesOnNewMessages } from './rules/run.js';

export const DIGEST_TASK = 'moderation_digest';

/**
 * The worker's moderation tasks: rules over new messages (queued by imports, and every 10
 * minutes), and the daily digest of items waiting too long.
 */
export function moderationTasks(db: Db, publicUrl = 'http://localhost:3000', pool?: pg.Pool): TaskList {
  return {
    [DIGEST_TASK]: async (_payload, helpers) => {
      const sent = await sendModerationDigest(db, { publicUrl, now: new Date() });
      if (sent > 0) helpers.logger.info(`moderation digest queued for ${sent} moderators`);
    },
    [RULES_TASK]: async (_payload, helpers) => {
      // With the pool the new messages are read with COPY on a connection of their own.
      const result = await runRulesOnNewMessages(db, new Date(), pool);
      if (result.scanned > 0) {
        helpers.logger.info(
          `moderation rules: ${result.scanned} messages read, ${result.flagged} flags raised`,
        );
      }
    },
  };
}
