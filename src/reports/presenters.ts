import type { ParamDeclView, ReportSummary, ReportView, RunView } from '../../common/api/reports.js';
import { plainValue } from './export.js';
import type { ParamDecl } from './header/index.js';
import type { Report } from './model.js';
import { checkBody } from './prepare.js';
import type { Column } from './runner/execute.js';
import type { RunSummary } from './service.js';

export function presentDecl(d: ParamDecl): ParamDeclView {
  return { name: d.name, type: d.type, nullable: d.nullable, default: d.defaultText, line: d.line };
}

export function presentSummary(r: Report): ReportSummary {
  return {
    name: r.name,
    title: r.title,
    description: r.description,
    builtin: r.builtin,
    run_roles: [...r.runRoles],
    updated_at: r.updatedAt?.toISOString() ?? null,
  };
}

export function presentReport(r: Report): ReportView {
  return {
    ...presentSummary(r),
    body: r.body,
    source_id: r.sourceId,
    search_path: r.searchPath,
    timeout_seconds: r.timeoutSeconds,
    params: checkBody(r.body).decls.map(presentDecl),
  };
}

/**
 * A batch of rows as JSON text (the arrays, comma-separated, without the brackets). Columns the
 * driver gives as numbers, strings, booleans or PostgreSQL's text go as they are, in one
 * `JSON.stringify`; only columns of other types pass through `plainValue` value by value.
 */
export function jsonRows(rows: unknown[][], columns: readonly Column[]): string {
  const other = columns.flatMap((c, i) => (c.type === 'other' ? [i] : []));
  if (other.length > 0) {
    for (const row of rows) for (const i of other) row[i] = plainValue(row[i]);
  }
  return JSON.stringify(rows).slice(1, -1);
}

/** The run's answer as JSON text (`RunView`), its rows already made into JSON a batch at a time. */
export function presentRunJson(run: RunSummary, rowBatches: readonly string[]): string {
  const head = JSON.stringify({
    run_id: run.runId,
    columns: run.columns,
    truncated: run.truncated,
    duration_ms: run.durationMs,
  } satisfies Omit<RunView, 'rows'>);
  return `${head.slice(0, -1)},"rows":[${rowBatches.join(',')}]}`;
}
