import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Logger, quickAddJob, runOnce } from 'graphile-worker';
import { sql } from 'kysely';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../../../test/harness/db.js';
import { taskList } from '../../../jobs/index.js';
import { packageRoot } from '../../../paths.js';
import { createUser } from '../../../users/index.js';
import { findImport } from '../queries.js';
import { runQueuedImport } from './run-queued-import.js';
import { createUpload, putUploadFile, queueImport } from './uploads.js';

const testDb = setupTestDatabase();
const silent = new Logger(() => () => undefined);
/** A pool whose every connection fails: the import fails unexpectedly (not a rejection). */
const brokenPool = {
  connect: () => Promise.reject(new Error('connection refused')),
} as unknown as pg.Pool;
let userId = 0;

beforeAll(async () => {
  userId = (
    await createUser(testDb.db, { email: 'up@example.org', role: 'admin', password: 'long password 1' })
  ).id;
});

async function uploaded(files = ['gotv-sv10.csv', 'gotv-sv10-messages.csv']): Promise<number> {
  const record = await createUpload(testDb.db, { startedBy: userId });
  for (const name of files) {
    const text = await readFile(path.join(packageRoot, 'test/fixtures/spoke-csv', name));
    await putUploadFile(testDb.db, { importId: record.id, name, body: Readable.from([text]) });
  }
  return record.id;
}

