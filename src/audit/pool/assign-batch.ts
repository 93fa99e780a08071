import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import { Conflict } from '../../errors.js';
import type { Batch, BatchItemRow } from '../batches.js';

const DEADLOCK = '40P01';
const MAX_ATTEMPTS = 12;

/**
 * Gives the auditor a batch (or their unfinished one, when so configured) by the batch rule
 * (docs/audit.md): `audit_take_batch` in assign-batch.sql beside this file assigns it and reads it
 * back in one round trip. A deadlock between two requests that both had to wait for busy
 * campaigns is retried after a short random pause (waiters that retried at once met again in the
 * same order; dozens of auditors at the end of the pool could use up the attempts).
 */
export async function assignBatch(
  db: Db,
  input: { auditorId: number; size?: number | undefined; now: Date },
): Promise<Batch> {
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await takeBatch(db, input.auditorId, input.size ?? null, input.now);
      if (!result) throw new Conflict('No conversation is waiting for an audit right now.', 'pool_empty');
      return result;
    } catch (error) {
      if ((error as { code?: string }).code !== DEADLOCK || attempt + 1 >= MAX_ATTEMPTS) throw error;
      await pause(5 + Math.random() * 20 * (attempt + 1));
    }
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type TakenRow = BatchItemRow & { batch_id: number; created_at: Date; expires_at: Date };

/** The assigned batch with its items; null when nothing was eligible. */
async function takeBatch(db: Db, auditorId: number, size: number | null, now: Date): Promise<Batch | null> {
  const { rows } = await sql<TakenRow>`
    select * from audit_take_batch(${auditorId}, ${size}::int, ${now}::timestamptz)`.execute(db);
  const first = rows[0];
  if (!first) return null;
  const batch = {
    id: first.batch_id,
    auditor_id: auditorId,
    created_at: first.created_at,
    expires_at: first.expires_at,
    finished_at: null,
    expired_at: null,
  };
  return { batch, items: rows.map(({ batch_id: _b, created_at: _c, expires_at: _e, ...item }) => item) };
}
