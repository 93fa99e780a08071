import type pg from 'pg';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { Invalid, Rejected, Unavailable } from '../errors.js';
import type { ParamValue } from './header/index.js';
import { resolveIds } from './ids.js';
import { DEFAULT_TIMEOUT_SECONDS, type Report, type RunVia } from './model.js';
import { bindReport, checkBody, readParams } from './prepare.js';
import type { ExecuteOptions } from './runner/execute.js';
import { guardStatement } from './runner/guard.js';
import { reportPool } from './runner/pools.js';
import { sourceUrl } from './sources.js';

/** What running a report needs from the process. */
export interface ReportContext {
  readonly db: Db;
  readonly config: Config;
  /** The URL of Parley's own database (the app's), when REPORTS_DATABASE_URL is not set. */
  readonly databaseUrl: string | null;
}

export interface RunRequest {
  readonly report: Report;
  readonly params: Readonly<Record<string, unknown>>;
  readonly actorId: number | null;
  readonly via: RunVia;
  readonly explain?: boolean;
}

export interface PreparedRun {
  readonly pool: pg.Pool;
  readonly options: ExecuteOptions;
  readonly values: Map<string, ParamValue>;
}

/** Runs in flight in this process, by run id: the backend pid to cancel, and whether it was. */
const active = new Map<number, { pid: number | null; pool: pg.Pool; cancelled: boolean }>();

function poolFor(ctx: ReportContext, url: string | null): pg.Pool {
  const target = url ?? ctx.config.reports.databaseUrl ?? ctx.databaseUrl ?? ctx.config.databaseUrl;
  if (target === null) throw new Unavailable('report_source_unavailable', 'No database to run reports on.');
  return reportPool(target);
}

/** Checks the report and its parameters and binds them; every problem is listed at once. */
export async function prepareRun(ctx: ReportContext, request: RunRequest): Promise<PreparedRun> {
  const { report } = request;
  const header = checkBody(report.body);
  if (header.problems.length > 0) {
    throw new Rejected('report_invalid', 'The report has problems.', header.problems);
  }
  const guard = guardStatement(report.body);
  if (!guard.ok) throw new Rejected('report_refused', guard.reason);
  const read = readParams(header.decls, request.params);
  if (!read.ok) throw new Invalid('Some parameters are wrong.', read.problems, 'report_params');
  const idProblems = report.sourceId === null ? await resolveIds(ctx.db, header.decls, read.values) : [];
  if (idProblems.length > 0) throw new Invalid('Some parameters are wrong.', idProblems, 'report_params');
  const bound = bindReport(guard.statement, header.decls, read.values);
  const cap = ctx.config.reports.timeoutCapSeconds;
  const seconds = Math.min(report.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS, cap);
  const url = report.sourceId === null ? null : await sourceUrl(ctx.db, ctx.config.secret, report.sourceId);
  return {
    pool: poolFor(ctx, url),
    values: read.values,
    options: {
      text: request.explain ? `EXPLAIN ${bound.text}` : bound.text,
      values: bound.values,
      timeoutMs: seconds * 1000,
      searchPath: report.searchPath,
    },
  };
}

function jsonParams(values: Map<string, ParamValue>): Record<string, ParamValue> {
  return Object.fromEntries(values);
}

/** Logs the start of a run and registers it for cancelling; returns its id. */
export async function startRunLog(
  ctx: ReportContext,
  request: RunRequest,
  prepared: PreparedRun,
): Promise<number> {
  const row = await ctx.db
    .insertInto('report_runs')
    .values({
      report_name: request.report.name,
      user_id: request.actorId,
      via: request.via,
      params: JSON.stringify(jsonParams(prepared.values)),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  active.set(id, { pid: null, pool: prepared.pool, cancelled: false });
  return id;
}

export function notePid(runId: number, pid: number): void {
  const run = active.get(runId);
  if (run) run.pid = pid;
}

export async function finishRunLog(
  ctx: ReportContext,
  runId: number,
  outcome: { startedAt: number; rows: number | null; truncated: boolean; error: string | null },
): Promise<void> {
  active.delete(runId);
  await ctx.db
    .updateTable('report_runs')
    .set({
      duration_ms: Math.round(performance.now() - outcome.startedAt),
      row_count: outcome.rows,
      truncated: outcome.truncated,
      error: outcome.error,
    })
    .where('id', '=', runId)
    .execute();
}

export function wasCancelled(runId: number): boolean {
  return active.get(runId)?.cancelled ?? false;
}

/** Cancels a run in flight in this process; false when it is not running here. */
export async function cancelRun(runId: number): Promise<boolean> {
  const run = active.get(runId);
  if (!run || run.pid === null) return false;
  run.cancelled = true;
  await run.pool.query('select pg_cancel_backend($1)', [run.pid]);
  return true;
}

/** The database's refusal in words a report author can act on. */
export function describeFailure(error: unknown, cancelled: boolean): Rejected | Unavailable {
  if (error instanceof Rejected || error instanceof Unavailable) return error;
  const pgError = error as { code?: string; message?: string; position?: string };
  const message = pgError.message ?? String(error);
  // Not an SQLSTATE (a socket's ECONNREFUSED, ETIMEDOUT, EPIPE…) or a connection exception, an
  // admin or crash shutdown: the server is not there.
  const code = pgError.code ?? '';
  const unreachable = !/^[0-9FHPX][0-9A-Z]{4}$/.test(code) || /^(08|57P0[1-3])/.test(code);
  if (unreachable)
    return new Unavailable('report_source_unavailable', `The report's database did not answer: ${message}`);
  switch (code) {
    case '57014':
      return cancelled
        ? new Rejected('report_cancelled', 'The run was cancelled.')
        : new Rejected('report_timeout', 'The report ran past its time limit and was stopped.');
    case '25006':
      return new Rejected('report_refused', `Reports only read: ${message}.`);
    case '42501':
      return new Rejected('report_refused', `Reports may not read this: ${message}.`);
    default:
      return new Rejected(
        'report_failed',
        message,
        pgError.position ? { position: Number(pgError.position) } : undefined,
      );
  }
}
