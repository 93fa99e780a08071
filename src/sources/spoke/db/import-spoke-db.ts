import { sql } from 'kysely';
import type { CountryCode } from 'libphonenumber-js';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { connectionTarget } from '../../../config.js';
import {
  analyzeStaging,
  type CopyValue,
  createStaging,
  DEFAULT_COUNTRY,
  ensureSource,
  lockSource,
  type MergeCounts,
  mergeMessages,
  mergeStaged,
  phoneNormaliser,
  readSyncState,
  refreshConversations,
  type Session,
  stageRows,
  withSession,
  writeSyncState,
} from '../../../conversations/index.js';
import { Unavailable } from '../../../errors.js';
import { noProgress, type ProgressListener } from '../progress.js';
import { planReads, type Read, type Scope, type SourceRow, type Watermark } from './reads.js';
import { detectShape, type SpokeShape } from './shape.js';

export interface SpokeDbImportOptions {
  /** Parley's pool; the import runs in one transaction on one of its connections. */
  pool: pg.Pool;
  /** The Spoke database, read in one REPEATABLE READ, READ ONLY snapshot. */
  from: string;
  source: string;
  scope?: Scope;
  country?: CountryCode;
  /** Read everything again, ignoring the stored sync positions (they are still advanced). */
  full?: boolean;
  /** How far below the stored positions to read again; see `DEFAULT_LOOKBACK`. */
  lookback?: { ids: number; micros: number };
  batchSize?: number;
  onProgress?: ProgressListener;
  now?: () => Date;
}

export interface SpokeDbImportResult {
  sourceId: number;
  flavor: SpokeShape['flavor'];
  /** Rows read per Spoke table, and rows skipped (no cell, no contact to attach to). */
  read: Record<string, number>;
  skipped: Record<string, number>;
  counts: MergeCounts;
  /** Conversations whose counts, times or opt-out state changed. */
  refreshed: number;
}

/**
 * Rows committed by Spoke after our snapshot with an id or change time below what we saw would
 * be missed by a strict watermark; reading a little below it again costs little (unchanged rows
 * are counted as read, not as changes).
 */
export const DEFAULT_LOOKBACK = { ids: 1000, micros: 5 * 60 * 1_000_000 };

/** The Spoke database cannot be reached. */
export class SpokeUnavailable extends Unavailable {
  constructor(message: string) {
    super('spoke_unavailable', message);
  }
}

/** The key under which one scope's positions are kept in `sources.sync_state.spoke_db`. */
export function scopeKey(scope: Scope): string {
  const parts: string[] = [];
  if (scope.campaignIds) parts.push(`campaigns=${[...scope.campaignIds].sort().join(',')}`);
  if (scope.since) parts.push(`since=${scope.since.toISOString()}`);
  return parts.length > 0 ? parts.join(';') : 'all';
}

async function connectSpoke(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: 'parley-import' });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    // The message is stored in the import's record: where the database is, never who or with what.
    throw new SpokeUnavailable(
      `cannot connect to the Spoke database at ${connectionTarget(url)}: ${(error as Error).message}`,
    );
  }
  return client;
}

/**
 * Imports a Spoke database (StateVoices/MoveOn or Rewired shape) into the conversation store:
 * reads every table it needs from one snapshot with server-side cursors, stages the rows with
 * COPY and merges them set-based, all in one Parley transaction together with the new sync
 * positions — a failure leaves the store and the positions as they were. Incremental: only rows
 * past the stored positions (ids / updated_at) of the same scope are read.
 */
