import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../test/harness/app.js';
import { setupTestDatabase } from '../../test/harness/db.js';
import { seedCampaigns } from '../../test/harness/factories.js';
import { createUser } from '../users/index.js';
import type { Report } from './model.js';
import { cancelRun, type ReportContext } from './run.js';
import { runJsonStream } from './run-json.js';
import { fetchLimited, RUN_BATCH } from './runner/execute.js';
import { closeReportPools, reportPool } from './runner/pools.js';
import { runReport } from './service.js';

/*
 * The runner against a real database: one read-only statement as parley_reports, timeouts, the
 * row cap, the run log, cancelling, EXPLAIN; every attempt to write or to read a secret fails
 * with a clear message and changes nothing.
 */
const testDb = setupTestDatabase();
let ctx: ReportContext;
let adminId: number;

function report(body: string, extra: Partial<Report> = {}): Report {
  return {
    name: 'test',
    title: 'Test',
    description: '',
    body,
    sourceId: null,
    searchPath: null,
    timeoutSeconds: null,
    runRoles: [],
    builtin: false,
    updatedAt: null,
    ...extra,
  };
}

const run = (body: string, params: Record<string, unknown> = {}, extra: Partial<Report> = {}, limit = 1000) =>
  runReport(ctx, { report: report(body, extra), params, actorId: adminId, via: 'cli' }, limit);

async function snapshot() {
  const { rows } = await sql<{ users: number; sessions: number; tables: number; settings: string }>`
    select (select count(*) from users)::int as users, (select count(*) from sessions)::int as sessions,
           (select count(*) from pg_tables where schemaname = 'public')::int as tables,
           (select string_agg(name, ',' order by id) from users) as settings`.execute(testDb.db);
  return rows[0];
}

beforeAll(async () => {
  ctx = { db: testDb.db, config: testConfig(), databaseUrl: testDb.url };
  const admin = await createUser(testDb.db, {
    email: 'boss@example.org',
    name: 'Boss',
    role: 'admin',
    password: 'correct horse battery staple',
  });
  adminId = admin.id;
  await seedCampaigns(testDb.db, [
    { title: 'Spring drive', conversations: 5, newest: new Date('2026-03-01') },
  ]);
});
afterAll(closeReportPools);

