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
  const { rows } = await sql<BatchItemRow>`
    select p.conversation_id, p.campaign_id, ca.title as campaign_title,
           t.id as texter_id, t.first_name as texter_first_name, t.last_name as texter_last_name,
           t.email as texter_email, t.texter_audit_date,
           p.last_message_at, co.message_count,
           coalesce(p.calibration_batch_id = ${batch.id}, false) as calibration,
           a.created_at as audited_at
      from audit_pool p
      join campaigns ca on ca.id = p.campaign_id
      join conversations co on co.id = p.conversation_id
      left join texters t on t.id = co.texter_id
      left join audits a on a.conversation_id = p.conversation_id and a.auditor_id = ${batch.auditor_id}
     where p.batch_id = ${batch.id} or p.calibration_batch_id = ${batch.id}
     order by p.last_message_at desc, p.conversation_id desc`.execute(db);
  return rows;
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
