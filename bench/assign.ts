/**
 * `npm run bench -- assign`: batch assignment (docs/audit.md#the-batch-rule) through the HTTP API on a pool of
 * 1,000,000 conversations over 2,000 campaigns (skewed sizes, recency independent of size, spread
 * over 90 days), by signed-in auditors against a separate `parley` server process.
 *
 * Phases: saturation (64 auditors taking batches of 20 back to back), steady (200 requests/s open
 * loop, latency from the scheduled send time), then the naive baseline (newest-first LIMIT … FOR
 * UPDATE SKIP LOCKED over the whole pool, ignoring campaigns) under the same saturation load.
 * Options: --conversations N --campaigns N --seconds N --rate N --concurrency N.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { refreshPool } from '../src/audit/index.js';
import { loadConfig } from '../src/config.js';
import { SESSION_COOKIE } from '../src/http/request.js';
import { packageRoot } from '../src/paths.js';
import { createSession, createUser } from '../src/users/index.js';
import { type BenchDatabase, benchDatabase, freePort, percentile, report, round } from './_support.js';

interface Options {
  conversations: number;
  campaigns: number;
  seconds: number;
  rate: number;
  concurrency: number;
  size: number;
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
  let errors = 0;
  const start = performance.now();
  const end = start + options.seconds * 1000;
  await Promise.all(
    cookies.slice(0, options.concurrency).map(async (cookie) => {
      while (performance.now() < end) {
        const sent = performance.now();
        const reply = await post(url, cookie, options.size);
        latencies.push(performance.now() - sent);
        if (reply.status === 201) batches.push(reply.body);
        else errors++;
      }
    }),
  );
  return {
    batches,
    latencies: latencies.sort((a, b) => a - b),
    errors,
    seconds: (performance.now() - start) / 1000,
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
          const { rowCount } = await client.query('select * from audit_take_batch($1, $2, now())', [
            auditor,
            options.size,
          ]);
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

export default async function assignBench(args: string[]): Promise<void> {
  const options = parseOptions(args);
  const bench = await benchDatabase();
  let server: ReturnType<typeof spawn> | null = null;
  try {
    // ---- seed ----
    let t = performance.now();
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
    // Auditors take batches back to back: every request is a new batch.
    await sql`update audit_settings set resume_unfinished = false`.execute(bench.db);

    // ---- server ----
    const port = await freePort();
    server = spawn(process.execPath, ['--import', 'tsx', path.join(packageRoot, 'bench/_assign-server.ts')], {
      env: {
        ...process.env,
        DATABASE_URL: bench.url,
        PORT: String(port),
        PARLEY_SECRET: 'bench-secret-bench-secret-bench-secret',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      server!.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      server!.on('exit', (code) => reject(new Error(`bench server exited ${code}`)));
    });
    const base = `http://127.0.0.1:${port}`;
    // Warm up connections, JIT and caches.
    await saturation(`${base}/api/audit/batches`, cookies, { ...options, seconds: 2 });

    // ---- ours ----
    t = performance.now();
    const sat = await saturation(`${base}/api/audit/batches`, cookies, options);
    const std = await steady(`${base}/api/audit/batches`, cookies, options);
    const ours = [...sat.batches, ...std.batches];
    const ids = ours.flatMap((b) => b.items.map((i) => i.conversation_id));
    const doubleAssigned = ids.length - new Set(ids).size;
    const full = ours.filter((b) => b.items.length === options.size).length;
    const single = ours.filter((b) => new Set(b.items.map((i) => i.campaign.id)).size === 1).length;
    // Counts only fall during the run: if a campaign can still fill a batch now, one could at every request.
    const fillers = Number(
      (
        await sql<{
          n: number;
        }>`select count(*)::int as n from audit_campaign_free where free_count >= ${options.size}`.execute(
          bench.db,
        )
      ).rows[0]!.n,
    );

    // ---- the same rule without HTTP (database function only), on the pool reset ----
    await resetPool(bench);
    const direct = await directSaturation(bench, options);

    // ---- naive baseline on the same pool, reset ----
    await resetPool(bench);
    await sql`create index audit_pool_naive_idx on audit_pool (last_message_at desc) where assigned_to is null and audited_at is null`.execute(
      bench.db,
    );
    await sql`vacuum analyze audit_pool`.execute(bench.db);
    await saturation(`${base}/api/bench/naive-batch`, cookies, { ...options, seconds: 2 });
    const naive = await saturation(`${base}/api/bench/naive-batch`, cookies, options);

    const figures = {
      batches_per_s: round(sat.batches.length / sat.seconds, 1),
      p50_ms: round(percentile(sat.latencies, 50)),
      p99_ms: round(percentile(sat.latencies, 99)),
      steady_batches_per_s: round(std.batches.length / std.seconds, 1),
      steady_p50_ms: round(percentile(std.latencies, 50)),
      steady_p99_ms: round(percentile(std.latencies, 99)),
      double_assigned: doubleAssigned,
      full_share: round(full / ours.length, 4),
      single_campaign_share: fillers > 0 ? round(single / ours.length, 4) : null,
      errors: sat.errors + std.errors,
      db_only_batches_per_s: round(direct.batches / direct.seconds, 1),
      db_only_p99_ms: round(percentile(direct.latencies, 99)),
      baseline_batches_per_s: round(naive.batches.length / naive.seconds, 1),
      baseline_p99_ms: round(percentile(naive.latencies, 99)),
    };
    report(
      'saturation batches/s',
      `${figures.batches_per_s} (${options.concurrency} auditors, ${round(sat.seconds, 1)} s)`,
    );
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
    report(
      'naive baseline batches/s, p99 ms',
      `${figures.baseline_batches_per_s}, ${figures.baseline_p99_ms}`,
    );
    report('ours / naive throughput', round(figures.batches_per_s / figures.baseline_batches_per_s, 2));
    report('measured in', `${round((performance.now() - t) / 1000, 1)} s`);
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    server?.kill('SIGTERM');
    if (args.includes('--keep')) {
      // The naive phase claimed without counts: make them true again for whoever looks next.
      await resetPool(bench);
      process.stdout.write(`kept database ${bench.url}\n`);
      await bench.keep();
    } else await bench.drop();
  }
}
