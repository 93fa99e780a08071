import { isCountry } from '../../../conversations/index.js';
import { ImportRejected } from '../csv/errors.js';
import { storedSource } from '../csv/sources.js';
import { deleteUploadedData, findImport, updateImportRecord } from '../queries.js';
import { type ImportDeps, messageOf } from './recorded-import.js';
import { runCsvImport } from './run-csv-import.js';

/** Which try of the job this is; only the last one may give the uploaded files up. */
export interface ImportAttempt {
  /** No retry follows when this one fails. */
  final: boolean;
}

/**
 * The `spoke_csv_import` job: runs an uploaded import from its stored files. Once it has run
 * (imported or rejected) the uploaded bytes are deleted. An unexpected failure keeps them only
 * when the queue will try again (the import goes back to `queued`); the final failure records
 * `failed` and deletes them. Returns false when there was nothing to run (and deletes whatever
 * bytes an import that already ended still holds).
 */
export async function runQueuedImport(
  deps: ImportDeps,
  importId: number,
  attempt: ImportAttempt = { final: true },
): Promise<boolean> {
  const record = await findImport(deps.db, importId);
  if (record?.kind !== 'spoke_csv') return false;
  if (record.status === 'failed' || record.status === 'succeeded') {
    await deleteUploadedData(deps.db, importId);
    return false;
  }
  if (record.status !== 'queued' && record.status !== 'running') return false;
  const source = typeof record.options.source === 'string' ? record.options.source : 'spoke';
  const country =
    typeof record.options.country === 'string' && isCountry(record.options.country)
      ? record.options.country
      : undefined;
  try {
    await runCsvImport(deps, {
      importId,
      source,
      country,
      files: record.uploads.map((upload) => storedSource(deps.db, upload)),
    });
  } catch (error) {
    if (!(error instanceof ImportRejected)) {
      if (!attempt.final) {
        await updateImportRecord(deps.db, importId, {
          status: 'queued',
          finishedAt: null,
          message: `this attempt failed and will be retried: ${messageOf(error)}`,
        });
      } else await deleteUploadedData(deps.db, importId);
      throw error;
    }
  }
  await deleteUploadedData(deps.db, importId);
  return true;
}
