import type { CountryCode } from 'libphonenumber-js';
import { isCountry } from '../../../conversations/index.js';
import { ImportRejected } from '../csv/errors.js';
import { storedSource } from '../csv/sources.js';
import { deleteUploadedData, findImport } from '../queries.js';
import type { ImportDeps } from './recorded-import.js';
import { runCsvImport } from './run-csv-import.js';

/**
 * The `spoke_csv_import` job: runs an uploaded import from its stored files. Once it has run
 * (imported or rejected) the uploaded bytes are deleted; an unexpected failure keeps them for the
 * queue's retry. Returns false when there was nothing to run.
 */
export async function runQueuedImport(deps: ImportDeps, importId: number): Promise<boolean> {
  const record = await findImport(deps.db, importId);
  if (record?.kind !== 'spoke_csv' || (record.status !== 'queued' && record.status !== 'running'))
    return false;
  const source = typeof record.options.source === 'string' ? record.options.source : 'spoke';
  const country =
    typeof record.options.country === 'string' && isCountry(record.options.country)
      ? record.options.country
      : undefined;
  try {
    await runCsvImport(deps, {
      importId,
      source,
      country: country as CountryCode | undefined,
      files: record.uploads.map((upload) => storedSource(deps.db, upload)),
    });
  } catch (error) {
    if (!(error instanceof ImportRejected)) throw error;
  }
  await deleteUploadedData(deps.db, importId);
  return true;
}
