/** Spoke imports (docs/audit.md, "Spoke imports"): from a Spoke database and from Spoke's CSV exports. */

export { DEFAULT_SOURCE } from '../../conversations/index.js';
export { eraseImportDetailsOlderThan } from './commands/erase-import-details.js';
export { purgeStaleUploads } from './commands/purge-uploads.js';
export type { ImportDeps } from './commands/recorded-import.js';
export { runCsvImport } from './commands/run-csv-import.js';
export { runDbImport } from './commands/run-db-import.js';
export { runQueuedImport } from './commands/run-queued-import.js';
export { summarise } from './commands/summary.js';
export { createUpload, putUploadFile, queueImport, removeUploadFile } from './commands/uploads.js';
export { ImportRejected, MAX_LISTED_ERRORS, type RowError } from './csv/errors.js';
export { importSpokeCsv, type SpokeCsvImportResult } from './csv/import-spoke-csv.js';
export { detectLayout, type Layout, type LayoutName } from './csv/layouts.js';
export { type CsvSource, fileSource, storedSource, textSource } from './csv/sources.js';
export {
  DEFAULT_LOOKBACK,
  importSpokeDb,
  type SpokeDbImportResult,
  SpokeUnavailable,
} from './db/import-spoke-db.js';
export { NotASpokeDatabase } from './db/shape.js';
export { presentSpokeImport } from './presenters.js';
export type { Progress, ProgressListener } from './progress.js';
export { createImportRecord, findImport, listImports } from './queries.js';
export { importRoutes } from './routes.js';
