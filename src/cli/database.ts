import { type Config, loadConfig } from '../config.js';
import { type DatabaseHandle, migrate, openDatabase } from '../db/index.js';
import { migrateJobs } from '../jobs/index.js';

/**
 * Opens the configured database for a command and brings its schema up to date, so every
 * command works on a fresh data directory. Log lines go to stderr, keeping stdout for results.
 */
export async function openMigrated(
  config: Config,
  options: { quiet?: boolean } = {},
): Promise<DatabaseHandle> {
  const handle = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: 4,
    applicationName: 'parley-cli',
    log: options.quiet ? undefined : (line) => process.stderr.write(`${line}\n`),
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

/** Runs `work` with a migrated database and always closes it (stopping an embedded server we own). */
export async function withDatabase<T>(
  work: (handle: DatabaseHandle, config: Config) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const handle = await openMigrated(config, { quiet: true });
  try {
    return await work(handle, config);
  } finally {
    await handle.close();
  }
}
