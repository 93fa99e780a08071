/**
 * `npm run bench -- assign`: batch assignment (docs/audit.md#the-batch-rule) through the HTTP API on a pool of
 * 1,000,000 conversations over 2,000 campaigns (skewed sizes, recency independent of size, spread
 * over 90 days), by signed-in auditors against a separate `parley` server process.
 *
 * Three rounds, each on the pool reset to the same state before every phase: saturation (64
 * auditors taking batches of 20 back to back), steady (200 requests/s open loop, latency from the
 * scheduled send time), the same rule without HTTP, and the naive baseline (newest-first LIMIT …
 * FOR UPDATE SKIP LOCKED over the whole pool, ignoring campaigns) under the same saturation load.
 * The baseline runs right before or after ours in every round (alternating), so both see the same
 * machine; the last line gives the median of each figure over the rounds, and the ratio of the
 * medians. CPU time per batch is measured for the load generator, the server process and the
 * PostgreSQL server (its backends), to show where the time goes.
 *
 * By default it runs on the embedded PostgreSQL with its default settings (autovacuum on), as
 * `parley serve` would without DATABASE_URL; `--external` uses DATABASE_URL's server instead.
 * Options: --conversations N --campaigns N --seconds N --rate N --concurrency N --rounds N.
 */
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { refreshPool } from '../src/audit/index.js';
import { loadConfig } from '../src/config.js';
import { SESSION_COOKIE } from '../src/http/request.js';
import { packageRoot } from '../src/paths.js';
import { createSession, createUser } from '../src/users/index.js';
import {
  type BenchDatabase,
  benchDatabase,
  freePort,
  median,
  percentile,
  report,
  round,
} from './_support.js';

interface Options {
  conversations: number;
  campaigns: number;
  seconds: number;
  rate: number;
  concurrency: number;
  size: number;
  rounds: number;
}

function parseOptions(args: string[]): Options {
  const get = (name: string, fallback: number) => {
    const index = args.indexOf(`--${name}`);
    return index >= 0 ? Number(args[index + 1]) : fallback;
  };
  return {
    conversations: get('conversations', 1_000_000),
    campaigns: get('campaigns', 2_000),
    seconds: get('seconds', 30),
    rate: get('rate', 200),
    concurrency: get('concurrency', 64),
    size: get('size', 20),
    rounds: get('rounds', 3),
  };
}

/** Zipf-like sizes summing exactly to `total`, shuffled so size says nothing about recency. */
function campaignSizes(campaigns: number, total: number): number[] {
  const weights = Array.from({ length: campaigns }, (_, i) => 1 / (i + 1) ** 0.9);
  const sum = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.max(1, Math.floor((w / sum) * total)));
  sizes[0]! += total - sizes.reduce((a, b) => a + b, 0);
  for (let i = sizes.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [sizes[i], sizes[j]] = [sizes[j]!, sizes[i]!];
  }
  return sizes;
}

interface Batch {
  items: { conversation_id: number; campaign: { id: number } }[];
}

interface PhaseResult {
  batches: Batch[];
  latencies: number[];
  errors: number;
  seconds: number;
  /** Batches completed in the first and in the last 5 s of the phase, per second. */
  first5: number;
  last5: number;
}

/** Batches per second completed in the first and the last 5 s of a phase of `seconds`. */
function edges(done: readonly number[], seconds: number): { first5: number; last5: number } {
  const window = Math.min(5, seconds / 2) * 1000;
  const end = seconds * 1000;
  const first = done.filter((t) => t < window).length;
  const last = done.filter((t) => t >= end - window && t < end).length;
  return { first5: (first * 1000) / window, last5: (last * 1000) / window };
}

