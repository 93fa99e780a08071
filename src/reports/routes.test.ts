import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp, testConfig } from '../../test/harness/app.js';
import { setupTestDatabase } from '../../test/harness/db.js';

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

  it('deletes a report', async () => {
    expect((await call(admin, 'DELETE', '/api/reports/series')).statusCode).toBe(204);
    expect((await call(admin, 'GET', '/api/reports/series')).statusCode).toBe(404);
  });
});
