import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import { Conflict, NotFound } from '../../errors.js';
import type { OutgoingMessage } from '../engine/index.js';
import { QUEUED_CHANNEL } from './adapter.js';

/**
 * Messages the delivery loop gave up on (bot_outbox.failed_at set once the retries ran out or the
 * remote refused for good), for the admins' failures list, and putting them back in the queue.
 */
export interface DeliveryFailureRow {
  readonly id: number;
  readonly conversation_id: number;
  readonly user_key: string;
  readonly channel: string;
  readonly message: OutgoingMessage;
  readonly part: number;
  readonly parts: number;
  readonly attempts: number;
  readonly last_error: string | null;
  readonly created_at: Date;
  readonly failed_at: Date;
  /** False when the conversation's reply address was erased: there is nowhere to send it. */
  readonly retryable: boolean;
}

/** The channels whose replies need the conversation's (sealed) reply address. */
const ADDRESSED_CHANNELS: readonly string[] = ['api', 'telegram', 'whatsapp', 'twitter'];

/** A bot's failed messages, the most recent failure first. */
export async function listFailures(db: Db, botId: number, limit = 200): Promise<DeliveryFailureRow[]> {
  const rows = await db
    .selectFrom('bot_outbox as o')
    .innerJoin('bot_conversations as c', 'c.id', 'o.conversation_id')
    .select([
      'o.id',
      'o.conversation_id',
      'o.user_key',
      'o.channel',
      'o.message',
      'o.part',
      'o.parts',
      'o.attempts',
      'o.last_error',
      'o.created_at',
      'o.failed_at',
      sql<boolean>`c.reply_to is not null or c.channel <> all(${sql.val(ADDRESSED_CHANNELS)}::text[])`.as(
        'retryable',
      ),
    ])
    .where('c.bot_id', '=', botId)
    .where('o.failed_at', 'is not', null)
    .orderBy('o.failed_at', 'desc')
    .orderBy('o.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    ...row,
    message: row.message as unknown as OutgoingMessage,
    failed_at: row.failed_at as Date,
  }));
}

/**
 * Queues a failed message again, with the failed messages to the same person after it (they were
 * meant to follow it; delivery keeps one person's messages in order): attempts start over and they are due at `now`. All or nothing, in one
 * transaction; the delivery loops are woken at commit.
 */
export async function retryFailed(db: Db, outboxId: number, now: Date): Promise<{ retried: number }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('bot_outbox as o')
      .innerJoin('bot_conversations as c', 'c.id', 'o.conversation_id')
      .select(['o.id', 'o.user_key', 'o.failed_at', 'c.channel', 'c.reply_to'])
      .where('o.id', '=', outboxId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new NotFound('Message');
    if (row.failed_at === null)
      throw new Conflict('This message has not failed: there is nothing to retry.', 'delivery_not_failed');
    if (row.reply_to === null && ADDRESSED_CHANNELS.includes(row.channel))
      throw new Conflict(
        "This conversation's reply address was erased (it ended), so its messages cannot be sent again.",
        'reply_address_erased',
      );
    const retried = await trx
      .updateTable('bot_outbox')
      // sent_at too: WhatsApp may report a message it accepted as failed later (statuses).
      .set({ failed_at: null, sent_at: null, attempts: 0, next_attempt_at: now })
      .where('user_key', '=', row.user_key)
      .where('channel', '=', row.channel)
      .where('id', '>=', row.id)
      .where('failed_at', 'is not', null)
      .executeTakeFirst();
    await sql`select pg_notify(${QUEUED_CHANNEL}, '')`.execute(trx);
    return { retried: Number(retried.numUpdatedRows) };
  });
}
