import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { loadConfig } from '../src/config.js';
import { closeReportPools, type Report, runReport } from '../src/reports/index.js';
import { benchDatabase, median, report, round } from './_support.js';

/**
 * `npm run bench -- report [rows] [rounds]`: one report run through Parley's runner (header
 * parsed, parameters bound, read-only transaction as parley_reports, timeout, run log, rows
 * read into JavaScript values) against `psql` running the same query, its result printed to
 * /dev/null, unaligned. Default 100,000 rows, 15 rounds, interleaved so both see the same machine;
 * medians; the ratio must stay ≤ 1.1. psql's time is its whole process (start, connect, run, print),
 * as someone running the query by hand would spend.
 */
const run = promisify(execFile);

const QUERY = 'SELECT id, label, created_at, amount FROM bench_report_rows WHERE id > :min_id ORDER BY id';
const BODY = `-- [params]\n-- int :min_id = 0\n${QUERY}`;

export default async function reportBench(args: string[]): Promise<void> {
  const rows = Number(args[0] ?? 100_000);
  const rounds = Number(args[1] ?? 15);
  const bench = await benchDatabase(4);
  try {
    await bench.pool.query(`
      create table bench_report_rows as
        select g as id, 'row ' || g as label, now() - g * interval '1 minute' as created_at,
               (g % 1000) * 1.25 as amount
          from generate_series(1, ${rows}) g`);
    await bench.pool.query('alter table bench_report_rows add primary key (id)');
    await bench.pool.query('grant select on bench_report_rows to parley_reports');
    await bench.pool.query('analyze bench_report_rows');
    const config = loadConfig({ ...process.env, DATABASE_URL: bench.url, PARLEY_DATA_DIR: '/nonexistent' });
    const ctx = { db: bench.db, config, databaseUrl: bench.url };
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
    const ours = async () => {
      const t0 = performance.now();
      const result = await runReport(
        ctx,
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
        {
          maxBuffer: 1 << 20,
        },
      );
      return performance.now() - t0;
    };
    await ours();
    await psql();
    const oursMs: number[] = [];
    const psqlMs: number[] = [];
    for (let i = 0; i < rounds; i++) {
      oursMs.push(await ours());
      psqlMs.push(await psql());
    }
    const figures = {
      rows,
      rounds,
      parley_ms: round(median(oursMs)),
      psql_ms: round(median(psqlMs)),
      ratio_to_psql: round(median(oursMs) / median(psqlMs), 3),
    };
    report('rows in the result', rows);
    report('Parley runner, median (ms)', figures.parley_ms);
    report('psql, median (ms)', figures.psql_ms);
    report('Parley / psql', figures.ratio_to_psql);
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    await closeReportPools();
    await bench.drop();
  }
}
