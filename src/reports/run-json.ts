import { PassThrough, type Readable } from 'node:stream';
import type { ApiErrorBody } from '../../common/api/errors.js';
import { DomainError, Rejected } from '../errors.js';
import { jsonRows } from './json-rows.js';
import type { ReportContext, RunRequest } from './run.js';
import { type Column, fetchLimited } from './runner/execute.js';
import { logged } from './service.js';

/**
 * The web's run answer (`RunView`) written to the client as the rows come in, a batch at a time,
 * instead of built whole first: the socket's work overlaps the database's. The status and headers
 * wait for the first batch (or the end, for a small result), so what fails early — a bad
 * parameter, a refused statement, a syntax or permission error, a timeout before the first rows —
 * is still an error reply with its status. What fails after the first rows went out ends the JSON
 * with an `error` member in the API's error shape, after the rows sent; the web client reads it
 * as a failed run. `truncated` and `duration_ms` come last, once known.
 *
 * No back-pressure: the rows of one Execute arrive whether or not the client reads, and a run is
 * capped at 100,000 rows, so at most one answer is held, as when it was built whole.
 */
export function runJsonStream(ctx: ReportContext, request: RunRequest, limit: number): Promise<Readable> {
  const out = new PassThrough();
  let started = false;
  return new Promise<Readable>((resolve, reject) => {
    const start = (runId: number, columns: readonly Column[]) => {
      started = true;
      out.write(`{"run_id":${runId},"columns":${JSON.stringify(columns)},"rows":[`);
      resolve(out);
    };
    logged(ctx, request, (prepared, options, runId) =>
      fetchLimited(prepared.pool, options, limit, (rows, columns) => {
        // A client gone stops the hand-over (the rest of the Execute is read and dropped).
        if (out.destroyed) throw new Rejected('report_cancelled', 'The client went away.');
        if (started) out.write(',');
        else start(runId, columns);
        out.write(jsonRows(rows, columns));
      }),
    ).then(
      (run) => {
        if (!started) start(run.runId, run.columns);
        if (!out.destroyed) out.end(`],"truncated":${run.truncated},"duration_ms":${run.durationMs}}`);
      },
      (error: unknown) => {
        if (!started) reject(error);
        else if (!out.destroyed) out.end(`],${JSON.stringify(errorMember(error)).slice(1)}`);
      },
    );
  });
}

/** The failure in the API's one error shape (`{"error": {code, message, details?}}`). */
function errorMember(error: unknown): ApiErrorBody {
  if (!(error instanceof DomainError)) return { error: { code: 'internal', message: 'The run failed.' } };
  const { code, message, details } = error;
  return { error: details === undefined ? { code, message } : { code, message, details } };
}
