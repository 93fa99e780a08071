import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/index.js';
import type { OutgoingMessage } from '../engine/index.js';

/** A claimed outbox row with what sending it needs from its conversation and bot. */
export interface ClaimedRow {
  readonly id: number;
  readonly conversation_id: number;
  readonly channel: string;
  readonly user_key: string;
  readonly message: OutgoingMessage;
  readonly part: number;
  readonly parts: number;
  readonly attempts: number;
  readonly bot_id: number;
  readonly channel_id: number | null;
  readonly reply_to: Buffer | null;
  readonly number_messages: boolean;
  readonly message_delay_ms: number;
}

export interface Claim {
  /** Rows to send now, in id order per conversation. */
  readonly sendable: readonly ClaimedRow[];
  /** Rows behind a message that is not due yet (a retry's back-off): they wait for it. */
  readonly deferred: readonly { id: number; at: Date }[];
  /** Rows behind a message another loop is sending right now. */
  readonly blocked: number;
}

/**
 * Locks up to `limit` due rows (`FOR UPDATE SKIP LOCKED`: another loop's rows are skipped) and
 * keeps, per conversation, only those that come first among its unsent rows, in order: a row
 * whose predecessor is held elsewhere or not due yet stays for a later pass, so one
 * conversation's messages go out in order whichever loop sends them.
 */
export async function claimDue(trx: Transaction<Database>, now: Date, limit: number): Promise<Claim> {
  const claimed = await sql<ClaimedRow>`
    select o.id, o.conversation_id, o.channel, o.user_key, o.message, o.part, o.parts, o.attempts,
           c.bot_id, c.channel_id, c.reply_to, b.number_messages, b.message_delay_ms
      from bot_outbox o
      join bot_conversations c on c.id = o.conversation_id
      join bots b on b.id = c.bot_id
     where o.sent_at is null and o.failed_at is null and o.next_attempt_at <= ${now}
     order by o.next_attempt_at, o.id
     limit ${limit}
       for update of o skip locked`.execute(trx);
  if (claimed.rows.length === 0) return { sendable: [], deferred: [], blocked: 0 };
  const conversations = [...new Set(claimed.rows.map((row) => row.conversation_id))];
  const pending = await sql<{ conversation_id: number; ids: number[]; head_due_at: Date }>`
    select conversation_id, array_agg(id order by id) as ids,
           (array_agg(next_attempt_at order by id))[1] as head_due_at
      from bot_outbox
     where conversation_id = any(${conversations}::bigint[]) and sent_at is null and failed_at is null
     group by conversation_id`.execute(trx);
  const queueOf = new Map(pending.rows.map((row) => [row.conversation_id, row]));
  const byConversation = new Map<number, ClaimedRow[]>();
  for (const row of [...claimed.rows].sort((a, b) => a.id - b.id))
    byConversation.set(row.conversation_id, [...(byConversation.get(row.conversation_id) ?? []), row]);
  const sendable: ClaimedRow[] = [];
  const deferred: { id: number; at: Date }[] = [];
  let blocked = 0;
  for (const [conversation, rows] of byConversation) {
    const queue = queueOf.get(conversation);
    const ids = queue?.ids.map(Number) ?? [];
    let i = 0;
    for (; i < rows.length && ids[i] === rows[i]?.id; i++) sendable.push(rows[i] as ClaimedRow);
    const rest = rows.slice(i);
    if (i === 0 && queue && queue.head_due_at > now)
      deferred.push(...rest.map((row) => ({ id: row.id, at: queue.head_due_at })));
    else blocked += rest.length;
  }
  return { sendable, deferred, blocked };
}

/** Outcomes of a pass, written in the pass's transaction. */
export interface PassResults {
  readonly sent: readonly number[];
  readonly retried: readonly { id: number; at: Date; error: string }[];
  readonly failed: readonly { id: number; error: string }[];
  /** Rows to hold back until the bot's delay after the message before them. */
  readonly delayed: readonly { id: number; at: Date }[];
  /** User keys of pull-channel messages sent (their streams are told). */
  readonly pulled: readonly string[];
  /** Conversations touched: their reply address goes once they have ended and all is sent. */
  readonly conversations: readonly number[];
}

export async function recordPass(trx: Transaction<Database>, now: Date, results: PassResults): Promise<void> {
  if (results.sent.length > 0)
    await sql`update bot_outbox set sent_at = ${now}, attempts = attempts + 1, last_error = null
               where id = any(${results.sent}::bigint[])`.execute(trx);
  if (results.retried.length > 0)
    await sql`
      update bot_outbox o set attempts = o.attempts + 1, next_attempt_at = r.at, last_error = r.error
        from unnest(${results.retried.map((r) => r.id)}::bigint[], ${results.retried.map((r) => r.at)}::timestamptz[],
                    ${results.retried.map((r) => r.error)}::text[]) as r(id, at, error)
       where o.id = r.id`.execute(trx);
  if (results.failed.length > 0)
    await sql`
      update bot_outbox o set attempts = o.attempts + 1, failed_at = ${now}, last_error = r.error
        from unnest(${results.failed.map((r) => r.id)}::bigint[], ${results.failed.map((r) => r.error)}::text[])
             as r(id, error)
       where o.id = r.id`.execute(trx);
  if (results.delayed.length > 0)
    await sql`
      update bot_outbox o set next_attempt_at = greatest(o.next_attempt_at, r.at)
        from unnest(${results.delayed.map((r) => r.id)}::bigint[], ${results.delayed.map((r) => r.at)}::timestamptz[])
             as r(id, at)
       where o.id = r.id`.execute(trx);
  if (results.pulled.length > 0)
    await sql`select pg_notify('parley_bot_sent', k) from unnest(${[...new Set(results.pulled)]}::text[]) as k`.execute(
      trx,
    );
  if (results.conversations.length > 0) await eraseDeliveredAddresses(trx, results.conversations);
}

/** The reply address of an ended conversation goes once every message of it was sent. */
async function eraseDeliveredAddresses(
  trx: Transaction<Database>,
  conversations: readonly number[],
): Promise<void> {
  await sql`
    update bot_conversations c set reply_to = null
     where c.id = any(${conversations}::bigint[]) and c.reply_to is not null and c.ended_at is not null
       and not exists (select 1 from bot_outbox o where o.conversation_id = c.id and o.sent_at is null)`.execute(
    trx,
  );
}
