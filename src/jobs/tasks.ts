import type { Task, TaskList } from 'graphile-worker';
import type { Db } from '../db/index.js';
import { purgeExpiredSessions } from '../users/sessions.js';

/** What every task may use; built once per worker process. */
export interface JobContext {
  db: Db;
}

/**
 * Every task Parley runs, by name. Domains add their tasks here; a task's payload is validated
 * by the task itself since it comes from the database.
 */
export function taskList(ctx: JobContext): TaskList {
  const sessionsPurge: Task = async (_payload, helpers) => {
    const removed = await purgeExpiredSessions(ctx.db, new Date());
    if (removed > 0) helpers.logger.info(`removed ${removed} expired sessions`);
  };
  return {
    sessions_purge: sessionsPurge,
  };
}
