import type pg from 'pg';
import type { Db } from '../src/db/index.js';
import { runRulesOnNewMessages } from '../src/moderation/index.js';
import { round } from './_support.js';

export interface RulesRun {
  seconds: number;
  scanned: number;
  flagged: number;
  /** Where the time went, for people. */
  split: string;
}

/**
 * The built-in moderation rules over every message of the import just made, as the worker runs
 * them after an import commits: the whole run (the rules and the mark read, the messages read and
 * matched, the flags raised, the mark moved), timed.
 */
export async function timeBuiltInRules(db: Db, pool: pg.Pool): Promise<RulesRun> {
  const t0 = performance.now();
  const result = await runRulesOnNewMessages(db, new Date(), pool);
  const seconds = (performance.now() - t0) / 1000;
  return {
    seconds,
    scanned: result.scanned,
    flagged: result.flagged,
    split: `read and match ${round(result.timings.read_and_match_ms / 1000, 2)} s + flags left ${round(result.timings.flag_ms / 1000, 2)} s`,
  };
}
