import { sql } from 'kysely';
import type { Db } from '../db/index.js';

/** How long an ended conversation keeps its reply address while a message of it failed (for a retry). */
export const FAILED_ADDRESS_DAYS = 7;

/**
 * The end date of reply addresses (docs/chatbot.md, "Privacy"). The delivery loop erases an
 * address as soon as its conversation has ended and every message of it was sent; this sweep
 * catches the rest: a conversation that ended with nothing to send, and one whose failed messages
 * nobody retried within FAILED_ADDRESS_DAYS. Returns how many addresses were erased.
 */
export async function eraseEndedAddresses(db: Db, now: Date): Promise<number> {
  const giveUp = new Date(now.getTime() - FAILED_ADDRESS_DAYS * 86_400_000);
  const result = await sql`
    update bot_conversations c set reply_to = null
     where c.reply_to is not null and c.ended_at is not null
       and (c.ended_at < ${giveUp}
            or not exists (select 1 from bot_outbox o where o.conversation_id = c.id and o.sent_at is null))`.execute(
    db,
  );
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Transcripts past their end date (BOT_TRANSCRIPT_DAYS): messages received and messages sent or
 * failed before `cutoff` are deleted; the analytics events and the answers recorded on the
 * conversation stay. A message not yet sent is kept (its conversation may still be running).
 */
export async function deleteTranscriptsOlderThan(
  db: Db,
  cutoff: Date,
): Promise<{ inbound: number; outbox: number }> {
  const inbound = await db.deleteFrom('bot_inbound').where('received_at', '<', cutoff).executeTakeFirst();
  const outbox = await db
    .deleteFrom('bot_outbox')
    .where('created_at', '<', cutoff)
    .where((eb) => eb.or([eb('sent_at', 'is not', null), eb('failed_at', 'is not', null)]))
    .executeTakeFirst();
  return { inbound: Number(inbound.numDeletedRows), outbox: Number(outbox.numDeletedRows) };
}
