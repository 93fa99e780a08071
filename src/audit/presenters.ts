import type {
  AuditView,
  BatchView,
  ConversationView,
  RubricView,
  TexterRef,
} from '../../common/api/audit.js';
import type { Batch } from './batches.js';
import type { ConversationRows } from './conversation.js';
import type { RubricRow } from './rubric.js';

const fullName = (first: string | null, last: string | null) =>
  [first, last].filter(Boolean).join(' ').trim();

function presentTexter(texter: {
  id: number | null;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  audit_date: Date | null;
}): TexterRef | null {
  if (texter.id === null) return null;
  return {
    id: texter.id,
    name: fullName(texter.first_name, texter.last_name),
    email: texter.email,
    texter_audit_date: texter.audit_date?.toISOString() ?? null,
  };
}

export function presentBatch({ batch, items }: Batch): BatchView {
  return {
    id: batch.id,
    created_at: batch.created_at.toISOString(),
    expires_at: batch.expires_at.toISOString(),
    items: items.map((item) => ({
      conversation_id: item.conversation_id,
      campaign: { id: item.campaign_id, title: item.campaign_title },
      texter: presentTexter({
        id: item.texter_id,
        first_name: item.texter_first_name,
        last_name: item.texter_last_name,
        email: item.texter_email,
        audit_date: item.texter_audit_date,
      }),
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

export function presentConversation({ head, tags, messages, survey }: ConversationRows): ConversationView {
  return {
    conversation: {
      id: head.id,
      campaign: { id: head.campaign_id, title: head.campaign_title },
      texter: presentTexter({
        id: head.texter_id,
        first_name: head.texter_first_name,
        last_name: head.texter_last_name,
        email: head.texter_email,
        audit_date: head.texter_audit_date,
      }),
      contact: {
        first_name: head.contact_first_name,
        last_name: head.contact_last_name,
        cell: head.contact_cell,
        zip: head.contact_zip,
      },
      opted_out: head.opted_out,
      tags: tags.map((t) => ({ name: t.name, value: t.value })),
    },
    messages: messages.map((m) => ({
      id: m.id,
      text: m.text,
      from_contact: m.from_contact,
      sent_at: m.sent_at.toISOString(),
      texter: m.texter_id === null ? null : { id: m.texter_id, name: fullName(m.first_name, m.last_name) },
    })),
    survey: survey.map((q) => ({ question: q.question, responses: q.allowed_responses, answer: q.value })),
  };
}