async function chunks(importId: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from import_file_chunks c join import_files f on f.id = c.file_id
     where f.import_id = ${importId}`.execute(testDb.db);
  return rows[0]!.n;
}

const deps = (pool: pg.Pool) => ({ db: testDb.db, pool, now: () => new Date(), log: { warn() {} } });

describe('uploaded files of failed imports', () => {
  it('keeps them for a retry, and deletes them when the last try fails', async () => {
    const id = await uploaded();
    await queueImport(testDb.db, id);
    await expect(runQueuedImport(deps(brokenPool), id, { final: false })).rejects.toThrow(
      'connection refused',
    );
    expect(await findImport(testDb.db, id)).toMatchObject({
      status: 'queued',
      message: 'this attempt failed and will be retried: connection refused',
    });
    expect(await chunks(id)).toBeGreaterThan(0);

    await expect(runQueuedImport(deps(brokenPool), id, { final: true })).rejects.toThrow(
      'connection refused',
    );
    expect(await findImport(testDb.db, id)).toMatchObject({
      status: 'failed',
      message: 'connection refused',
    });
    expect(await chunks(id)).toBe(0);
  });

  it('through the queue: every try but the last is retried, and a failed import keeps no chunk', async () => {
    const id = await uploaded();
    await queueImport(testDb.db, id);
    // Only this job: others left queued by earlier tests stay out of it.
    await sql`delete from graphile_worker._private_jobs where key <> ${`spoke_csv_import:${id}`}`.execute(
      testDb.db,
    );
    const tasks = { spoke_csv_import: taskList({ db: testDb.db, pool: brokenPool }).spoke_csv_import! };
    const statuses: string[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      await runOnce({ pgPool: testDb.pool, taskList: tasks, noHandleSignals: true, logger: silent });
      statuses.push((await findImport(testDb.db, id))!.status);
      // The retry is due at once rather than after the queue's back-off (once the worker has
      // recorded the failure: it may do so after runOnce returns).
      for (let wait = 0; wait < 100; wait++) {
        const { rows } = await testDb.pool.query(
          'select 1 from graphile_worker.jobs where attempts = $1 and locked_at is null',
          [attempt],
        );
        if (rows.length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await testDb.pool.query('update graphile_worker._private_jobs set run_at = now()');
    }
    expect(statuses).toEqual(['queued', 'queued', 'failed']);
    expect(await chunks(id)).toBe(0);
  });

  it('a retry that finds the import already failed deletes the bytes it still holds', async () => {
    const id = await uploaded();
    await queueImport(testDb.db, id);
    await sql`update imports set status = 'failed', finished_at = now() where id = ${id}`.execute(testDb.db);
    expect(await chunks(id)).toBeGreaterThan(0);
    expect(await runQueuedImport(deps(testDb.pool), id)).toBe(false);
    expect(await chunks(id)).toBe(0);
  });
});

describe('uploads_purge', () => {
  const runPurge = async (hours?: number) => {
    await quickAddJob({ pgPool: testDb.pool }, 'uploads_purge', {});
    await runOnce({
      pgPool: testDb.pool,
      // Only the purge: queued imports' jobs must not run here.
      taskList: {
        uploads_purge: taskList({ db: testDb.db, pool: testDb.pool, uploadRetentionHours: hours })
          .uploads_purge!,
      },
      noHandleSignals: true,
      logger: silent,
    });
  };
  const age = async (importId: number, hours: number) => {
    await sql`update imports set started_at = started_at - make_interval(hours => ${hours}),
                     finished_at = finished_at - make_interval(hours => ${hours}) where id = ${importId}`.execute(
      testDb.db,
    );
    await sql`update import_files set uploaded_at = uploaded_at - make_interval(hours => ${hours})
               where import_id = ${importId}`.execute(testDb.db);
  };

  it('deletes the files of an import left pending past the setting, not of a fresh one', async () => {
    const old = await uploaded();
    const fresh = await uploaded();
    const recent = await uploaded();
    await age(old, 25);
    await age(recent, 23);
    await runPurge();

    expect(await chunks(old)).toBe(0);
    const expired = await findImport(testDb.db, old);
    // The record stays, with its file names, and can no longer run or take files.
    expect(expired).toMatchObject({
      status: 'failed',
      message: 'not run within 24 hours of its last upload: its files were deleted',
      uploads: [expect.objectContaining({ name: 'gotv-sv10.csv' }), expect.anything()],
    });
    expect(expired!.finished_at).not.toBeNull();
    await expect(queueImport(testDb.db, old)).rejects.toMatchObject({ code: 'import_not_pending' });
    await expect(
      putUploadFile(testDb.db, {
        importId: old,
        name: 'x.csv',
        body: Readable.from([Buffer.from('a\n1\n')]),
      }),
    ).rejects.toMatchObject({ code: 'import_not_pending' });

    for (const id of [fresh, recent]) {
      expect(await chunks(id)).toBeGreaterThan(0);
      expect((await findImport(testDb.db, id))!.status).toBe('pending');
    }

    // The setting decides: at 12 hours the 23-hour-old upload goes too.
    await runPurge(12);
    expect(await chunks(recent)).toBe(0);
    expect(await chunks(fresh)).toBeGreaterThan(0);
  });

  it('purges a failed import that still holds files, and a queued one whose job is gone', async () => {
    const failed = await uploaded();
    await sql`update imports set status = 'failed', finished_at = now() where id = ${failed}`.execute(
      testDb.db,
    );
    const lost = await uploaded();
    await queueImport(testDb.db, lost);
    await sql`delete from graphile_worker._private_jobs where key = ${`spoke_csv_import:${lost}`}`.execute(
      testDb.db,
    );
    const waiting = await uploaded();
    await queueImport(testDb.db, waiting);
    await age(failed, 25);
    await age(lost, 25);
    await age(waiting, 25);
    await runPurge();

    expect(await chunks(failed)).toBe(0);
    expect(await chunks(lost)).toBe(0);
    expect(await findImport(testDb.db, lost)).toMatchObject({
      status: 'failed',
      message: 'its job ended without finishing it: its files were deleted',
    });
    // Its job is still due: it keeps its files.
    expect(await chunks(waiting)).toBeGreaterThan(0);
    expect((await findImport(testDb.db, waiting))!.status).toBe('queued');
  });

  it('removes jobs that gave up long ago, with their last error', async () => {
    await sql`select graphile_worker.add_job('spoke_csv_import', '{"import_id": 999}', job_key := 'gave-up-old',
                                             max_attempts := 1)`.execute(testDb.db);
    await sql`select graphile_worker.add_job('spoke_csv_import', '{"import_id": 998}', job_key := 'gave-up-new',
                                             max_attempts := 1)`.execute(testDb.db);
    await sql`update graphile_worker._private_jobs set attempts = 1, last_error = 'bad row +15550001111',
                     updated_at = now() - case key when 'gave-up-old' then interval '25 hours' else interval '1 hour' end
               where key like 'gave-up-%'`.execute(testDb.db);
    await runPurge();
    const { rows } = await sql<{ key: string }>`
      select key from graphile_worker.jobs where key like 'gave-up-%'`.execute(testDb.db);
    expect(rows.map((r) => r.key)).toEqual(['gave-up-new']);
  });
});
