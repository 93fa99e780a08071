import type { ConversationView } from '../../../common/api/audit.js';
import type {
  AuditDetail,
  AuditHistoryEntry,
  AuditListRow,
  BatchAudits,
  MyAudit,
  TexterReview,
} from '../../../common/api/audit-review.js';
import { failedItems } from '../failed-items.js';
import type { AuditDetailRows, BatchAuditRow, HistoryRow } from './audit-detail.js';
import type { AuditListRowData } from './list-audits.js';
import type { Period, TexterReviewRows } from './texter-review.js';

const fullName = (first: string | null, last: string | null) =>
  [first, last].filter(Boolean).join(' ').trim();

export function presentAuditRow(row: AuditListRowData): AuditListRow {
  return {
    id: row.id,
    conversation_id: row.conversation_id,
    created_at: row.created_at.toISOString(),
    auditor: { id: row.auditor_id, name: row.auditor_name },
    texter:
      row.texter_id === null
        ? null
        : { id: row.texter_id, name: fullName(row.texter_first_name, row.texter_last_name) },
    campaign: { id: row.campaign_id, title: row.campaign_title },
    rubric_version: row.rubric_version,
    score: row.score,
    passed: row.passed,
    failed_items: failedItems(row.scores),
    note: row.note,
    calibration: row.calibration,
  };
}

function presentHistory(row: HistoryRow): AuditHistoryEntry {
  return {
    changed_at: row.changed_at.toISOString(),
    changed_by: { id: row.changed_by, name: row.changed_by_name },
    scores: row.scores,
    passed: row.passed,
    score: row.score,
    note: row.note,
  };
}

export function presentAuditDetail(rows: AuditDetailRows, conversation: ConversationView): AuditDetail {
  return {
    audit: presentAuditRow(rows.audit),
    scores: rows.audit.scores,
    rubric_items: rows.audit.rubric_items,
    updated_at: rows.audit.updated_at?.toISOString() ?? null,
    history: rows.history.map(presentHistory),
    conversation,
  };
}

export function presentTexterReview(rows: TexterReviewRows, period: Period): TexterReview {
  return {
    texter: {
      id: rows.texter.id,
      name: fullName(rows.texter.first_name, rows.texter.last_name),
      email: rows.texter.email,
    },
    from: period.from?.toISOString() ?? null,
    to: period.to?.toISOString() ?? null,
    total: rows.total,
    passed: rows.passed,
    items: rows.items.map((item) => ({
      ...item,
      rate: item.audits > 0 ? item.passed / item.audits : null,
    })),
    audits: rows.audits.map(presentAuditRow),
  };
}

export function presentMyAudit(
  row: Omit<BatchAuditRow, 'updated_at'> & { updated_at: Date | null },
  until: Date | null,
): MyAudit {
  return {
    id: row.id,
    conversation_id: row.conversation_id,
    rubric_version: row.rubric_version,
    scores: row.scores,
    passed: row.passed,
    score: row.score,
    note: row.note,
    created_at: row.created_at.toISOString(),
    failed_items: failedItems(row.scores),
    updated_at: row.updated_at?.toISOString() ?? null,
    correctable_until: until?.toISOString() ?? null,
  };
}

/** The auditor's audits of a batch and its summary: audited, passed, failures per item. */
export function presentBatchAudits(
  batch: { id: number; expires_at: Date },
  audits: BatchAuditRow[],
  until: Date | null,
): BatchAudits {
  const failed: Record<string, number> = {};
  for (const audit of audits) {
    for (const key of Object.keys(audit.scores)) {
      failed[key] = (failed[key] ?? 0) + (audit.scores[key] === false ? 1 : 0);
    }
  }
  return {
    batch_id: batch.id,
    expires_at: batch.expires_at.toISOString(),
    audits: audits.map((audit) => presentMyAudit(audit, until)),
    summary: {
      audited: audits.length,
      passed: audits.filter((audit) => audit.passed).length,
      failed_items: failed,
    },
  };
}
