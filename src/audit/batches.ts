import { sql } from 'kysely';
import type { Db } from '../db/index.js';

export interface BatchRow {
  id: number;
  auditor_id: number;
  created_at: Date;
  expires_at: Date;
  finished_at: Date | null;
  expired_at: Date | null;
}

/** A row of `audit_batch_items` (batch-items.sql). */
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

export interface Batch {
  batch: BatchRow;
  items: BatchItemRow[];
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