/**
 * Kept-alive connections, one per auditor at most: the load generator shares the machine's two
 * cores with the server and PostgreSQL, so it uses node:http (a fraction of fetch's CPU per request).
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function post(url: string, cookie: string, size: number): Promise<{ status: number; body: Batch }> {
  const payload = JSON.stringify({ size });
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { cookie, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString()) as Batch,
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/** `concurrency` auditors, each taking batches back to back for `seconds`. */
async function saturation(url: string, cookies: string[], options: Options): Promise<PhaseResult> {
  const batches: Batch[] = [];
  const latencies: number[] = [];
  const done: number[] = [];
  let errors = 0;
  const start = performance.now();
  const end = start + options.seconds * 1000;
  await Promise.all(
    cookies.slice(0, options.concurrency).map(async (cookie) => {
      while (performance.now() < end) {
        const sent = performance.now();
        const reply = await post(url, cookie, options.size);
        latencies.push(performance.now() - sent);
        if (reply.status === 201) {
          batches.push(reply.body);
          done.push(performance.now() - start);
        } else errors++;
      }
    }),
  );
  return {
    batches,
    latencies: latencies.sort((a, b) => a - b),
    errors,
    seconds: (performance.now() - start) / 1000,
    ...edges(done, options.seconds),
  };
}

/** Open loop: requests at a fixed rate whatever the replies; latency counts from the scheduled time. */
async function steady(url: string, cookies: string[], options: Options): Promise<PhaseResult> {
  const batches: Batch[] = [];
  const latencies: number[] = [];
  let errors = 0;
  const total = options.rate * options.seconds;
  const interval = 1000 / options.rate;
  const start = performance.now() + 50;
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const scheduled = start + i * interval;
    const wait = scheduled - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const cookie = cookies[i % cookies.length]!;
    inflight.push(
      post(url, cookie, options.size).then((reply) => {
        latencies.push(performance.now() - scheduled);
        if (reply.status === 201) batches.push(reply.body);
        else errors++;
      }),
    );
  }
  await Promise.all(inflight);
  return {
    batches,
    latencies: latencies.sort((a, b) => a - b),
    errors,
    seconds: (performance.now() - start) / 1000,
    first5: Number.NaN,
    last5: Number.NaN,
  };
}

/** Frees every assigned conversation and recounts, so the next phase starts from the same pool. */
async function resetPool(bench: BenchDatabase): Promise<void> {
  await sql`update audit_pool set assigned_to = null, assigned_at = null, batch_id = null where assigned_to is not null`.execute(
    bench.db,
  );
  await sql`update audit_campaign_free c set free_count = f.n, newest_free_at = f.newest, fills = f.n >= audit_usual_need()
              from (select campaign_id, count(*)::int as n, max(last_message_at) as newest from audit_pool group by campaign_id) f
             where f.campaign_id = c.campaign_id`.execute(bench.db);
  await sql`vacuum analyze audit_pool`.execute(bench.db);
  await sql`vacuum analyze audit_campaign_free`.execute(bench.db);
}

/** 16 connections calling the assignment function straight, no HTTP: the database's share. */
async function directSaturation(bench: BenchDatabase, options: Options) {
  const latencies: number[] = [];
  let batches = 0;
  const users = (await sql<{ id: number }>`select id from users order by id`.execute(bench.db)).rows.map(
    (r) => r.id,
  );
  const start = performance.now();
  // Ten seconds at most: this path is fast enough to empty the pool in a long run.
  const end = start + Math.min(options.seconds, 10) * 1000;
  await Promise.all(
    Array.from({ length: 16 }, async (_, worker) => {
      const client = new pg.Client({ connectionString: bench.url });
      await client.connect();
      try {
        for (let i = 0; performance.now() < end; i++) {
          const auditor = users[(worker + i * 16) % users.length]!;
          const sent = performance.now();
          // A deadlock between two requests waiting for busy campaigns is retried, as assignBatch does.
          const { rowCount } = await client
            .query('select * from audit_take_batch($1, $2, now())', [auditor, options.size])
            .catch((error: { code?: string }) => {
              if (error.code === '40P01') return { rowCount: 0 };
              throw error;
            });
          latencies.push(performance.now() - sent);
          if (rowCount) batches++;
        }
      } finally {
        await client.end();
      }
    }),
  );
  return { batches, latencies: latencies.sort((a, b) => a - b), seconds: (performance.now() - start) / 1000 };
}

