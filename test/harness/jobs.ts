import { Logger, runOnce } from 'graphile-worker';
import { taskList } from '../../src/jobs/tasks.js';
import type { TestDatabase } from './db.js';

/** Runs the jobs queued in the test database once, as a worker would, without its log lines. */
export async function runQueuedJobs(testDb: Pick<TestDatabase, 'db' | 'pool'>): Promise<void> {
  await runOnce({
    pgPool: testDb.pool,
    taskList: taskList({ db: testDb.db, pool: testDb.pool }),
    noHandleSignals: true,
    logger: new Logger(() => () => undefined),
  });
}
