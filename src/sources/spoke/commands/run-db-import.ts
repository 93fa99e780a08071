import { refreshPool } from '../../../audit/pool/refresh-pool.js';
import { importSpokeDb, type SpokeDbImportOptions, type SpokeDbImportResult } from '../db/import-spoke-db.js';
import type { Scope } from '../db/reads.js';
import type { ProgressListener } from '../progress.js';
import { createImportRecord, storedProgress, updateImportRecord } from '../queries.js';
import type { ImportDeps } from './run-csv-import.js';
import { summarise } from './summary.js';

/**
 * Imports a Spoke database, recorded in `imports` (kind `spoke_db`) with live progress and the
 * outcome; a successful import brings the audit pool up to date at once.
 */
export async function runDbImport(
  deps: ImportDeps,
  input: Pick<SpokeDbImportOptions, 'from' | 'source' | 'country' | 'full'> & {
    scope: Scope;
    startedBy?: number | null;
    onProgress?: ProgressListener;
  },
): Promise<SpokeDbImportResult & { importId: number }> {
  const { db, now } = deps;
  const importId = await createImportRecord(db, {
    kind: 'spoke_db',
    status: 'running',
    sourceId: null,
    startedBy: input.startedBy ?? null,
    options: {
      source: input.source,
      campaigns: input.scope.campaignIds,
      since: input.scope.since?.toISOString() ?? null,
      full: input.full ?? false,
    },
  });
  const stored = storedProgress(db, importId);
  try {
    const result = await importSpokeDb({
      pool: deps.pool,
      from: input.from,
      source: input.source,
      scope: input.scope,
      country: input.country,
      full: input.full,
      now,
      onProgress: (progress) => {
        stored.listener(progress);
        input.onProgress?.(progress);
      },
    });
    await stored.flush();
    await updateImportRecord(db, importId, {
      status: 'succeeded',
      sourceId: result.sourceId,
      finishedAt: now(),
      counts: { ...result.counts, ...prefixed('read', result.read), ...prefixed('skipped', result.skipped) },
      message: summarise(result.counts),
      progress: {},
    });
    await refreshPool(db, now()).catch(() => undefined);
    return { ...result, importId };
  } catch (error) {
    await stored.flush();
    await updateImportRecord(db, importId, {
      status: 'failed',
      finishedAt: now(),
      message: (error as Error).message,
      progress: {},
    });
    throw error;
  }
}

function prefixed(prefix: string, counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([table, n]) => [`${prefix}_${table}`, n]));
}
