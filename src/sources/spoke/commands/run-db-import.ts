import { importSpokeDb, type SpokeDbImportOptions, type SpokeDbImportResult } from '../db/import-spoke-db.js';
import type { Scope } from '../db/reads.js';
import type { ProgressListener } from '../progress.js';
import { createImportRecord } from '../queries.js';
import { type ImportDeps, runRecordedImport } from './recorded-import.js';

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
  const { importId, result } = await runRecordedImport(deps, {
    start: () =>
      createImportRecord(deps.db, {
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
      }),
    work: (onProgress) =>
      importSpokeDb({
        pool: deps.pool,
        from: input.from,
        source: input.source,
        scope: input.scope,
        country: input.country,
        full: input.full,
        now: deps.now,
        onProgress,
      }),
    succeeded: (imported) => ({
      sourceId: imported.sourceId,
      counts: {
        ...imported.counts,
        ...prefixed('read', imported.read),
        ...prefixed('skipped', imported.skipped),
      },
    }),
    onProgress: input.onProgress,
  });
  return { ...result, importId };
}

function prefixed(prefix: string, counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([table, n]) => [`${prefix}_${table}`, n]));
}
