import { sql } from 'kysely';
import type { Db } from '../../db/index.js';

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
