/** Reports: saved SQL with a Data Explorer header, run read-only, exported, charted (docs/reports.md). */
export { builtinReports } from './builtins.js';
export { type ExportFormat, exportReport } from './export.js';
export type { Report, RunVia } from './model.js';
export { DEFAULT_ROW_LIMIT } from './model.js';
export { plainValue } from './plain-value.js';
export { reportRoutes } from './routes.js';
export { cancelRun, type ReportContext } from './run.js';
export { closeReportPools } from './runner/pools.js';
export { scheduleTasks } from './schedules/tasks.js';
export { type RunResult, runReport, streamReport } from './service.js';
export { createReport, findReport, listReports, type ReportInput, validateBody } from './store.js';
