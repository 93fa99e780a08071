import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import type { Inbound } from '../engine/index.js';

/**
 * A button whose value does not fit what a messaging service carries back (Telegram's 64 bytes of
 * callback data, WhatsApp's 200-character row ids) is sent as `#<outbox id>:<option index>` and
 * looked up in the outbox when pressed.
 */
export function longValueRef(outboxId: number, index: number): string {
  return `#${outboxId}:${index}`;
}

export function parseLongValueRef(data: string): { outboxId: number; index: number } | null {
  const match = /^#(\d{1,15}):(\d{1,3})$/.exec(data);
  if (!match) return null;
  return { outboxId: Number(match[1]), index: Number(match[2]) };
}

/**
 * A button's value: the value itself, or, for `#<outbox id>:<index>`, the value of that option of
 * that message (sent on this channel). Null when it names nothing Parley sent there.
 */
export async function resolveInput(db: Db, channelId: number, input: Inbound): Promise<Inbound | null> {
  if (input.kind !== 'choose' || !input.value.startsWith('#')) return input;
  const ref = parseLongValueRef(input.value);
  if (ref === null) return null;
  const { rows } = await sql<{ value: string | null }>`
    select o.message -> 'options' -> ${ref.index}::int ->> 'value' as value
      from bot_outbox o join bot_conversations c on c.id = o.conversation_id
     where o.id = ${ref.outboxId} and c.channel_id = ${channelId}`.execute(db);
  const value = rows[0]?.value;
  return typeof value === 'string' && value !== '' ? { kind: 'choose', value } : null;
}
