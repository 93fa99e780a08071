import type { Task, TaskList } from 'graphile-worker';
import type pg from 'pg';
import { eraseFeedbackTextOlderThan, expireBatches, refreshPool, trimPool } from '../audit/index.js';
import {
  deleteTranscriptsOlderThan,
  eraseEndedAddresses,
  purgeGeocodeCache,
  sweepTimeoutsFor,
} from '../chatbot/index.js';
import {
  type Config,
  DEFAULT_BOT_TRANSCRIPT_DAYS,
  DEFAULT_UPLOAD_RETENTION_HOURS,
  type EmailConfig,
} from '../config.js';
import type { Db } from '../db/index.js';
import { emailTasks } from '../email/index.js';
import { moderationTasks } from '../moderation/index.js';
import { scheduleTasks } from '../reports/index.js';
import { eraseImportDetailsOlderThan, purgeStaleUploads, runQueuedImport } from '../sources/spoke/index.js';
import { purgeExpiredSessions, userTasks } from '../users/index.js';

/** What every task may use; built once per worker process. */
export interface JobContext {
  db: Db;
  /** The pool behind `db`, for work that needs a raw connection (COPY in imports). */
  pool?: pg.Pool;
  /** UPLOAD_RETENTION_HOURS: how long uploaded files may wait unrun or stay after a failure. */
  uploadRetentionHours?: number;
  /** BOT_TRANSCRIPT_DAYS: how long chatbot transcripts are kept. */
  botTranscriptDays?: number;
  /** SMTP_URL, MAIL_FROM, EMAIL_RETENTION_DAYS; without it mail is held, never sent. */
  email?: EmailConfig;
  /** PUBLIC_URL: links in e-mails the worker writes (the moderation digest). */
  publicUrl?: string;
  /** The whole configuration: scheduled reports run as the web runs them (sources, time limits). */
  config?: Config;
  /** Where reports on Parley's own data run (`DatabaseHandle.reportsUrl`) unless REPORTS_DATABASE_URL says otherwise. */
  databaseUrl?: string;
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
  // Retention: the audit pool and the conversation store, then what import records keep.
  const auditTrim: Task = async (_payload, helpers) => {
    const trimmed = await trimPool(ctx.db, new Date());
    const imports = trimmed.dataCutoff ? await eraseImportDetailsOlderThan(ctx.db, trimmed.dataCutoff) : 0;
    const feedback = trimmed.dataCutoff ? await eraseFeedbackTextOlderThan(ctx.db, trimmed.dataCutoff) : 0;
    helpers.logger.info(
      `retention: ${trimmed.removedFromPool} left the pool, ${trimmed.deletedConversations} conversations, ` +
        `${trimmed.deletedContacts} contacts and ${trimmed.deletedOptOuts} opt-outs deleted, ` +
        `${imports} imports' error details and ${feedback} feedback e-mails' text erased`,
    );
  };
  const uploadsPurge: Task = async (_payload, helpers) => {
    const now = new Date();
    const hours = ctx.uploadRetentionHours ?? DEFAULT_UPLOAD_RETENTION_HOURS;
    const { expired, purged } = await purgeStaleUploads(ctx.db, { now, olderThanHours: hours });
    if (expired + purged > 0)
      helpers.logger.info(`uploads: ${expired} imports expired, files of ${purged} imports deleted`);
    // Jobs that gave up stay in the queue with their last error (which may quote a row): not for long.
    await helpers.query(
      `select graphile_worker.complete_jobs(array(
         select id from graphile_worker.jobs
          where attempts >= max_attempts and locked_at is null and updated_at < $1))`,
      [new Date(now.getTime() - hours * 3_600_000)],
    );
  };
  // Started every minute by the crontab; sweeps chatbot deadlines every 2 s for ~55 s.
  const chatbotTimeouts: Task = async (_payload, helpers) => {
    await sweepTimeoutsFor(ctx.db, { durationMs: 55_000, signal: helpers.abortSignal, log: helpers.logger });
  };
  // Personal data of chatbot conversations: reply addresses, then transcripts past their days.
  const chatbotAddresses: Task = async (_payload, helpers) => {
    const now = new Date();
    const erased = await eraseEndedAddresses(ctx.db, now);
    if (erased > 0)
      helpers.logger.info(`erased the reply addresses of ${erased} ended chatbot conversations`);
    const days = ctx.botTranscriptDays ?? DEFAULT_BOT_TRANSCRIPT_DAYS;
    const deleted = await deleteTranscriptsOlderThan(ctx.db, new Date(now.getTime() - days * 86_400_000));
    if (deleted.inbound + deleted.outbox > 0)
      helpers.logger.info(`deleted ${deleted.inbound} chatbot messages received and ${deleted.outbox} sent`);
    await purgeGeocodeCache(ctx.db, now);
  };
  // An uploaded Spoke CSV import (POST /api/imports/:id/run); records its own outcome.
  const spokeCsvImport: Task = async (payload, helpers) => {
    const importId = Number((payload as { import_id?: unknown } | null)?.import_id);
    if (!Number.isInteger(importId) || importId < 1)
      throw new Error('spoke_csv_import needs {"import_id": <id>}');
    if (!ctx.pool) throw new Error('spoke_csv_import needs the worker to be given its pool');
    // The last try of the job gives the uploaded files up when it fails.
    await runQueuedImport(
      { db: ctx.db, pool: ctx.pool, now: () => new Date(), log: helpers.logger },
      importId,
      { final: helpers.job.attempts >= helpers.job.max_attempts },
    );
  };
  return {
    sessions_purge: sessionsPurge,
    spoke_csv_import: spokeCsvImport,
    uploads_purge: uploadsPurge,
    chatbot_timeouts: chatbotTimeouts,
    chatbot_addresses: chatbotAddresses,
    audit_expire: auditExpire,
    audit_refresh_pool: auditRefreshPool,
    audit_trim: auditTrim,
    ...emailTasks(ctx.db, ctx.email),
    ...userTasks(ctx.db),
    ...moderationTasks(ctx.db, ctx.publicUrl, ctx.pool),
    ...scheduleTasks(
      ctx.config ? { db: ctx.db, config: ctx.config, databaseUrl: ctx.databaseUrl ?? null } : null,
    ),
  };
}
