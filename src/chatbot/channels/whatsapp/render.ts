import type { ChatMessage } from '../../../../common/api/channels.js';
import { labelLength } from '../../engine/channels.js';
import { longValueRef } from '../long-values.js';
import { splitText } from '../telegram/render.js';

/**
 * A bot message as WhatsApp Cloud API messages (https://developers.facebook.com/docs/whatsapp/cloud-api/messages):
 * - no options: text (4,096 characters a message; longer goes in several);
 * - up to 3 options with labels of at most 20 characters: reply buttons (body ≤ 1,024);
 * - up to 10 with labels of at most 24: a list message (body ≤ 4,096, one section);
 * - more, or longer labels: the text with the options numbered (the person types the number or
 *   the label; the engine matches either).
 * A text longer than the interactive body allows goes first as plain text messages. An option
 * value over 200 characters (a row id's limit) is sent as `#<outbox id>:<index>`.
 */
export const WHATSAPP_LIMITS = {
  textMax: 4096,
  buttonBodyMax: 1024,
  listBodyMax: 4096,
  buttonsMax: 3,
  buttonTitleMax: 20,
  rowsMax: 10,
  rowTitleMax: 24,
  idMax: 200,
} as const;

type Body = Record<string, unknown>;

export function renderWhatsApp(to: string, message: ChatMessage, listButton: string): Body[] {
  const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to };
  const text = message.text === '' ? ' ' : message.text;
  const options = message.options;
  const labels = options.map((option) => labelLength(option.label));
  const fits = (count: number, title: number) => options.length <= count && labels.every((l) => l <= title);
  const idOf = (index: number) => {
    const value = options[index]?.value ?? '';
    return value.length <= WHATSAPP_LIMITS.idMax ? value : longValueRef(message.id, index);
  };
  const plain = (parts: string[]) =>
    parts.map((body) => ({ ...base, type: 'text', text: { body, preview_url: false } }));
  if (options.length === 0) return plain(splitText(text, WHATSAPP_LIMITS.textMax));
  if (fits(WHATSAPP_LIMITS.buttonsMax, WHATSAPP_LIMITS.buttonTitleMax)) {
    const parts = splitText(text, WHATSAPP_LIMITS.buttonBodyMax);
    const buttons = options.map((option, index) => ({
      type: 'reply',
      reply: { id: idOf(index), title: option.label },
    }));
    const last = parts.pop() as string;
    return [
      ...plain(parts),
      {
        ...base,
        type: 'interactive',
        interactive: { type: 'button', body: { text: last }, action: { buttons } },
      },
    ];
  }
  if (fits(WHATSAPP_LIMITS.rowsMax, WHATSAPP_LIMITS.rowTitleMax)) {
    const parts = splitText(text, WHATSAPP_LIMITS.listBodyMax);
    const rows = options.map((option, index) => ({ id: idOf(index), title: option.label }));
    const last = parts.pop() as string;
    return [
      ...plain(parts),
      {
        ...base,
        type: 'interactive',
        interactive: {
          type: 'list',
          body: { text: last },
          action: { button: listButton, sections: [{ rows }] },
        },
      },
    ];
  }
  const numbered = options.map((option, index) => `${index + 1}. ${option.label}`).join('\n');
  return plain(splitText(`${text}\n\n${numbered}`, WHATSAPP_LIMITS.textMax));
}
