import { Logger, type Runner, run, runMigrations } from 'graphile-worker';
import type pg from 'pg';
import type { Logger as PinoLogger } from 'pino';
import type { Config, EmailConfig } from '../config.js';
import type { Db } from '../db/index.js';
import { crontab } from './crontab.js';
import { taskList } from './tasks.js';

export { crontab } from './crontab.js';
export { type JobContext, taskList } from './tasks.js';

/** graphile-worker's log lines go to the app's pino logger. */
function workerLogger(log: PinoLogger): Logger {
  return new Logger((scope) => (level: string, message: string, meta?: unknown) => {
    const fields = { scope, ...(meta && typeof meta === 'object' ? meta : {}) };
    if (level === 'error') log.error(fields, message);
    else if (level === 'warning') log.warn(fields, message);
    // graphile-worker reports every completed job at info; at our info level that would be a
    // line a minute per schedule. Only its start-up line stays at info.
    else if (level === 'info' && message.startsWith('Worker connected')) log.info(fields, message);
    else log.debug(fields, message);
  });
}

/** Creates or upgrades the `graphile_worker` schema. */
export async function migrateJobs(pool: pg.Pool): Promise<void> {
  await runMigrations({ pgPool: pool, logger: new Logger(() => () => undefined) });
}

/** Jobs run at once by one worker; each holds a database connection while it runs. */
export const WORKER_CONCURRENCY = 4;

export interface WorkerOptions {
  db: Db;
  pool: pg.Pool;
  log: PinoLogger;
  concurrency?: number;
  /** UPLOAD_RETENTION_HOURS (config): how long uploaded files may wait unrun. */
  uploadRetentionHours?: number;
  /** BOT_TRANSCRIPT_DAYS (config): how long chatbot transcripts are kept. */
  botTranscriptDays?: number;
  /** SMTP_URL, MAIL_FROM, EMAIL_RETENTION_DAYS (config). */
  email?: EmailConfig;
  /** PUBLIC_URL (config): links in e-mails the worker writes. */
  publicUrl?: string;
  /** The configuration, for jobs that need more of it (scheduled reports). */
  config?: Config;
  /** Where reports on Parley's own data run (`DatabaseHandle.reportsUrl`) unless REPORTS_DATABASE_URL says otherwise. */
  databaseUrl?: string;
}

/** Starts the job runner; the caller stops it with `runner.stop()` on shutdown. */
export async function startWorker(options: WorkerOptions): Promise<Runner> {
  return run({
    pgPool: options.pool,
    taskList: taskList({
      db: options.db,
      pool: options.pool,
      uploadRetentionHours: options.uploadRetentionHours,
      botTranscriptDays: options.botTranscriptDays,
      email: options.email,
      publicUrl: options.publicUrl,
      config: options.config,
      databaseUrl: options.databaseUrl,
    }),
    crontab: crontab.join('\n'),
    concurrency: options.concurrency ?? WORKER_CONCURRENCY,
    noHandleSignals: true,
    pollInterval: 2000,
    logger: workerLogger(options.log),
  });
}
