import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Logger, runOnce } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpokeImportView } from '../../../common/api/imports.js';
import { buildTestApp, type TestApp } from '../../../test/harness/app.js';
import { setupTestDatabase } from '../../../test/harness/db.js';
import { runQueuedJobs } from '../../../test/harness/jobs.js';
import { storeCounts } from '../../../test/harness/store.js';
import { taskList } from '../../jobs/index.js';
import { packageRoot } from '../../paths.js';

const testDb = setupTestDatabase();
let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await buildTestApp(testDb.db);
  admin = (await t.loginAs('admin')).cookie;
});
afterAll(() => t.close());

const fixture = (name: string) => readFile(path.join(packageRoot, 'test/fixtures/spoke-csv', name));

async function upload(id: number, name: string, body: Buffer | string) {
  return t.app.inject({
    method: 'PUT',
    url: `/api/imports/${id}/files/${encodeURIComponent(name)}`,
    headers: { cookie: admin, 'content-type': 'text/csv' },
    payload: body,
  });
}

async function create(body: Record<string, string> = {}): Promise<SpokeImportView> {
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/imports',
    headers: { cookie: admin },
    payload: body,
  });
  expect(created.statusCode).toBe(201);
  return created.json();
}

const work = () => runQueuedJobs(testDb);

async function get(id: number): Promise<SpokeImportView> {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/imports/${id}`,
    headers: { cookie: admin },
  });
  expect(response.statusCode).toBe(200);
  return response.json();
}

describe('imports API', () => {
  it('uploads a pair of files, runs the import as a job and reports it', async () => {
    const created = await create({ source: 'web' });
    expect(created).toMatchObject({
      kind: 'spoke_csv',
      status: 'pending',
      source: 'web',
      files: [],
      error_count: 0,
    });

    expect((await upload(created.id, 'gotv-sv10.csv', await fixture('gotv-sv10.csv'))).statusCode).toBe(200);
    const second = await upload(
      created.id,
      'gotv-sv10-messages.csv',
      await fixture('gotv-sv10-messages.csv'),
    );
    expect(second.statusCode).toBe(200);
    expect(second.json().files.map((f: { name: string; bytes: number }) => [f.name, f.bytes])).toEqual([
      ['gotv-sv10.csv', (await fixture('gotv-sv10.csv')).length],
      ['gotv-sv10-messages.csv', (await fixture('gotv-sv10-messages.csv')).length],
    ]);

    const run = await t.app.inject({
      method: 'POST',
      url: `/api/imports/${created.id}/run`,
      headers: { cookie: admin },
    });
    expect(run.statusCode).toBe(202);
    expect(run.json().status).toBe('queued');
    // Files cannot change once queued.
    expect((await upload(created.id, 'late.csv', 'a,b\n')).statusCode).toBe(409);

    await work();
    const done = await get(created.id);
    expect(done).toMatchObject({
      status: 'succeeded',
      source: 'web',
      progress: null,
      error_count: 0,
      counts: expect.objectContaining({ conversations_inserted: 3, messages_inserted: 5 }),
      message: 'conversations: 3 new; messages: 5 new; texters: 1 new; campaigns: 1 new',
      warnings: [],
    });
    expect(done.files).toEqual([
      {
        name: 'gotv-sv10.csv',
        bytes: expect.any(Number),
        layout: 'statevoices',
        role: 'contacts',
        rows: 3,
        paired_with: 'gotv-sv10-messages.csv',
        recency: null,
        time_column: null,
      },
      {
        name: 'gotv-sv10-messages.csv',
        bytes: expect.any(Number),
        layout: 'statevoices',
        role: 'messages',
        rows: 5,
        paired_with: 'gotv-sv10.csv',
        recency: 'time_column',
        time_column: 'attempted_at',
      },
    ]);
    expect(done.finished_at).not.toBeNull();
    // The uploaded bytes are gone once the import ran.
    const chunks = await testDb.pool.query('select count(*)::int as n from import_file_chunks');
    expect(chunks.rows[0].n).toBe(0);

    const list = await t.app.inject({ method: 'GET', url: '/api/imports', headers: { cookie: admin } });
    expect(list.json().imports.map((i: SpokeImportView) => i.id)).toContain(created.id);
  });

  it('keeps an import whose pool refresh failed, logs it with the import id and shows it', async () => {
    const created = await create({ source: 'no-pool' });
    await upload(created.id, 'gotv-sv10.csv', await fixture('gotv-sv10.csv'));
    await upload(created.id, 'gotv-sv10-messages.csv', await fixture('gotv-sv10-messages.csv'));
    await t.app.inject({ method: 'POST', url: `/api/imports/${created.id}/run`, headers: { cookie: admin } });
    const warnings: string[] = [];
    // The refresh takes its list from audit_pool_pending, which the import itself only adds to:
    // refusing that delete fails the refresh alone.
    await testDb.pool.query(`create function refuse_pool_refresh() returns trigger language plpgsql as $fn$
      begin raise exception 'pool refresh refused'; end $fn$`);
    await testDb.pool.query(`create trigger refuse_pool_refresh before delete on audit_pool_pending
      for each statement execute function refuse_pool_refresh()`);
    try {
      await runOnce({
        pgPool: testDb.pool,
        taskList: taskList({ db: testDb.db, pool: testDb.pool }),
        noHandleSignals: true,
        logger: new Logger(() => (level, message) => {
          if (level === 'warning') warnings.push(message);
        }),
      });
    } finally {
      await testDb.pool.query('drop trigger refuse_pool_refresh on audit_pool_pending');
      await testDb.pool.query('drop function refuse_pool_refresh()');
    }
    expect(warnings).toEqual([
      `import ${created.id}: the audit pool could not be refreshed: pool refresh refused`,
    ]);
    const done = await get(created.id);
    expect(done).toMatchObject({
      status: 'succeeded',
      counts: expect.objectContaining({ conversations_inserted: 3 }),
      warnings: [{ kind: 'pool_refresh_failed', detail: 'pool refresh refused' }],
    });
    const record = await testDb.pool.query('select warnings from imports where id = $1', [created.id]);
    expect(record.rows[0].warnings).toEqual(done.warnings);
  });

  it('records a rejected import with its bad rows, and imports nothing', async () => {
    const before = await storeCounts(testDb.db);
    const created = await create();
    await upload(created.id, 'values.csv', await fixture('bad/values.csv'));
    await upload(created.id, 'values-messages.csv', await fixture('bad/values-messages.csv'));
    await t.app.inject({ method: 'POST', url: `/api/imports/${created.id}/run`, headers: { cookie: admin } });
    await work();
    const failed = await get(created.id);
    expect(failed).toMatchObject({ status: 'failed', error_count: 7, error_rows: 6 });
    expect(failed.errors[0]).toEqual({
      file: 'values.csv',
      line: 2,
      column: 'optedOut',
      code: 'not_boolean',
      reason: 'not true or false',
      value: 'maybe',
    });
    expect(failed.message).toMatch(/^import rejected, nothing was changed: 6 rows, 7 problems/);
    expect(await storeCounts(testDb.db)).toEqual(before);
  });

  it('replaces and removes files of a pending import, and refuses what it cannot take', async () => {
    const created = await create();
    await upload(created.id, 'a.csv', 'x\n1\n');
    const replaced = await upload(created.id, 'a.csv', 'x,y\n1,2\n');
    expect(replaced.json().files).toEqual([
      {
        name: 'a.csv',
        bytes: 8,
        layout: null,
        role: null,
        rows: null,
        paired_with: null,
        recency: null,
        time_column: null,
      },
    ]);
    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/api/imports/${created.id}/files/a.csv`,
      headers: { cookie: admin },
    });
    expect(removed.json().files).toEqual([]);

    const empty = await t.app.inject({
      method: 'POST',
      url: `/api/imports/${created.id}/run`,
      headers: { cookie: admin },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('no_files');
    expect((await upload(created.id, '../etc/passwd', 'x')).statusCode).toBe(400);
    expect((await upload(created.id, 'b.csv', '')).statusCode).toBe(400);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/imports',
      headers: { cookie: admin },
      payload: { source: 'Not Valid' },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/imports/999999', headers: { cookie: admin } }))
        .statusCode,
    ).toBe(404);
  });

  it('is for admins only', async () => {
    const auditor = (await t.loginAs('auditor')).cookie;
    const response = await t.app.inject({ method: 'GET', url: '/api/imports', headers: { cookie: auditor } });
    expect(response.statusCode).toBe(403);
  });
});
