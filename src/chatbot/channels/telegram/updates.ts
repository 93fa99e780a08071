import { CHANNEL_LIMITS } from '../../../../common/limits.js';
import type { Inbound } from '../../engine/index.js';

/**
 * Telegram updates as one inbound event (https://core.telegram.org/bots/api#update): a text
 * `message` in a private chat, or a `callback_query` (an inline keyboard button pressed). Anything
 * else (edits, photos, groups, the bot's own messages, malformed JSON) is ignored: null.
 */
export interface TelegramEvent {
  /** The update_id: Telegram sends an update again until it is answered 2xx. */
  readonly eventId: string;
  /** The person's Telegram user id. */
  readonly handle: string;
  /** Where replies go: the chat's id. */
  readonly chatId: string;
  /** A text, or a button's callback data (`#<outbox id>:<index>` when the value was too long). */
  readonly input: Inbound;
  /** To answer with answerCallbackQuery (the button stops spinning). */
  readonly callbackQueryId: string | null;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function idOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return null;
}

export function normaliseUpdate(update: unknown): TelegramEvent | null {
  if (!isObject(update)) return null;
  const updateId = idOf(update.update_id);
  if (updateId === null || Number(updateId) < 0) return null;
  if (isObject(update.message)) return fromMessage(updateId, update.message);
  if (isObject(update.callback_query)) return fromCallback(updateId, update.callback_query);
  return null;
}

/** A person (not a bot: Parley's own messages are never processed as theirs). */
function personOf(from: unknown): string | null {
  if (!isObject(from) || from.is_bot === true) return null;
  return idOf(from.id);
}

function privateChatOf(chat: unknown): string | null {
  if (!isObject(chat) || chat.type !== 'private') return null;
  return idOf(chat.id);
}

function fromMessage(eventId: string, message: Json): TelegramEvent | null {
  const handle = personOf(message.from);
  const chatId = privateChatOf(message.chat);
  if (handle === null || chatId === null) return null;
  if (typeof message.text !== 'string') return null;
  const text = [...message.text].slice(0, CHANNEL_LIMITS.textMax).join('').trim();
  if (text === '') return null;
  return { eventId, handle, chatId, input: { kind: 'text', text }, callbackQueryId: null };
}

function fromCallback(eventId: string, query: Json): TelegramEvent | null {
  const handle = personOf(query.from);
  const chatId = isObject(query.message) ? privateChatOf(query.message.chat) : null;
  if (handle === null || chatId === null || typeof query.id !== 'string') return null;
  if (typeof query.data !== 'string' || query.data === '' || query.data.length > 64) return null;
  if (query.id.length > CHANNEL_LIMITS.idMax) return null;
  return {
    eventId,
    handle,
    chatId,
    input: { kind: 'choose', value: query.data },
    callbackQueryId: query.id,
  };
}
