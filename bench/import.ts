import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished, pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { from as copyFrom } from 'pg-copy-streams';
import { refreshPool } from '../src/audit/pool/refresh-pool.js';
import { importSpokeCsv } from '../src/sources/spoke/csv/import-spoke-csv.js';
import { fileSource } from '../src/sources/spoke/csv/sources.js';
import { type RulesRun, timeBuiltInRules } from './_moderation-rules.js';
import { dumpStored, timeStoreFloor } from './_store-floor.js';
import { type BenchDatabase, benchDatabase, median, report, round } from './_support.js';

/**
 * `npm run bench -- import [messages] [conversations] [rounds]`: a generated Spoke "Export Data"
 * pair in the StateVoices ≥ v10 layout (default 1,000,000 messages over 200,000 conversations in
 * 40 campaigns) imported into a fresh database, against the floor measured in the same round:
 * PostgreSQL's own COPY of the same messages file into a bare table. Rows are message rows. The
 * time of each import step is printed and added to the last line as `phase_ms`. Right after each
 * import the built-in moderation rules run over the imported messages, as the worker runs them
 * after every import.
 *
 * Rounds (default 3) interleave on the same files, each round on a fresh database: COPY floor,
 * import, rules, then the store floor (_store-floor.ts: the rows the import stored, written again
 * by binary COPY in one transaction — the database's share, which bounds the ratio to COPY). The
 * last line gives the medians over the rounds, and the rules' share of the import: median rules
 * time over median import time, and the median of each round's share (its rules against its own
 * import, right before them). Peak RSS (`peak_rss_mb`) is that of one more import in a process of
 * its own, as `parley import spoke-csv` runs; the bench process's own is sampled every 100 ms.
 */
