import type { CountryCode } from 'libphonenumber-js';
import { ImportRejected } from '../csv/errors.js';
import { importSpokeCsv, type SpokeCsvImportResult } from '../csv/import-spoke-csv.js';
import type { CsvSource } from '../csv/sources.js';
import type { ProgressListener } from '../progress.js';
import { updateImportRecord } from '../queries.js';
import { type ImportDeps, runRecordedImport } from './recorded-import.js';

/**
 * Runs a CSV import recorded as `importId`: the row shows `running` with live progress, then
 * `succeeded` with counts or `failed` with the listed bad rows (nothing imported). A successful
 * import brings the audit pool up to date at once. Rejections and failures are rethrown after
 * being recorded.
 */
export async function runCsvImport(
  deps: ImportDeps,
  input: {
    importId: number;
    files: CsvSource[];
    source: string;
    country?: CountryCode;
    onProgress?: ProgressListener;
  },
): Promise<SpokeCsvImportResult> {
  const { importId } = input;
  // What the import learns of each file is kept with the size it was given.
  const withBytes = <F>(found: F[]) => found.map((f, i) => ({ ...f, bytes: input.files[i]?.bytes ?? null }));
  const files = input.files.map((f) => ({
    name: f.name,
    bytes: f.bytes,
    layout: null,
    role: null,
    rows: null,
    pairedWith: null,
  }));
  const { result } = await runRecordedImport(deps, {
    start: async () => {
      await updateImportRecord(deps.db, importId, { status: 'running', files, progress: {} });
      return importId;
    },
    work: (onProgress) =>
      importSpokeCsv({
        pool: deps.pool,
        files: input.files,
        source: input.source,
        country: input.country,
        now: deps.now,
        onProgress,
      }),
    succeeded: (imported) => ({
      sourceId: imported.sourceId,
      counts: imported.counts,
      files: withBytes(imported.files),
    }),
    failed: (error) =>
      error instanceof ImportRejected
        ? {
            files: withBytes(error.files),
            errors: error.errors,
            errorCount: error.total,
            errorRows: error.rows,
          }
        : { errors: [], errorCount: 0, errorRows: 0 },
    onProgress: input.onProgress,
  });
  return result;
}
