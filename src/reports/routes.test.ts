import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_LIMITS } from '../../common/api/reports.js';
import { buildTestApp, type TestApp, testConfig } from '../../test/harness/app.js';
import { setupTestDatabase } from '../../test/harness/db.js';
import { seedCampaigns } from '../../test/harness/factories.js';
import { createUser } from '../users/index.js';

/** The reports API: admins write, moderators run what is granted to them, exports stream. */
const testDb = setupTestDatabase();
let app: TestApp;
let admin: string;
let moderator: string;
let auditor: string;

const BODY = [
  '-- [params]',
  '-- int :n = 3',
  'select g as n, g * 2 as twice from generate_series(1, :n) g',
].join('\n');

beforeAll(async () => {
  app = await buildTestApp(testDb.db, { config: testConfig({ REPORTS_DATABASE_URL: testDb.url }) });
  admin = (await app.loginAs('admin')).cookie;
  moderator = (await app.loginAs('moderator')).cookie;
  auditor = (await app.loginAs('auditor')).cookie;
});
afterAll(() => app?.close());

const call = (cookie: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  app.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

describe('reports API', () => {
  it('saves, lists, changes and deletes a report (admins only)', async () => {
    const created = await call(admin, 'POST', '/api/reports', {
      name: 'series',
      title: 'Series',
      body: BODY,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      name: 'series',
      builtin: false,
      params: [{ name: 'n', type: 'int', nullable: false, default: '3', line: 2 }],
    });
    expect(
      (await call(moderator, 'POST', '/api/reports', { name: 'x', title: 'X', body: 'select 1' })).statusCode,
    ).toBe(403);
    const again = await call(admin, 'POST', '/api/reports', { name: 'series', title: 'S', body: BODY });
    expect(again.json().error.code).toBe('report_name_taken');
    const changed = await call(admin, 'PUT', '/api/reports/series', {
      name: 'series',
      title: 'Series 2',
      body: BODY,
      run_roles: ['moderator'],
    });
    expect(changed.json()).toMatchObject({ title: 'Series 2', run_roles: ['moderator'] });
    const list = (await call(admin, 'GET', '/api/reports')).json().reports as {
      name: string;
      builtin: boolean;
    }[];
    expect(list.find((r) => r.name === 'series')).toBeTruthy();
    expect(list.find((r) => r.name === 'chatbot-funnel')?.builtin).toBe(true);
  });

  it('refuses to save SQL with problems, listing each with its line', async () => {
    const res = await call(admin, 'POST', '/api/reports', {
      name: 'bad',
      title: 'Bad',
      body: '-- [params]\n-- widget :a\nselect :b',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: 'report_invalid',
      details: [
        { line: 2, message: 'unknown type "widget" for :a' },
        { line: 3, message: ':b is used but not declared' },
      ],
    });
    const write = await call(admin, 'POST', '/api/reports', {
      name: 'bad',
      title: 'Bad',
      body: 'delete from users',
    });
    expect(write.json().error.code).toBe('report_refused');
    const check = await call(admin, 'POST', '/api/reports/check', {
      body: '-- [params]\n-- date :d\nselect :d',
    });
    expect(check.json()).toEqual({
      params: [{ name: 'd', type: 'date', nullable: false, default: null, line: 2 }],
      problems: [],
    });
  });

  it('runs a report with parameters; moderators only those granted to their role', async () => {
    const res = await call(moderator, 'POST', '/api/reports/series/run', { params: { n: '4' }, limit: 3 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      columns: [
        { name: 'n', type: 'number' },
        { name: 'twice', type: 'number' },
      ],
      rows: [
        [1, 2],
        [2, 4],
        [3, 6],
      ],
      truncated: true,
    });
    expect((await call(auditor, 'POST', '/api/reports/series/run', {})).statusCode).toBe(403);
    await call(admin, 'POST', '/api/reports', { name: 'secret', title: 'S', body: 'select 1' });
    expect((await call(moderator, 'POST', '/api/reports/secret/run', {})).statusCode).toBe(404);
    expect(
      (await call(moderator, 'GET', '/api/reports')).json().reports.map((r: { name: string }) => r.name),
    ).not.toContain('secret');
  });

  it('answers bad parameters with 400 naming each field', async () => {
    const res = await call(admin, 'POST', '/api/reports/series/run', { params: { n: 'many', m: '1' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'report_params',
      details: [
        { field: 'm', message: 'is not a parameter of this report' },
        { field: 'n', message: '"many" is not a whole number' },
      ],
    });
  });

  it('exports CSV and JSON, parameters in the query string', async () => {
    const csv = await call(admin, 'GET', '/api/reports/series/export.csv?n=3');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body).toBe('n,twice\r\n1,2\r\n2,4\r\n3,6\r\n');
    const json = await call(moderator, 'GET', '/api/reports/series/export.json?n=2');
    expect(json.json()).toEqual([
      { n: 1, twice: 2 },
      { n: 2, twice: 4 },
    ]);
    const bad = await call(admin, 'GET', '/api/reports/series/export.csv?n=x');
    expect(bad.statusCode).toBe(400);
  });

  it('runs every built-in report', async () => {
    const list = (await call(admin, 'GET', '/api/reports')).json().reports as {
      name: string;
      builtin: boolean;
    }[];
    const builtins = list.filter((r) => r.builtin);
    expect(builtins.length).toBeGreaterThanOrEqual(9);
    for (const r of builtins) {
      const res = await call(moderator, 'POST', `/api/reports/${r.name}/run`, { params: {} });
      expect(res.statusCode, `${r.name}: ${res.body}`).toBe(200);
    }
    const copy = await call(admin, 'PUT', '/api/reports/chatbot-funnel', {
      name: 'chatbot-funnel',
      title: 'x',
      body: 'select 1',
    });
    expect(copy.json().error.code).toBe('report_builtin');
  });

  it('registers a data source sealed, tests it, and runs a report on it', async () => {
    const created = await call(admin, 'POST', '/api/reports/sources', { name: 'replica', url: testDb.url });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as number;
    const sealed = await testDb.db
      .selectFrom('report_sources')
      .select('url_sealed')
      .executeTakeFirstOrThrow();
    expect(Buffer.from(sealed.url_sealed).toString('latin1')).not.toContain('127.0.0.1');
    expect((await call(admin, 'POST', `/api/reports/sources/${id}/test`)).json()).toMatchObject({
      ok: true,
      message: expect.stringMatching(/^PostgreSQL/),
    });
    const down = await call(admin, 'POST', '/api/reports/sources/test', {
      url: 'postgres://u:hunter2@127.0.0.1:1/x',
    });
    expect(down.json().ok).toBe(false);
    expect(down.body).not.toContain('hunter2');
    await call(admin, 'POST', '/api/reports/sources', {
      name: 'secret',
      url: 'postgres://u:hunter2@db.example/x',
    });
    const list = await call(admin, 'GET', '/api/reports/sources');
    expect(list.body).not.toContain('hunter2');
    expect(list.json().sources.map((s: { name: string }) => s.name)).toEqual(['replica', 'secret']);
    await call(admin, 'POST', '/api/reports', {
      name: 'remote',
      title: 'R',
      body: 'select current_database() as db',
      source_id: id,
    });
    const run = await call(admin, 'POST', '/api/reports/remote/run', {});
    expect(run.json().rows).toEqual([[testDb.name]]);
    expect((await call(admin, 'DELETE', `/api/reports/sources/${id}`)).statusCode).toBe(409);
    expect((await call(moderator, 'GET', '/api/reports/sources')).statusCode).toBe(403);
  });

  it("lists a data source's tables for completion and names problems (admins only)", async () => {
    const created = await call(admin, 'POST', '/api/reports/sources', { name: 'same db', url: testDb.url });
    const id = created.json().id as number;
    const schema = await call(admin, 'GET', `/api/reports/sources/${id}/schema`);
    expect(schema.statusCode).toBe(200);
    const tables = schema.json().tables as Record<string, string[]>;
    expect(tables.users).toEqual(expect.arrayContaining(['id', 'email', 'name']));
    expect(tables['discourse.posts']).toBeDefined();
    expect(
      Object.keys(tables).some((t) => t.startsWith('pg_catalog.') || t.startsWith('information_schema.')),
    ).toBe(false);
    expect((await call(moderator, 'GET', `/api/reports/sources/${id}/schema`)).statusCode).toBe(403);
    const missing = await call(admin, 'GET', '/api/reports/sources/999999/schema');
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'report_source_not_found']);
    const bad = await call(admin, 'GET', '/api/reports/sources/x/schema');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([expect.objectContaining({ path: 'params/id' })]);
    const down = await call(admin, 'POST', '/api/reports/sources', {
      name: 'down',
      url: 'postgres://u:hunter2@127.0.0.1:1/x',
    });
    const unreachable = await call(admin, 'GET', `/api/reports/sources/${down.json().id}/schema`);
    expect([unreachable.statusCode, unreachable.json().error.code]).toEqual([
      502,
      'report_source_unavailable',
    ]);
    expect(unreachable.body).not.toContain('hunter2');
    const twice = await call(admin, 'POST', '/api/reports/sources', { name: 'down', url: testDb.url });
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, 'report_source_name_taken']);
    await call(admin, 'POST', '/api/reports', {
      name: 'on-same',
      title: 'S',
      body: 'select 1',
      source_id: id,
    });
    const inUse = await call(admin, 'DELETE', `/api/reports/sources/${id}`);
    expect([inUse.statusCode, inUse.json().error.code]).toEqual([409, 'report_source_in_use']);
    await call(admin, 'DELETE', '/api/reports/on-same');
    expect((await call(admin, 'DELETE', `/api/reports/sources/${id}`)).statusCode).toBe(204);
    expect((await call(admin, 'DELETE', `/api/reports/sources/${down.json().id}`)).statusCode).toBe(204);
  });

  it('suggests objects for id parameters by name, e-mail, title or id (moderators, a few rows)', async () => {
    const [campaignId] = await seedCampaigns(testDb.db, [
      { title: 'Winter 100% drive', conversations: 25, newest: new Date('2026-02-01') },
    ]);
    const ids = (type: string, q: string, cookie = moderator) =>
      call(cookie, 'GET', `/api/reports/ids/${type}?q=${encodeURIComponent(q)}`);
    const named = await createUser(testDb.db, {
      email: 'zelda.search@example.org',
      name: 'Zelda Searchable',
      role: 'auditor',
      password: 'correct horse battery staple',
    });
    expect((await ids('user_id', 'zelda')).json()).toEqual({
      items: [{ id: named.id, label: 'Zelda Searchable <zelda.search@example.org>' }],
    });
    expect((await ids('user_id', 'SEARCH@EXAMPLE')).json().items).toEqual([
      { id: named.id, label: 'Zelda Searchable <zelda.search@example.org>' },
    ]);
    expect((await ids('user_id', String(named.id))).json().items[0].id).toBe(named.id);
    // LIKE's own characters are searched for as themselves.
    expect((await ids('campaign_id', '100%')).json().items).toEqual([
      { id: campaignId, label: 'Winter 100% drive' },
    ]);
    expect((await ids('campaign_id', '1_0')).json().items).toEqual([]);
    const texters = (await ids('texter_id', `t${campaignId}-2@`)).json().items;
    expect(texters).toEqual([
      { id: expect.any(Number), label: `Texter ${campaignId}-2 <t${campaignId}-2@example.org>` },
    ]);
    const newest = (await ids('conversation_id', '')).json().items as { id: number; label: string }[];
    expect(newest).toHaveLength(REPORT_LIMITS.idSearchRows);
    expect(newest[0]?.label).toMatch(/^Winter 100% drive · Texter/);
    const one = newest[3]!;
    expect((await ids('conversation_id', String(one.id))).json().items).toEqual([one]);
    expect((await ids('conversation_id', 'winter')).json().items).toEqual([]);

    expect((await ids('user_id', 'zelda', auditor)).statusCode).toBe(403);
    const badType = await ids('message_id', '1');
    expect(badType.statusCode).toBe(400);
    expect(badType.json().error.details).toEqual([expect.objectContaining({ path: 'params/type' })]);
    const long = await ids('user_id', 'x'.repeat(201));
    expect(long.statusCode).toBe(400);
    expect(long.json().error.details).toEqual([expect.objectContaining({ path: 'querystring/q' })]);
  });

  it('answers values of other types as the exports write them', async () => {
    await call(admin, 'POST', '/api/reports', {
      name: 'odd-types',
      title: 'Odd',
      body: "select '\\x01ff'::bytea as b, array[1, 2] as a, 9007199254740993::bigint as big, 1.50::numeric as n, true as yes, null::int as nothing, '{\"k\": 1}'::jsonb as j",
    });
    const run = await call(admin, 'POST', '/api/reports/odd-types/run', {});
    expect(run.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(run.json().rows).toEqual([
      ['\\x01ff', '[1,2]', '9007199254740993', '1.50', true, null, '{"k": 1}'],
    ]);
  });

  it('answers dates, times, numbers, nulls, JSON and arrays as it always has', async () => {
    await call(admin, 'POST', '/api/reports', {
      name: 'all-types',
      title: 'All types',
      body: [
        "select x.ts, x.ts::text as ts_text, '2026-03-04 05:06:07'::timestamp as local,",
        "  '2026-03-04'::date as d, '05:06:07'::time as t, '1 day 02:00'::interval as i,",
        '  1::int2 as small, 2::int4 as int, 9007199254740991::int8 as safe, 1.5::float8 as f,',
        "  'NaN'::float8 as nan, 1.50::numeric as n, null::text as nothing, null::timestamptz as no_time,",
        "  e'say \"hi\"\\n' as quoted, 'ünï ☃' as unicode, '{\"k\": [1, 2]}'::json as j,",
        "  array['a', null] as texts, false as no",
        "from (select '2026-03-04 05:06:07.5+00'::timestamptz as ts) x",
      ].join('\n'),
    });
    const run = await call(admin, 'POST', '/api/reports/all-types/run', {});
    expect(run.statusCode).toBe(200);
    const [row] = run.json().rows as unknown[][];
    // A timestamptz as PostgreSQL prints it in the session's time zone, as psql shows it.
    expect(row?.[0]).toBe(row?.[1]);
    expect(row?.slice(2)).toEqual([
      '2026-03-04 05:06:07',
      '2026-03-04',
      '05:06:07',
      '1 day 02:00:00',
      1,
      2,
      9007199254740991,
      1.5,
      null,
      '1.50',
      null,
      null,
      'say "hi"\n',
      'ünï ☃',
      '{"k": [1, 2]}',
      '["a",null]',
      false,
    ]);
  });

  it('streams a long answer; a failure after the first rows ends it with an error member', async () => {
    const late = 'select g, 1 / (g - 15000) as x from generate_series(1, 25000) g';
    await call(admin, 'POST', '/api/reports', { name: 'fails-late', title: 'Late', body: late });
    const res = await call(admin, 'POST', '/api/reports/fails-late/run', { limit: 25_000 });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.error).toEqual({ code: 'report_failed', message: 'division by zero' });
    expect(body.rows.length).toBeGreaterThanOrEqual(10_000);
    expect(body.rows.length).toBeLessThan(15_000);
    expect(body.rows.every((r: number[], i: number) => r[0] === i + 1)).toBe(true);
    expect(body).not.toHaveProperty('truncated');
    const log = await testDb.db
      .selectFrom('report_runs')
      .select(['row_count', 'error'])
      .where('id', '=', body.run_id)
      .executeTakeFirstOrThrow();
    expect(log).toEqual({ row_count: null, error: 'division by zero' });

    // Before the first rows, the failure is an error reply with its status.
    const early = 'select g, 1 / (g - 3) as x from generate_series(1, 25000) g';
    await call(admin, 'POST', '/api/reports', { name: 'fails-early', title: 'Early', body: early });
    const refused = await call(admin, 'POST', '/api/reports/fails-early/run', { limit: 25_000 });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toEqual({ error: { code: 'report_failed', message: 'division by zero' } });

    // A whole answer over several batches: every row, in order, the cut said at the end.
    await call(admin, 'POST', '/api/reports', {
      name: 'long',
      title: 'Long',
      body: 'select g from generate_series(1, 25001) g',
    });
    const long = (await call(admin, 'POST', '/api/reports/long/run', { limit: 25_000 })).json();
    expect(long).toMatchObject({ columns: [{ name: 'g', type: 'number' }], truncated: true });
    expect(long.rows.length).toBe(25_000);
    expect(long.rows.every((r: number[], i: number) => r[0] === i + 1)).toBe(true);
  });

  it('deletes a report', async () => {
    expect((await call(admin, 'DELETE', '/api/reports/series')).statusCode).toBe(204);
    expect((await call(admin, 'GET', '/api/reports/series')).statusCode).toBe(404);
  });
});
