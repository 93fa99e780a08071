import type { ParamDeclView, ReportSummary, ReportView, RunView } from '../../common/api/reports.js';
import type { ParamDecl } from './header/index.js';
import type { Report } from './model.js';
import { checkBody } from './prepare.js';
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

/** The run's answer as JSON text (`RunView`), its rows already JSON (json-rows.ts, by batch). */
export function presentRunJson(run: RunSummary, rowsJson: string): string {
  const head = JSON.stringify({
    run_id: run.runId,
    columns: run.columns,
    truncated: run.truncated,
    duration_ms: run.durationMs,
  } satisfies Omit<RunView, 'rows'>);
  return `${head.slice(0, -1)},"rows":[${rowsJson}]}`;
}
