import type { Config } from './config.js';
import { type DatabaseHandle, migrate, openDatabase } from './db/index.js';
import { migrateJobs } from './jobs/index.js';

export interface OpenOptions {
  /** Connections in the pool: what the process runs at once (HTTP requests, jobs). */
  poolSize: number;
  /** Shown in pg_stat_activity, so a DBA can tell the server, the worker and the CLI apart. */
  applicationName: string;
  /** Where the embedded server's start-up lines go; none when absent. */
  log?: (line: string) => void;
}

/**
 * Opens the configured database (embedded or DATABASE_URL) and brings its schema up to date:
 * Parley's migrations and the job queue's tables, so every process works on a fresh data directory.
 */
export async function openMigrated(config: Config, options: OpenOptions): Promise<DatabaseHandle> {
  const handle = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: options.poolSize,
    applicationName: options.applicationName,
    log: options.log,
  });
  try {
    await migrate(handle.db);
    await migrateJobs(handle.pool);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}