/** Seeds sources, campaigns, texters, contacts and conversations, and fills the pool. */
async function seed(bench: BenchDatabase, options: Options): Promise<void> {
  const t = performance.now();
  const now = new Date();
  const source = await bench.db
    .insertInto('sources')
    .values({ name: 'bench' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const sizes = campaignSizes(options.campaigns, options.conversations);
  const ninetyDays = 90 * 86_400;
  const starts: string[] = [];
  const lengths: number[] = [];
  for (let i = 0; i < options.campaigns; i++) {
    const length = 86_400 * (1 + Math.random() * 20);
    const end = now.getTime() / 1000 - Math.random() * (ninetyDays - length);
    starts.push(new Date((end - length) * 1000).toISOString());
    lengths.push(length);
  }
  const campaignIds = (
    await sql<{ id: number }>`
      insert into campaigns (source_id, spoke_key, title)
      select ${source.id}, n::text, 'Campaign ' || n from generate_series(1, ${options.campaigns}) n
      order by n returning id`.execute(bench.db)
  ).rows.map((r) => r.id);
  await sql`insert into texters (source_id, spoke_key, first_name, last_name)
            select ${source.id}, 't' || n, 'Texter', n::text from generate_series(1, 4000) n`.execute(
    bench.db,
  );
  await sql`insert into contacts (source_id, cell)
            select ${source.id}, '+1' || (2000000000 + n) from generate_series(1, ${options.conversations}) n`.execute(
    bench.db,
  );
  await sql`
    insert into conversations (source_id, spoke_key, campaign_id, contact_id, texter_id, message_count, contact_replied, last_message_at)
    select ${source.id}, g.rn::text, g.cid, g.rn, 1 + (random() * 3999)::int, 2, true,
           g.start + make_interval(secs => random() * g.len)
      from (select c.cid, c.start, c.len, row_number() over () as rn
              from unnest(${campaignIds}::int[], ${sizes}::int[], ${starts}::timestamptz[], ${lengths}::float8[]) as c(cid, size, start, len),
                   generate_series(1, c.size)) g`.execute(bench.db);
  await refreshPool(bench.db, now);
  await sql`vacuum analyze`.execute(bench.db);
  report(
    'seeded conversations / campaigns',
    `${options.conversations} / ${options.campaigns} in ${round((performance.now() - t) / 1000, 1)} s`,
  );
}

/** Signed-in auditors (session cookies), taking batches back to back: every request is a new batch. */
async function auditors(bench: BenchDatabase, options: Options): Promise<string[]> {
  const config = loadConfig({
    PARLEY_SECRET: 'bench-secret-bench-secret-bench-secret',
    PARLEY_DATA_DIR: '/nonexistent',
  });
  const cookies: string[] = [];
  for (let i = 0; i < Math.max(options.concurrency, 64); i++) {
    const user = await createUser(bench.db, {
      email: `bench${i}@example.org`,
      role: 'auditor',
      password: 'bench password 1',
    });
    cookies.push(`${SESSION_COOKIE}=${await createSession(bench.db, user.id, config.session, new Date())}`);
  }
  await sql`update audit_settings set resume_unfinished = false`.execute(bench.db);
  return cookies;
}

async function startServer(
  bench: BenchDatabase,
): Promise<{ process: ReturnType<typeof spawn>; base: string }> {
  const port = await freePort();
  const server = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(packageRoot, 'bench/_assign-server.ts')],
    {
      env: {
        ...process.env,
        DATABASE_URL: bench.url,
        PORT: String(port),
        PARLEY_SECRET: 'bench-secret-bench-secret-bench-secret',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    server.on('exit', (code) => reject(new Error(`bench server exited ${code}`)));
  });
  return { process: server, base: `http://127.0.0.1:${port}` };
}

/** CPU time (ms) each process has used so far, from /proc (Linux); empty elsewhere. */
async function cpuTimes(pids: readonly number[]): Promise<Map<number, number>> {
  const times = new Map<number, number>();
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
    if (!stat) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime (fields 14 and 15), in clock ticks of 10 ms.
    times.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
  }
  return times;
}

