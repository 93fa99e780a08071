import { sql } from 'kysely';
import type pg from 'pg';
import type { Db } from '../src/db/index.js';
import { runRulesOnNewMessages } from '../src/moderation/index.js';
import { median, report, round } from './_support.js';

/**
 * The built-in moderation rules over every message of the import just made, as the worker runs
 * them after an import commits (reading, matching and raising the flags). Run three times from a
 * clean slate (no flags, nothing scanned); the median is compared with the import's own time.
 */
export async function timeBuiltInRules(db: Db, pool: pg.Pool, importSeconds: number) {
  const runs: number[] = [];
  let flagged = 0;
  let scanned = 0;
  const split: string[] = [];
  for (let i = 0; i < 3; i++) {
    await sql`truncate moderation_history, flags, moderation_items`.execute(db);
    await sql`update moderation_settings set rules_scanned_through = 0`.execute(db);
    const t0 = performance.now();
    const result = await runRulesOnNewMessages(db, new Date(), pool);
    runs.push((performance.now() - t0) / 1000);
    flagged = result.flagged;
    scanned = result.scanned;
    split.push(
      `read and match ${round(result.timings.read_and_match_ms / 1000, 2)} s + flag ${round(result.timings.flag_ms / 1000, 2)} s`,
    );
  }
  const rulesSeconds = median(runs);
  const addedPct = (rulesSeconds / importSeconds) * 100;
  report('built-in rules after the import', `${scanned} messages read, ${flagged} flags raised`);
  report('  runs', runs.map((s) => `${round(s, 2)} s`).join(', '));
  report('  of which', split.join('; '));
  report('import without rules', `${round(importSeconds, 2)} s`);
  report('import with the built-in rules', `${round(importSeconds + rulesSeconds, 2)} s`);
  report('added by the rules (target ≤ 30 %)', `${round(addedPct, 1)} %`);
  return {
    import_s: round(importSeconds, 2),
    import_with_rules_s: round(importSeconds + rulesSeconds, 2),
    rules_added_pct: round(addedPct, 1),
    rules_flags: flagged,
  };
}
