import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import { nextRun, parseCron } from './cron.js';
import { RUN_TASK } from './model.js';

/** Schedules taken per scan; more wait for the next minute's. */
const BATCH = 500;

/** The job key of a schedule's run: at most one waiting run per schedule. */
export function runJobKey(scheduleId: number): string {
  return `${RUN_TASK}:${scheduleId}`;
}

/** Queues a run of a schedule (in the caller's transaction, so it exists only if that commits). */
export async function queueScheduleRun(db: Db, scheduleId: number, manual = false): Promise<void> {
  await sql`select graphile_worker.add_job(${RUN_TASK}, ${JSON.stringify({ schedule_id: scheduleId, manual })}::json,
              job_key := ${runJobKey(scheduleId)}, max_attempts := 1)`.execute(db);
}

/**
 * The `report_schedules_due` job (every minute): each enabled schedule whose time has come gets
 * its next time and a queued run, in one transaction. Rows are locked `FOR UPDATE SKIP LOCKED`, so
 * two workers scanning at once take different schedules, and a schedule they both saw is queued
 * once: the second sees its new time. Runs missed while no worker ran are not made up one by one:
 * the schedule runs once, then keeps its times. Answers how many runs were queued.
 */
export async function queueDueSchedules(db: Db, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('report_schedules')
      .select(['id', 'cron', 'time_zone'])
      .where('enabled', '=', true)
      .where('next_run_at', '<=', now)
      .orderBy('next_run_at')
      .limit(BATCH)
      .forUpdate()
      .skipLocked()
      .execute();
    for (const schedule of due) {
      const parsed = parseCron(schedule.cron);
      const next = parsed.ok ? nextRun(parsed.cron, now, schedule.time_zone) : null;
      // Checked when saved; an expression that stopped matching (a time zone gone) pauses, saying so.
      await trx
        .updateTable('report_schedules')
        .set(
          next
            ? { next_run_at: next }
            : {
                enabled: false,
                last_status: 'failed',
                last_error:
                  'The cron expression names no time any more in its time zone: the schedule is paused.',
                last_error_code: 'report_schedule_invalid',
              },
        )
        .where('id', '=', schedule.id)
        .execute();
      if (next) await queueScheduleRun(trx, schedule.id);
    }
    return due.length;
  });
}
