import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import { Conflict } from '../../server/errors.js';
import { type BatchItemRow, type BatchRow, findBatch, listBatchItems } from '../queries.js';

export interface Batch {
  batch: BatchRow;
  items: BatchItemRow[];
}

const DEADLOCK = '40P01';

/**
 * Gives the auditor a batch (or their unfinished one, when so configured) by the rule of
 * AUDIT.md §2, implemented by the database function `audit_assign_batch` in one round trip.
 * A deadlock between two requests that both had to wait for busy campaigns is retried.
 */
export async function assignBatch(
  db: Db,
  input: { auditorId: number; size?: number | undefined; now: Date },
): Promise<Batch> {
  let batchId: number | null = null;
  for (let attempt = 0; ; attempt++) {
    try {
      const { rows } = await sql<{ id: number | null }>`
        select audit_assign_batch(${input.auditorId}, ${input.size ?? null}::int, ${input.now}::timestamptz) as id`.execute(
        db,
      );
      batchId = rows[0]?.id ?? null;
      break;
    } catch (error) {
      if ((error as { code?: string }).code !== DEADLOCK || attempt >= 5) throw error;
    }
  }
  if (batchId === null)
    throw new Conflict('No conversation is waiting for an audit right now.', 'pool_empty');
  const batch = await findBatch(db, batchId);
  if (!batch) throw new Error(`batch ${batchId} vanished`);
  return { batch, items: await listBatchItems(db, batch) };
}
