import { parseCrontab, quickAddJob, runOnce } from 'graphile-worker';
import { describe, expect, it } from 'vitest';
import { testConfig } from '../../test/harness/app.js';
import { setupTestDatabase } from '../../test/harness/db.js';
import { createSession, createUser, resolveSession } from '../users/index.js';
import { crontab } from './crontab.js';
import { taskList } from './tasks.js';

const testDb = setupTestDatabase();

describe('jobs', () => {
  it('has a crontab graphile-worker accepts, naming only known tasks', () => {
    const items = parseCrontab(crontab.join('\n'));
    const known = Object.keys(taskList({ db: testDb.db }));
    expect(items.length).toBe(crontab.length);
    for (const item of items) expect(known).toContain(item.task);
  });

  it('runs sessions_purge through the real queue: expired sessions go, live ones stay', async () => {
    const { session } = testConfig();
    const user = await createUser(testDb.db, {
      email: 'jobs@example.org',
      role: 'auditor',
      password: 'long password 1',
    });
    const longAgo = new Date(Date.now() - 40 * 86_400_000);
    const expired = await createSession(testDb.db, user.id, session, longAgo);
    const live = await createSession(testDb.db, user.id, session, new Date());

    await quickAddJob({ pgPool: testDb.pool }, 'sessions_purge', {});
    await runOnce({ pgPool: testDb.pool, taskList: taskList({ db: testDb.db }), noHandleSignals: true });

    const remaining = await testDb.db.selectFrom('sessions').select('user_id').execute();
    expect(remaining).toHaveLength(1);
    expect(await resolveSession(testDb.db, live, session, new Date())).not.toBeNull();
    expect(await resolveSession(testDb.db, expired, session, new Date())).toBeNull();
    const jobs = await testDb.pool.query('select count(*)::int as n from graphile_worker.jobs');
    expect(jobs.rows[0].n).toBe(0);
  });
});
