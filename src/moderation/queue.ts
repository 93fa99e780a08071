import { type RawBuilder, sql } from 'kysely';
import type { QueueQuery } from '../../common/api/moderation.js';
import type { Db } from '../db/index.js';
import { Invalid } from '../errors.js';

/** One queue item as read, with what the queue and the item page show of it. */
export interface ItemSummaryRow {
  id: number;
  version: number;
  status: 'pending' | 'agreed' | 'disagreed' | 'deferred';
  severity: number;
  pending_since: Date;
  message_id: number;
  conversation_id: number;
  text: string;
  from_contact: boolean;
  sent_at: Date;
  campaign_id: number;
  campaign_title: string;
  texter_id: number | null;
  texter_name: string | null;
  types: string[];
  flag_count: number;
  pending_flag_count: number;
  claimed_by: number | null;
  claimed_by_name: string | null;
  claim_expires_at: Date | null;
  resolved_at: Date | null;
  resolved_by: number | null;
  resolved_by_name: string | null;
  resolution_note: string | null;
  /** The sort key of the queue (keyset paging). */
  sort_key: string;
}

/**
 * The queue's order: pending items first; among them the most severe first, then the oldest.
 * `sort_key` is that key as text the cursor carries (microseconds kept).
 */
const ORDER = sql`(i.status <> 'pending')::int, -i.severity, i.pending_since, i.id`;

function summarySql(where: RawBuilder<unknown>, now: Date, limit: number) {
  return sql<ItemSummaryRow>`
    select i.id, i.version, i.status, i.severity, i.pending_since, i.message_id, i.conversation_id,
           m.text, m.from_contact, m.sent_at, i.campaign_id, ca.title as campaign_title, i.texter_id,
           nullif(trim(t.first_name || ' ' || t.last_name), '') as texter_name,
           f.types, f.flag_count, f.pending_flag_count,
           case when i.claim_expires_at > ${now} then i.claimed_by end as claimed_by,
           case when i.claim_expires_at > ${now} then cu.name end as claimed_by_name,
           case when i.claim_expires_at > ${now} then i.claim_expires_at end as claim_expires_at,
           coalesce(i.agreed_at, i.disagreed_at, i.deferred_at) as resolved_at,
           coalesce(i.agreed_by, i.disagreed_by, i.deferred_by) as resolved_by, ru.name as resolved_by_name,
           i.resolution_note,
           concat_ws('|', (i.status <> 'pending')::int, i.severity,
                     to_char(i.pending_since at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), i.id) as sort_key
      from moderation_items i
      join messages m on m.conversation_id = i.conversation_id and m.id = i.message_id
      join campaigns ca on ca.id = i.campaign_id
      left join texters t on t.id = i.texter_id
      left join users cu on cu.id = i.claimed_by
      left join users ru on ru.id = coalesce(i.agreed_by, i.disagreed_by, i.deferred_by)
      cross join lateral (
        select array_agg(distinct ft.name order by ft.name) as types, count(*)::int as flag_count,
               (count(*) filter (where fl.agreed_at is null and fl.disagreed_at is null
                                   and fl.deferred_at is null))::int as pending_flag_count
          from flags fl join flag_types ft on ft.id = fl.flag_type_id
         where fl.item_id = i.id) f
     where ${where}
     order by ${ORDER}
     limit ${limit}`;
}

export async function loadItemSummary(db: Db, itemId: number, now: Date): Promise<ItemSummaryRow | null> {
  const { rows } = await summarySql(sql`i.id = ${itemId}`, now, 1).execute(db);
  return rows[0] ?? null;
}

const badCursor = () =>
  new Invalid('cursor is not a page link of this list.', { field: 'cursor' }, 'bad_cursor');

function decodeCursor(text: string): RawBuilder<unknown> {
  const parts = Buffer.from(text, 'base64url').toString('utf8').split('|');
  const [done, severity, since, id] = parts;
  const ok =
    parts.length === 4 &&
    /^[01]$/.test(done ?? '') &&
    /^[1-5]$/.test(severity ?? '') &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(since ?? '') &&
    !Number.isNaN(Date.parse(since ?? '')) &&
    /^[1-9]\d{0,15}$/.test(id ?? '');
  if (!ok) throw badCursor();
  return sql`(${ORDER}) > (${Number(done)}, ${-Number(severity)}, ${since}::timestamptz, ${Number(id)})`;
}

function filters(query: QueueQuery): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  const status = query.status ?? 'pending';
  if (status === 'pending') where.push(sql`i.status = 'pending'`);
  if (status === 'resolved') where.push(sql`i.status <> 'pending'`);
  if (query.campaign !== undefined) where.push(sql`i.campaign_id = ${query.campaign}`);
  if (query.texter !== undefined) where.push(sql`i.texter_id = ${query.texter}`);
  const flagWhere: RawBuilder<unknown>[] = [];
  if (query.type !== undefined) flagWhere.push(sql`x.flag_type_id = ${query.type}`);
  if (query.flagger !== undefined) flagWhere.push(sql`x.flagger_user_id = ${query.flagger}`);
  if (query.rule !== undefined) flagWhere.push(sql`x.flagger_rule_id = ${query.rule}`);
  if (flagWhere.length > 0) {
    where.push(
      sql`exists (select from flags x where x.item_id = i.id and ${sql.join(flagWhere, sql` and `)})`,
    );
  }
  if (query.cursor !== undefined) where.push(decodeCursor(query.cursor));
  return where;
}

/** A page of the queue, pending first, with keyset paging. */
export async function listQueue(
  db: Db,
  query: QueueQuery,
  now: Date,
): Promise<{ items: ItemSummaryRow[]; nextCursor: string | null }> {
  const limit = query.limit ?? 50;
  const where = filters(query);
  const condition = where.length > 0 ? sql.join(where, sql` and `) : sql`true`;
  const { rows } = await summarySql(condition, now, limit + 1).execute(db);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last ? Buffer.from(last.sort_key).toString('base64url') : null;
  return { items, nextCursor };
}

/** Every campaign, by title: the choices of the queue's filter and of a rule's preview. */
export function listCampaigns(db: Db): Promise<{ id: number; title: string }[]> {
  return db.selectFrom('campaigns').select(['id', 'title']).orderBy('title').orderBy('id').execute();
}
