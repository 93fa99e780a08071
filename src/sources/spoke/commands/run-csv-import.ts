import type { CountryCode } from 'libphonenumber-js';
import type pg from 'pg';
import { refreshPool } from '../../../audit/pool/refresh-pool.js';
import type { Db } from '../../../db/index.js';
import { ImportRejected } from '../csv/errors.js';
import { importSpokeCsv, type SpokeCsvImportResult } from '../csv/import-spoke-csv.js';
import type { CsvSource } from '../csv/sources.js';
import type { ProgressListener } from '../progress.js';
import { storedProgress, updateImportRecord } from '../queries.js';
import { summarise } from './summary.js';

export interface ImportDeps {
  db: Db;
  pool: pg.Pool;
  now: () => Date;
}

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
  const { db, now } = deps;
  const files = input.files.map((f) => ({
    name: f.name,
    bytes: f.bytes,
    layout: null,
    role: null,
    rows: null,
    pairedWith: null,
  }));
  await updateImportRecord(db, input.importId, { status: 'running', files, progress: {} });
  const stored = storedProgress(db, input.importId);
  try {
    const result = await importSpokeCsv({
      pool: deps.pool,
      files: input.files,
      source: input.source,
      country: input.country,
      now,
      onProgress: (progress) => {
        stored.listener(progress);
        input.onProgress?.(progress);
      },
    });
    await stored.flush();
    await updateImportRecord(db, input.importId, {
      status: 'succeeded',
      sourceId: result.sourceId,
      finishedAt: now(),
      counts: result.counts,
      files: result.files.map((f, i) => ({ ...f, bytes: files[i]?.bytes ?? null })),
      message: summarise(result.counts),
      progress: {},
    });
    await refreshPool(db, now()).catch(() => undefined);
    return result;
  } catch (error) {
    await stored.flush();
    const rejected = error instanceof ImportRejected;
    await updateImportRecord(db, input.importId, {
      status: 'failed',
      finishedAt: now(),
      ...(rejected && { files: error.files.map((f, i) => ({ ...f, bytes: files[i]?.bytes ?? null })) }),
      errors: rejected ? error.errors : [],
      errorCount: rejected ? error.total : 0,
      message: (error as Error).message,
      progress: {},
    });
    throw error;
  }
}