export default async function importBench(args: string[]): Promise<void> {
  const messages = Number(args[0] ?? 1_000_000);
  const conversations = Number(args[1] ?? 200_000);
  const rounds = Number(args[2] ?? 3);
  const dir = await mkdtemp(path.join(tmpdir(), 'parley-bench-import-'));
  try {
    const files = {
      contacts: path.join(dir, 'gotv.csv'),
      messages: path.join(dir, 'gotv-messages.csv'),
      dir,
    };
    const t0 = performance.now();
    await generateFiles(files.contacts, files.messages, messages, conversations);
    const size = (await stat(files.messages)).size;
    report(
      'generated',
      `${messages} messages, ${conversations} conversations (${round(size / 2 ** 20, 1)} MiB) in ${round((performance.now() - t0) / 1000, 1)} s`,
    );
    const results: Round[] = [];
    for (let n = 1; n <= rounds; n++) {
      const result = await importRound(files, n === 1);
      results.push(result);
      const added = (result.rules.seconds / result.importSeconds) * 100;
      report(
        `round ${n}`,
        `COPY ${round(result.copySeconds, 2)} s, import ${round(result.importSeconds, 2)} s, store floor ${round(result.storeSeconds, 2)} s, rules ${round(result.rules.seconds, 2)} s (+${round(added, 1)} %)`,
      );
    }
    summarise(results, messages, await importInOwnProcess(files));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface Round {
  copySeconds: number;
  /** The import with the pool refresh that follows it. */
  importSeconds: number;
  poolRefreshMs: number;
  peakRssMb: number;
  timings: Record<string, number>;
  rules: RulesRun;
  /** The same rows written by COPY alone, as the import's one transaction (_store-floor.ts). */
  storeSeconds: number;
  storeTableMs: Record<string, number>;
}

/**
 * One round on a fresh database: the COPY floor, the import (and its pool refresh), the rules;
 * then the store floor, on a database of its own, from the rows the first round stored.
 */
async function importRound(
  files: { contacts: string; messages: string; dir: string },
  first: boolean,
): Promise<Round> {
  const bench = await benchDatabase(4);
  let measured: Omit<Round, 'storeSeconds' | 'storeTableMs'>;
  try {
    const copySeconds = await copyFloor(bench, files.messages);
    const imported = await timedImport(bench, files, first);
    if (first) await dumpStored(bench, files.dir);
    // As after every import: the rules over the new messages, before anything else reads them.
    const rules = await timeBuiltInRules(bench.db, bench.pool);
    if (first) await insertFloor(bench, rules.scanned);
    measured = { copySeconds, ...imported, rules };
  } finally {
    await bench.drop();
  }
  const store = await timeStoreFloor(files.dir);
  return { ...measured, storeSeconds: store.seconds, storeTableMs: store.tableMs };
}

/**
 * The import once more, in a process that has done nothing else (as `parley import spoke-csv`
 * is): its peak RSS is the import's own. The rounds' in-process figure also holds what generating
 * the files and the earlier rounds left on the heap.
 */
async function importInOwnProcess(files: { contacts: string; messages: string }): Promise<OwnProcess> {
  const bench = await benchDatabase(1);
  try {
    const script = fileURLToPath(new URL('./_import-process.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', script, bench.url, files.contacts, files.messages],
      { maxBuffer: 1 << 20 },
    );
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as OwnProcess;
  } finally {
    await bench.drop();
  }
}

interface OwnProcess {
  seconds: number;
  peak_rss_mb: number;
}

/** The floor: COPY of the messages file into a bare table, nothing else. */
async function copyFloor(bench: BenchDatabase, messagesFile: string): Promise<number> {
  const client = await bench.pool.connect();
  try {
    await client.query(`create table copy_floor (campaign_contact_id text, campaign_id text, user_number text,
      contact_number text, is_from_contact text, send_status text, attempted_at text, text text, error_code text)`);
    const c0 = performance.now();
    await pipeline(
      createReadStream(messagesFile, { highWaterMark: 1 << 20 }),
      client.query(copyFrom('copy copy_floor from stdin with (format csv, header true)')),
    );
    const seconds = (performance.now() - c0) / 1000;
    await client.query('drop table copy_floor');
    // Start the import from a clean slate; only a superuser may checkpoint.
    await client.query('checkpoint').catch(() => undefined);
    return seconds;
  } finally {
    client.release();
  }
}

/** The import and the pool refresh that follows it (recorded-import.ts waits for it too: counted). */
async function timedImport(
  bench: BenchDatabase,
  files: { contacts: string; messages: string },
  verbose: boolean,
): Promise<Omit<Round, 'copySeconds' | 'rules' | 'storeSeconds' | 'storeTableMs'>> {
  let phase = '';
  let phaseStart = performance.now();
  const phases: string[] = [];
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  const i0 = performance.now();
  const result = await importSpokeCsv({
    pool: bench.pool,
    source: 'bench',
    files: [await fileSource(files.contacts), await fileSource(files.messages)],
    onProgress: (progress) => {
      const name = progress.phase;
      if (name === phase) return;
      const now = performance.now();
      if (phase) phases.push(`${phase} ${round((now - phaseStart) / 1000, 2)} s`);
      phase = name;
      phaseStart = now;
    },
  });
  const p0 = performance.now();
  await refreshPool(bench.db, new Date(), 'pending');
  const poolRefreshMs = Math.round(performance.now() - p0);
  const importSeconds = (performance.now() - i0) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  phases.push(`${phase} ${round((p0 - phaseStart) / 1000, 2)} s`);
  if (verbose) {
    report('import phases (progress, round 1)', phases.join(', '));
    for (const [step, ms] of Object.entries(result.timings)) report(`  ${step}`, `${ms} ms`);
    report(
      'imported',
      `${result.counts.messages_inserted} messages, ${result.counts.conversations_inserted} conversations`,
    );
  }
  return { importSeconds, poolRefreshMs, peakRssMb: peakRss / 2 ** 20, timings: result.timings };
}

/**
 * For context: writing the same rows, already resolved, into a copy of `messages` (with its
 * indexes) costs this much on its own, whoever does it.
 */
async function insertFloor(bench: BenchDatabase, messages: number): Promise<void> {
  const floor = await bench.pool.connect();
  try {
    await floor.query('create table messages_floor (like messages including all)');
    const f0 = performance.now();
    await floor.query(`insert into messages_floor (conversation_id, spoke_key, from_contact, texter_id, text, send_status, sent_at)
                       select conversation_id, spoke_key, from_contact, texter_id, text, send_status, sent_at from messages`);
    const floorSeconds = (performance.now() - f0) / 1000;
    await floor.query('drop table messages_floor');
    report(
      'same rows, INSERT … SELECT into a copy of messages',
      `${round(floorSeconds, 2)} s, ${Math.round(messages / floorSeconds)} rows/s`,
    );
  } finally {
    floor.release();
  }
}

/** Medians over the rounds, printed, then the last line. */
function summarise(rounds: Round[], messages: number, own: OwnProcess): void {
  const at = <T>(pick: (r: Round) => T) => rounds.map(pick);
  const copySeconds = median(at((r) => r.copySeconds));
  const storeSeconds = median(at((r) => r.storeSeconds));
  const importSeconds = median(at((r) => r.importSeconds));
  const rulesSeconds = median(at((r) => r.rules.seconds));
  const poolRefreshMs = median(at((r) => r.poolRefreshMs));
  // In the bench process: the first round's import follows the files' generation; later rounds
  // start with what earlier rounds left on the heap too.
  const peakRssMb = rounds[0]!.peakRssMb;
  // The step timings of the round whose import took the median time.
  const middle = [...rounds].sort((a, b) => a.importSeconds - b.importSeconds)[
    Math.floor(rounds.length / 2)
  ]!;
  const rate = messages / importSeconds;
  const copyRate = messages / copySeconds;
  const addedPct = (rulesSeconds / importSeconds) * 100;
  // Each round's rules against its own import, which ran right before on the same machine load.
  const shares = at((r) => (r.rules.seconds / r.importSeconds) * 100);
  const last = rounds[rounds.length - 1]!.rules;
  report('COPY into a bare table (median)', `${round(copySeconds, 2)} s, ${Math.round(copyRate)} rows/s`);
  report('pool refresh after the import (counted, median)', `${poolRefreshMs} ms`);
  report(
    'parley import spoke-csv + pool refresh (median)',
    `${round(importSeconds, 2)} s, ${Math.round(rate)} rows/s`,
  );
  report('ratio to COPY (target ≥ 0.3)', round(rate / copyRate, 3));
  report(
    'the same rows by COPY alone, one transaction (median)',
    `${round(storeSeconds, 2)} s: no import on one connection can pass ${round(copySeconds / storeSeconds, 3)} × COPY`,
  );
  report(
    '  per table (rounds)',
    at((r) =>
      Object.entries(r.storeTableMs)
        .map(([table, ms]) => `${table} ${ms} ms`)
        .join(', '),
    ).join('; '),
  );
  report(
    'peak RSS of the import in its own process (target ≤ 300 MB)',
    `${round(own.peak_rss_mb, 1)} MB (that import: ${round(own.seconds, 2)} s)`,
  );
  report(
    'peak RSS during the rounds, in the bench process',
    `${at((r) => `${round(r.peakRssMb, 1)} MB`).join(', ')} (with what generating the files left)`,
  );
  report('built-in rules after each import', `${last.scanned} messages read, ${last.flagged} flags raised`);
  report('  of which', at((r) => r.rules.split).join('; '));
  report('import without rules (median)', `${round(importSeconds, 2)} s`);
  report('import with the built-in rules (medians)', `${round(importSeconds + rulesSeconds, 2)} s`);
  report('added by the rules (target ≤ 30 %)', `${round(addedPct, 1)} % (median rules over median import)`);
  report(
    '  each round against its own import',
    `median ${round(median(shares), 1)} % (rounds: ${shares.map((share) => `${round(share, 1)} %`).join(', ')})`,
  );
  process.stdout.write(
    `${JSON.stringify({
      rows: messages,
      rounds: rounds.length,
      rows_per_s: Math.round(rate),
      copy_rows_per_s: Math.round(copyRate),
      ratio_to_copy: round(rate / copyRate, 3),
      store_floor_s: round(storeSeconds, 2),
      ratio_ceiling: round(copySeconds / storeSeconds, 3),
      peak_rss_mb: round(own.peak_rss_mb, 1),
      in_bench_peak_rss_mb: round(peakRssMb, 1),
      pool_refresh_ms: poolRefreshMs,
      phase_ms: middle.timings,
      import_s: round(importSeconds, 2),
      rules_s: round(rulesSeconds, 2),
      import_with_rules_s: round(importSeconds + rulesSeconds, 2),
      rules_added_pct: round(addedPct, 1),
      rules_added_pct_paired: round(median(shares), 1),
      rules_flags: last.flagged,
    })}\n`,
  );
}

const OUTBOUND = [
  'Hi {name}, this is {texter} with the campaign. Can we count on you to vote on Tuesday?',
  'Great! Do you know where your polling place is? You can look it up at https://vote.example/where',
  'Thanks, {name}! Reply STOP to opt out.',
];
const INBOUND = [
  'Yes, I will vote',
  'Who is this?',
  'Already voted, thanks',
  'STOP',
  'Maybe, "depends" on work,\nwe will see',
];

/** Writes the contacts file and the messages file (5 messages per conversation on average). */
export async function generateFiles(
  contactsFile: string,
  messagesFile: string,
  messages: number,
  conversations: number,
) {
  const campaigns = 40;
  const contacts = createWriteStream(contactsFile);
  const write = async (stream: NodeJS.WritableStream, line: string) => {
    if (!stream.write(line)) await new Promise((resolve) => stream.once('drain', resolve));
  };
  await write(
    contacts,
    'id,campaign_id,campaign,assignment_id,optOutCampaign,optedOut,texterFirst,texterLast,texterEmail,texterCell,first_name,last_name,cell,zip,external_id,message_status,created_at,updated_at,tags,question[Will you vote?]\n',
  );
  for (let i = 1; i <= conversations; i++) {
    const campaign = 1 + (i % campaigns);
    const texter = 1 + (i % 500);
    const opted = i % 50 === 0;
    await write(
      contacts,
      `${i},${campaign},Campaign ${campaign},${texter},${opted},false,Texter,${texter},texter${texter}@bench.example,+1555${String(1_000_000 + texter).slice(1)},Contact,${i},+1444${String(10_000_000 + i).slice(1)},${10000 + (i % 900)},ext-${i},${opted ? 'closed' : 'convo'},2024-10-01 10:00:00+00,2024-10-02 10:00:00+00,${i % 10 === 0 ? '"Needs follow-up"' : ''},${i % 3 === 0 ? 'Yes' : ''}\n`,
    );
  }
  contacts.end();
  await finished(contacts);
  const out = createWriteStream(messagesFile);
  await write(
    out,
    'campaign_contact_id,campaign_id,user_number,contact_number,is_from_contact,send_status,attempted_at,text,error_code\n',
  );
  const start = Date.parse('2024-10-02T12:00:00Z');
  for (let n = 0; n < messages; n++) {
    const conversation = 1 + Math.floor((n * conversations) / messages);
    const inbound = n % 2 === 1;
    const template = inbound ? INBOUND[n % INBOUND.length]! : OUTBOUND[n % OUTBOUND.length]!;
    const text = template.replace('{name}', `Contact ${conversation}`).replace('{texter}', 'Texter');
    await write(
      out,
      `${conversation},${1 + (conversation % campaigns)},+15559990000,+1444${String(10_000_000 + conversation).slice(1)},${inbound},DELIVERED,${new Date(start + n * 1000).toISOString()},"${text.replaceAll('"', '""')}",\n`,
    );
  }
  out.end();
  await finished(out);
}
