import { CompiledQuery, type Kysely, sql } from 'kysely';
import { groupBy } from '../../../common/group-by.js';
import type { Database } from '../../db/index.js';
import type { OutgoingMessage } from '../engine/index.js';

/** A claimed outbox row with what sending it needs from its conversation, bot and channel. */
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
  /** The channel row's columns (null when it was deleted). */
  readonly channel_enabled: boolean | null;
  readonly channel_settings: Record<string, unknown> | null;
  readonly channel_secret: Buffer | null;
  readonly channel_secret_set_at: Date | null;
  readonly channel_credentials: Buffer | null;
  readonly channel_credentials_set_at: Date | null;
  /** WhatsApp rows only: when the person last wrote in the conversation. */
  readonly last_inbound_at: Date | null;
}

interface ClaimRow extends ClaimedRow {
  /** The person's unsent rows (on this channel), in order, and when the first of them is due. */
  readonly queue: number[];
  readonly head_due_at: Date;
}

/**
 * The order messages keep: one person's on one channel (their user key), across conversations,
 * so the end of one conversation never arrives after the start of the next.
 */
function threadOf(row: Pick<ClaimedRow, 'channel' | 'user_key'>): string {
  return `${row.channel}:${row.user_key}`;
}

export interface Claim {
  /** Rows to send now: per person, in id order. */
  readonly sendable: readonly (readonly ClaimedRow[])[];
  /** Rows behind a message that is not due yet (a retry's back-off): they wait for it. */
  readonly deferred: readonly { id: number; at: Date }[];
  /** Rows behind a message another loop is sending right now. */
  readonly blocked: number;
}

/**
 * Locks up to `limit` due rows (`FOR UPDATE SKIP LOCKED`: another loop's rows are skipped) and
 * keeps, per person (`threadOf`), only those that come first among their unsent rows, in order: a
 * row whose predecessor is held elsewhere or not due yet stays for a later pass, so one person's
 * messages go out in order whichever loop sends them.
 */
export async function claimDue(trx: Kysely<Database>, now: Date, limit: number): Promise<Claim> {
  // One round trip: the claim, and each claimed person's queue of unsent rows.
  const { rows } = await trx.executeQuery<ClaimRow>(CompiledQuery.raw(CLAIM, [now, limit]));
  const sendable: ClaimedRow[][] = [];
  const deferred: { id: number; at: Date }[] = [];
  let blocked = 0;
  for (const list of groupBy(rows, threadOf).values()) {
    const first = list[0] as ClaimRow;
    const queue = first.queue.map(Number);
    let i = 0;
    while (i < list.length && queue[i] === list[i]?.id) i++;
    if (i > 0) sendable.push(list.slice(0, i));
    const rest = list.slice(i);
    if (i === 0 && first.head_due_at > now)
      deferred.push(...rest.map((row) => ({ id: row.id, at: first.head_due_at })));
    else blocked += rest.length;
  }
  return { sendable, deferred, blocked };
}

/** claimDue's statement ($1 now, $2 limit), prepared once: passes run back to back under load. */
const CLAIM = `
  with claimed as (
    select o.id, o.conversation_id, o.channel, o.user_key, o.message, o.part, o.parts, o.attempts,
           c.bot_id, c.channel_id, c.reply_to, b.number_messages, b.message_delay_ms,
           ch.enabled as channel_enabled, ch.settings as channel_settings, ch.secret as channel_secret,
           ch.secret_set_at as channel_secret_set_at, ch.credentials as channel_credentials,
           ch.credentials_set_at as channel_credentials_set_at,
           case when o.channel = 'whatsapp' then
             (select max(i.received_at) from bot_inbound i where i.conversation_id = o.conversation_id)
           end as last_inbound_at
      from bot_outbox o
      join bot_conversations c on c.id = o.conversation_id
      join bots b on b.id = c.bot_id
      left join bot_channels ch on ch.id = c.channel_id
     where o.sent_at is null and o.failed_at is null and o.next_attempt_at <= $1
     order by o.next_attempt_at, o.id
     limit $2
       for update of o skip locked
  ), queues as (
    select q.user_key, q.channel, array_agg(q.id order by q.id) as queue,
           (array_agg(q.next_attempt_at order by q.id))[1] as head_due_at
      from bot_outbox q
     where q.user_key in (select user_key from claimed)
       and q.sent_at is null and q.failed_at is null
     group by q.user_key, q.channel
  )
  select claimed.*, queues.queue, queues.head_due_at
    from claimed join queues using (user_key, channel)
   order by claimed.id`;

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
  /** The remote service's ids of rows sent, when it gives them (WhatsApp). */
  readonly remoteIds?: readonly { id: number; remoteId: string }[];
}

export async function recordPass(trx: Kysely<Database>, now: Date, results: PassResults): Promise<void> {
  if (results.sent.length > 0 || results.conversations.length > 0) await recordSent(trx, now, results);
  if (results.remoteIds && results.remoteIds.length > 0)
    await sql`
      update bot_outbox o set remote_id = r.remote_id, remote_status = null, remote_status_at = null
        from unnest(${results.remoteIds.map((r) => r.id)}::bigint[], ${results.remoteIds.map((r) => r.remoteId)}::text[])
             as r(id, remote_id)
       where o.id = r.id`.execute(trx);
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
}

/**
 * The usual outcome in one statement: rows sent, open web chat streams told (`parley_bot_sent`
 * with the user key, at commit), and the reply address of each conversation that has ended with
 * nothing left unsent erased (the rows just sent count as sent: the statement's snapshot predates
 * its own update). A conversation a turn holds right now is skipped, never waited for: a pass
 * that waited on a turn's row while holding its claim could deadlock with it, and a pass rolled
 * back sends its messages again. The hourly sweep erases what was skipped.
 */
async function recordSent(trx: Kysely<Database>, now: Date, results: PassResults): Promise<void> {
  await trx.executeQuery(
    CompiledQuery.raw(RECORD_SENT, [now, results.sent, [...new Set(results.pulled)], results.conversations]),
  );
}

const RECORD_SENT = `
  with sent as (
    update bot_outbox set sent_at = $1, attempts = attempts + 1, last_error = null
     where id = any($2::bigint[])
  ), told as (
    select pg_notify('parley_bot_sent', k) from unnest($3::text[]) as k
  ), erased as (
    update bot_conversations c set reply_to = null
     where c.id in (select id from bot_conversations
                     where id = any($4::bigint[]) and reply_to is not null and ended_at is not null
                       for update skip locked)
       and not exists (select 1 from bot_outbox o where o.conversation_id = c.id and o.sent_at is null
                          and o.id <> all($2::bigint[]))
  )
  select (select count(*) from told) as told`;
