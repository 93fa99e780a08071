import type { Db } from '../../db/index.js';
import { Conflict } from '../../errors.js';
import { assignAndRead, type BatchItemRow, type BatchRow } from '../queries.js';

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
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await assignAndRead(db, {
        auditorId: input.auditorId,
        size: input.size ?? null,
        now: input.now,
      });
      if (!result) throw new Conflict('No conversation is waiting for an audit right now.', 'pool_empty');
      return result;
    } catch (error) {
      if ((error as { code?: string }).code !== DEADLOCK || attempt >= 5) throw error;
    }
  }
}
