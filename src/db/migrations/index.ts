import type { Migration } from 'kysely';
import * as foundation from './2026_11_22_0001_foundation.js';

/**
 * Every migration, in order. An explicit list (not a directory scan) so the compiled build, the
 * TypeScript sources and the tests all see the same set. Names sort by timestamp.
 */
export const migrations: Record<string, Migration> = {
  '2026_11_22_0001_foundation': foundation,
};
