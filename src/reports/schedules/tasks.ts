import type { TaskList } from 'graphile-worker';
import type { ReportContext } from '../run.js';
import { queueDueSchedules } from './due.js';
import { DUE_TASK, RUN_TASK } from './model.js';
import { runSchedule } from './run.js';

/** The schedules' jobs, for src/jobs/tasks.ts; `context` is null where the worker was given no config. */
export function scheduleTasks(context: ReportContext | null): TaskList {
  const ctx = (): ReportContext => {
    if (!context) throw new Error('report schedules need the worker to be given the configuration');
    return context;
  };
  return {
    [DUE_TASK]: async (_payload, helpers) => {
      const queued = await queueDueSchedules(ctx().db, new Date());
      if (queued > 0) helpers.logger.info(`report schedules: ${queued} runs queued`);
    },
    [RUN_TASK]: async (payload, helpers) => {
      const { schedule_id: id, manual } = (payload ?? {}) as { schedule_id?: unknown; manual?: unknown };
      if (typeof id !== 'number' || !Number.isInteger(id) || id < 1)
        throw new Error(`${RUN_TASK} needs {"schedule_id": <id>}`);
      const result = await runSchedule(ctx(), id, { manual: manual === true });
      if (result.ran) helpers.logger.info(`report schedule ${id}: ${result.status}, ${result.mailed} mails`);
      else helpers.logger.debug(`report schedule ${id}: held by another run, or gone`);
    },
  };
}
