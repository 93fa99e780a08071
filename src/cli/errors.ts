import { ConfigError } from '../config.js';
import { DatabaseUnavailableError } from '../db/index.js';
import { DomainError } from '../errors.js';

/** A mistake in how a command was called; printed as one line. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Prints one clear line for any failure and exits non-zero. Expected failures (bad settings,
 * unreachable database, a domain refusal) never show a stack; unexpected ones do with LOG_LEVEL=debug.
 */
export function exitWithError(error: unknown): never {
  const expected =
    error instanceof ConfigError ||
    error instanceof DatabaseUnavailableError ||
    error instanceof DomainError ||
    error instanceof UsageError;
  const message = error instanceof Error ? error.message : String(error);
  const prefix = error instanceof ConfigError ? 'configuration error: ' : '';
  process.stderr.write(`parley: ${prefix}${message}\n`);
  if (!expected && process.env.LOG_LEVEL === 'debug' && error instanceof Error) {
    process.stderr.write(`${error.stack}\n`);
  }
  process.exit(1);
}
