import type {
  FlagTypeView,
  FlagView,
  HistoryEntry,
  ItemDetail,
  ItemSummary,
  RuleView,
} from '../../common/api/moderation.js';
import type { FlagTypeRow } from './flag-types.js';
import type { FlagRowView, HistoryRowView, loadItemDetail } from './item-detail.js';
import type { ItemSummaryRow } from './queue.js';
import type { RuleRow } from './rules/store.js';

const iso = (date: Date | null) => (date ? date.toISOString() : null);
const person = (id: number | null, name: string | null) => (id === null ? null : { id, name: name ?? '' });

export function presentFlagType(row: FlagTypeRow): FlagTypeView {
  return {
    id: row.id,
    name_key: row.name_key,
    name: row.name,
    description: row.description,
    severity: row.severity,
    builtin: row.builtin,
    enabled: row.enabled,
  };
}

/** `staleHours`: items pending longer are highlighted. */
export function presentItem(row: ItemSummaryRow, now: Date, staleHours: number): ItemSummary {
  return {
    id: row.id,
    version: row.version,
    status: row.status,
    severity: row.severity,
    pending_since: row.pending_since.toISOString(),
    stale: row.status === 'pending' && now.getTime() - row.pending_since.getTime() > staleHours * 3_600_000,
    message: {
      id: row.message_id,
      conversation_id: row.conversation_id,
      text: row.text,
      from_contact: row.from_contact,
      sent_at: row.sent_at.toISOString(),
    },
    campaign: { id: row.campaign_id, title: row.campaign_title },
    texter: person(row.texter_id, row.texter_name),
    types: row.types,
    flag_count: row.flag_count,
    pending_flag_count: row.pending_flag_count,
    claimed_by: person(row.claimed_by, row.claimed_by_name),
    claim_expires_at: iso(row.claim_expires_at),
    resolved_at: iso(row.resolved_at),
    resolved_by: person(row.resolved_by, row.resolved_by_name),
    resolution_note: row.resolution_note,
  };
}

export function presentFlag(row: FlagRowView): FlagView {
  return {
    id: row.id,
    item_id: row.item_id,
    message_id: row.message_id,
    type: { id: row.type_id, name_key: row.type_key, name: row.type_name },
    flagger:
      row.flagger_rule_id !== null
        ? { kind: 'rule', id: row.flagger_rule_id, name: row.flagger_name ?? '' }
        : { kind: 'user', id: row.flagger_user_id, name: row.flagger_name ?? '' },
    note: row.note,
    created_at: row.created_at.toISOString(),
    resolution: row.resolution,
    resolved_at: iso(row.resolved_at),
    resolved_by: person(row.resolved_by, row.resolved_by_name),
  };
}

function presentHistory(row: HistoryRowView): HistoryEntry {
  const by =
    row.rule_id !== null
      ? { kind: 'rule' as const, id: row.rule_id, name: row.by_name ?? '' }
      : row.user_id !== null
        ? { kind: 'user' as const, id: row.user_id, name: row.by_name ?? '' }
        : null;
  return {
    id: row.id,
    action: row.action,
    flag_id: row.flag_id,
    by,
    note: row.note,
    at: row.at.toISOString(),
  };
}

export function presentItemDetail(
  detail: NonNullable<Awaited<ReturnType<typeof loadItemDetail>>>,
  now: Date,
  staleHours: number,
): ItemDetail {
  return {
    item: presentItem(detail.item, now, staleHours),
    conversation: {
      id: detail.item.conversation_id,
      contact_first_name: detail.thread[0]?.first_name ?? '',
      messages: detail.thread.map((m) => ({
        id: m.id,
        text: m.text,
        from_contact: m.from_contact,
        sent_at: m.sent_at.toISOString(),
      })),
    },
    flags: detail.flags.map(presentFlag),
    history: detail.history.map(presentHistory),
  };
}

export function presentRule(row: RuleRow): RuleView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as RuleView['kind'],
    terms: row.terms,
    pattern: row.pattern,
    flag_type_id: row.flag_type_id,
    enabled: row.enabled,
    builtin: row.builtin,
  };
}
