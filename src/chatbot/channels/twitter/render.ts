import type { ChatMessage } from '../../../../common/api/channels.js';
import { CHANNEL_LIMITS } from '../../engine/index.js';
import { longValueRef } from '../long-values.js';
import { splitText } from '../telegram/render.js';

/**
 * A bot message as `direct_messages/events/new` bodies: text of at most 10,000 characters (a
 * longer one goes in several DMs, the options on the last), the options as quick replies
 * (`{type: "options", options: [{label, metadata}]}`; at most 20, labels of at most 36 characters:
 * checked when a bot is attached to the channel and when a revision is saved), the node's media
 * id as an attachment on the first. Metadata over 1,000 characters is sent as
 * `#<outbox id>:<index>`.
 */
export const TWITTER_LIMITS = { textMax: 10_000, metadataMax: 1_000, ...CHANNEL_LIMITS.twitter } as const;

export function renderTwitter(recipientId: string, message: ChatMessage): Record<string, unknown>[] {
  const parts = splitText(message.text === '' ? ' ' : message.text, TWITTER_LIMITS.textMax);
  const options = message.options.slice(0, TWITTER_LIMITS.maxOptions).map((option, index) => ({
    label: [...option.label].slice(0, TWITTER_LIMITS.maxLabel).join(''),
    metadata:
      option.value.length <= TWITTER_LIMITS.metadataMax ? option.value : longValueRef(message.id, index),
  }));
  return parts.map((text, index) => {
    const data: Record<string, unknown> = { text };
    if (index === 0 && message.attachment)
      data.attachment = { type: 'media', media: { id: message.attachment } };
    if (index === parts.length - 1 && options.length > 0) data.quick_reply = { type: 'options', options };
    return {
      event: {
        type: 'message_create',
        message_create: { target: { recipient_id: recipientId }, message_data: data },
      },
    };
  });
}
