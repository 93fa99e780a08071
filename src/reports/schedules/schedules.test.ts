import { Logger, runOnce } from 'graphile-worker';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp, testConfig } from '../../../test/harness/app.js';
import { setupTestDatabase, type TestDatabase } from '../../../test/harness/db.js';
import { startSmtpServer, type TestSmtpServer } from '../../../test/harness/smtp.js';
import type { Config } from '../../config.js';
import { createPool } from '../../db/index.js';
import type { Database } from '../../db/rows.js';
import { createDelivery, type Delivery, sendDueEmails } from '../../email/index.js';
import { taskList } from '../../jobs/tasks.js';
import type { ReportContext } from '../run.js';
import { closeReportPools } from '../runner/pools.js';
import { queueDueSchedules } from './due.js';
import { runSchedule } from './run.js';

/**
 * Schedules end to end: the API saves them, the due scan queues runs, the worker runs the report
 * as `via = 'schedule'` and mails through the outbox to a real SMTP server on loopback.
 */
const testDb = setupTestDatabase();
let app: TestApp;
let smtp: TestSmtpServer;
let delivery: Delivery;
let config: Config;
let admin: { id: number; cookie: string };
let moderator: { id: number; cookie: string };
let auditor: { id: number; cookie: string };

const silent = new Logger(() => () => undefined);
const ctx = (): ReportContext => ({ db: testDb.db, config, databaseUrl: testDb.url });

beforeAll(async () => {
  smtp = await startSmtpServer();
  delivery = createDelivery(smtp.url, { address: 'noreply@parley.test', name: 'Parley' })!;
  config = testConfig({
    REPORTS_DATABASE_URL: testDb.url,
    PUBLIC_URL: 'https://parley.example.org',
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Parley <noreply@parley.test>',
  });
  app = await buildTestApp(testDb.db, { config });
  const login = async (
    role: 'admin' | 'moderator' | 'auditor',
    email: string,
    language: 'en' | 'pt-BR' = 'en',
  ) => {
    const { user, cookie } = await app.loginAs(role, { email, name: `${role} person` });
    await testDb.db.updateTable('users').set({ language }).where('id', '=', user.id).execute();
    return { id: user.id, cookie };
  };
  admin = await login('admin', 'owner@example.org');
  moderator = await login('moderator', 'mod@example.org', 'pt-BR');
  auditor = await login('auditor', 'aud@example.org');
  await sql`create table watched (id integer primary key, label text)`.execute(testDb.db);
  await sql`grant select on watched to parley_reports`.execute(testDb.db);
});
afterAll(async () => {
  delivery?.transport.close();
  await smtp?.close();
  await app?.close();
  await closeReportPools();
});

