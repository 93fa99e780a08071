import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import * as croner from '../src/reports/schedules/cron.js';
import { median, report, round } from './_support.js';

/**
 * `npm run bench -- cron [rounds]`: the time to compute a schedule's next run (parse the
 * expression, then its next time after an instant, in its time zone), as the due scan and a save
 * do, with croner (src/reports/schedules/cron.ts) against the hand-written parser it replaced,
 * read from the commit before the change (needs the repository's history). Typical expressions
 * in UTC, São Paulo and Berlin; then an expression that never comes round (the `cron_never`
 * check at save). Rounds interleaved, medians per call, ratio croner / hand-written.
 */
const FORMER = '9d97034';
const run = promisify(execFile);

interface CronModule {
  parseCron(expression: string): { ok: true; cron: unknown } | { ok: false };
  nextRun(cron: never, after: Date, timeZone: string): Date | null;
}

const EXPRESSIONS = [
  '0 7 * * *',
  '*/15 * * * *',
  '30 8 * * mon-fri',
  '0 0 1 jan,jul *',
  '@weekly',
  '0 9 15 * 1',
];
const ZONES = ['UTC', 'America/Sao_Paulo', 'Europe/Berlin'];
const AFTER = [...Array(20).keys()].map((i) => new Date(Date.UTC(2026, 0, 1) + i * 17 * 86_400_037));

async function formerModule(): Promise<{ module: CronModule; dispose(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'parley-bench-cron-'));
  const { stdout } = await run('git', ['show', `${FORMER}:src/reports/schedules/cron.ts`], {
    maxBuffer: 1 << 20,
  });
  const file = path.join(dir, 'cron.ts');
  await writeFile(file, stdout);
  const module = (await import(pathToFileURL(file).href)) as CronModule;
  return { module, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** Milliseconds per next run, over every expression × zone × instant. */
function timeTypical(m: CronModule): number {
  let calls = 0;
  const start = performance.now();
  for (const expression of EXPRESSIONS) {
    for (const zone of ZONES) {
      for (const after of AFTER) {
        const parsed = m.parseCron(expression);
        if (!parsed.ok || m.nextRun(parsed.cron as never, after, zone) === null) throw new Error(expression);
        calls++;
      }
    }
  }
  return (performance.now() - start) / calls;
}

/**
 * Milliseconds per next run of an expression read for the first time (a save, the first scan
 * after a start): croner's module keeps what it read, so each of these is new to it.
 */
function timeFresh(m: CronModule, round: number): number {
  const count = 60;
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const n = round * count + i;
    const expression = `${n % 60} ${Math.floor(n / 60) % 24} ${1 + (Math.floor(n / 1440) % 28)} * *`;
    const parsed = m.parseCron(expression);
    if (
      !parsed.ok ||
      m.nextRun(parsed.cron as never, AFTER[i % AFTER.length]!, ZONES[i % ZONES.length]!) === null
    )
      throw new Error(expression);
  }
  return (performance.now() - start) / count;
}

function timeNever(m: CronModule): number {
  const start = performance.now();
  const parsed = m.parseCron('0 0 31 2 *');
  if (!parsed.ok || m.nextRun(parsed.cron as never, AFTER[0]!, 'America/Sao_Paulo') !== null)
    throw new Error('31 February came round');
  return performance.now() - start;
}

export default async function main(args: string[]): Promise<void> {
  const rounds = Number(args[0] ?? 30);
  const former = await formerModule();
  const figures = {
    croner: [] as number[],
    former: [] as number[],
    cronerFresh: [] as number[],
    formerFresh: [] as number[],
    cronerNever: [] as number[],
    formerNever: [] as number[],
  };
  try {
    for (let i = 0; i < 3; i++) for (const m of [croner, former.module]) timeTypical(m); // warm-up
    for (let i = 0; i < rounds; i++) {
      figures.croner.push(timeTypical(croner));
      figures.former.push(timeTypical(former.module));
      figures.cronerFresh.push(timeFresh(croner, i + 1));
      figures.formerFresh.push(timeFresh(former.module, i + 1));
      figures.cronerNever.push(timeNever(croner));
      figures.formerNever.push(timeNever(former.module));
    }
  } finally {
    await former.dispose();
  }
  const out = {
    next_run_croner_ms: round(median(figures.croner), 4),
    next_run_handwritten_ms: round(median(figures.former), 4),
    next_run_ratio: round(median(figures.croner) / median(figures.former), 2),
    new_expression_croner_ms: round(median(figures.cronerFresh), 4),
    new_expression_handwritten_ms: round(median(figures.formerFresh), 4),
    new_expression_ratio: round(median(figures.cronerFresh) / median(figures.formerFresh), 2),
    never_croner_ms: round(median(figures.cronerNever), 2),
    never_handwritten_ms: round(median(figures.formerNever), 2),
    rounds,
  };
  report('known expression, croner (median ms per call)', out.next_run_croner_ms);
  report('known expression, hand-written (median ms per call)', out.next_run_handwritten_ms);
  report('ratio croner / hand-written', out.next_run_ratio);
  report('new expression, croner (median ms per call)', out.new_expression_croner_ms);
  report('new expression, hand-written (median ms per call)', out.new_expression_handwritten_ms);
  report('ratio croner / hand-written', out.new_expression_ratio);
  report('never comes round, croner (median ms)', out.never_croner_ms);
  report('never comes round, hand-written (median ms)', out.never_handwritten_ms);
  process.stdout.write(`${JSON.stringify(out)}\n`);
}
