import { sql } from 'kysely';
import type { Db } from '../db/index.js';
import type { RubricItemRow } from '../db/types.js';

export interface BatchRow {
  id: number;
  auditor_id: number;
  created_at: Date;
  expires_at: Date;
  finished_at: Date | null;
  expired_at: Date | null;
}

export interface BatchItemRow {
  conversation_id: number;
  campaign_id: number;
  campaign_title: string;
  texter_id: number | null;
  texter_first_name: string | null;
  texter_last_name: string | null;
  texter_email: string | null;
  texter_audit_date: Date | null;
  last_message_at: Date;
  message_count: number;
  calibration: boolean;
  audited_at: Date | null;
}

export async function findBatch(db: Db, batchId: number): Promise<BatchRow | undefined> {
  return db
    .selectFrom('audit_batches')
    .select(['id', 'auditor_id', 'created_at', 'expires_at', 'finished_at', 'expired_at'])
    .where('id', '=', batchId)
    .executeTakeFirst();
}

/** The auditor's live batch: not finished, not expired, not past its time. */
export async function findLiveBatch(db: Db, auditorId: number, now: Date): Promise<BatchRow | undefined> {
  return db
    .selectFrom('audit_batches')
    .select(['id', 'auditor_id', 'created_at', 'expires_at', 'finished_at', 'expired_at'])
    .where('auditor_id', '=', auditorId)
    .where('finished_at', 'is', null)
    .where('expired_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/** A batch's conversations, newest first, with whether its auditor has scored each. */
export async function listBatchItems(db: Db, batch: BatchRow): Promise<BatchItemRow[]> {
  const { rows } = await sql<BatchItemRow>`select * from audit_batch_items(${batch.id})`.execute(db);
  return rows;
}

/**
 * Assigns a batch by the rule (database function `audit_assign_batch`) and reads it with its
 * items: one round trip per request. Null when nothing was eligible.
 */
export async function assignAndRead(
  db: Db,
  input: { auditorId: number; size: number | null; now: Date },
): Promise<{ batch: BatchRow; items: BatchItemRow[] } | null> {
  const { rows } = await sql<BatchItemRow & { batch_id: number; created_at: Date; expires_at: Date }>`
    select * from audit_take_batch(${input.auditorId}, ${input.size}::int, ${input.now}::timestamptz)`.execute(
    db,
  );
  const first = rows[0];
  if (!first) return null;
  const batch: BatchRow = {
    id: first.batch_id,
    auditor_id: input.auditorId,
    created_at: first.created_at,
    expires_at: first.expires_at,
    finished_at: null,
    expired_at: null,
  };
  return { batch, items: rows.map(({ batch_id: _b, created_at: _c, expires_at: _e, ...item }) => item) };
}

export interface RubricRow {
  id: number;
  version: number;
  items: RubricItemRow[];
  created_at: Date;
}

export async function currentRubric(db: Db): Promise<RubricRow> {
  return db
    .selectFrom('audit_rubrics')
    .select(['id', 'version', 'items', 'created_at'])
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow() as Promise<RubricRow>;
}