const call = (cookie: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  app.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

async function saveReport(name: string, body: string, extra: object = {}): Promise<void> {
  const res = await call(admin.cookie, 'POST', '/api/reports', {
    name,
    title: `Report ${name}`,
    body,
    run_roles: ['moderator'],
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
}

async function schedule(report: string, body: object): Promise<number> {
  const res = await call(admin.cookie, 'POST', `/api/reports/${report}/schedules`, {
    cron: '0 7 * * *',
    time_zone: 'America/Sao_Paulo',
    recipients: [moderator.id],
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}

async function setWatched(ids: number[]): Promise<void> {
  await sql`delete from watched`.execute(testDb.db);
  for (const id of ids) await sql`insert into watched values (${id}, ${`item, "${id}"`})`.execute(testDb.db);
}

async function makeDue(id: number): Promise<void> {
  await testDb.db
    .updateTable('report_schedules')
    .set({ next_run_at: new Date(Date.now() - 60_000) })
    .where('id', '=', id)
    .execute();
}

async function outbox(kind: string) {
  return testDb.db
    .selectFrom('email_outbox')
    .select(['id', 'to_address', 'subject', 'status'])
    .where('kind', '=', kind)
    .orderBy('id')
    .execute();
}

async function state(id: number) {
  return testDb.db.selectFrom('report_schedules').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** A worker process: runs every queued job (schedule runs, then the mails they queued) once. */
function worker(db: Pick<TestDatabase, 'db' | 'pool'> = testDb) {
  return runOnce({
    pgPool: db.pool,
    taskList: taskList({ db: db.db, pool: db.pool, config, databaseUrl: testDb.url, email: config.email }),
    noHandleSignals: true,
    logger: silent,
  });
}

describe('scheduled reports', () => {
  it('e-mails a due report its CSV through the worker, and logs the run as a schedule', async () => {
    await saveReport('watched-list', 'select id, label from watched order by id');
    await setWatched([1, 2]);
    const id = await schedule('watched-list', { kind: 'email' });
    await makeDue(id);
    const before = smtp.received.length;
    expect(await queueDueSchedules(testDb.db, new Date())).toBe(1);
    await worker();
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    expect(mail!.envelope.to).toEqual(['mod@example.org']);
    expect(mail!.parsed.subject).toBe('Report watched-list: 2 linhas');
    expect(mail!.parsed.html).toContain('https://parley.example.org/reports/watched-list?run=1');
    const [file] = mail!.parsed.attachments;
    expect(file!.filename).toMatch(/^watched-list-\d{4}-\d\d-\d\d\.csv$/);
    expect(file!.contentType).toBe('text/csv');
    expect(file!.content.toString('utf8')).toBe('id,label\r\n1,"item, ""1"""\r\n2,"item, ""2"""\r\n');
    const run = await testDb.db
      .selectFrom('report_runs')
      .selectAll()
      .where('report_name', '=', 'watched-list')
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({ via: 'schedule', row_count: 2, error: null });
    const after = await state(id);
    expect(after).toMatchObject({
      last_status: 'sent',
      last_row_count: 2,
      running_since: null,
      last_run_id: run.id,
    });
    expect(after.next_run_at.getTime()).toBeGreaterThan(Date.now());
    // Sent: the outbox no longer keeps the file.
    expect(await testDb.db.selectFrom('email_attachments').select('id').execute()).toEqual([]);
  });

  it('sends nothing when the result is empty', async () => {
    await saveReport('watched-empty', 'select id from watched');
    await setWatched([]);
    const id = await schedule('watched-empty', { kind: 'email' });
    const result = await runSchedule(ctx(), id, { manual: true });
    expect(result).toEqual({ ran: true, status: 'empty', mailed: 0 });
    expect((await state(id)).last_status).toBe('empty');
    expect(await outbox('report_result')).toHaveLength(1); // the previous test's only
  });

  it('alerts when a check returns rows, once, and again only after it cleared', async () => {
    await saveReport('watched-rows', 'select id from watched');
    const id = await schedule('watched-rows', {
      kind: 'alert_when_rows',
      recipients: [moderator.id, admin.id],
    });
    const alerts = async () => (await outbox('report_alert')).length;
    await setWatched([7]);
    expect(await runSchedule(ctx(), id, { manual: true })).toMatchObject({ status: 'alert', mailed: 2 });
    expect(await alerts()).toBe(2);
    await setWatched([7, 8]);
    expect(await runSchedule(ctx(), id, { manual: true })).toMatchObject({ status: 'alerting', mailed: 0 });
    expect(await alerts()).toBe(2);
    await setWatched([]);
    expect(await runSchedule(ctx(), id, { manual: true })).toMatchObject({ status: 'ok', mailed: 0 });
    expect(await alerts()).toBe(2);
    await setWatched([9]);
    expect(await runSchedule(ctx(), id, { manual: true })).toMatchObject({ status: 'alert', mailed: 2 });
    expect(await alerts()).toBe(4);
    const before = smtp.received.length;
    await sendDueEmails(testDb.db, { delivery });
    const mails = (await smtp.waitFor(before + 4)).slice(before);
    const english = mails.find((m) => m.envelope.to.includes('owner@example.org'))!;
    expect(english.parsed.subject).toBe('Alert: Report watched-rows returned 1 row');
    expect(english.parsed.attachments[0]!.content.toString()).toBe('id\r\n9\r\n');
  });

  it('alerts when a check that should return rows returns none', async () => {
    await saveReport('watched-none', 'select id from watched');
    const id = await schedule('watched-none', { kind: 'alert_when_empty' });
    await setWatched([1]);
    expect(await runSchedule(ctx(), id, { manual: true })).toMatchObject({ status: 'ok', mailed: 0 });
    await setWatched([]);
    expect(await runSchedule(ctx(), id, { manual: true })).toMatchObject({ status: 'alert', mailed: 1 });
    expect(await runSchedule(ctx(), id, { manual: true })).toMatchObject({ status: 'alerting', mailed: 0 });
  });

  it('alerts when the row count changes by more than the percentage since the previous run', async () => {
    await saveReport('watched-change', 'select id from watched');
    const id = await schedule('watched-change', {
      kind: 'alert_when_change',
      change_percent: 50,
      recipients: [admin.id],
    });
    await setWatched([1, 2]);
    expect(await runSchedule(ctx(), id, { manual: true })).toMatchObject({ status: 'ok', mailed: 0 });
    await setWatched([1, 2, 3]);
    expect(await runSchedule(ctx(), id, { manual: true })).toMatchObject({ status: 'ok', mailed: 0 });
    await setWatched([1, 2, 3, 4, 5]);
    expect(await runSchedule(ctx(), id, { manual: true })).toMatchObject({ status: 'alert', mailed: 1 });
    await setWatched([1]);
    expect(await runSchedule(ctx(), id, { manual: true })).toMatchObject({ status: 'alert', mailed: 1 });
    const [first, second] = (await outbox('report_alert')).slice(-2);
    expect(first!.subject).toBe('Alert: Report watched-change changed by 66.7 %');
    expect(second!.subject).toBe('Alert: Report watched-change changed by 80 %');
    expect((await state(id)).last_row_count).toBe(1);
  });
});

describe('a scheduled run that fails', () => {
  it('e-mails the owner the error and shows it with the schedule; the same error is not mailed twice', async () => {
    await saveReport('broken', 'select id from watched');
    const id = await schedule('broken', { kind: 'email' });
    await sql`alter table watched rename to watched_gone`.execute(testDb.db);
    try {
      expect(await runSchedule(ctx(), id, { manual: true })).toMatchObject({ status: 'failed', mailed: 1 });
      expect(await runSchedule(ctx(), id, { manual: true })).toMatchObject({ status: 'failed', mailed: 0 });
    } finally {
      await sql`alter table watched_gone rename to watched`.execute(testDb.db);
    }
    const failures = await outbox('report_failure');
    expect(failures.map((m) => m.to_address)).toEqual(['owner@example.org']);
    const before = smtp.received.length;
    await sendDueEmails(testDb.db, { delivery });
    const mail = (await smtp.waitFor(before + 1)).find((m) => m.parsed.subject?.includes('Report broken'));
    expect(mail!.parsed.subject).toBe('The scheduled run of Report broken failed');
    expect(mail!.parsed.text).toContain('relation "watched" does not exist');
    const list = (await call(admin.cookie, 'GET', '/api/reports/broken/schedules')).json();
    expect(list.schedules[0]).toMatchObject({ last_status: 'failed', alerting: false });
    expect(list.schedules[0].last_error).toContain('relation "watched" does not exist');
    expect(list.schedules[0].failing_since).not.toBeNull();
    // It recovers: the error goes away from the page.
    await setWatched([1]);
    expect(await runSchedule(ctx(), id, { manual: true })).toMatchObject({ status: 'sent' });
    expect(await state(id)).toMatchObject({ last_error: null, failing_since: null });
  });

  it('mails again when it fails differently: a timeout, then a data source that does not answer', async () => {
    await saveReport('slow', 'select pg_sleep(3)', { timeout_seconds: 1 });
    const slow = await schedule('slow', { kind: 'email' });
    expect(await runSchedule(ctx(), slow, { manual: true })).toMatchObject({ status: 'failed', mailed: 1 });
    expect(await state(slow)).toMatchObject({ last_error_code: 'report_timeout' });
    const source = await call(admin.cookie, 'POST', '/api/reports/sources', {
      name: 'down',
      url: 'postgres://nobody@127.0.0.1:1/nothing',
    });
    expect(source.statusCode).toBe(201);
    await saveReport('remote', 'select 1', { source_id: source.json().id });
    const remote = await schedule('remote', { kind: 'alert_when_rows' });
    expect(await runSchedule(ctx(), remote, { manual: true })).toMatchObject({ status: 'failed', mailed: 1 });
    expect(await state(remote)).toMatchObject({ last_error_code: 'report_source_unavailable' });
  });

  it('tells every admin when the report has no owner (a built-in); no recipient left is a failure too', async () => {
    const other = await app.loginAs('admin', { email: 'second-admin@example.org' });
    const id = await schedule('audit-pool-health', { kind: 'email', recipients: [other.user.id] });
    await testDb.db.updateTable('users').set({ disabled: true }).where('id', '=', other.user.id).execute();
    const result = await runSchedule(ctx(), id, { manual: true });
    expect(result).toMatchObject({ status: 'failed', mailed: 1 });
    expect(await state(id)).toMatchObject({ last_error_code: 'report_schedule_no_recipients' });
    const [mail] = (await outbox('report_failure')).slice(-1);
    expect(mail).toMatchObject({ to_address: 'owner@example.org' });
  });
});

describe('two workers', () => {
  it('never run one schedule twice', async () => {
    await saveReport('watched-twice', 'select id from watched');
    await setWatched([1]);
    const id = await schedule('watched-twice', { kind: 'email' });
    await makeDue(id);
    const other = secondProcess();
    try {
      const now = new Date();
      const queued = await Promise.all([queueDueSchedules(testDb.db, now), queueDueSchedules(other.db, now)]);
      expect(queued[0] + queued[1]).toBe(1);
      await Promise.all([worker(), worker(other)]);
      const runs = await testDb.db
        .selectFrom('report_runs')
        .select('id')
        .where('report_name', '=', 'watched-twice')
        .execute();
      expect(runs).toHaveLength(1);
      // Two runs of the same schedule at once (a manual one and a due one): one holds it.
      const both = await Promise.all([
        runSchedule(ctx(), id, { manual: true }),
        runSchedule({ ...ctx(), db: other.db }, id, { manual: true }),
      ]);
      expect(both.filter((r) => r.ran)).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});

/** A second connection pool to the same database, as another process would have. */
function secondProcess() {
  const pool = createPool(testDb.url, 4, 'parley-test-second-worker');
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool, close: () => db.destroy() };
}

describe('the schedules API', () => {
  it('pauses a due schedule whose time zone the runtime no longer knows, saying why', async () => {
    await saveReport('zone-gone', 'select 1 as one');
    const id = await schedule('zone-gone', { kind: 'email' });
    await testDb.db
      .updateTable('report_schedules')
      .set({ time_zone: 'Mars/Olympus' })
      .where('id', '=', id)
      .execute();
    await makeDue(id);
    await queueDueSchedules(testDb.db, new Date());
    expect(await state(id)).toMatchObject({
      enabled: false,
      last_status: 'failed',
      last_error_code: 'report_schedule_invalid',
    });
    const jobs = await sql<{ key: string }>`select key from graphile_worker.jobs
      where key = ${`report_schedule_run:${id}`}`.execute(testDb.db);
    expect(jobs.rows).toEqual([]);
  });

  it('refuses a bad cron, time zone, parameters and recipients at once, naming each field', async () => {
    await saveReport(
      'series',
      '-- [params]\n-- int :n\n-- date :since = 2026-01-01\nselect g from generate_series(1, :n) g where :since is not null',
    );
    const res = await call(admin.cookie, 'POST', '/api/reports/series/schedules', {
      cron: '61 25 * * *',
      kind: 'alert_when_change',
      params: { n: 'many', since: '2026-13-01', other: '1' },
      recipients: [moderator.id, auditor.id],
    });
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(error.code).toBe('report_schedule_invalid');
    const fields = (error.details as { field: string; problem: string }[]).map(
      (d) => `${d.field} ${d.problem}`,
    );
    expect(fields).toEqual([
      'cron cron_range',
      'cron cron_range',
      'change_percent change_percent_required',
      'params.other param',
      'params.n param',
      'params.since param',
      'recipients.1 recipient_not_allowed',
    ]);
    const zone = await call(admin.cookie, 'POST', '/api/reports/series/schedules', {
      cron: '0 7 * * *',
      time_zone: 'Mars/Olympus',
      kind: 'email',
      params: { n: 3 },
      recipients: [moderator.id],
    });
    expect(zone.statusCode).toBe(400);
    expect(zone.json().error.details).toEqual([
      { field: 'time_zone', problem: 'time_zone_unknown', value: 'Mars/Olympus' },
    ]);
  });

  it('lists, changes, runs now and deletes schedules (admins only); renaming a report keeps them', async () => {
    await saveReport('managed', 'select 1 as one');
    const id = await schedule('managed', { kind: 'email' });
    const list = (await call(admin.cookie, 'GET', '/api/reports/managed/schedules')).json();
    expect(list.schedules).toHaveLength(1);
    expect(list.schedules[0]).toMatchObject({
      id,
      cron: '0 7 * * *',
      time_zone: 'America/Sao_Paulo',
      recipients: [{ id: moderator.id, email: 'mod@example.org', role: 'moderator' }],
      enabled: true,
      last_status: null,
    });
    // 07:00 in São Paulo is 10:00 UTC.
    expect(list.schedules[0].next_run_at).toMatch(/T10:00:00.000Z$/);
    expect(list.candidates.map((c: { email: string }) => c.email)).toEqual(
      expect.arrayContaining(['owner@example.org', 'mod@example.org']),
    );
    expect(list.candidates.map((c: { email: string }) => c.email)).not.toContain('aud@example.org');
    expect((await call(moderator.cookie, 'GET', '/api/reports/managed/schedules')).statusCode).toBe(403);
    const changed = await call(admin.cookie, 'PUT', `/api/reports/managed/schedules/${id}`, {
      cron: '@hourly',
      kind: 'alert_when_rows',
      recipients: [admin.id],
      enabled: false,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({
      cron: '@hourly',
      time_zone: 'UTC',
      kind: 'alert_when_rows',
      enabled: false,
    });
    const now = await call(admin.cookie, 'POST', `/api/reports/managed/schedules/${id}/run`);
    expect(now.statusCode).toBe(202);
    const jobs = await sql<{
      key: string;
    }>`select key from graphile_worker.jobs where key = ${`report_schedule_run:${id}`}`.execute(testDb.db);
    expect(jobs.rows).toHaveLength(1);
    await worker();
    expect(await state(id)).toMatchObject({ last_status: 'alert', enabled: false });
    const renamed = await call(admin.cookie, 'PUT', '/api/reports/managed', {
      name: 'managed-2',
      title: 'Managed',
      body: 'select 1 as one',
      run_roles: ['moderator'],
    });
    expect(renamed.statusCode).toBe(200);
    expect(
      (await call(admin.cookie, 'GET', '/api/reports/managed-2/schedules')).json().schedules,
    ).toHaveLength(1);
    expect((await call(admin.cookie, 'DELETE', `/api/reports/managed/schedules/${id}`)).statusCode).toBe(404);
    expect((await call(admin.cookie, 'DELETE', `/api/reports/managed-2/schedules/${id}`)).statusCode).toBe(
      204,
    );
    expect((await call(admin.cookie, 'GET', '/api/reports/managed-2/schedules')).json().schedules).toEqual(
      [],
    );
  });

  it('deletes the schedules of a deleted report', async () => {
    await saveReport('doomed', 'select 1 as one');
    await schedule('doomed', { kind: 'email' });
    expect((await call(admin.cookie, 'DELETE', '/api/reports/doomed')).statusCode).toBe(204);
    const left = await testDb.db
      .selectFrom('report_schedules')
      .select('id')
      .where('report_name', '=', 'doomed')
      .execute();
    expect(left).toEqual([]);
  });
});
