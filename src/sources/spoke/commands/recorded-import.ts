import type pg from 'pg';
import { refreshPool } from '../../../audit/index.js';
import type { MergeCounts } from '../../../conversations/index.js';
import type { Db } from '../../../db/index.js';
import { queueRuleRun } from '../../../moderation/index.js';
import type { ProgressListener } from '../progress.js';
import {
  type ImportFileEntry,
  type ImportRecordFields,
  storedProgress,
  updateImportRecord,
} from '../queries.js';
import { summarise } from './summary.js';

/** Where a problem that does not fail the import is reported (the job's or the CLI's logger). */
export interface ImportLog {
  warn(message: string): void;
}

export interface ImportDeps {
  db: Db;
  pool: pg.Pool;
  now: () => Date;
  log: ImportLog;
}

/** What the record keeps of a run that stored its rows. */
export interface ImportSucceeded {
  sourceId: number;
  /** Merge counts (summarised in the record's message), plus any the run adds. */
  counts: MergeCounts;
  files?: ImportFileEntry[];
}

/** One import run as the `imports` row tells it. */
export interface RecordedImport<R> {
  /** Marks the record `running` (creating it where there is none yet) and answers its id. */
  start(): Promise<number>;
  work(onProgress: ProgressListener): Promise<R>;
  succeeded(result: R): ImportSucceeded;
  /** What the record keeps of a failure beside its message (a rejection's bad rows). */
  failed?(error: unknown): Pick<ImportRecordFields, 'files' | 'errors' | 'errorCount' | 'errorRows'>;
  /** Also told of the progress the record stores (the CLI's bar). */
  onProgress?: ProgressListener;
}

/**
 * Runs an import recorded in `imports`: `running` with live progress, then `succeeded` with its
 * counts or `failed` with its message (the error rethrown once recorded). A successful import
 * brings the audit pool up to date at once; a failed refresh does not undo it (the scheduled
 * refresh catches up) but is logged and kept as a warning on the record, for the import's page.
 */
export async function runRecordedImport<R>(
  deps: ImportDeps,
  run: RecordedImport<R>,
): Promise<{ importId: number; result: R }> {
  const { db, now } = deps;
  const importId = await run.start();
  const stored = storedProgress(db, importId);
  let result: R;
  try {
    result = await run.work((progress) => {
      stored.listener(progress);
      run.onProgress?.(progress);
    });
    await stored.flush();
    const outcome = run.succeeded(result);
    await updateImportRecord(db, importId, {
      status: 'succeeded',
      sourceId: outcome.sourceId,
      finishedAt: now(),
      counts: outcome.counts,
      ...(outcome.files && { files: outcome.files }),
      message: summarise(outcome.counts),
      progress: {},
    });
  } catch (error) {
    await stored.flush();
    await updateImportRecord(db, importId, {
      status: 'failed',
      finishedAt: now(),
      ...run.failed?.(error),
      message: messageOf(error),
      progress: {},
    });
    throw error;
  }
  await refreshPoolAfter(deps, importId);
  // Moderation rules read the new messages in the worker; the scheduled run catches up if this fails.
  await queueRuleRun(db).catch((error: unknown) =>
    deps.log.warn(`import ${importId}: moderation rules not queued: ${messageOf(error)}`),
  );
  return { importId, result };
}

async function refreshPoolAfter({ db, now, log }: ImportDeps, importId: number): Promise<void> {
  try {
    // Only what the import added or changed: the scheduled refresh still compares everything.
    await refreshPool(db, now(), 'pending');
  } catch (error) {
    const detail = messageOf(error);
    log.warn(`import ${importId}: the audit pool could not be refreshed: ${detail}`);
    await updateImportRecord(db, importId, { warnings: [{ kind: 'pool_refresh_failed', detail }] }).catch(
      (recording: unknown) =>
        log.warn(
          `import ${importId}: the pool refresh warning could not be recorded: ${messageOf(recording)}`,
        ),
    );
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
