import { type Config, loadConfig } from '../config.js';
import { openMigrated } from '../database.js';
import type { DatabaseHandle } from '../db/index.js';

/** A command does one thing at a time: a small pool. */
const CLI_POOL_SIZE = 4;

/**
 * Opens the configured database for a command, migrated. Log lines go to stderr, keeping stdout
 * for results.
 */
export function openForCommand(config: Config, options: { quiet?: boolean } = {}): Promise<DatabaseHandle> {
  return openMigrated(config, {
    poolSize: CLI_POOL_SIZE,
    applicationName: 'parley-cli',
    log: options.quiet ? undefined : (line) => process.stderr.write(`${line}\n`),
  });
}

/** Runs `work` with a migrated database and always closes it (stopping an embedded server we own). */
export async function withDatabase<T>(
  work: (handle: DatabaseHandle, config: Config) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const handle = await openForCommand(config, { quiet: true });
  try {
    return await work(handle, config);
  } finally {
    await handle.close();
  }
}