describe('report runner', () => {
  it('runs as parley_reports in a read-only transaction and returns typed columns', async () => {
    const result = await run(
      "select current_user as who, current_setting('transaction_read_only') as ro, 1::int as n, now() as at",
    );
    expect(result.columns).toEqual([
      { name: 'who', type: 'text' },
      { name: 'ro', type: 'text' },
      { name: 'n', type: 'number' },
      { name: 'at', type: 'datetime' },
    ]);
    expect(result.rows[0]?.slice(0, 3)).toEqual(['parley_reports', 'on', 1]);
  });

  it('binds parameters with their types and defaults, and lists as arrays', async () => {
    const body = [
      '-- [params]',
      '-- date :since = 2020-01-01',
      '-- int_list :ns = 1,2,3',
      '-- null string :label',
      "select :since + 1 as next_day, count(*)::int as c, coalesce(:label, 'none') as label",
      'from generate_series(1, 5) g where g in (:ns)',
    ].join('\n');
    const result = await run(body, { ns: '2,4,5' });
    expect(result.rows).toEqual([['2020-01-02', 3, 'none']]);
  });

  it('resolves id parameters by name or e-mail and checks they exist', async () => {
    const body = '-- [params]\n-- user_id :who\n-- campaign_id :campaign\nselect :who as u, :campaign as c';
    const ok = await run(body, { who: 'BOSS@example.org', campaign: 'Spring drive' });
    expect(ok.rows[0]?.[0]).toBe(adminId);
    await expect(run(body, { who: 'nobody@example.org', campaign: '999999' })).rejects.toMatchObject({
      code: 'report_params',
      details: [
        { field: 'who', message: 'no user "nobody@example.org"' },
        { field: 'campaign', message: 'no campaign "999999"' },
      ],
    });
  });

  it('lists every parameter problem at once', async () => {
    const body = '-- [params]\n-- int :a\n-- date :b\nselect :a, :b';
    await expect(run(body, { b: 'soon', c: '1' })).rejects.toMatchObject({
      code: 'report_params',
      details: [
        { field: 'c', message: 'is not a parameter of this report' },
        { field: 'a', message: 'is required' },
        { field: 'b', message: '"soon" is not a date (YYYY-MM-DD)' },
      ],
    });
  });

  it('refuses a report whose header has problems, with their lines', async () => {
    await expect(run('-- [params]\n-- int :a\nselect :b')).rejects.toMatchObject({
      code: 'report_invalid',
      details: [
        { line: 2, message: ':a is declared but never used' },
        { line: 3, message: ':b is used but not declared' },
      ],
    });
  });

  it('caps rows at the limit and says the result was cut', async () => {
    const result = await run('select g from generate_series(1, 50) g', {}, {}, 10);
    expect(result.rows).toHaveLength(10);
    expect(result.truncated).toBe(true);
    expect((await run('select g from generate_series(1, 10) g', {}, {}, 10)).truncated).toBe(false);
  });

  it('reads in batches: every row once, in order, cut right at any limit around a batch edge', async () => {
    const body = `select g from generate_series(1, ${RUN_BATCH * 2}) g`;
    for (const [limit, rows, truncated] of [
      [RUN_BATCH, RUN_BATCH, true],
      [RUN_BATCH - 1, RUN_BATCH - 1, true],
      [RUN_BATCH + 1, RUN_BATCH + 1, true],
      [RUN_BATCH * 2, RUN_BATCH * 2, false],
      [RUN_BATCH * 2 + 1, RUN_BATCH * 2, false],
    ] as const) {
      const result = await run(body, {}, {}, limit);
      expect([result.rows.length, result.truncated], `limit ${limit}`).toEqual([rows, truncated]);
      expect(result.rows.every((row, i) => row[0] === i + 1)).toBe(true);
    }
  });

  it('gives its connection back after an error in the middle of the rows, or in the hand-over', async () => {
    // More failures than the pool has connections: a connection kept would stop the runs after.
    for (let i = 0; i < 6; i++) {
      await expect(
        run('select 1 / (g - 3000) from generate_series(1, 5000) g', {}, {}, 10_000),
      ).rejects.toMatchObject({
        code: 'report_failed',
        message: 'division by zero',
      });
    }
    const pool = reportPool(testDb.url);
    const options = {
      text: 'select g from generate_series(1, 25000) g',
      values: [],
      timeoutMs: 5000,
      searchPath: null,
    };
    for (let i = 0; i < 6; i++) {
      await expect(
        fetchLimited(pool, options, 30_000, () => {
          throw new Error('the hand-over failed');
        }),
      ).rejects.toThrow('the hand-over failed');
    }
    expect((await run('select 7 as n')).rows).toEqual([[7]]);
  });

  it('stops handing rows to a web answer whose client went away, logs it, keeps its connection', async () => {
    for (let i = 0; i < 6; i++) {
      const answer = await runJsonStream(
        ctx,
        {
          report: report('select g from generate_series(1, 50000) g', { name: 'gone' }),
          params: {},
          actorId: adminId,
          via: 'web',
        },
        50_000,
      );
      answer.destroy();
    }
    await expect
      .poll(async () => {
        const log = await testDb.db
          .selectFrom('report_runs')
          .select(['error'])
          .where('report_name', '=', 'gone')
          .execute();
        return log.map((r) => r.error);
      })
      .toEqual(Array(6).fill('The client went away.'));
    expect((await run('select 7 as n')).rows).toEqual([[7]]);
  });

  it('logs each run: who, report, parameters, duration, rows, error', async () => {
    await run(
      '-- [params]\n-- int :n = 3\nselect g from generate_series(1, :n) g',
      { n: '4' },
      { name: 'logged' },
    );
    await run('select 1/0', {}, { name: 'logged' }).catch(() => undefined);
    const log = await testDb.db
      .selectFrom('report_runs')
      .selectAll()
      .where('report_name', '=', 'logged')
      .orderBy('id')
      .execute();
    expect(log).toMatchObject([
      { user_id: adminId, via: 'cli', params: { n: 4 }, row_count: 4, error: null },
      { user_id: adminId, row_count: null, error: 'division by zero' },
    ]);
    expect(log[0]?.duration_ms).toBeGreaterThanOrEqual(0);
  });

  it('explains a query', async () => {
    const result = await runReport(
      ctx,
      {
        report: report('select id, email from users'),
        params: {},
        actorId: adminId,
        via: 'web',
        explain: true,
      },
      1000,
    );
    expect(result.columns[0]?.name).toBe('QUERY PLAN');
    expect(String(result.rows[0]?.[0])).toMatch(/Scan/);
  });

  it('stops a report at its timeout', async () => {
    await expect(run('select pg_sleep(5)', {}, { timeoutSeconds: 1 })).rejects.toMatchObject({
      code: 'report_timeout',
      message: 'The report ran past its time limit and was stopped.',
    });
  });

  it('caps a report timeout to the global cap', async () => {
    const capped = { ...ctx, config: testConfig({ REPORTS_TIMEOUT_CAP_SECONDS: '1' }) };
    const started = Date.now();
    await expect(
      runReport(
        capped,
        {
          report: report('select pg_sleep(5)', { timeoutSeconds: 600 }),
          params: {},
          actorId: null,
          via: 'cli',
        },
        10,
      ),
    ).rejects.toMatchObject({ code: 'report_timeout' });
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('cancels a running report', async () => {
    const running = run('select pg_sleep(20)', {}, { name: 'slow' });
    let runId: number | undefined;
    for (let i = 0; i < 50 && runId === undefined; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const row = await testDb.db
        .selectFrom('report_runs')
        .select('id')
        .where('report_name', '=', 'slow')
        .where('duration_ms', 'is', null)
        .executeTakeFirst();
      if (row && (await cancelRun(Number(row.id)))) runId = Number(row.id);
    }
    expect(runId).toBeDefined();
    await expect(running).rejects.toMatchObject({ code: 'report_cancelled' });
  });

  it('reads the penhas schema like PenhaS with the search path set, and the views left public', async () => {
    const result = await run(
      'select count(*)::int from conversa join analytics a on a.conversa_id = conversa.id',
      {},
      {
        searchPath: 'penhas',
      },
    );
    expect(result.rows).toEqual([[0]]);
    await expect(run('select * from public.conversa')).rejects.toMatchObject({ code: 'report_failed' });
  });
});

// Each must fail with a clear message and change nothing.
const ATTEMPTS: [string, string, RegExp][] = [
  ['INSERT', "insert into app_meta (key, value) values ('x', '1')", /only read/],
  ['UPDATE', "update users set name = 'x'", /only read/],
  ['DELETE', 'delete from users', /only read/],
  ['CREATE', 'create table evil (id int)', /only read/],
  ['DROP', 'drop table users', /only read/],
  ['COPY TO PROGRAM', "copy users to program 'touch /tmp/pwned'", /only read/],
  ['SET ROLE', 'set role postgres', /only read/],
  ['RESET ROLE', 'reset role', /only read/],
  [
    'DO block',
    "do $$ begin raise exception '%', (select password_hash from users limit 1); end $$",
    /only read/,
  ],
  [
    'write in a CTE',
    'with d as (delete from users returning id) select * from d',
    /read-only transaction|only read/,
  ],
  ['a second statement', 'select 1; drop table users', /one statement/],
  ['comment trick', 'select 1 /* ; */; drop table users', /one statement/],
  ['dollar-quote trick', 'select $$ x $$; drop table users --', /one statement/],
  ["E'\\'' trick", "select E'\\''; drop table users", /one statement/],
  ['set_config role', "select set_config('role', 'postgres', true)", /set_config is not allowed/],
  ['quoted set_config', `select "set_config"('role', 'postgres', true)`, /set_config is not allowed/],
  [
    'dynamic SQL',
    "select query_to_xml('select password_hash from users', true, false, '')",
    /query_to_xml is not allowed/,
  ],
  ['unicode escape', `select U&"\\0073et_config"('role', 'postgres', true)`, /U&/],
  ['password hashes', 'select password_hash from users', /may not read this: permission denied/],
  ['sessions', 'select * from sessions', /may not read this: permission denied/],
  ['report data sources', 'select * from report_sources', /may not read this: permission denied/],
  ['nextval', "select nextval('users_id_seq')", /only read|may not read/],
  ['lock', 'select * from users for update', /only read|may not read|read-only/],
];

describe('write and secret-read attempts', () => {
  it.each(ATTEMPTS)('%s fails clearly and changes nothing', async (_label, body, message) => {
    const before = await snapshot();
    await expect(run(body)).rejects.toThrow(message);
    expect(await snapshot()).toEqual(before);
  });

  it('pg_sleep past the timeout is stopped', async () => {
    await expect(run('select pg_sleep(3)', {}, { timeoutSeconds: 1 })).rejects.toMatchObject({
      code: 'report_timeout',
    });
  });
});
