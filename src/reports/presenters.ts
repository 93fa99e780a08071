import type { ParamDeclView, ReportSummary, ReportView } from '../../common/api/reports.js';
import type { ParamDecl } from './header/index.js';
import type { Report } from './model.js';
import { checkBody } from './prepare.js';

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
