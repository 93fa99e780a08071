import { sql } from 'kysely';
import type { Db } from '../db/index.js';
import { loadItemSummary } from './queue.js';

export interface FlagRowView {
  id: number;
  item_id: number;
  message_id: number;
  type_id: number;
  type_key: string;
  type_name: string;
  flagger_user_id: number | null;
  flagger_rule_id: number | null;
  flagger_name: string | null;
  note: string | null;
  created_at: Date;
  resolution: 'agreed' | 'disagreed' | 'deferred' | null;
  resolved_at: Date | null;
  resolved_by: number | null;
  resolved_by_name: string | null;
}

export interface HistoryRowView {
  id: number;
  action: 'created' | 'claimed' | 'unclaimed' | 'agreed' | 'disagreed' | 'deferred' | 'reopened';
  flag_id: number | null;
  user_id: number | null;
  rule_id: number | null;
  by_name: string | null;
  note: string | null;
  at: Date;
}

export function loadFlags(db: Db, where: { itemId?: number; flagId?: number }) {
  return sql<FlagRowView>`
    select f.id, f.item_id, f.message_id, t.id as type_id, t.name_key as type_key, t.name as type_name,
           f.flagger_user_id, f.flagger_rule_id, coalesce(u.name, r.name) as flagger_name, f.note, f.created_at,
           case when f.agreed_at is not null then 'agreed' when f.disagreed_at is not null then 'disagreed'
                when f.deferred_at is not null then 'deferred' end as resolution,
           coalesce(f.agreed_at, f.disagreed_at, f.deferred_at) as resolved_at,
           coalesce(f.agreed_by, f.disagreed_by, f.deferred_by) as resolved_by, ru.name as resolved_by_name
      from flags f
      join flag_types t on t.id = f.flag_type_id
      left join users u on u.id = f.flagger_user_id
      left join moderation_rules r on r.id = f.flagger_rule_id
      left join users ru on ru.id = coalesce(f.agreed_by, f.disagreed_by, f.deferred_by)
     where ${where.itemId === undefined ? sql`true` : sql`f.item_id = ${where.itemId}`}
       and ${where.flagId === undefined ? sql`true` : sql`f.id = ${where.flagId}`}
     order by f.id`
    .execute(db)
    .then((r) => r.rows);
}

function loadHistory(db: Db, itemId: number) {
  return sql<HistoryRowView>`
    select h.id, h.action, h.flag_id, h.user_id, h.rule_id, coalesce(u.name, r.name) as by_name, h.note, h.at
      from moderation_history h
      left join users u on u.id = h.user_id
      left join moderation_rules r on r.id = h.rule_id
     where h.item_id = ${itemId}
     order by h.id`
    .execute(db)
    .then((r) => r.rows);
}

function loadThread(db: Db, conversationId: number) {
  return db
    .selectFrom('messages as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .innerJoin('contacts as ct', 'ct.id', 'c.contact_id')
    .select(['m.id', 'm.text', 'm.from_contact', 'm.sent_at', 'ct.first_name'])
    .where('m.conversation_id', '=', conversationId)
    .orderBy('m.sent_at')
    .orderBy('m.id')
    .execute();
}

/** The item page: the item, its message in its conversation, every flag, the history. */
export async function loadItemDetail(db: Db, itemId: number, now: Date) {
  const item = await loadItemSummary(db, itemId, now);
  if (!item) return null;
  const [thread, flags, history] = await Promise.all([
    loadThread(db, item.conversation_id),
    loadFlags(db, { itemId }),
    loadHistory(db, itemId),
  ]);
  return { item, thread, flags, history };
}
