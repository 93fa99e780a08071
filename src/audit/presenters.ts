import type { AuditView, BatchView, RubricView } from '../../common/api/audit.js';
import type { Batch } from './commands/assign-batch.js';
import type { RubricRow } from './queries.js';

export function presentBatch({ batch, items }: Batch): BatchView {
  return {
    id: batch.id,
    created_at: batch.created_at.toISOString(),
    expires_at: batch.expires_at.toISOString(),
    items: items.map((item) => ({
      conversation_id: item.conversation_id,
      campaign: { id: item.campaign_id, title: item.campaign_title },
      texter:
        item.texter_id === null
          ? null
          : {
              id: item.texter_id,
              name: [item.texter_first_name, item.texter_last_name].filter(Boolean).join(' '),
              email: item.texter_email,
              texter_audit_date: item.texter_audit_date?.toISOString() ?? null,
            },
      last_message_at: item.last_message_at.toISOString(),
      message_count: item.message_count,
      calibration: item.calibration,
      audited_at: item.audited_at?.toISOString() ?? null,
    })),
  };
}

export function presentRubric(rubric: RubricRow): RubricView {
  return {
    id: rubric.id,
    version: rubric.version,
    items: rubric.items,
    created_at: rubric.created_at.toISOString(),
  };
}

export function presentAudit(audit: Omit<AuditView, 'created_at'> & { created_at: Date }): AuditView {
  return { ...audit, created_at: audit.created_at.toISOString() };
}
