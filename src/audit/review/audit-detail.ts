import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import type { RubricItemRow } from '../../db/rows.js';
import type { AuditListRowData } from './list-audits.js';

export interface AuditDetailRows {
  audit: AuditListRowData & { updated_at: Date | null; rubric_items: RubricItemRow[] };
  history: HistoryRow[];
}

export interface HistoryRow {
  changed_at: Date;
  changed_by: number;
  changed_by_name: string;
  scores: Record<string, boolean>;
  passed: boolean;
  score: number;
  note: string;
}

/** One audit as the Audits page shows it, with its rubric version's items and its history (oldest first). */
export async function loadAuditDetail(db: Db, auditId: number): Promise<AuditDetailRows | null> {
  const { rows } = await sql<AuditDetailRows['audit']>`
    select a.id, a.conversation_id, a.created_at,
           to_char(a.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as date_key,
           a.score, a.passed, a.scores, a.note, a.calibration, a.updated_at,
           r.version as rubric_version, r.items as rubric_items,
           u.id as auditor_id, u.name as auditor_name,
           t.id as texter_id, t.first_name as texter_first_name, t.last_name as texter_last_name,
           ca.id as campaign_id, ca.title as campaign_title
      from audits a
      join audit_rubrics r on r.id = a.rubric_id
      join users u on u.id = a.auditor_id
      join campaigns ca on ca.id = a.campaign_id
      left join texters t on t.id = a.texter_id
     where a.id = ${auditId}`.execute(db);
  const audit = rows[0];
  if (!audit) return null;
  return { audit, history: await loadHistory(db, auditId) };
}

export async function loadHistory(db: Db, auditId: number): Promise<HistoryRow[]> {
  const rows = await db
    .selectFrom('audit_history as h')
    .innerJoin('users as u', 'u.id', 'h.changed_by')
    .select([
      'h.changed_at',
      'h.changed_by',
      'u.name as changed_by_name',
      'h.scores',
      'h.passed',
      'h.score',
      'h.note',
    ])
    .where('h.audit_id', '=', auditId)
    .orderBy('h.changed_at')
    .orderBy('h.id')
    .execute();
  return rows.map((row) => ({ ...row, scores: row.scores as Record<string, boolean> }));
}

export interface BatchAuditRow {
  id: number;
  conversation_id: number;
  rubric_version: number;
  scores: Record<string, boolean>;
  passed: boolean;
  score: number;
  note: string;
  created_at: Date;
  updated_at: Date | null;
}

/** The batch (when it is this auditor's) and the audits its auditor saved in it, newest first. */
export async function loadBatchAudits(db: Db, batchId: number, auditorId: number) {
  const batch = await db
    .selectFrom('audit_batches')
    .select(['id', 'auditor_id', 'expires_at', 'expired_at', 'finished_at'])
    .where('id', '=', batchId)
    .executeTakeFirst();
  if (!batch || batch.auditor_id !== auditorId) return null;
  const audits = await db
    .selectFrom('audits as a')
    .innerJoin('audit_rubrics as r', 'r.id', 'a.rubric_id')
    .select([
      'a.id',
      'a.conversation_id',
      'r.version as rubric_version',
      'a.scores',
      'a.passed',
      'a.score',
      'a.note',
      'a.created_at',
      'a.updated_at',
    ])
    .where('a.batch_id', '=', batchId)
    .where('a.auditor_id', '=', auditorId)
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
    .execute();
  return { batch, audits: audits as BatchAuditRow[] };
}

/** Until when the auditor may correct audits of a batch: its time, unless it ran out or expired. */
export function correctableUntil(
  batch: { expires_at: Date; expired_at: Date | null },
  now: Date,
): Date | null {
  if (batch.expired_at !== null || batch.expires_at.getTime() <= now.getTime()) return null;
  return batch.expires_at;
}
