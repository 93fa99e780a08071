import { type Config, loadConfig } from '../config.js';
import { openMigrated } from '../database.js';
import type { DatabaseHandle } from '../db/index.js';

/** A command does one thing at a time: a small pool. */
const CLI_POOL_SIZE = 4;

/**
 * Runs `work` with the configured database, migrated, and always closes it (stopping an embedded
 * server we own). The embedded server's start-up lines are not shown: stdout is for results.
 */
export async function withDatabase<T>(
  work: (handle: DatabaseHandle, config: Config) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const handle = await openMigrated(config, { poolSize: CLI_POOL_SIZE, applicationName: 'parley-cli' });
  try {
    return await work(handle, config);
  } finally {
    await handle.close();
  }
}
