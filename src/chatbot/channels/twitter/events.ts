import { createHmac } from 'node:crypto';
import { CHANNEL_LIMITS } from '../../../../common/limits.js';
import type { Inbound } from '../../engine/index.js';

/**
 * Account Activity API payloads (`for_user_id`, `direct_message_events[]`) as inbound events for
 * the bot's account: `message_create` events with `message_create.sender_id` and
 * `message_data.text`, or `message_data.quick_reply_response.metadata` (an option pressed: its
 * value). The bot's own messages come back too (echoes): those sent by the bot's account, or
 * carrying `source_app_id` (sent through an app, as PenhaS's bot did), are left out.
 */
export interface TwitterEvent {
  /** The event id: Twitter may deliver an event more than once. */
  readonly eventId: string;
  /** The sender's user id: the handle and the reply address. */
  readonly senderId: string;
  readonly input: Inbound;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const ID = /^[0-9]{1,25}$/;

export function readEvents(body: unknown, accountId: string): TwitterEvent[] {
  if (!isObject(body) || body.for_user_id !== accountId || !Array.isArray(body.direct_message_events))
    return [];
  const events: TwitterEvent[] = [];
  for (const event of body.direct_message_events.slice(0, 100)) {
    const read = eventOf(event, accountId);
    if (read) events.push(read);
  }
  return events;
}

function eventOf(event: unknown, accountId: string): TwitterEvent | null {
  if (!isObject(event) || event.type !== 'message_create' || !isObject(event.message_create)) return null;
  const eventId = typeof event.id === 'string' && ID.test(event.id) ? event.id : null;
  const create = event.message_create;
  const senderId =
    typeof create.sender_id === 'string' && ID.test(create.sender_id) ? create.sender_id : null;
  if (eventId === null || senderId === null) return null;
  // Echoes: the bot's own messages.
  if (senderId === accountId || create.source_app_id !== undefined) return null;
  if (!isObject(create.message_data)) return null;
  const input = inputOf(create.message_data);
  return input === null ? null : { eventId, senderId, input };
}

function inputOf(data: Json): Inbound | null {
  const quick = data.quick_reply_response;
  if (isObject(quick) && typeof quick.metadata === 'string' && quick.metadata !== '')
    return quick.metadata.length <= CHANNEL_LIMITS.valueMax
      ? { kind: 'choose', value: quick.metadata }
      : null;
  if (typeof data.text !== 'string') return null;
  const text = [...data.text].slice(0, CHANNEL_LIMITS.textMax).join('').trim();
  return text === '' ? null : { kind: 'text', text };
}

/** Signatures of Twitter's webhooks: `sha256=` + base64 HMAC-SHA256 with the consumer secret. */
export function twitterSignature(consumerSecret: string, data: Buffer | string): string {
  return `sha256=${createHmac('sha256', consumerSecret).update(data).digest('base64')}`;
}