/** The PostgreSQL server's processes that work for this database: its backends and the shared background ones. */
async function databasePids(bench: BenchDatabase): Promise<number[]> {
  const { rows } = await sql<{ pid: number }>`
    select pid from pg_stat_activity where datname = current_database() or datname is null`.execute(bench.db);
  const visible = await readdir('/proc').catch((): string[] => []);
  return rows.map((r) => r.pid).filter((pid) => visible.includes(String(pid)));
}

interface CpuPerBatch {
  load: number;
  server: number | null;
  database: number | null;
}

/** Runs a phase and measures the CPU it cost per batch in the load generator, the server and PostgreSQL. */
async function withCpu(
  bench: BenchDatabase,
  serverPid: number,
  run: () => Promise<PhaseResult>,
): Promise<{ phase: PhaseResult; cpu: CpuPerBatch }> {
  const pids = [serverPid, ...(await databasePids(bench))];
  const before = await cpuTimes(pids);
  const load = process.cpuUsage();
  const phase = await run();
  const used = process.cpuUsage(load);
  const after = await cpuTimes([...pids, ...(await databasePids(bench))]);
  const delta = (pid: number) => (after.get(pid) ?? 0) - (before.get(pid) ?? 0);
  const n = Math.max(1, phase.batches.length);
  const db = [...after.keys()].filter((pid) => pid !== serverPid);
  return {
    phase,
    cpu: {
      load: round((used.user + used.system) / 1000 / n, 3),
      server: after.has(serverPid) ? round(delta(serverPid) / n, 3) : null,
      database: db.length > 0 ? round(db.reduce((sum, pid) => sum + delta(pid), 0) / n, 3) : null,
    },
  };
}

interface Round {
  sat: PhaseResult;
  std: PhaseResult;
  naive: PhaseResult;
  naiveFull: PhaseResult;
  direct: Awaited<ReturnType<typeof directSaturation>>;
  cpu: { ours: CpuPerBatch; naive: CpuPerBatch; naiveFull: CpuPerBatch };
  doubleAssigned: number;
  fullShare: number;
  singleShare: number | null;
}

