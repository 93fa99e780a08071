import type { Task, TaskList } from 'graphile-worker';
import type pg from 'pg';
import { expireBatches, refreshPool, trimPool } from '../audit/index.js';
import { sweepTimeoutsFor } from '../chatbot/index.js';
import type { Db } from '../db/index.js';
import { runQueuedImport } from '../sources/spoke/index.js';
import { purgeExpiredSessions } from '../users/index.js';

/** What every task may use; built once per worker process. */
export interface JobContext {
  db: Db;
  /** The pool behind `db`, for work that needs a raw connection (COPY in imports). */
  pool?: pg.Pool;
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
  const auditExpire: Task = async (_payload, helpers) => {
    const expired = await expireBatches(ctx.db, new Date());
    if (expired > 0) helpers.logger.info(`returned ${expired} expired audit batches to the pool`);
  };
  const auditRefreshPool: Task = async (_payload, helpers) => {
    const { added, updated } = await refreshPool(ctx.db, new Date());
    if (added + updated > 0) helpers.logger.info(`audit pool: ${added} added, ${updated} updated`);
  };
  const auditTrim: Task = async (_payload, helpers) => {
    const { removedFromPool, deletedConversations } = await trimPool(ctx.db, new Date());
    helpers.logger.info(
      `audit retention: ${removedFromPool} left the pool, ${deletedConversations} conversations deleted`,
    );
  };
  // Started every minute by the crontab; sweeps chatbot deadlines every 2 s for ~55 s.
  const chatbotTimeouts: Task = async (_payload, helpers) => {
    await sweepTimeoutsFor(ctx.db, { durationMs: 55_000, signal: helpers.abortSignal, log: helpers.logger });
  };
  // An uploaded Spoke CSV import (POST /api/imports/:id/run); records its own outcome.
  const spokeCsvImport: Task = async (payload, helpers) => {
    const importId = Number((payload as { import_id?: unknown } | null)?.import_id);
    if (!Number.isInteger(importId) || importId < 1)
      throw new Error('spoke_csv_import needs {"import_id": <id>}');
    if (!ctx.pool) throw new Error('spoke_csv_import needs the worker to be given its pool');
    await runQueuedImport(
      { db: ctx.db, pool: ctx.pool, now: () => new Date(), log: helpers.logger },
      importId,
    );
  };
  return {
    sessions_purge: sessionsPurge,
    spoke_csv_import: spokeCsvImport,
    chatbot_timeouts: chatbotTimeouts,
    audit_expire: auditExpire,
    audit_refresh_pool: auditRefreshPool,
    audit_trim: auditTrim,
  };
}
