import { sql } from 'kysely';
import type { Db } from '../../db/index.js';

export const RULES_TASK = 'moderation_rules';

/** Asks the worker to run the rules over new messages (one job at a time: a second is merged). */
export async function queueRuleRun(db: Db): Promise<void> {
  await sql`select graphile_worker.add_job(${RULES_TASK}, '{}'::json, job_key := ${RULES_TASK}, max_attempts := 3)`.execute(
    db,
  );
}
