import type {
  DeliveryStatus,
  FeedbackPreviewItem,
  FeedbackSendResult,
  FeedbackSendView,
  FeedbackTexter,
  OptOutView,
  TexterEmailView,
} from '../../../common/api/feedback.js';
import type { TexterEmail } from '../../conversations/index.js';
import type { PreviewItem, SendOutcome } from './compose.js';
import type { OptOutRow } from './optouts.js';
import type { SendLogRow } from './send-log.js';

const fullName = (first: string, last: string) => [first, last].filter(Boolean).join(' ').trim();

export function presentFeedbackTexter(t: {
  id: number;
  first_name: string;
  last_name: string;
  email: string | null;
}): FeedbackTexter {
  return { id: t.id, name: fullName(t.first_name, t.last_name), email: t.email };
}

export function presentPreviewItem(item: PreviewItem): FeedbackPreviewItem {
  return {
    texter: presentFeedbackTexter(item.texter),
    counts: { audited: item.audited, passed: item.passed },
    skip: item.skip,
    email: item.email,
  };
}

export function presentSendOutcome(outcome: SendOutcome): FeedbackSendResult {
  return {
    sent: outcome.sent.map((s) => ({ texter: presentFeedbackTexter(s.texter), send_id: s.sendId })),
    skipped: outcome.skipped.map((s) => ({ texter: presentFeedbackTexter(s.texter), reason: s.reason })),
  };
}

const STATUSES: readonly string[] = ['queued', 'held', 'sending', 'sent', 'failed'];

export function presentSend(row: SendLogRow): FeedbackSendView {
  const status = (
    row.status !== null && STATUSES.includes(row.status) ? row.status : 'unknown'
  ) as DeliveryStatus;
  return {
    id: row.id,
    texter: presentFeedbackTexter({ ...row, id: row.texter_id, email: row.texter_email }),
    from: row.period_from,
    to: row.period_to,
    template_id: row.template_id,
    locale: row.locale,
    sent_by: row.sent_by === null ? null : { id: row.sent_by, name: row.sent_by_name ?? '' },
    sent_at: row.sent_at.toISOString(),
    to_address: row.to_address,
    subject: row.subject,
    text: row.body_text,
    resend_of: row.resend_of,
    delivery: {
      status,
      attempts: row.attempts ?? 0,
      last_response: row.last_response,
      sent_at: row.delivered_at?.toISOString() ?? null,
    },
  };
}

export function presentOptOut(row: OptOutRow): OptOutView {
  return {
    texter: presentFeedbackTexter({ ...row, id: row.texter_id }),
    opted_out_at: row.opted_out_at.toISOString(),
    via: row.via,
  };
}

export function presentTexterEmail(t: TexterEmail): TexterEmailView {
  return {
    id: t.id,
    name: fullName(t.first_name, t.last_name),
    email: t.email,
    imported_email: t.imported_email,
    email_override: t.email_override,
  };
}
