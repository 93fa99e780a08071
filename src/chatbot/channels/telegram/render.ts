import type { ChatMessage } from '../../../../common/api/channels.js';
import { longValueRef } from '../long-values.js';

/**
 * A bot message as Telegram Bot API `sendMessage` calls: text of at most 4096 characters (a longer
 * one goes in several messages, the keyboard on the last), the options as an inline keyboard, one
 * button a row. A button carries its value as callback data when it fits Telegram's 64 bytes, else
 * `#<outbox id>:<index>`, which the webhook looks up in the outbox.
 */
export const TELEGRAM_TEXT_MAX = 4096;
export const CALLBACK_DATA_MAX_BYTES = 64;

export interface SendMessageBody {
  readonly chat_id: string;
  readonly text: string;
  readonly reply_markup?: {
    readonly inline_keyboard: readonly (readonly { text: string; callback_data: string }[])[];
  };
}

export function renderMessage(chatId: string, message: ChatMessage): SendMessageBody[] {
  const parts = splitText(message.text === '' ? ' ' : message.text, TELEGRAM_TEXT_MAX);
  const keyboard = message.options.map((option, index) => [
    {
      text: option.label,
      callback_data:
        Buffer.byteLength(option.value, 'utf8') <= CALLBACK_DATA_MAX_BYTES
          ? option.value
          : longValueRef(message.id, index),
    },
  ]);
  return parts.map((text, index) => ({
    chat_id: chatId,
    text,
    ...(index === parts.length - 1 && keyboard.length > 0
      ? { reply_markup: { inline_keyboard: keyboard } }
      : {}),
  }));
}

/** Pieces of at most `max` UTF-16 units, cut at a line break or a space when there is one. */
export function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = Math.max(rest.lastIndexOf('\n', max), rest.lastIndexOf(' ', max));
    if (cut < max / 2) cut = max;
    // Never between the two halves of a surrogate pair.
    if (cut === max && /[\uD800-\uDBFF]/.test(rest.charAt(cut - 1))) cut -= 1;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^[\n ]/, '');
  }
  parts.push(rest);
  return parts;
}
