import type { DomainError } from '../errors.js';
import {
  describeFailure,
  finishRunLog,
  notePid,
  type PreparedRun,
  prepareRun,
  type ReportContext,
  type RunRequest,
  startRunLog,
  wasCancelled,
} from './run.js';
import {
  beginRun,
  type Column,
  cursorColumns,
  type ExecuteOptions,
  type Fetched,
  fetchLimited,
  openCursor,
  readCursor,
} from './runner/execute.js';

export interface RunResult {
  readonly runId: number;
  readonly columns: Column[];
  readonly rows: unknown[][];
  readonly truncated: boolean;
  readonly durationMs: number;
}

/** Runs a report for display: at most `limit` rows, the cut said. Logged, always rolled back. */
export async function runReport(ctx: ReportContext, request: RunRequest, limit: number): Promise<RunResult> {
  const rows: unknown[][] = [];
  const summary = await logged(ctx, request, (prepared, options) =>
    fetchLimited(prepared.pool, options, limit, (batch) => {
      for (const row of batch) rows.push(row);
    }),
  );
  return { ...summary, rows };
}

/** Prepares the run, logs it, runs `fetch` with the run's options and id, logs how it ended. */
export async function logged<T extends Fetched>(
  ctx: ReportContext,
  request: RunRequest,
  fetch: (prepared: PreparedRun, options: ExecuteOptions, runId: number) => Promise<T>,
): Promise<T & { runId: number; durationMs: number }> {
  const prepared = await prepareRun(ctx, request);
  const runId = await startRunLog(ctx, request, prepared);
  const startedAt = performance.now();
  try {
    const fetched = await fetch(
      prepared,
      { ...prepared.options, onPid: (pid) => notePid(runId, pid) },
      runId,
    );
    const durationMs = Math.round(performance.now() - startedAt);
    await finishRunLog(ctx, runId, {
      startedAt,
      rows: fetched.count,
      truncated: fetched.truncated,
      error: null,
    });
    return { ...fetched, runId, durationMs };
  } catch (error) {
    const failure = describeFailure(error, wasCancelled(runId));
    await finishRunLog(ctx, runId, { startedAt, rows: null, truncated: false, error: failure.message });
    throw failure;
  }
}

export interface RowSink {
  /** Called once, before any rows. */
  columns(columns: Column[]): void | Promise<void>;
  /** Called with each batch; awaited, so a slow reader slows the cursor (constant memory). */
  rows(rows: unknown[][]): void | Promise<void>;
}

const EXPORT_BATCH = 2000;

/**
 * Runs a report to the end through a cursor, a batch at a time, for exports. No row cap.
 * Errors before the first row throw; the caller decides what a later error means for its output.
 */
export async function streamReport(ctx: ReportContext, request: RunRequest, sink: RowSink): Promise<number> {
  const prepared = await prepareRun(ctx, request);
  const runId = await startRunLog(ctx, request, prepared);
  const startedAt = performance.now();
  const client = await prepared.pool.connect();
  let count = 0;
  let failure: DomainError | null = null;
  try {
    const options = { ...prepared.options, onPid: (pid: number) => notePid(runId, pid) };
    await beginRun(client, options);
    const cursor = openCursor(client, options);
    let batch = await readCursor(cursor, EXPORT_BATCH);
    await sink.columns(cursorColumns(cursor));
    while (batch.length > 0) {
      count += batch.length;
      await sink.rows(batch);
      batch = await readCursor(cursor, EXPORT_BATCH);
    }
    await cursor.close();
    return count;
  } catch (error) {
    failure = describeFailure(error, wasCancelled(runId));
    throw failure;
  } finally {
    await client.query('rollback').catch(() => undefined);
    client.release();
    await finishRunLog(ctx, runId, {
      startedAt,
      rows: count,
      truncated: false,
      error: failure?.message ?? null,
    });
  }
}