/** Checks ours' batches of one round: none shares a conversation, all full, one campaign when one could fill. */
async function checkBatches(bench: BenchDatabase, batches: Batch[], options: Options) {
  const ids = batches.flatMap((b) => b.items.map((i) => i.conversation_id));
  const full = batches.filter((b) => b.items.length === options.size).length;
  const single = batches.filter((b) => new Set(b.items.map((i) => i.campaign.id)).size === 1).length;
  // Counts only fall during a phase: if a campaign can still fill a batch now, one could at every request.
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from audit_campaign_free where free_count >= ${options.size}`.execute(bench.db);
  return {
    doubleAssigned: ids.length - new Set(ids).size,
    fullShare: full / Math.max(1, batches.length),
    singleShare: rows[0]!.n > 0 ? single / Math.max(1, batches.length) : null,
  };
}

/**
 * One round: ours (saturation, then steady), the rule without HTTP, and both baselines — each on
 * the reset pool. The baselines run before ours in every other round, so neither side always
 * meets the machine fresher.
 */
async function runRound(
  bench: BenchDatabase,
  server: { process: ReturnType<typeof spawn>; base: string },
  cookies: string[],
  options: Options,
  baselinesFirst: boolean,
): Promise<Round> {
  const pid = server.process.pid!;
  const baseline = async (route: string) => {
    await resetPool(bench);
    return withCpu(bench, pid, () => saturation(`${server.base}${route}`, cookies, options));
  };
  const baselines = async () => ({
    naive: await baseline('/api/bench/naive-batch'),
    full: await baseline('/api/bench/naive-full-batch'),
  });
  const early = baselinesFirst ? await baselines() : null;
  await resetPool(bench);
  const ours = await withCpu(bench, pid, () =>
    saturation(`${server.base}/api/audit/batches`, cookies, options),
  );
  const std = await steady(`${server.base}/api/audit/batches`, cookies, options);
  const checks = await checkBatches(bench, [...ours.phase.batches, ...std.batches], options);
  await resetPool(bench);
  const direct = await directSaturation(bench, options);
  const { naive, full } = early ?? (await baselines());
  return {
    sat: ours.phase,
    std,
    naive: naive.phase,
    naiveFull: full.phase,
    direct,
    cpu: { ours: ours.cpu, naive: naive.cpu, naiveFull: full.cpu },
    ...checks,
  };
}

const med = (values: readonly (number | null)[], digits = 2) => {
  const known = values.filter((v): v is number => v !== null && !Number.isNaN(v));
  return known.length > 0 ? round(median(known), digits) : null;
};

/** The figures of one round (printed per round) and their medians over the rounds (the last line). */
function roundFigures(r: Round) {
  return {
    batches_per_s: round(r.sat.batches.length / r.sat.seconds, 1),
    baseline_batches_per_s: round(r.naive.batches.length / r.naive.seconds, 1),
    first_5s_batches_per_s: round(r.sat.first5, 1),
    last_5s_batches_per_s: round(r.sat.last5, 1),
    p50_ms: round(percentile(r.sat.latencies, 50)),
    p99_ms: round(percentile(r.sat.latencies, 99)),
    steady_batches_per_s: round(r.std.batches.length / r.std.seconds, 1),
    steady_p50_ms: round(percentile(r.std.latencies, 50)),
    steady_p99_ms: round(percentile(r.std.latencies, 99)),
    db_only_batches_per_s: round(r.direct.batches / r.direct.seconds, 1),
    db_only_p99_ms: round(percentile(r.direct.latencies, 99)),
    baseline_p99_ms: round(percentile(r.naive.latencies, 99)),
    baseline_first_5s_batches_per_s: round(r.naive.first5, 1),
    full_baseline_batches_per_s: round(r.naiveFull.batches.length / r.naiveFull.seconds, 1),
    full_baseline_p99_ms: round(percentile(r.naiveFull.latencies, 99)),
    baseline_last_5s_batches_per_s: round(r.naive.last5, 1),
  };
}

function summarise(rounds: Round[]) {
  const each = rounds.map(roundFigures);
  const medians = Object.fromEntries(
    Object.keys(each[0]!).map((key) => [
      key,
      med(
        each.map((f) => f[key as keyof typeof f]),
        1,
      ),
    ]),
  ) as Record<keyof ReturnType<typeof roundFigures>, number | null>;
  const cpu = (side: keyof Round['cpu'], part: keyof CpuPerBatch) =>
    med(
      rounds.map((r) => r.cpu[side][part]),
      3,
    );
  const cpuOf = (side: keyof Round['cpu']) => ({
    load: cpu(side, 'load'),
    server: cpu(side, 'server'),
    database: cpu(side, 'database'),
  });
  const singles = rounds.map((r) => r.singleShare).filter((v): v is number => v !== null);
  return {
    ...medians,
    ratio_to_baseline: round((medians.batches_per_s ?? 0) / (medians.baseline_batches_per_s ?? 1), 2),
    ratio_per_round: each.map((f) => round(f.batches_per_s / f.baseline_batches_per_s, 2)),
    ratio_to_full_baseline: round(
      (medians.batches_per_s ?? 0) / (medians.full_baseline_batches_per_s ?? 1),
      2,
    ),
    double_assigned: rounds.reduce((sum, r) => sum + r.doubleAssigned, 0),
    full_share: round(Math.min(...rounds.map((r) => r.fullShare)), 4),
    single_campaign_share: singles.length > 0 ? round(Math.min(...singles), 4) : null,
    errors: rounds.reduce(
      (sum, r) => sum + r.sat.errors + r.std.errors + r.naive.errors + r.naiveFull.errors,
      0,
    ),
    cpu_ms_per_batch: { ours: cpuOf('ours'), baseline: cpuOf('naive'), full_baseline: cpuOf('naiveFull') },
    rounds: rounds.length,
  };
}

function printSummary(figures: ReturnType<typeof summarise>, options: Options): void {
  report(
    'saturation batches/s (median)',
    `${figures.batches_per_s} (${options.concurrency} auditors, ${options.seconds} s)`,
  );
  report('  first 5 s / last 5 s', `${figures.first_5s_batches_per_s} / ${figures.last_5s_batches_per_s}`);
  report('saturation latency p50 / p99 ms', `${figures.p50_ms} / ${figures.p99_ms}`);
  report('steady batches/s (target rate)', `${figures.steady_batches_per_s} (${options.rate}/s)`);
  report('steady latency p50 / p99 ms', `${figures.steady_p50_ms} / ${figures.steady_p99_ms}`);
  report('conversations double-assigned', figures.double_assigned);
  report('full batches', `${round(figures.full_share * 100, 2)} %`);
  report(
    'single-campaign batches (a campaign could fill)',
    `${figures.single_campaign_share === null ? 'n/a' : round(figures.single_campaign_share * 100, 2)} %`,
  );
  report(
    'same rule without HTTP: batches/s, p99 ms',
    `${figures.db_only_batches_per_s}, ${figures.db_only_p99_ms}`,
  );
  report('naive baseline batches/s, p99 ms', `${figures.baseline_batches_per_s}, ${figures.baseline_p99_ms}`);
  report(
    'naive choice, answered as a full batch: batches/s',
    `${figures.full_baseline_batches_per_s} (ours / it: ${figures.ratio_to_full_baseline})`,
  );
  report(
    'ours / naive throughput (medians; per round)',
    `${figures.ratio_to_baseline} (${figures.ratio_per_round.join(', ')})`,
  );
  const c = figures.cpu_ms_per_batch;
  report(
    'CPU ms/batch ours: load, server, PostgreSQL',
    `${c.ours.load}, ${c.ours.server}, ${c.ours.database}`,
  );
  const f = c.full_baseline;
  report('CPU ms/batch naive full: load, server, PostgreSQL', `${f.load}, ${f.server}, ${f.database}`);
  report(
    'CPU ms/batch naive: load, server, PostgreSQL',
    `${c.baseline.load}, ${c.baseline.server}, ${c.baseline.database}`,
  );
}

export default async function assignBench(args: string[]): Promise<void> {
  const options = parseOptions(args);
  // The embedded PostgreSQL with its default settings unless told otherwise (see the top).
  if (!args.includes('--external')) delete process.env.DATABASE_URL;
  const bench = await benchDatabase();
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    await seed(bench, options);
    const cookies = await auditors(bench, options);
    server = await startServer(bench);
    await sql`create index audit_pool_naive_idx on audit_pool (last_message_at desc) where assigned_to is null and audited_at is null`.execute(
      bench.db,
    );
    // Warm up connections, JIT and caches on both routes.
    await saturation(`${server.base}/api/audit/batches`, cookies, { ...options, seconds: 2 });
    await resetPool(bench);
    await saturation(`${server.base}/api/bench/naive-batch`, cookies, { ...options, seconds: 2 });
    await resetPool(bench);
    await saturation(`${server.base}/api/bench/naive-full-batch`, cookies, { ...options, seconds: 2 });
    const t = performance.now();
    const rounds: Round[] = [];
    for (let i = 0; i < options.rounds; i++) {
      rounds.push(await runRound(bench, server, cookies, options, i % 2 === 1));
      const f = roundFigures(rounds[i]!);
      report(
        `round ${i + 1}: ours, naive batches/s (ratio)`,
        `${f.batches_per_s}, ${f.baseline_batches_per_s} (${round(f.batches_per_s / f.baseline_batches_per_s, 2)}); first/last 5 s ${f.first_5s_batches_per_s}/${f.last_5s_batches_per_s}; steady p99 ${f.steady_p99_ms} ms`,
      );
    }
    const figures = summarise(rounds);
    printSummary(figures, options);
    report('measured in', `${round((performance.now() - t) / 1000, 1)} s`);
    process.stdout.write(
      `${JSON.stringify({ ...figures, database: args.includes('--external') ? 'external' : 'embedded' })}\n`,
    );
  } finally {
    server?.process.kill('SIGTERM');
    if (args.includes('--keep')) {
      // The naive phase claimed without counts: make them true again for whoever looks next.
      await resetPool(bench);
      process.stdout.write(`kept database ${bench.url}\n`);
      await bench.keep();
    } else await bench.drop();
  }
}
