import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { promisify } from 'node:util';
import { buildParleyApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { SESSION_COOKIE } from '../src/http/request.js';
import { closeReportPools, createReport, type Report, runReport } from '../src/reports/index.js';
import { createSession, createUser, sessionService } from '../src/users/index.js';
import { type BenchDatabase, benchDatabase, median, report, round } from './_support.js';

/**
 * `npm run bench -- report [rows] [rounds]`: a 100,000-row report as the web asks for it,
 * `POST /api/reports/bench/run` to the real app listening on 127.0.0.1 (session, role, the report
 * read, header parsed, parameters bound, read-only transaction as parley_reports, timeout, run
 * log, rows read and streamed out as the JSON answer, a batch at a time, read to the end by the
 * client) against `psql` running the same query, its result printed to /dev/null, unaligned.
 * psql's time is its whole process (start, connect, run, print), as someone running the query by
 * hand would spend. Also timed: the runner alone (`runReport`, rows into JavaScript values, as the
 * CLI uses it). Default 100,000 rows, 15 rounds, interleaved so all see the same machine; medians,
 * and the fastest round of each (the machine is shared: what each costs when left alone).
 */
const run = promisify(execFile);

const QUERY = 'SELECT id, label, created_at, amount FROM bench_report_rows WHERE id > :min_id ORDER BY id';
const BODY = `-- [params]\n-- int :min_id = 0\n${QUERY}`;

const definition: Report = {
  name: 'bench',
  title: 'Bench',
  description: '',
  body: BODY,
  sourceId: null,
  searchPath: null,
  timeoutSeconds: 120,
  runRoles: [],
  builtin: false,
  updatedAt: null,
};

async function fillTable(bench: BenchDatabase, rows: number): Promise<void> {
  await bench.pool.query(`
    create table bench_report_rows as
      select g as id, 'row ' || g as label, now() - g * interval '1 minute' as created_at,
             (g % 1000) * 1.25 as amount
        from generate_series(1, ${rows}) g`);
  await bench.pool.query('alter table bench_report_rows add primary key (id)');
  await bench.pool.query('grant select on bench_report_rows to parley_reports');
  await bench.pool.query('analyze bench_report_rows');
}

/** POSTs `body` and reads the answer to its end, keeping only its size (the client does no work). */
function post(url: string, cookie: string, body: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { cookie, 'content-type': 'application/json' } },
      (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export default async function reportBench(args: string[]): Promise<void> {
  const rows = Number(args[0] ?? 100_000);
  const rounds = Number(args[1] ?? 15);
  const bench = await benchDatabase(4);
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: bench.url,
    PARLEY_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
  });
  const deps = {
    config,
    db: bench.db,
    now: () => new Date(),
    sessions: sessionService(bench.db, config.session, null),
    databaseUrl: bench.url,
  };
  const built = await buildParleyApp(deps);
  try {
    await fillTable(bench, rows);
    const admin = await createUser(bench.db, {
      email: 'bench@example.org',
      name: 'Bench',
      role: 'admin',
      password: 'correct horse battery staple',
    });
    const cookie = `${SESSION_COOKIE}=${await createSession(bench.db, admin.id, config.session, new Date())}`;
    await createReport(bench.db, { ...definition, runRoles: [] }, admin.id);
    const base = await built.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `${base}/api/reports/bench/run`;
    const ask = JSON.stringify({ limit: rows });

    // Checked once, untimed: the answer holds every row.
    const first = await built.app.inject({
      method: 'POST',
      url: '/api/reports/bench/run',
      headers: { cookie },
      payload: { limit: rows },
    });
    const answer = first.json() as { rows: unknown[][] };
    if (answer.rows.length !== rows)
      throw new Error(`expected ${rows} rows, got ${answer.rows.length}: ${first.body.slice(0, 200)}`);
    const size = Buffer.byteLength(first.body);

    const web = async () => {
      const t0 = performance.now();
      const res = await post(url, cookie, ask);
      if (res.status !== 200 || res.bytes < size - 64)
        throw new Error(`answer ${res.status}, ${res.bytes} bytes`);
      return performance.now() - t0;
    };
    const runner = async () => {
      const t0 = performance.now();
      const result = await runReport(
        { db: bench.db, config, databaseUrl: bench.url },
        { report: definition, params: {}, actorId: null, via: 'cli' },
        rows,
      );
      if (result.rows.length !== rows) throw new Error(`expected ${rows} rows, got ${result.rows.length}`);
      return performance.now() - t0;
    };
    const psql = async () => {
      const t0 = performance.now();
      await run(
        'psql',
        ['-X', '-q', '-A', '-t', '-o', '/dev/null', '-d', bench.url, '-c', QUERY.replace(':min_id', '0')],
        { maxBuffer: 1 << 20 },
      );
      return performance.now() - t0;
    };
    await web();
    await runner();
    await psql();
    const webMs: number[] = [];
    const runnerMs: number[] = [];
    const psqlMs: number[] = [];
    for (let i = 0; i < rounds; i++) {
      webMs.push(await web());
      psqlMs.push(await psql());
      runnerMs.push(await runner());
    }
    const figures = {
      rows,
      rounds,
      answer_bytes: size,
      web_request_ms: round(median(webMs)),
      runner_ms: round(median(runnerMs)),
      psql_ms: round(median(psqlMs)),
      runner_ratio_to_psql: round(median(runnerMs) / median(psqlMs), 3),
      ratio_to_psql: round(median(webMs) / median(psqlMs), 3),
      // The fastest round of each: what each costs when the shared machine leaves it alone.
      fastest_web_ms: round(Math.min(...webMs)),
      fastest_runner_ms: round(Math.min(...runnerMs)),
      fastest_psql_ms: round(Math.min(...psqlMs)),
    };
    report('rows in the result', rows);
    report('JSON answer (bytes)', size);
    report('POST /api/reports/:name/run, median (ms)', figures.web_request_ms);
    report('runner alone (runReport), median (ms)', figures.runner_ms);
    report('psql, median (ms)', figures.psql_ms);
    report('runner alone / psql', figures.runner_ratio_to_psql);
    report('web request / psql', figures.ratio_to_psql);
    report(
      'fastest rounds: web / runner / psql (ms)',
      `${figures.fastest_web_ms} / ${figures.fastest_runner_ms} / ${figures.fastest_psql_ms}`,
    );
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    await built.app.close();
    await closeReportPools();
    await bench.drop();
  }
}