export async function importSpokeDb(options: SpokeDbImportOptions): Promise<SpokeDbImportResult> {
  const onProgress = options.onProgress ?? noProgress;
  const scope = options.scope ?? { campaignIds: null, since: null };
  const batchSize = options.batchSize ?? 5000;
  const now = options.now ?? (() => new Date());
  const spoke = await connectSpoke(options.from);
  try {
    await spoke.query('begin isolation level repeatable read read only');
    const shape = await detectShape(spoke);
    const result = await withSession(options.pool, async (session) => {
      const { db } = session;
      await sql`set local jit = off`.execute(db);
      // Sorts and hashes over a few hundred thousand staged rows fit in memory instead of spilling.
      await sql`set local work_mem = '64MB'`.execute(db);
      const sourceId = await ensureSource(db, options.source);
      await lockSource(db, sourceId);
      const state = await readSyncState(db, sourceId);
      const all = (state.spoke_db ?? {}) as Record<string, Record<string, Watermark>>;
      const key = scopeKey(scope);
      const stored = options.full ? {} : (all[key] ?? {});
      const reads = planReads({
        shape,
        scope,
        watermarks: stored,
        lookback: options.lookback ?? DEFAULT_LOOKBACK,
        cell: phoneNormaliser(options.country ?? DEFAULT_COUNTRY),
      });

      await createStaging(db);
      const read: Record<string, number> = {};
      const skipped: Record<string, number> = {};
      const positions: Record<string, Watermark> = { ...(all[key] ?? {}) };
      for (const spec of reads) {
        const total =
          spec.incremental && stored[spec.name] === undefined ? await estimateRows(spoke, spec.name) : null;
        const seen = await stage(spoke, session, spec, batchSize, (done) =>
          onProgress({ phase: `reading ${spec.name}`, done, total, unit: 'rows' }),
        );
        read[spec.name] = seen.rows;
        if (seen.skipped > 0) skipped[spec.name] = seen.skipped;
        if (spec.incremental) positions[spec.name] = advance(positions[spec.name], seen.watermark);
      }

      onProgress({ phase: 'merging', done: 0, total: null, unit: 'rows' });
      await analyzeStaging(db);
      const counts = { ...(await mergeStaged(db, sourceId)), ...(await mergeMessages(db, sourceId)) };
      onProgress({ phase: 'refreshing conversations', done: 0, total: null, unit: 'rows' });
      const refreshed = await refreshConversations(db);
      await writeSyncState(db, sourceId, { ...state, spoke_db: { ...all, [key]: positions } }, now());
      return { sourceId, flavor: shape.flavor, read, skipped, counts, refreshed };
    });
    await spoke.query('commit');
    return result;
  } finally {
    await spoke.end().catch(() => undefined);
  }
}

function advance(previous: Watermark | undefined, seen: Watermark): Watermark {
  const next: Watermark = { ...previous };
  if (seen.id !== undefined) next.id = Math.max(next.id ?? 0, seen.id);
  if (seen.ts !== undefined) next.ts = Math.max(next.ts ?? 0, seen.ts);
  return next;
}

/** The planner's row estimate of a table, for a progress total on a first (full) read. */
async function estimateRows(spoke: pg.Client, table: string): Promise<number | null> {
  const { rows } = await spoke.query<{ n: number }>(
    `select greatest(reltuples, 0)::bigint as n from pg_class where oid = to_regclass($1)`,
    [`"${table}"`],
  );
  const n = Number(rows[0]?.n ?? 0);
  return n > 0 ? n : null;
}

/** Reads one query through a cursor and stages the mapped rows in its staging table. */
async function stage(
  spoke: pg.Client,
  session: Session,
  spec: Read,
  batchSize: number,
  progress: (done: number) => void,
): Promise<{ rows: number; skipped: number; watermark: Watermark }> {
  const cursor = spoke.query(new Cursor<SourceRow>(spec.text, spec.values));
  let rows = 0;
  let skipped = 0;
  const watermark: Watermark = {};
  async function* mapped(): AsyncGenerator<CopyValue[]> {
    for (;;) {
      const batch = await cursor.read(batchSize);
      if (batch.length === 0) return;
      for (const row of batch) {
        rows++;
        if (row._wm_id !== null && row._wm_id !== undefined)
          watermark.id = Math.max(watermark.id ?? 0, Number(row._wm_id));
        if (row._wm_ts !== null && row._wm_ts !== undefined)
          watermark.ts = Math.max(watermark.ts ?? 0, Number(row._wm_ts));
        const values = spec.map(row);
        if (values === null) skipped++;
        else yield values;
      }
      progress(rows);
    }
  }
  try {
    await stageRows(session, spec.target, mapped());
  } finally {
    await cursor.close();
  }
  return { rows, skipped, watermark };
}
